// /reviews and /reviews/:id/members.
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { AddMemberDto, MemberDto, MemberListDto } from './dto/member.dto';
import { CreateReviewDto, ListReviewsQueryDto, ReviewDto, ReviewPageDto, UpdateReviewDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller('reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Your reviews (every review, for an admin). */
  @Get()
  @Access.user()
  list(@Query() query: ListReviewsQueryDto, @CurrentUser() user: AuthUser): Promise<ReviewPageDto> {
    return this.reviews.list(user, query);
  }

  /** Any active user may open a review; they become its coordinator. */
  @Post()
  @Access.user()
  create(@Body() dto: CreateReviewDto, @CurrentUser() user: AuthUser): Promise<ReviewDto> {
    return this.reviews.create(dto, user);
  }

  @Get(':id')
  @Access.review(ANY_MEMBER)
  get(@Param('id', ParseUUIDPipe) _id: string, @CurrentReviewAccess() access: ReviewAccess): Promise<ReviewDto> {
    return this.reviews.get(access);
  }

  @Patch(':id')
  @Access.review(['coordinator'])
  @ApiConflictResponse({ description: 'Stale version' })
  update(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: UpdateReviewDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewDto> {
    return this.reviews.update(access, dto, user);
  }

  @Get(':id/members')
  @Access.review(ANY_MEMBER)
  async members(
    @Param('id', ParseUUIDPipe) _id: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MemberListDto> {
    return { items: await this.reviews.members(access.reviewId), nextCursor: null };
  }

  @Post(':id/members')
  @Access.review(['coordinator'])
  @ApiConflictResponse({ description: 'Already a member' })
  addMember(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: AddMemberDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<MemberDto> {
    return this.reviews.addMember(access.reviewId, dto);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @Access.review(['coordinator'])
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiConflictResponse({ description: 'The last coordinator cannot be removed' })
  removeMember(
    @Param('id', ParseUUIDPipe) _id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<void> {
    return this.reviews.removeMember(access.reviewId, userId);
  }
}
