// The parts of an engagement (ISSSTESON's: the Review itself and the capacity-building workshops).
import { Injectable } from '@nestjs/common';
import type { ReviewAccess } from '@vigia/auth';
import { NotFoundError, presentFields, updateVersioned } from '@vigia/common';
import { DataSource } from 'typeorm';
import { ReviewComponent } from './component.entity';
import { ComponentDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';

import { Review } from './review.entity';

@Injectable()
export class ComponentsService {
  constructor(private readonly dataSource: DataSource) {}

  /** A review has a handful of components: they come in one answer, in the review's order. */
  async list(reviewId: string): Promise<ComponentDto[]> {
    const rows = await this.dataSource.getRepository(ReviewComponent).find({
      where: { reviewId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((c) => ComponentDto.from(c));
  }

  /** A new component goes last. */
  async create(reviewId: string, dto: CreateComponentDto): Promise<ComponentDto> {
    return this.dataSource.transaction(async (manager) => {
      // Locking the review serialises two coordinators adding components at once, so positions stay distinct.
      const review = await manager
        .getRepository(Review)
        .findOne({ where: { id: reviewId }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw new NotFoundError('Review');
      const last: { max: number | null }[] = await manager.query(
        'SELECT max(position) AS max FROM review_components WHERE review_id = $1',
        [reviewId],
      );
      const repo = manager.getRepository(ReviewComponent);
      const saved = await repo.save(
        repo.create({
          reviewId,
          title: dto.title,
          description: dto.description ?? null,
          position: (last[0]?.max ?? 0) + 1,
        }),
      );
      return ComponentDto.from(saved);
    });
  }

  async update(id: string, access: ReviewAccess, dto: UpdateComponentDto): Promise<ComponentDto> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await updateVersioned(manager, ReviewComponent, 'Component', id, dto.version, (component) => {
        // The guard resolved this review from the same id; a mismatch means the row moved under us.
        if (component.reviewId !== access.reviewId) throw new NotFoundError('Component');
        const { version: _version, ...changes } = dto;
        Object.assign(component, presentFields(changes));
      });
      return ComponentDto.from(saved);
    });
  }
}
