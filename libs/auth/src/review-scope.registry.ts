// Finds the review a record belongs to, so membership is checked in one place for every feature.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser, MemberRole } from './roles';

/**
 * The review a record belongs to; or, for records that later reviews may also act on (an earlier review's
 * recommendations, followed up by the review that follows it), every such review, the record's own first.
 */
export type ReviewResolver = (id: string) => Promise<string | string[] | null>;

@Injectable()
export class ReviewScopeRegistry {
  private readonly resolvers = new Map<string, ReviewResolver>();

  constructor(private readonly dataSource: DataSource) {
    this.registerTable('review', 'reviews', 'id');
  }

  register(via: string, resolver: ReviewResolver): void {
    if (this.resolvers.has(via)) throw new Error(`A review resolver for "${via}" is already registered`);
    this.resolvers.set(via, resolver);
  }

  /** The common case: the record's table has a review id column. */
  registerTable(via: string, table: string, reviewIdColumn: string): void {
    this.register(via, async (id) => {
      const rows: { review_id: string }[] = await this.dataSource.query(
        `SELECT ${reviewIdColumn} AS review_id FROM ${table} WHERE id = $1`,
        [id],
      );
      return rows[0]?.review_id ?? null;
    });
  }

  /**
   * Like registerTable, and the reviews that follow the record's review up (reviews.previous_review_id) may act on
   * it too: their members are let in as members of their own review.
   */
  registerTableWithFollowUps(via: string, table: string, reviewIdColumn: string): void {
    this.register(via, async (id) => {
      const rows: { review_id: string }[] = await this.dataSource.query(
        `SELECT review_id FROM (
           SELECT t.${reviewIdColumn} AS review_id, 0 AS rank FROM ${table} t WHERE t.id = $1
           UNION ALL
           SELECT r.id, 1 FROM reviews r WHERE r.previous_review_id = (SELECT ${reviewIdColumn} FROM ${table} WHERE id = $1)
         ) candidates ORDER BY rank, review_id`,
        [id],
      );
      return rows.length ? rows.map((r) => r.review_id) : null;
    });
  }

  resolve(via: string, id: string): Promise<string | string[] | null> {
    const resolver = this.resolvers.get(via);
    if (!resolver) throw new Error(`No review resolver registered for "${via}"`);
    return resolver(id);
  }

  /** The account, if it exists and may sign in. */
  async activeUser(userId: string): Promise<AuthUser | null> {
    const rows: (AuthUser & { active: boolean })[] = await this.dataSource.query(
      'SELECT id, email, name, role, active FROM users WHERE id = $1',
      [userId],
    );
    const row = rows[0];
    return row && row.active ? { id: row.id, email: row.email, name: row.name, role: row.role } : null;
  }

  /** The caller's role on each of the given reviews where they are a member. */
  async memberships(reviewIds: string[], userId: string): Promise<Map<string, MemberRole>> {
    const rows: { review_id: string; role: MemberRole }[] = await this.dataSource.query(
      'SELECT review_id, role FROM review_members WHERE user_id = $1 AND review_id = ANY($2::uuid[])',
      [userId, reviewIds],
    );
    return new Map(rows.map((r) => [r.review_id, r.role]));
  }

  async membership(reviewId: string, userId: string): Promise<MemberRole | null> {
    const rows: { role: MemberRole }[] = await this.dataSource.query(
      'SELECT role FROM review_members WHERE review_id = $1 AND user_id = $2',
      [reviewId, userId],
    );
    return rows[0]?.role ?? null;
  }
}
