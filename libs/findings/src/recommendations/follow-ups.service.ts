// Follow-ups: append-only, dated observations of a recommendation, recorded by its own review or by a later
// review that follows it up. Who may call what is decided by the AccessGuard; this enforces the domain rules.
import { Injectable } from '@nestjs/common';
import type { AuthUser, ReviewAccess } from '@vigia/auth';
import { decodeCursor, InvalidInputError, type Page, type PageQueryDto, todayUtc } from '@vigia/common';
import { DataSource, type EntityManager } from 'typeorm';
import { FollowUp } from '../follow-up.entity';
import type { CreateFollowUpDto } from './dto/create-follow-up.dto';
import type { FollowUpDto } from './dto/follow-up.dto';
import { pageSize, toPage } from './keyset';
import { FOLLOW_UP_COLUMNS, FOLLOW_UP_NEWEST_FIRST, type FollowUpRow } from './recommendation-rows';

@Injectable()
export class FollowUpsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Recorded in the review through which the caller got in (`access.reviewId`): the recommendation's own review
   * first, else the review of theirs that follows it up, so the trail shows which engagement observed what.
   */
  async create(
    access: ReviewAccess,
    recommendationId: string,
    dto: CreateFollowUpDto,
    user: AuthUser,
  ): Promise<FollowUpDto> {
    const today = todayUtc();
    if (dto.on > today) {
      throw new InvalidInputError('A follow-up records what was observed; it cannot be dated in the future', [
        { field: 'on', messages: [`on must be today (${today}, UTC) or earlier`] },
      ]);
    }
    const repo = this.dataSource.getRepository(FollowUp);
    const saved = await repo.save(
      repo.create({
        recommendationId,
        reviewId: access.reviewId,
        status: dto.status,
        note: dto.note,
        on: dto.on,
        byId: user.id,
      }),
    );
    return {
      id: saved.id,
      recommendationId,
      reviewId: saved.reviewId,
      status: saved.status,
      note: saved.note,
      on: saved.on,
      by: user.id,
      byName: user.name,
      createdAt: saved.createdAt,
    };
  }

  /** Newest first, paged on (on, created_at, id). */
  async list(recommendationId: string, query: PageQueryDto): Promise<Page<FollowUpDto>> {
    const params: unknown[] = [recommendationId];
    let after = '';
    if (query.cursor) {
      const [on, createdAt, id] = decodeCursor(query.cursor, 3);
      params.push(on, createdAt, id);
      // Every sort column runs descending, so one row comparison is the whole keyset condition.
      after = 'AND (fu."on", fu.created_at, fu.id) < ($2::date, $3::timestamptz, $4::uuid)';
    }
    params.push(pageSize(query.limit) + 1);
    const rows = await this.dataSource.query<FollowUpRow[]>(
      `SELECT ${FOLLOW_UP_COLUMNS}
       FROM follow_ups fu JOIN users u ON u.id = fu.by_id
       WHERE fu.recommendation_id = $1 ${after}
       ORDER BY ${FOLLOW_UP_NEWEST_FIRST}
       LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      query.limit,
      (r) => [r.on, r.createdAt.toISOString(), r.id],
      (r) => r,
    );
  }

  /** Every follow-up of the recommendation, newest first (a recommendation gathers a handful over the years). */
  all(manager: EntityManager, recommendationId: string): Promise<FollowUpDto[]> {
    return manager.query<FollowUpRow[]>(
      `SELECT ${FOLLOW_UP_COLUMNS}
       FROM follow_ups fu JOIN users u ON u.id = fu.by_id
       WHERE fu.recommendation_id = $1
       ORDER BY ${FOLLOW_UP_NEWEST_FIRST}`,
      [recommendationId],
    );
  }
}
