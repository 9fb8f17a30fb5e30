// Deliverables: the review's list, edits, and moves through the workflow with their history.
// Who may call what is decided by the AccessGuard; this enforces the domain rules.
import { Injectable } from '@nestjs/common';
import type { AuthUser, ReviewAccess } from '@vigia/auth';
import {
  ForbiddenError,
  NotFoundError,
  type Page,
  paginate,
  presentFields,
  sortPrefix,
  sortPrefixColumn,
  todayUtc,
  updateVersioned,
} from '@vigia/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Deliverable } from './deliverable.entity';
import { DeliverableTransition } from './deliverable-transition.entity';
import { assertMove, mayMoveDeliverable, OPEN_DELIVERABLE_STATUSES } from './deliverable-workflow';
import type { CreateDeliverableDto } from './dto/create-deliverable.dto';
import { DeliverableDetailDto, DeliverableDto, type DeliverableHistoryEntryDto } from './dto/deliverable.dto';
import type { ListDeliverablesQueryDto } from './dto/list-deliverables.dto';
import type { TransitionDeliverableDto } from './dto/transition-deliverable.dto';
import type { UpdateDeliverableDto } from './dto/update-deliverable.dto';
import { Milestone } from './milestone.entity';
import { assertReviewReferences } from './review-references';

interface SortKey {
  column: string;
  key: (d: Deliverable) => string | Date;
}

const SORT_KEYS: Record<'dueOn' | 'title' | 'createdAt', SortKey> = {
  dueOn: { column: 'd.dueOn', key: (d) => d.dueOn },
  title: { column: sortPrefixColumn('d.title'), key: (d) => sortPrefix(d.title) },
  createdAt: { column: 'd.createdAt', key: (d) => d.createdAt },
};

