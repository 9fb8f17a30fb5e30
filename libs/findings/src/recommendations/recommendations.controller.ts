// /findings/:id/recommendations, /recommendations/:id and /reviews/:id/previous-recommendations.
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, CurrentReviewAccess, type ReviewAccess } from '@vigia/auth';
import { PageQueryDto } from '@vigia/common';
import { CreateRecommendationDto } from './dto/create-recommendation.dto';
import {
  PreviousRecommendationPageDto,
  RecommendationDetailDto,
  RecommendationPageDto,
} from './dto/recommendation.dto';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { RecommendationsService } from './recommendations.service';
import { VIA_FINDING, VIA_RECOMMENDATION } from './review-scopes';

@ApiTags('recommendations')
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  /** The finding's recommendations in the order they were made, each with its latest follow-up status. */
  @Get('findings/:id/recommendations')
  @Access.review(ANY_MEMBER, { via: VIA_FINDING })
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<RecommendationPageDto> {
    return this.recommendations.listForFinding(access.reviewId, id, query);
  }

  @Post('findings/:id/recommendations')
  @Access.review(['auditor', 'coordinator'], { via: VIA_FINDING })
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateRecommendationDto,
  ): Promise<RecommendationDetailDto> {
    return this.recommendations.create(id, dto);
  }

  /** Also open to the members of a review that follows the recommendation's review up. */
  @Get('recommendations/:id')
  @Access.review(ANY_MEMBER, { via: VIA_RECOMMENDATION })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RecommendationDetailDto> {
    return this.recommendations.get(id);
  }

  /** Only the recommendation's own review may change it; a review following it up gets 403. */
  @Patch('recommendations/:id')
  @Access.review(['auditor', 'coordinator'], { via: VIA_RECOMMENDATION })
  @ApiForbiddenResponse({ description: 'Not a writer of the review that made the recommendation' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRecommendationDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<RecommendationDetailDto> {
    return this.recommendations.update(access, id, dto);
  }

  /**
   * The recommendations of the earlier review that review :id follows up (its previousReviewId), with their
   * findings' titles and focus areas and their latest status, by target date: the one way a follow-up team sees
   * the earlier review's data. Empty when the review follows none up.
   */
  @Get('reviews/:id/previous-recommendations')
  @Access.review(ANY_MEMBER)
  previous(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: PageQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<PreviousRecommendationPageDto> {
    return this.recommendations.listPrevious(access.reviewId, query);
  }
}
