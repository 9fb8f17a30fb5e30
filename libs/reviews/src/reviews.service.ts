// Reviews and their teams. Who may call what is decided by the AccessGuard; this enforces the domain rules.
import { Injectable } from '@nestjs/common';
import type { AuthUser, MemberRole, ReviewAccess } from '@vigia/auth';
import { User } from '@vigia/auth';
import { FocusArea } from '@vigia/catalogues';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  Page,
  paginate,
  presentFields,
  updateVersioned,
} from '@vigia/common';
import { Institution } from '@vigia/institutions';
import { DataSource, EntityManager, In } from 'typeorm';
import { AddMemberDto, MemberDto } from './dto/member.dto';
import { CreateReviewDto, ListReviewsQueryDto, ReviewDto, UpdateReviewDto } from './dto/review.dto';

import { assertReviewTransition, INITIAL_REVIEW_STATUS } from './review-lifecycle';
import { ReviewMember } from './review-member.entity';
import { Review } from './review.entity';

function assertDateOrder(r: Pick<Review, 'startsOn' | 'endsOn'>): void {
  if (r.startsOn && r.endsOn && r.endsOn < r.startsOn) {
    throw new InvalidInputError('The review cannot end before it starts', [
      { field: 'endsOn', messages: ['endsOn must be on or after startsOn'] },
    ]);
  }
}

