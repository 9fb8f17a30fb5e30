// Query of GET /reviews/:id/deliverables: filters, sort and the page.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly, PageQueryDto, QueryBoolean, QueryList } from '@vigia/common';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  DELIVERABLE_KINDS,
  DELIVERABLE_STATUSES,
  type DeliverableKind,
  type DeliverableStatus,
} from '../deliverable.entity';

export const DELIVERABLE_SORTS = ['dueOn', '-dueOn', 'title', '-title', 'createdAt', '-createdAt'] as const;
export type DeliverableSort = (typeof DELIVERABLE_SORTS)[number];

export class ListDeliverablesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    description: `One status or a comma-separated list: ${DELIVERABLE_STATUSES.join(', ')}`,
    example: 'planned,in_progress',
  })
  @IsOptional()
  @QueryList()
  @ArrayMinSize(1)
  @ArrayMaxSize(DELIVERABLE_STATUSES.length)
  @IsIn(DELIVERABLE_STATUSES, { each: true })
  status?: DeliverableStatus[];

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsUUID()
  componentId?: string;

  @IsOptional()
  @IsIn(DELIVERABLE_KINDS)
  kind?: DeliverableKind;

  /** Due on or before this day. */
  @IsOptional()
  @IsDateOnly()
  dueBefore?: string;

  /** Due on or after this day. */
  @IsOptional()
  @IsDateOnly()
  dueAfter?: string;

  /** Still open and due before today (UTC); `false` gives everything else. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  /** A leading `-` sorts descending. Ties are broken by id, so paging is stable. */
  @ApiPropertyOptional({ enum: DELIVERABLE_SORTS, default: 'dueOn' })
  @IsOptional()
  @IsIn(DELIVERABLE_SORTS)
  sort?: DeliverableSort;
}
