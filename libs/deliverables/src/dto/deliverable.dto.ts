// What the api answers about deliverables.
import { todayUtc } from '@vigia/common';
import type { Deliverable, DeliverableKind, DeliverableStatus } from '../deliverable.entity';
import { OPEN_DELIVERABLE_STATUSES } from '../deliverable-workflow';

function fieldsOf(d: Deliverable, today: string): DeliverableDto {
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
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(d: Deliverable, today: string = todayUtc()): DeliverableDto {
    return Object.assign(new DeliverableDto(), fieldsOf(d, today));
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
    today: string = todayUtc(),
  ): DeliverableDetailDto {
    return Object.assign(new DeliverableDetailDto(), fieldsOf(d, today), { history });
  }
}

export class DeliverablePageDto {
  items!: DeliverableDto[];
  nextCursor!: string | null;
}
