// What the api answers about deliverables.
import type { MemberRole } from '@vigia/auth';
import { todayUtc } from '@vigia/common';
import type { Deliverable, DeliverableKind, DeliverableStatus } from '../deliverable.entity';
import { allowedDeliverableMoves, OPEN_DELIVERABLE_STATUSES } from '../deliverable-workflow';

/** Who is asking: the answer says which moves they may make. */
export interface DeliverableViewer {
  /** Their role on the review; null for an admin who is not a member. */
  role: MemberRole | null;
  userId: string;
}

function fieldsOf(d: Deliverable, viewer: DeliverableViewer, today: string): DeliverableDto {
  return {
    id: d.id,
    reviewId: d.reviewId,
    componentId: d.componentId,
    title: d.title,
    description: d.description,
    kind: d.kind,
    ownerId: d.ownerId,
    dueOn: d.dueOn,
    status: d.status,
    deliveredOn: d.deliveredOn,
    overdue: OPEN_DELIVERABLE_STATUSES.includes(d.status) && d.dueOn < today,
    allowedMoves: allowedDeliverableMoves(d, viewer.role, viewer.userId),
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export class DeliverableDto {
  id!: string;
  reviewId!: string;
  componentId!: string | null;
  title!: string;
  description!: string | null;
  kind!: DeliverableKind;
  ownerId!: string | null;
  dueOn!: string;
  status!: DeliverableStatus;
  /** The day (UTC) it reached `delivered`. */
  deliveredOn!: string | null;
  /** Still open and due before today (UTC). */
  overdue!: boolean;
  /** The statuses you may move it to now: the workflow's moves from its status, if your role lets you move it. */
  allowedMoves!: DeliverableStatus[];
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(d: Deliverable, viewer: DeliverableViewer, today: string = todayUtc()): DeliverableDto {
    return Object.assign(new DeliverableDto(), fieldsOf(d, viewer, today));
  }
}

export class DeliverableHistoryEntryDto {
  from!: DeliverableStatus;
  to!: DeliverableStatus;
  /** Id of the person who made the move. */
  by!: string;
  byName!: string;
  at!: Date;
}

export class DeliverableDetailDto extends DeliverableDto {
  /** Every move through the workflow, oldest first. */
  history!: DeliverableHistoryEntryDto[];

  static withHistory(
    d: Deliverable,
    history: DeliverableHistoryEntryDto[],
    viewer: DeliverableViewer,
    today: string = todayUtc(),
  ): DeliverableDetailDto {
    return Object.assign(new DeliverableDetailDto(), fieldsOf(d, viewer, today), { history });
  }
}

export class DeliverablePageDto {
  items!: DeliverableDto[];
  nextCursor!: string | null;
}
