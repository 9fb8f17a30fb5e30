// /reviews/:id/timeline as JSON, as an iCalendar feed, and the feed's subscription link.
import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, CurrentUser, type AuthUser, type ReviewAccess } from '@vigia/auth';
import { TimelineCalendarQueryDto, TimelineDto, TimelineFeedDto, TimelineQueryDto } from './dto/timeline.dto';
import { TimelineService } from './timeline.service';

@ApiTags('timeline')
@Controller('reviews')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Milestones, deliverable due dates and workshops in date order. */
  @Get(':id/timeline')
  @Access.review(ANY_MEMBER)
  get(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: TimelineQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<TimelineDto> {
    return this.timeline.timeline(access.reviewId, query.locale);
  }

  /**
   * The timeline as all-day events. Calendar applications cannot send a bearer header, so this route also takes
   * `?token=` with a feed token from `GET /reviews/:id/timeline/feed`.
   */
  @Get(':id/timeline.ics')
  @Access.review(ANY_MEMBER, { feed: true })
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'inline; filename="timeline.ics"')
  // Per-user content behind a token in the URL: shared caches must not keep it.
  @Header('Cache-Control', 'private, no-cache')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', schema: { type: 'string' } })
  calendar(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: TimelineCalendarQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<string> {
    return this.timeline.calendar(access.reviewId, query.locale);
  }

  /** A link for calendar applications: the feed URL with a token valid for this review only. */
  @Get(':id/timeline/feed')
  @Access.review(ANY_MEMBER)
  feed(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: TimelineQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<TimelineFeedDto> {
    return this.timeline.feed(user, access.reviewId, query.locale);
  }
}
