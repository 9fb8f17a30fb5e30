// Finds the review a record belongs to, so membership is checked in one place for every feature.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser, MemberRole } from './roles';

/**
 * The reviews that may act on a record, as SQL over the record's id ($2): columns review_id and rank, the record's
 * own review ranked 0. Several rows for records that later reviews may also act on (an earlier review's
 * recommendations, followed up by the review that follows it).
 */
type CandidateSql = string;

/** What the guard needs for a review route, read in one statement. */
export interface ReviewRouteAccess {
  /** The account behind the token, if it exists and may sign in. */
  user: AuthUser | null;
  /** The reviews that may act on the record, its own first, each with the caller's role there (null: not a member). */
  reviews: { reviewId: string; role: MemberRole | null }[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

@Injectable()
export class ReviewScopeRegistry {
  private readonly candidates = new Map<string, CandidateSql>();
  private readonly accessSql = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {
    this.registerTable('review', 'reviews', 'id');
  }

  /** The common case: the record's table has a review id column. */
  registerTable(via: string, table: string, reviewIdColumn: string): void {
    this.register(
      via,
      table,
      reviewIdColumn,
      `SELECT t.${reviewIdColumn} AS review_id, 0 AS rank FROM ${table} t WHERE t.id = $2`,
    );
  }

  /**
   * Like registerTable, and the reviews that follow the record's review up (reviews.previous_review_id) may act on
   * it too: their members are let in as members of their own review.
   */
  registerTableWithFollowUps(via: string, table: string, reviewIdColumn: string): void {
    this.register(
      via,
      table,
      reviewIdColumn,
      `SELECT t.${reviewIdColumn} AS review_id, 0 AS rank FROM ${table} t WHERE t.id = $2
       UNION ALL
       SELECT r.id, 1 FROM reviews r WHERE r.previous_review_id = (SELECT ${reviewIdColumn} FROM ${table} WHERE id = $2)`,
    );
  }

  private register(via: string, table: string, column: string, candidates: CandidateSql): void {
    if (this.candidates.has(via)) throw new Error(`A review resolver for "${via}" is already registered`);
    if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column)) throw new Error(`Bad table or column for "${via}"`);
    this.candidates.set(via, candidates);
    // The account, the candidate reviews and the caller's role on each, in one round trip: this runs on every review
    // route, and three statements cost three trips through the pool (docs/performance.md). No row: no such account;
    // one row with a null review_id: no such record.
    this.accessSql.set(
      via,
      `SELECT u.id, u.email, u.name, u.role, u.active, c.review_id, m.role AS member_role
         FROM users u
         LEFT JOIN (${candidates}) c ON true
         LEFT JOIN review_members m ON m.review_id = c.review_id AND m.user_id = u.id
        WHERE u.id = $1
        ORDER BY c.rank, c.review_id`,
    );
  }

  private sqlFor(via: string): string {
    const sql = this.accessSql.get(via);
    if (!sql) throw new Error(`No review resolver registered for "${via}"`);
    return sql;
  }

  /** The account behind a token and its standing on the reviews that may act on the record `id`. */
  async access(via: string, id: string, userId: string): Promise<ReviewRouteAccess> {
    const rows: (AuthUser & { active: boolean; review_id: string | null; member_role: MemberRole | null })[] =
      await this.dataSource.query(this.sqlFor(via), [userId, id]);
    const row = rows[0];
    if (!row || !row.active) return { user: null, reviews: [] };
    return {
      user: { id: row.id, email: row.email, name: row.name, role: row.role },
      reviews: rows.filter((r) => r.review_id !== null).map((r) => ({ reviewId: r.review_id!, role: r.member_role })),
    };
  }

  /** The reviews that may act on the record `id`, its own first; empty when there is no such record. */
  async resolve(via: string, id: string): Promise<string[]> {
    const candidates = this.candidates.get(via);
    if (!candidates) throw new Error(`No review resolver registered for "${via}"`);
    const rows: { review_id: string }[] = await this.dataSource.query(
      `SELECT review_id FROM (${candidates.replaceAll('$2', '$1')}) c WHERE review_id IS NOT NULL ORDER BY rank, review_id`,
      [id],
    );
    return rows.map((r) => r.review_id);
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

  async membership(reviewId: string, userId: string): Promise<MemberRole | null> {
    const rows: { role: MemberRole }[] = await this.dataSource.query(
      'SELECT role FROM review_members WHERE review_id = $1 AND user_id = $2',
      [reviewId, userId],
    );
    return rows[0]?.role ?? null;
  }
}
