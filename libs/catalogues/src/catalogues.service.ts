// The shared catalogues: focus areas (admins extend them) and the OECD principles (fixed).
import { Injectable } from '@nestjs/common';
import { ConflictError, Page, paginate, updateVersioned } from '@vigia/common';
import { DataSource } from 'typeorm';
import { CreateFocusAreaDto, UpdateFocusAreaDto } from './dto/focus-area.dto';
import { CatalogueQueryDto } from './dto/localized-names.dto';
import { FocusArea } from './focus-area.entity';
import { Principle } from './principle.entity';

/** Serialises focus-area creation so two admins adding at once get distinct positions. */
const FOCUS_AREA_LOCK = 7_100_301;

@Injectable()
export class CataloguesService {
  constructor(private readonly dataSource: DataSource) {}

  listFocusAreas(query: CatalogueQueryDto): Promise<Page<FocusArea>> {
    return paginate(this.dataSource.getRepository(FocusArea).createQueryBuilder('f'), {
      sortColumn: 'f.position',
      sortProperty: 'position',
      idColumn: 'f.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  listPrinciples(query: CatalogueQueryDto): Promise<Page<Principle>> {
    return paginate(this.dataSource.getRepository(Principle).createQueryBuilder('p'), {
      sortColumn: 'p.position',
      sortProperty: 'position',
      idColumn: 'p.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  /** A new focus area goes to the end of the catalogue. */
  createFocusArea(dto: CreateFocusAreaDto): Promise<FocusArea> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FOCUS_AREA_LOCK]);
      const repo = manager.getRepository(FocusArea);
      // The unique index would refuse it too; this names the code in the answer.
      if (await repo.exists({ where: { code: dto.code } })) {
        throw new ConflictError(`A focus area with code ${dto.code} already exists`);
      }
      const last: { max: number | null }[] = await manager.query('SELECT max(position) AS max FROM focus_areas');
      return repo.save(
        repo.create({
          code: dto.code,
          nameEn: dto.names.en,
          nameEs: dto.names.es,
          nameFr: dto.names.fr,
          position: (last[0]?.max ?? 0) + 1,
        }),
      );
    });
  }

  updateFocusArea(id: string, dto: UpdateFocusAreaDto): Promise<FocusArea> {
    return this.dataSource.transaction((manager) =>
      updateVersioned(manager, FocusArea, 'Focus area', id, dto.version, (area) => {
        if (dto.names?.en !== undefined) area.nameEn = dto.names.en;
        if (dto.names?.es !== undefined) area.nameEs = dto.names.es;
        if (dto.names?.fr !== undefined) area.nameFr = dto.names.fr;
      }),
    );
  }
}
