// /findings/:id/comments: members read the thread, auditors and the coordinator write in it.
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { PageQueryDto } from '@vigia/common';
import { CommentsService } from './comments.service';
import { CommentDto, CommentPageDto, CreateCommentDto } from './dto/comment.dto';

@ApiTags('findings')
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** Oldest first. */
  @Get('findings/:id/comments')
  @Access.review(ANY_MEMBER, { via: 'finding' })
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<CommentPageDto> {
    return this.comments.list(access, id, query);
  }

  /** Open in every status: approval locks the finding, not the conversation about it. */
  @Post('findings/:id/comments')
  @Access.review(['coordinator', 'auditor'], { via: 'finding' })
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCommentDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentDto> {
    return this.comments.create(access, id, dto, user);
  }
}
