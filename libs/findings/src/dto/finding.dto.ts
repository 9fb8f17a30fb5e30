// What the api answers about findings: the record, its computed rating, its author, and its workflow history.
import type { MemberRole } from '@vigia/auth';
import type { Finding, FindingStatus, Rating } from '../finding.entity';
import { movesFor } from '../finding-workflow';

function fieldsOf(f: Finding, role: MemberRole | null): FindingDto {
  return {
    id: f.id,
    reviewId: f.reviewId,
    title: f.title,
    focusAreaId: f.focusAreaId,
    principleCodes: f.principleCodes,
    condition: f.condition,
    criteria: f.criteria,
    cause: f.cause,
    effect: f.effect,
    likelihood: f.likelihood,
    impact: f.impact,
    rating: f.rating,
    status: f.status,
    allowedMoves: movesFor(f.status, role),
    authorId: f.authorId,
    authorName: f.author?.name ?? '',
    approvedAt: f.approvedAt,
    approvedById: f.approvedById,
    version: f.version,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

export class FindingDto {
  id!: string;
  reviewId!: string;
  title!: string;
  focusAreaId!: string;
  principleCodes!: string[];
  /** What was found. */
  condition!: string;
  /** What good practice requires. */
  criteria!: string;
  cause!: string;
  /** The effect, or the risk it creates. */
  effect!: string;
  likelihood!: number;
  impact!: number;
  /** From likelihood x impact: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical. */
  rating!: Rating;
  status!: FindingStatus;
  /** The statuses your review role may move it to now (a reopening also needs a reason). */
  allowedMoves!: FindingStatus[];
  authorId!: string;
  authorName!: string;
  /** When it was last approved; null unless it is approved. */
  approvedAt!: Date | null;
  approvedById!: string | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  /** `f.author` must be loaded (joined) for the author's name; `role` is the caller's (null for an admin). */
  static from(f: Finding, role: MemberRole | null): FindingDto {
    return Object.assign(new FindingDto(), fieldsOf(f, role));
  }
}

export class FindingHistoryEntryDto {
  from!: FindingStatus;
  to!: FindingStatus;
  /** Id of the person who made the move. */
  by!: string;
  byName!: string;
  at!: Date;
  /** Why; always present for a reopening. */
  reason!: string | null;
}

export class FindingDetailDto extends FindingDto {
  /** Every move through the workflow, oldest first. */
  history!: FindingHistoryEntryDto[];

  static withHistory(f: Finding, history: FindingHistoryEntryDto[], role: MemberRole | null): FindingDetailDto {
    return Object.assign(new FindingDetailDto(), fieldsOf(f, role), { history });
  }
}

export class FindingPageDto {
  items!: FindingDto[];
  nextCursor!: string | null;
}