@Injectable()
export class ReviewsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: ListReviewsQueryDto): Promise<Page<ReviewDto>> {
    const qb = this.dataSource.getRepository(Review).createQueryBuilder('r');
    if (user.role !== 'admin') {
      qb.where('EXISTS (SELECT 1 FROM review_members m WHERE m.review_id = r.id AND m.user_id = :uid)', {
        uid: user.id,
      });
    }
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.institutionId) qb.andWhere('r.institutionId = :inst', { inst: query.institutionId });
    if (query.focusAreaId) qb.andWhere(':focusAreaId = ANY(r.focusAreaIds)', { focusAreaId: query.focusAreaId });
    const page = await paginate(qb, {
      sortColumn: 'r.createdAt',
      sortProperty: 'createdAt',
      idColumn: 'r.id',
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
    const roles = await this.rolesOf(
      user.id,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => ReviewDto.from(r, roles.get(r.id) ?? null)), nextCursor: page.nextCursor };
  }

  async get(access: ReviewAccess): Promise<ReviewDto> {
    const review = await this.dataSource.getRepository(Review).findOneBy({ id: access.reviewId });
    if (!review) throw new NotFoundError('Review');
    return ReviewDto.from(review, access.memberRole);
  }

  async create(dto: CreateReviewDto, user: AuthUser): Promise<ReviewDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertInstitution(manager, dto.institutionId);
      if (dto.previousReviewId)
        await this.assertPreviousReview(manager, dto.previousReviewId, dto.institutionId, user, null);
      const focusAreaIds = await this.focusAreaIds(manager, dto.focusAreaIds ?? []);
      const repo = manager.getRepository(Review);
      const review = repo.create({
        title: dto.title,
        institutionId: dto.institutionId,
        summary: dto.summary ?? null,
        status: INITIAL_REVIEW_STATUS,
        focusAreaIds,
        agreementOn: dto.agreementOn ?? null,
        startsOn: dto.startsOn ?? null,
        endsOn: dto.endsOn ?? null,
        previousReviewId: dto.previousReviewId ?? null,
        createdById: user.id,
      });
      assertDateOrder(review);
      const saved = await repo.save(review);
      // The creator runs the review until they hand it over.
      await manager.getRepository(ReviewMember).save({ reviewId: saved.id, userId: user.id, role: 'coordinator' });
      return ReviewDto.from(saved, 'coordinator');
    });
  }

  async update(access: ReviewAccess, dto: UpdateReviewDto, user: AuthUser): Promise<ReviewDto> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await updateVersioned(manager, Review, 'Review', access.reviewId, dto.version, async (review) => {
        const { version: _version, status, focusAreaIds, ...changes } = dto;
        // Checked before anything is applied: a refused move changes nothing (the transaction rolls back too).
        if (status !== undefined) assertReviewTransition(review.status, status);
        Object.assign(review, presentFields(changes));
        if (status !== undefined) review.status = status;
        if (focusAreaIds !== undefined) review.focusAreaIds = await this.focusAreaIds(manager, focusAreaIds);
        if (dto.institutionId !== undefined) await this.assertInstitution(manager, review.institutionId);
        if (review.previousReviewId && (dto.previousReviewId !== undefined || dto.institutionId !== undefined)) {
          await this.assertPreviousReview(manager, review.previousReviewId, review.institutionId, user, review.id);
        }
        assertDateOrder(review);
      });
      return ReviewDto.from(saved, access.memberRole);
    });
  }

  async members(reviewId: string): Promise<MemberDto[]> {
    const rows = await this.dataSource
      .getRepository(ReviewMember)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .select(['m.id AS id', 'm.reviewId AS "reviewId"', 'm.userId AS "userId"', 'm.role AS role'])
      .addSelect(['u.name AS name', 'u.email AS email', 'm.version AS version', 'm.createdAt AS "createdAt"'])
      .where('m.reviewId = :reviewId', { reviewId })
      .orderBy('m.createdAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getRawMany<MemberDto>();
    return rows;
  }

  async addMember(reviewId: string, dto: AddMemberDto): Promise<MemberDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOneBy({ id: dto.userId });
      if (!user || !user.active) {
        throw new InvalidInputError('No active account has this id', [
          { field: 'userId', messages: ['no active account has this id'] },
        ]);
      }
      const repo = manager.getRepository(ReviewMember);
      if (await repo.exists({ where: { reviewId, userId: dto.userId } })) {
        throw new ConflictError(`${user.name} is already a member of this review`);
      }
      const m = await repo.save(repo.create({ reviewId, userId: dto.userId, role: dto.role }));
      return {
        id: m.id,
        reviewId,
        userId: m.userId,
        role: m.role,
        name: user.name,
        email: user.email,
        version: m.version,
        createdAt: m.createdAt,
      };
    });
  }

  async removeMember(reviewId: string, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Lock the team so two coordinators removing each other cannot leave the review without one.
      const team = await manager
        .getRepository(ReviewMember)
        .find({ where: { reviewId }, lock: { mode: 'pessimistic_write' } });
      const member = team.find((m) => m.userId === userId);
      if (!member) throw new NotFoundError('Member');
      if (member.role === 'coordinator' && team.filter((m) => m.role === 'coordinator').length === 1) {
        throw new ConflictError('A review needs at least one coordinator; add another before removing this one');
      }
      await manager.getRepository(ReviewMember).remove(member);
    });
  }

  private async rolesOf(userId: string, reviewIds: string[]): Promise<Map<string, MemberRole>> {
    if (reviewIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ReviewMember)
      .find({ where: { userId, reviewId: In(reviewIds) }, select: { reviewId: true, role: true } });
    return new Map(rows.map((m) => [m.reviewId, m.role]));
  }

  /** De-duplicated (first occurrence wins), and every id must name a focus area of the catalogue. */
  private async focusAreaIds(manager: EntityManager, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length === 0) return [];
    const found = await manager.getRepository(FocusArea).find({ where: { id: In(unique) }, select: { id: true } });
    const known = new Set(found.map((f) => f.id));
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new InvalidInputError('focusAreaIds names focus areas that do not exist', [
        { field: 'focusAreaIds', messages: unknown.map((id) => `no focus area has id ${id}`) },
      ]);
    }
    return unique;
  }

  private async assertInstitution(manager: EntityManager, institutionId: string): Promise<void> {
    if (!(await manager.getRepository(Institution).exists({ where: { id: institutionId } }))) {
      throw new InvalidInputError('No institution has this id', [
        { field: 'institutionId', messages: ['no institution has this id'] },
      ]);
    }
  }

  /** The earlier review must exist, be visible to the caller, be of the same institution, and not be this one. */
  private async assertPreviousReview(
    manager: EntityManager,
    previousId: string,
    institutionId: string,
    user: AuthUser,
    selfId: string | null,
  ): Promise<void> {
    const invalid = (): never => {
      throw new InvalidInputError(
        'previousReviewId must name another review of the same institution that you can see',
        [{ field: 'previousReviewId', messages: ['must name another visible review of the same institution'] }],
      );
    };
    if (previousId === selfId) invalid();
    const previous = await manager.getRepository(Review).findOneBy({ id: previousId });
    if (!previous || previous.institutionId !== institutionId) return invalid();
    if (user.role !== 'admin') {
      const member = await manager
        .getRepository(ReviewMember)
        .exists({ where: { reviewId: previousId, userId: user.id } });
      if (!member) invalid();
    }
  }
}
