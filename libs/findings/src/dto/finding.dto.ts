// What the api answers about findings: the record, its computed rating, its author, and its workflow history.
import type { MemberRole } from '@vigia/auth';
import type { Finding, FindingStatus, Rating } from '../finding.entity';
import { movesFor } from '../finding-workflow';

function fieldsOf(f: Finding, role: MemberRole | null, authorName: string): FindingDto {
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
    authorName,
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

  /** A row read raw in the answer's shape (the register's); `role` is the caller's (null for an admin). */
  static fromRow(row: FindingRow, role: MemberRole | null): FindingDto {
    const { status } = row;
    return Object.assign(new FindingDto(), row, { allowedMoves: movesFor(status, role) });
  }
}

/** A finding as the register reads it: every field of the answer but the caller-dependent allowedMoves. */
export type FindingRow = Omit<FindingDto, 'allowedMoves'>;

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

  /** `f.author` must be loaded (joined) for the author's name; `role` is the caller's (null for an admin). */
  static withHistory(f: Finding, history: FindingHistoryEntryDto[], role: MemberRole | null): FindingDetailDto {
    return Object.assign(new FindingDetailDto(), fieldsOf(f, role, f.author?.name ?? ''), { history });
  }

  /** A finding just inserted (with what its INSERT returned), by `authorName`: it has no history yet. */
  static created(f: Finding, authorName: string, role: MemberRole | null): FindingDetailDto {
    return Object.assign(new FindingDetailDto(), fieldsOf(f, role, authorName), { history: [] });
  }
}

export class FindingPageDto {
  items!: FindingDto[];
  nextCursor!: string | null;
}
