// /reviews/:id/milestones and /milestones/:id.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import { CreateMilestoneDto } from './dto/create-milestone.dto';
import { ListMilestonesQueryDto, MilestoneLocaleQueryDto } from './dto/list-milestones.dto';
import { MilestoneDto, MilestonePageDto } from './dto/milestone.dto';
import { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { MilestonesService } from './milestones.service';

@ApiTags('milestones')
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  /** In planned order. */
  @Get('reviews/:id/milestones')
  @Access.review(ANY_MEMBER)
  list(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: ListMilestonesQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MilestonePageDto> {
    return this.milestones.list(access.reviewId, query);
  }

  @Post('reviews/:id/milestones')
  @Access.review(['coordinator'])
  create(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateMilestoneDto,
    @Query() query: MilestoneLocaleQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MilestoneDto> {
    return this.milestones.create(access.reviewId, dto, query.locale);
  }

  @Get('milestones/:id')
  @Access.review(ANY_MEMBER, { via: 'milestone' })
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MilestoneLocaleQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MilestoneDto> {
    return this.milestones.get(access.reviewId, id, query.locale);
  }

  @Patch('milestones/:id')
  @Access.review(['coordinator'], { via: 'milestone' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMilestoneDto,
    @Query() query: MilestoneLocaleQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MilestoneDto> {
    return this.milestones.update(access.reviewId, id, dto, query.locale);
  }
}
