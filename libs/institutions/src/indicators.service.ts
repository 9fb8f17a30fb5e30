// Dated figures about an institution, each with its source; one figure per metric and year.
import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  NotFoundError,
  Page,
} from '@vigia/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { CreateIndicatorDto, ListIndicatorsQueryDto } from './dto/indicator.dto';
import { Indicator } from './indicator.entity';
import { Institution } from './institution.entity';

@Injectable()
export class IndicatorsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Ordered by metric, then year: (metric, year) is unique per institution, so it is the page key. */
  async list(institutionId: string, query: ListIndicatorsQueryDto): Promise<Page<Indicator>> {
    await this.assertInstitution(this.dataSource.manager, institutionId);
    const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const qb = this.dataSource
      .getRepository(Indicator)
      .createQueryBuilder('i')
      .where('i.institutionId = :institutionId', { institutionId });
    if (query.metric) qb.andWhere('i.metric = :metric', { metric: query.metric });
    if (query.year !== undefined) qb.andWhere('i.year = :year', { year: query.year });
    if (query.cursor) {
      const [metric, year] = decodeCursor(query.cursor, 2);
      qb.andWhere(
        new Brackets((w) => {
          w.where('i.metric > :cMetric', { cMetric: metric }).orWhere('(i.metric = :cMetric AND i.year > :cYear)', {
            cMetric: metric,
            cYear: year,
          });
        }),
      );
    }
    const rows = await qb
      .orderBy('i.metric', 'ASC')
      .addOrderBy('i.year', 'ASC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.metric, last.year]) : null };
  }

  create(institutionId: string, dto: CreateIndicatorDto): Promise<Indicator> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertInstitution(manager, institutionId);
      const repo = manager.getRepository(Indicator);
      // The unique index refuses a concurrent duplicate as well; this answers with what clashed.
      if (await repo.exists({ where: { institutionId, metric: dto.metric, year: dto.year } })) {
        throw new ConflictError(`This institution already has a ${dto.metric} figure for ${dto.year}`);
      }
      return repo.save(
        repo.create({
          institutionId,
          metric: dto.metric,
          year: dto.year,
          value: String(dto.value),
          unit: dto.unit ?? null,
          source: dto.source,
        }),
      );
    });
  }

  private async assertInstitution(manager: EntityManager, id: string): Promise<void> {
    if (!(await manager.getRepository(Institution).exists({ where: { id } }))) throw new NotFoundError('Institution');
  }
}
