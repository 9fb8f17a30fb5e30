// Comments on a finding: the thread coordinator and auditors use to settle it. They stay open after approval.
import { Injectable } from '@nestjs/common';
import type { AuthUser, ReviewAccess } from '@vigia/auth';
import { NotFoundError, type Page, paginate, type PageQueryDto } from '@vigia/common';
import { DataSource } from 'typeorm';
import { Comment } from './comment.entity';
import { CommentDto, type CreateCommentDto } from './dto/comment.dto';
import { Finding } from './finding.entity';

@Injectable()
export class CommentsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first, so the thread reads as it was written; each author's name joined in. */
  async list(access: ReviewAccess, findingId: string, query: PageQueryDto): Promise<Page<CommentDto>> {
    const qb = this.dataSource
      .getRepository(Comment)
      .createQueryBuilder('c')
      .innerJoin('c.author', 'author')
      .addSelect(['author.id', 'author.name'])
      .where('c.findingId = :findingId AND c.reviewId = :reviewId', { findingId, reviewId: access.reviewId });
    const page = await paginate(qb, {
      sortColumn: 'c.createdAt',
      sortProperty: 'createdAt',
      idColumn: 'c.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((c) => CommentDto.from(c)), nextCursor: page.nextCursor };
  }

  async create(access: ReviewAccess, findingId: string, dto: CreateCommentDto, user: AuthUser): Promise<CommentDto> {
    const finding = await this.dataSource
      .getRepository(Finding)
      .findOne({ select: { id: true, reviewId: true }, where: { id: findingId, reviewId: access.reviewId } });
    if (!finding) throw new NotFoundError('Finding');
    const repo = this.dataSource.getRepository(Comment);
    const saved = await repo.save(
      repo.create({ findingId, reviewId: finding.reviewId, authorId: user.id, body: dto.body }),
    );
    return CommentDto.from(saved, user.name);
  }
}
