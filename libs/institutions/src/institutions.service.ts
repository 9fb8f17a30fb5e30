// Institutions under review: a catalogue every user reads and admins maintain.
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, Page, paginate, presentFields, updateVersioned } from '@vigia/common';
import { DataSource } from 'typeorm';
import { CreateInstitutionDto, ListInstitutionsQueryDto, UpdateInstitutionDto } from './dto/institution.dto';
import { Institution } from './institution.entity';

function assertStateRule(i: Pick<Institution, 'jurisdiction' | 'state'>): void {
  if (i.jurisdiction === 'state' && !i.state) {
    throw new InvalidInputError('A state institution needs its state', [
      { field: 'state', messages: ['state is required for a state institution'] },
    ]);
  }
}

@Injectable()
export class InstitutionsService {
  constructor(private readonly dataSource: DataSource) {}

  list(query: ListInstitutionsQueryDto): Promise<Page<Institution>> {
    const qb = this.dataSource.getRepository(Institution).createQueryBuilder('i');
    return paginate(qb, {
      sortColumn: 'i.name',
      sortProperty: 'name',
      idColumn: 'i.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async get(id: string): Promise<Institution> {
    const found = await this.dataSource.getRepository(Institution).findOneBy({ id });
    if (!found) throw new NotFoundError('Institution');
    return found;
  }

  create(dto: CreateInstitutionDto): Promise<Institution> {
    const repo = this.dataSource.getRepository(Institution);
    const entity = repo.create({ ...dto, state: dto.state ?? null });
    assertStateRule(entity);
    return repo.save(entity);
  }

  update(id: string, dto: UpdateInstitutionDto): Promise<Institution> {
    return this.dataSource.transaction((manager) =>
      updateVersioned(manager, Institution, 'Institution', id, dto.version, (entity) => {
        const { version: _version, ...changes } = dto;
        Object.assign(entity, presentFields(changes));
        assertStateRule(entity);
      }),
    );
  }
}
