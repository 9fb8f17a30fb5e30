// /reviews/:id/deliverables, /deliverables/:id and its workflow transitions.
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { DeliverablesService } from './deliverables.service';
import { CreateDeliverableDto } from './dto/create-deliverable.dto';
import { DeliverableDetailDto, DeliverablePageDto } from './dto/deliverable.dto';
import { ListDeliverablesQueryDto } from './dto/list-deliverables.dto';
import { TransitionDeliverableDto } from './dto/transition-deliverable.dto';
import { UpdateDeliverableDto } from './dto/update-deliverable.dto';

@ApiTags('deliverables')
@Controller()
export class DeliverablesController {
  constructor(private readonly deliverables: DeliverablesService) {}

  @Get('reviews/:id/deliverables')
  @Access.review(ANY_MEMBER)
  list(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: ListDeliverablesQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliverablePageDto> {
    return this.deliverables.list(access, user, query);
  }

  /** New deliverables start `planned`. */
  @Post('reviews/:id/deliverables')
  @Access.review(['coordinator'])
  create(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateDeliverableDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliverableDetailDto> {
    return this.deliverables.create(access, user, dto);
  }

  @Get('deliverables/:id')
  @Access.review(ANY_MEMBER, { via: 'deliverable' })
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliverableDetailDto> {
    return this.deliverables.get(access, user, id);
  }

  /** The status is not editable here: it moves through transitions. */
  @Patch('deliverables/:id')
  @Access.review(['coordinator'], { via: 'deliverable' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateDeliverableDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliverableDetailDto> {
    return this.deliverables.update(access, user, id, dto);
  }

  /**
   * planned -> in_progress -> in_review -> delivered; in_review -> in_progress (changes requested); planned,
   * in_progress or in_review -> cancelled; cancelled -> planned (reinstated). An auditor may move only
   * deliverables they own.
   */
  @Post('deliverables/:id/transitions')
  @HttpCode(200)
  @Access.review(['coordinator', 'auditor'], { via: 'deliverable' })
  @ApiOkResponse({ type: DeliverableDetailDto, description: 'The deliverable after the move, with its history' })
  @ApiConflictResponse({ description: 'Not a legal move from the current status' })
  transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransitionDeliverableDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<DeliverableDetailDto> {
    return this.deliverables.transition(access, id, dto, user);
  }
}
