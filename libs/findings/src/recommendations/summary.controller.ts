// /reviews/:id/summary: the figures of a manager's dashboard.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import { ReviewSummaryDto, SummaryQueryDto } from './dto/summary.dto';
import { SummaryService } from './summary.service';

@ApiTags('summary')
@Controller('reviews/:id/summary')
export class SummaryController {
  constructor(private readonly summaries: SummaryService) {}

  /**
   * Findings by status, rating, focus area and principle; recommendations by latest follow-up status with the
   * implementation rate; overdue deliverables and late milestones, as of today (UTC). Names in `?locale=`.
   */
  @Get()
  @Access.review(ANY_MEMBER)
  summary(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: SummaryQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ReviewSummaryDto> {
    return this.summaries.summary(access.reviewId, query.locale);
  }
}