@Injectable()
export class DeliverablesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(access: ReviewAccess, user: AuthUser, query: ListDeliverablesQueryDto): Promise<Page<DeliverableDto>> {
    const reviewId = access.reviewId;
    const viewer = { role: access.memberRole, userId: user.id };
    const today = todayUtc();
    const qb = this.dataSource
      .getRepository(Deliverable)
      .createQueryBuilder('d')
      .where('d.reviewId = :reviewId', { reviewId });
    if (query.status) qb.andWhere('d.status IN (:...statuses)', { statuses: query.status });
    if (query.ownerId) qb.andWhere('d.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.componentId) qb.andWhere('d.componentId = :componentId', { componentId: query.componentId });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.dueAfter) qb.andWhere('d.dueOn >= :dueAfter', { dueAfter: query.dueAfter });
    if (query.dueBefore) qb.andWhere('d.dueOn <= :dueBefore', { dueBefore: query.dueBefore });
    if (query.overdue !== undefined) {
      const overdue = '(d.status IN (:...open) AND d.dueOn < :today)';
      qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`, { open: OPEN_DELIVERABLE_STATUSES, today });
    }
    const sort = query.sort ?? 'dueOn';
    const descending = sort.startsWith('-');
    const key = SORT_KEYS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_KEYS];
    const page = await paginate(qb, {
      sortColumn: key.column,
      sortKey: key.key,
      idColumn: 'd.id',
      direction: descending ? 'DESC' : 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((d) => DeliverableDto.from(d, viewer, today)), nextCursor: page.nextCursor };
  }

  async get(access: ReviewAccess, user: AuthUser, id: string): Promise<DeliverableDetailDto> {
    return this.detail(this.dataSource.manager, access, user, id);
  }

  async create(access: ReviewAccess, user: AuthUser, dto: CreateDeliverableDto): Promise<DeliverableDetailDto> {
    const reviewId = access.reviewId;
    return this.dataSource.transaction(async (manager) => {
      await assertReviewReferences(manager, reviewId, dto);
      const repo = manager.getRepository(Deliverable);
      const saved = await repo.save(
        repo.create({
          reviewId,
          title: dto.title,
          description: dto.description ?? null,
          kind: dto.kind,
          componentId: dto.componentId ?? null,
          ownerId: dto.ownerId ?? null,
          dueOn: dto.dueOn,
          status: 'planned',
          deliveredOn: null,
        }),
      );
      return DeliverableDetailDto.withHistory(saved, [], { role: access.memberRole, userId: user.id });
    });
  }

  async update(
    access: ReviewAccess,
    user: AuthUser,
    id: string,
    dto: UpdateDeliverableDto,
  ): Promise<DeliverableDetailDto> {
    const reviewId = access.reviewId;
    return this.dataSource.transaction(async (manager) => {
      await updateVersioned(manager, Deliverable, 'Deliverable', id, dto.version, async (deliverable) => {
        if (deliverable.reviewId !== reviewId) throw new NotFoundError('Deliverable');
        const { version: _version, ...changes } = dto;
        await assertReviewReferences(manager, reviewId, changes);
        Object.assign(deliverable, presentFields(changes));
      });
      return this.detail(manager, access, user, id);
    });
  }

  /**
   * One workflow move, serialised on the row: of two identical concurrent moves the second waits for the lock,
   * then finds the status already changed and is refused.
   */
  async transition(
    access: ReviewAccess,
    id: string,
    dto: TransitionDeliverableDto,
    user: AuthUser,
  ): Promise<DeliverableDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Deliverable);
      const deliverable = await repo.findOne({
        where: { id, reviewId: access.reviewId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!deliverable) throw new NotFoundError('Deliverable');
      // An auditor carries their own deliverables forward; everything else is the coordinator's call.
      if (!mayMoveDeliverable(access.memberRole, deliverable.ownerId, user.id)) {
        throw new ForbiddenError('An auditor may only move deliverables they own');
      }
      const from = deliverable.status;
      assertMove(from, dto.to);
      deliverable.status = dto.to;
      if (dto.to === 'delivered') deliverable.deliveredOn = todayUtc();
      await repo.save(deliverable);
      await manager.getRepository(DeliverableTransition).insert({
        deliverableId: id,
        from,
        to: dto.to,
        byId: user.id,
        // The moment of the move, not of the transaction's start: a move that waited for the lock comes after.
        at: () => 'clock_timestamp()',
      });
      if (dto.to === 'delivered') await this.achieveMilestones(manager, id, deliverable.deliveredOn!);
      return this.detail(manager, access, user, id);
    });
  }

  /** Milestones this delivery achieves; each saved on its own so each gets its audit row. */
  private async achieveMilestones(manager: EntityManager, deliverableId: string, on: string): Promise<void> {
    const repo = manager.getRepository(Milestone);
    const open = await repo.find({ where: { deliverableId, actualOn: IsNull() } });
    if (open.length === 0) return;
    for (const milestone of open) milestone.actualOn = on;
    await repo.save(open);
  }

  private async detail(
    manager: EntityManager,
    access: ReviewAccess,
    user: AuthUser,
    id: string,
  ): Promise<DeliverableDetailDto> {
    const deliverable = await manager.getRepository(Deliverable).findOneBy({ id, reviewId: access.reviewId });
    if (!deliverable) throw new NotFoundError('Deliverable');
    return DeliverableDetailDto.withHistory(deliverable, await this.history(manager, id), {
      role: access.memberRole,
      userId: user.id,
    });
  }

  private history(manager: EntityManager, deliverableId: string): Promise<DeliverableHistoryEntryDto[]> {
    return manager
      .getRepository(DeliverableTransition)
      .createQueryBuilder('t')
      .innerJoin('t.by', 'u')
      .select(['t.from AS "from"', 't.to AS "to"', 't.byId AS "by"', 'u.name AS "byName"', 't.at AS "at"'])
      .where('t.deliverableId = :deliverableId', { deliverableId })
      .orderBy('t.at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<DeliverableHistoryEntryDto>();
  }
}
