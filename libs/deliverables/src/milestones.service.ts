// Milestones on a review's timeline: planned to a precision, stored as the start of their period, achieved on a day.
import { Injectable } from '@nestjs/common';
import { type Locale, NotFoundError, type Page, paginate, periodOf, todayUtc, updateVersioned } from '@vigia/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateMilestoneDto } from './dto/create-milestone.dto';
import type { ListMilestonesQueryDto } from './dto/list-milestones.dto';
import { MilestoneDto } from './dto/milestone.dto';
import type { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { Milestone } from './milestone.entity';
import { deliverableOfReview } from './review-references';

@Injectable()
export class MilestonesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(reviewId: string, query: ListMilestonesQueryDto): Promise<Page<MilestoneDto>> {
    const today = todayUtc();
    const qb = this.dataSource
      .getRepository(Milestone)
      .createQueryBuilder('m')
      .where('m.reviewId = :reviewId', { reviewId });
    if (query.achieved !== undefined) qb.andWhere(query.achieved ? 'm.actualOn IS NOT NULL' : 'm.actualOn IS NULL');
    if (query.from) qb.andWhere('m.plannedOn >= :from', { from: query.from });
    if (query.to) qb.andWhere('m.plannedOn <= :to', { to: query.to });
    const page = await paginate(qb, {
      sortColumn: 'm.plannedOn',
      sortProperty: 'plannedOn',
      idColumn: 'm.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((m) => MilestoneDto.from(m, query.locale, today)), nextCursor: page.nextCursor };
  }

  async get(reviewId: string, id: string, locale?: Locale): Promise<MilestoneDto> {
    const milestone = await this.dataSource.getRepository(Milestone).findOneBy({ id, reviewId });
    if (!milestone) throw new NotFoundError('Milestone');
    return MilestoneDto.from(milestone, locale);
  }

  async create(reviewId: string, dto: CreateMilestoneDto, locale?: Locale): Promise<MilestoneDto> {
    return this.dataSource.transaction(async (manager) => {
      const precision = dto.precision ?? 'day';
      const repo = manager.getRepository(Milestone);
      const milestone = repo.create({
        reviewId,
        title: dto.title,
        plannedOn: periodOf(dto.plannedOn, precision).start,
        precision,
        actualOn: dto.actualOn ?? null,
        deliverableId: dto.deliverableId ?? null,
      });
      if (dto.deliverableId) await this.link(manager, milestone, dto.deliverableId, dto.actualOn === undefined);
      return MilestoneDto.from(await repo.save(milestone), locale);
    });
  }

  async update(reviewId: string, id: string, dto: UpdateMilestoneDto, locale?: Locale): Promise<MilestoneDto> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await updateVersioned(manager, Milestone, 'Milestone', id, dto.version, async (milestone) => {
        if (milestone.reviewId !== reviewId) throw new NotFoundError('Milestone');
        if (dto.title !== undefined) milestone.title = dto.title;
        if (dto.plannedOn !== undefined || dto.precision !== undefined) {
          milestone.precision = dto.precision ?? milestone.precision;
          milestone.plannedOn = periodOf(dto.plannedOn ?? milestone.plannedOn, milestone.precision).start;
        }
        if (dto.actualOn !== undefined) milestone.actualOn = dto.actualOn;
        if (dto.deliverableId === null) milestone.deliverableId = null;
        if (dto.deliverableId && dto.deliverableId !== milestone.deliverableId) {
          await this.link(manager, milestone, dto.deliverableId, dto.actualOn === undefined);
        }
      });
      return MilestoneDto.from(saved, locale);
    });
  }

  /**
   * Links the milestone to a deliverable of its review. Linking one already delivered achieves the milestone on
   * the delivery day, as delivering it later would have, unless the client gave the actual date itself. Only a new
   * link does this, so a form that re-sends the same link cannot undo an actual date the coordinator cleared.
   */
  private async link(
    manager: EntityManager,
    milestone: Milestone,
    deliverableId: string,
    mayAchieve: boolean,
  ): Promise<void> {
    const deliverable = await deliverableOfReview(manager, milestone.reviewId, deliverableId);
    milestone.deliverableId = deliverable.id;
    if (mayAchieve && !milestone.actualOn && deliverable.status === 'delivered' && deliverable.deliveredOn) {
      milestone.actualOn = deliverable.deliveredOn;
    }
  }
}
