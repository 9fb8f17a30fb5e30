// Short names for the api's types, all from the generated schema (npm run api:client), so none is written by hand.
import type { components } from './schema';

type Schemas = components['schemas'];

export type ErrorBody = Schemas['ErrorDto'];
export type Me = Schemas['MeDto'];
export type TokenPair = Schemas['TokenPairDto'];
export type User = Schemas['UserDto'];
export type Locale = Me['locale'];
export type GlobalRole = Me['role'];
export type MemberRole = Schemas['MembershipDto']['role'];
export type Review = Schemas['ReviewDto'];
export type ReviewStatus = Review['status'];
export type Institution = Schemas['InstitutionDto'];
export type FocusArea = Schemas['FocusAreaDto'];
export type Principle = Schemas['PrincipleDto'];
export type Member = Schemas['MemberDto'];
export type Deliverable = Schemas['DeliverableDto'];
export type DeliverableStatus = Deliverable['status'];
export type DeliverableKind = Deliverable['kind'];
export type Milestone = Schemas['MilestoneDto'];
export type Precision = Milestone['precision'];
export type TimelineItem = Schemas['TimelineItemDto'];
export type Workshop = Schemas['WorkshopDto'];
export type WorkshopDetail = Schemas['WorkshopDetailDto'];
export type Participant = Schemas['ParticipantDto'];
export type Finding = Schemas['FindingDto'];
export type FindingDetail = Schemas['FindingDetailDto'];
export type FindingStatus = Finding['status'];
export type Rating = Finding['rating'];
export type Comment = Schemas['CommentDto'];
export type Evidence = Schemas['EvidenceDto'];
export type Recommendation = Schemas['RecommendationDto'];
export type RecommendationPriority = Recommendation['priority'];
export type FollowUp = Schemas['FollowUpDto'];
export type FollowUpStatus = FollowUp['status'];
export type ReviewSummary = Schemas['ReviewSummaryDto'];
export type Report = Schemas['ReportDto'];
export type ReportKind = Report['kind'];
export type ReportFormat = Report['format'];
export type ReportStatus = Report['status'];
export type Notification = Schemas['NotificationDto'];

export const LOCALES: readonly Locale[] = ['en', 'es', 'fr'];
export const DELIVERABLE_STATUSES: readonly DeliverableStatus[] = [
  'planned',
  'in_progress',
  'in_review',
  'delivered',
  'cancelled',
];
export const DELIVERABLE_KINDS: readonly DeliverableKind[] = ['report', 'workshop', 'briefing', 'other'];
export const PRECISIONS: readonly Precision[] = ['day', 'month', 'quarter', 'season', 'year'];
export const FINDING_STATUSES: readonly FindingStatus[] = ['draft', 'in_review', 'approved'];
export const RATINGS: readonly Rating[] = ['low', 'medium', 'high', 'critical'];
export const PRIORITIES: readonly RecommendationPriority[] = ['low', 'medium', 'high'];
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = [
  'not_started',
  'in_progress',
  'partially_implemented',
  'implemented',
  'not_implemented',
];
export const REPORT_KINDS: readonly ReportKind[] = ['milestone', 'findings', 'full'];
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'html', 'csv', 'xlsx'];
export const MEMBER_ROLES: readonly MemberRole[] = ['coordinator', 'auditor', 'manager'];
