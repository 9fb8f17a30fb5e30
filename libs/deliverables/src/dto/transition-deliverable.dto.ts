// Body of POST /deliverables/:id/transitions.
import { IsIn } from 'class-validator';
import { DELIVERABLE_STATUSES, type DeliverableStatus } from '../deliverable.entity';

export class TransitionDeliverableDto {
  /** The status to move to; only the workflow's moves from the current status are accepted. */
  @IsIn(DELIVERABLE_STATUSES)
  to!: DeliverableStatus;
}
