// Finds the review a record belongs to, so membership is checked in one place for every feature.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser, MemberRole } from './roles';

export type ReviewResolver = (id: string) => Promise<string | null>;

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

  resolve(via: string, id: string): Promise<string | null> {
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

  async membership(reviewId: string, userId: string): Promise<MemberRole | null> {
    const rows: { role: MemberRole }[] = await this.dataSource.query(
      'SELECT role FROM review_members WHERE review_id = $1 AND user_id = $2',
      [reviewId, userId],
    );
    return rows[0]?.role ?? null;
  }
}
