// Recommendations: a finding's list, edits by the review that made them, and the earlier review's list as the
// review following it up sees it. Who may call what is decided by the AccessGuard; this enforces the domain rules.
import { Injectable } from '@nestjs/common';
import type { ReviewAccess } from '@vigia/auth';
import {
  decodeCursor,
  ForbiddenError,
  NotFoundError,
  type Page,
  type PageQueryDto,
  presentFields,
  todayUtc,
  updateVersioned,
} from '@vigia/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Finding } from '../finding.entity';
import { Recommendation } from '../recommendation.entity';
import type { CreateRecommendationDto } from './dto/create-recommendation.dto';
import type { PreviousRecommendationDto, RecommendationDetailDto, RecommendationDto } from './dto/recommendation.dto';
import type { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { FollowUpsService } from './follow-ups.service';
import { pageSize, toPage } from './keyset';
import {
  LATEST_FOLLOW_UP_JOIN,
  type PreviousRecommendationRow,
  RECOMMENDATION_COLUMNS,
  type RecommendationRow,
  toPreviousRecommendationDto,
  toRecommendationDto,
} from './recommendation-rows';

@Injectable()
export class RecommendationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly followUps: FollowUpsService,
  ) {}

  /** The finding's recommendations in the order they were made. */
  async listForFinding(reviewId: string, findingId: string, query: PageQueryDto): Promise<Page<RecommendationDto>> {
    const params: unknown[] = [findingId, reviewId];
    let after = '';
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      params.push(createdAt, id);
      after = 'AND (r.created_at, r.id) > ($3::timestamptz, $4::uuid)';
    }
    params.push(pageSize(query.limit) + 1);
    const rows = await this.dataSource.query<RecommendationRow[]>(
      `SELECT ${RECOMMENDATION_COLUMNS}
       FROM recommendations r ${LATEST_FOLLOW_UP_JOIN}
       WHERE r.finding_id = $1 AND r.review_id = $2 ${after}
       ORDER BY r.created_at, r.id
       LIMIT $${params.length}`,
      params,
    );
    const today = todayUtc();
    return toPage(
      rows,
      query.limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => toRecommendationDto(r, today),
    );
  }

  get(id: string): Promise<RecommendationDetailDto> {
    return this.detail(this.dataSource.manager, id);
  }

  /** The review is the finding's: a recommendation answers a finding of its own review. */
  async create(findingId: string, dto: CreateRecommendationDto): Promise<RecommendationDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const finding = await manager
        .getRepository(Finding)
        .findOne({ where: { id: findingId }, select: { id: true, reviewId: true } });
      if (!finding) throw new NotFoundError('Finding');
      const repo = manager.getRepository(Recommendation);
      const saved = await repo.save(
        repo.create({
          findingId,
          reviewId: finding.reviewId,
          text: dto.text,
          priority: dto.priority,
          responsibleUnit: dto.responsibleUnit,
          targetOn: dto.targetOn,
        }),
      );
      return this.detail(manager, saved.id);
    });
  }

  /**
   * Only the review that made the recommendation may change it. A review that follows it up gets through the guard
   * (its members may read it and record follow-ups), but it reports on the earlier review's words, not rewrites them.
   */
  async update(access: ReviewAccess, id: string, dto: UpdateRecommendationDto): Promise<RecommendationDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      // Checked before the version, so a follow-up reviewer learns they may not edit, not that they are out of date.
      const owner = await manager
        .getRepository(Recommendation)
        .findOne({ where: { id }, select: { id: true, reviewId: true } });
      if (!owner) throw new NotFoundError('Recommendation');
      if (owner.reviewId !== access.reviewId) {
        throw new ForbiddenError(
          'Only the review that made this recommendation may change it; a review following it up records follow-ups',
        );
      }
      await updateVersioned(manager, Recommendation, 'Recommendation', id, dto.version, (recommendation) => {
        const { version: _version, ...changes } = dto;
        Object.assign(recommendation, presentFields(changes));
      });
      return this.detail(manager, id);
    });
  }

  /**
   * Every recommendation of the review that `reviewId` follows up, with its finding's title and focus area and its
   * latest status, by target date: one query, the latest follow-up joined laterally. Empty when it follows none.
   */
  async listPrevious(reviewId: string, query: PageQueryDto): Promise<Page<PreviousRecommendationDto>> {
    const params: unknown[] = [reviewId];
    let after = '';
    if (query.cursor) {
      const [targetOn, id] = decodeCursor(query.cursor, 2);
      params.push(targetOn, id);
      after = 'AND (r.target_on, r.id) > ($2::date, $3::uuid)';
    }
    params.push(pageSize(query.limit) + 1);
    const rows = await this.dataSource.query<PreviousRecommendationRow[]>(
      `SELECT ${RECOMMENDATION_COLUMNS},
         f.title AS "findingTitle", f.focus_area_id AS "focusAreaId", fa.code AS "focusAreaCode"
       FROM reviews rv
       JOIN recommendations r ON r.review_id = rv.previous_review_id
       JOIN findings f ON f.id = r.finding_id
       JOIN focus_areas fa ON fa.id = f.focus_area_id
       ${LATEST_FOLLOW_UP_JOIN}
       WHERE rv.id = $1 ${after}
       ORDER BY r.target_on, r.id
       LIMIT $${params.length}`,
      params,
    );
    const today = todayUtc();
    return toPage(
      rows,
      query.limit,
      (r) => [r.targetOn, r.id],
      (r) => toPreviousRecommendationDto(r, today),
    );
  }

  private async detail(manager: EntityManager, id: string): Promise<RecommendationDetailDto> {
    const rows = await manager.query<RecommendationRow[]>(
      `SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r ${LATEST_FOLLOW_UP_JOIN} WHERE r.id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError('Recommendation');
    return { ...toRecommendationDto(rows[0]), followUps: await this.followUps.all(manager, id) };
  }
}
