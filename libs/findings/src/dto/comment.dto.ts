// Body and answers of /findings/:id/comments.
import { IsString, Matches, MaxLength } from 'class-validator';
import type { Comment } from '../comment.entity';

export class CreateCommentDto {
  /** Kept as written (line breaks and indentation included); it must not be blank. */
  @IsString()
  @Matches(/\S/, { message: 'body must not be blank' })
  @MaxLength(10000)
  body!: string;
}

export class CommentDto {
  id!: string;
  findingId!: string;
  reviewId!: string;
  authorId!: string;
  authorName!: string;
  body!: string;
  createdAt!: Date;

  /** `c.author` must be loaded (joined) for the author's name. */
  static from(c: Comment, authorName = c.author?.name ?? ''): CommentDto {
    return Object.assign(new CommentDto(), {
      id: c.id,
      findingId: c.findingId,
      reviewId: c.reviewId,
      authorId: c.authorId,
      authorName,
      body: c.body,
      createdAt: c.createdAt,
    });
  }
}

export class CommentPageDto {
  items!: CommentDto[];
  nextCursor!: string | null;
}
