// The SQL that reads recommendations with where their follow-up stands, shared by every route that lists them.
import { todayUtc } from '@vigia/common';
import type { FollowUpStatus } from '../follow-up.entity';
import type { Priority } from '../recommendation.entity';
import type { FollowUpDto } from './dto/follow-up.dto';
import type { PreviousRecommendationDto, RecommendationDto } from './dto/recommendation.dto';

/**
 * The order that makes a follow-up the latest: the day it observed, then when it was recorded (two observations
 * of the same day: the later entry corrects the earlier), then id so the order is total.
 */
export const FOLLOW_UP_NEWEST_FIRST = 'fu."on" DESC, fu.created_at DESC, fu.id DESC';

/**
 * Joined to `recommendations r`: its latest follow-up, one index probe per recommendation
 * (ix_follow_ups_recommendation), inside the same query; `latest` is null when there is none.
 */
export const LATEST_FOLLOW_UP_JOIN = `LEFT JOIN LATERAL (
    SELECT fu.status, fu."on" FROM follow_ups fu
    WHERE fu.recommendation_id = r.id
    ORDER BY ${FOLLOW_UP_NEWEST_FIRST}
    LIMIT 1
  ) latest ON true`;

/** The columns of RecommendationRow, from `recommendations r` and LATEST_FOLLOW_UP_JOIN. */
export const RECOMMENDATION_COLUMNS = `r.id, r.finding_id AS "findingId", r.review_id AS "reviewId", r.text, r.priority,
  r.responsible_unit AS "responsibleUnit", r.target_on::text AS "targetOn",
  coalesce(latest.status, 'not_started') AS "latestStatus", latest."on"::text AS "latestFollowUpOn",
  r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

export interface RecommendationRow {
  id: string;
  findingId: string;
  reviewId: string;
  text: string;
  priority: Priority;
  responsibleUnit: string;
  targetOn: string;
  latestStatus: FollowUpStatus;
  latestFollowUpOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PreviousRecommendationRow extends RecommendationRow {
  findingTitle: string;
  focusAreaId: string;
  focusAreaCode: string;
}

export function toRecommendationDto(row: RecommendationRow, today: string = todayUtc()): RecommendationDto {
  return {
    id: row.id,
    findingId: row.findingId,
    reviewId: row.reviewId,
    text: row.text,
    priority: row.priority,
    responsibleUnit: row.responsibleUnit,
    targetOn: row.targetOn,
    latestStatus: row.latestStatus,
    latestFollowUpOn: row.latestFollowUpOn,
    overdue: row.targetOn < today && row.latestStatus !== 'implemented',
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toPreviousRecommendationDto(
  row: PreviousRecommendationRow,
  today: string = todayUtc(),
): PreviousRecommendationDto {
  return {
    ...toRecommendationDto(row, today),
    findingTitle: row.findingTitle,
    focusAreaId: row.focusAreaId,
    focusAreaCode: row.focusAreaCode,
  };
}

/** The columns of FollowUpDto, from `follow_ups fu` joined to `users u` (its author). */
export const FOLLOW_UP_COLUMNS = `fu.id, fu.recommendation_id AS "recommendationId", fu.review_id AS "reviewId",
  fu.status, fu.note, fu."on"::text AS "on", fu.by_id AS "by", u.name AS "byName", fu.created_at AS "createdAt"`;

export type FollowUpRow = FollowUpDto;
