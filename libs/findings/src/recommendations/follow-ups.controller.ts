// /recommendations/:id/follow-ups: append-only, open to the recommendation's review and the reviews following it up.
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { PageQueryDto } from '@vigia/common';
import { CreateFollowUpDto } from './dto/create-follow-up.dto';
import { FollowUpDto, FollowUpPageDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';
import { VIA_RECOMMENDATION } from './review-scopes';

@ApiTags('recommendations')
@Controller('recommendations/:id/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  /** Newest first. */
  @Get()
  @Access.review(ANY_MEMBER, { via: VIA_RECOMMENDATION })
  list(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<FollowUpPageDto> {
    return this.followUps.list(id, query);
  }

  /**
   * Recorded in your review: the recommendation's own, or the one of yours that follows it up. There is no edit:
   * a correction is a newer follow-up.
   */
  @Post()
  @Access.review(['auditor', 'coordinator'], { via: VIA_RECOMMENDATION })
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateFollowUpDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<FollowUpDto> {
    return this.followUps.create(access, id, dto, user);
  }
}
