// Workshops of a review and their evaluation. Who may call what is decided by the AccessGuard; this keeps the rules.
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, Page, paginate, updateVersioned } from '@vigia/common';
import { DataSource, EntityManager } from 'typeorm';
import { ParticipantDto } from './dto/participant.dto';
import {
  CreateWorkshopDto,
  FacilitatorDto,
  ListWorkshopsQueryDto,
  UpdateWorkshopDto,
  WorkshopDetailDto,
  WorkshopEvaluationDto,
} from './dto/workshop.dto';
import { Participant } from './participant.entity';
import { type Facilitator, Workshop } from './workshop.entity';

function assertDateOrder(w: Pick<Workshop, 'startsOn' | 'endsOn'>): void {
  if (w.endsOn && w.endsOn < w.startsOn) {
    throw new InvalidInputError('The workshop cannot end before it starts', [
      { field: 'endsOn', messages: ['endsOn must be on or after startsOn'] },
    ]);
  }
}

/** Stored as plain JSON, without keys the client left out. */
function toFacilitators(list: FacilitatorDto[] | null | undefined): Facilitator[] {
  return (list ?? []).map(({ name, kind, organisation }) =>
    organisation === undefined ? { name, kind } : { name, kind, organisation },
  );
}

interface EvaluationRow {
  invited: number;
  attended: number;
  attendanceRate: number | null;
  averageSatisfaction: number | null;
  averagePreTestScore: number | null;
  averagePostTestScore: number | null;
  averageImprovement: number | null;
}

@Injectable()
export class WorkshopsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(reviewId: string, query: ListWorkshopsQueryDto): Promise<Page<Workshop>> {
    if (query.from && query.to && query.to < query.from) {
      throw new InvalidInputError('to must be on or after from', [
        { field: 'to', messages: ['to must be on or after from'] },
      ]);
    }
    const qb = this.dataSource
      .getRepository(Workshop)
      .createQueryBuilder('w')
      .where('w.reviewId = :reviewId', { reviewId });
    if (query.from) qb.andWhere('w.startsOn >= :from', { from: query.from });
    if (query.to) qb.andWhere('w.startsOn <= :to', { to: query.to });
    return paginate(qb, {
      sortColumn: 'w.startsOn',
      sortProperty: 'startsOn',
      idColumn: 'w.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async create(reviewId: string, dto: CreateWorkshopDto): Promise<Workshop> {
    return this.dataSource.transaction(async (manager) => {
      if (dto.deliverableId) await this.assertDeliverable(manager, reviewId, dto.deliverableId);
      const repo = manager.getRepository(Workshop);
      const workshop = repo.create({
        reviewId,
        deliverableId: dto.deliverableId ?? null,
        title: dto.title,
        topic: dto.topic,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn ?? null,
        location: dto.location,
        theoreticalComponent: dto.components?.theoretical ?? null,
        practicalComponent: dto.components?.practical ?? null,
        facilitators: toFacilitators(dto.facilitators),
      });
      assertDateOrder(workshop);
      return repo.save(workshop);
    });
  }

  async get(id: string): Promise<WorkshopDetailDto> {
    const workshop = await this.dataSource.getRepository(Workshop).findOneBy({ id });
    if (!workshop) throw new NotFoundError('Workshop');
    const [participants, evaluation] = await Promise.all([
      this.dataSource.getRepository(Participant).find({ where: { workshopId: id }, order: { name: 'ASC', id: 'ASC' } }),
      this.evaluation(id),
    ]);
    return WorkshopDetailDto.detail(
      workshop,
      participants.map((p) => ParticipantDto.from(p)),
      evaluation,
    );
  }

  async update(id: string, dto: UpdateWorkshopDto): Promise<Workshop> {
    return this.dataSource.transaction((manager) =>
      updateVersioned(manager, Workshop, 'Workshop', id, dto.version, async (workshop) => {
        // Field by field: DTO instances carry every declared key, absent ones as undefined.
        if (dto.title !== undefined) workshop.title = dto.title;
        if (dto.topic !== undefined) workshop.topic = dto.topic;
        if (dto.startsOn !== undefined) workshop.startsOn = dto.startsOn;
        if (dto.endsOn !== undefined) workshop.endsOn = dto.endsOn;
        if (dto.location !== undefined) workshop.location = dto.location;
        if (dto.components?.theoretical !== undefined) workshop.theoreticalComponent = dto.components.theoretical;
        if (dto.components?.practical !== undefined) workshop.practicalComponent = dto.components.practical;
        if (dto.facilitators !== undefined) workshop.facilitators = toFacilitators(dto.facilitators);
        if (dto.deliverableId !== undefined) workshop.deliverableId = dto.deliverableId;
        if (dto.deliverableId) await this.assertDeliverable(manager, workshop.reviewId, dto.deliverableId);
        assertDateOrder(workshop);
      }),
    );
  }

  /**
   * Attendance, satisfaction and test results in one aggregate query. AVG skips nulls, so each mean is over the
   * participants who have that figure, and AVG(post - pre) over those who took both tests.
   */
  async evaluation(workshopId: string): Promise<WorkshopEvaluationDto> {
    const rows: EvaluationRow[] = await this.dataSource.query(
      `SELECT count(*)::int AS invited,
              (count(*) FILTER (WHERE attended))::int AS attended,
              CASE WHEN count(*) = 0 THEN NULL
                   ELSE (count(*) FILTER (WHERE attended))::float8 / count(*) END AS "attendanceRate",
              avg(satisfaction)::float8 AS "averageSatisfaction",
              avg(pre_test_score)::float8 AS "averagePreTestScore",
              avg(post_test_score)::float8 AS "averagePostTestScore",
              avg(post_test_score - pre_test_score)::float8 AS "averageImprovement"
         FROM workshop_participants
        WHERE workshop_id = $1`,
      [workshopId],
    );
    const row = rows[0];
    // float8 and int4 arrive as numbers; Number() guards against a driver configured to return strings.
    const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
    return Object.assign(new WorkshopEvaluationDto(), {
      invited: Number(row.invited),
      attended: Number(row.attended),
      attendanceRate: num(row.attendanceRate),
      averageSatisfaction: num(row.averageSatisfaction),
      averagePreTestScore: num(row.averagePreTestScore),
      averagePostTestScore: num(row.averagePostTestScore),
      averageImprovement: num(row.averageImprovement),
    });
  }

  /** The deliverable must belong to the same review; another review's is refused as if it did not exist. */
  private async assertDeliverable(manager: EntityManager, reviewId: string, deliverableId: string): Promise<void> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM deliverables WHERE id = $1 AND review_id = $2', [
      deliverableId,
      reviewId,
    ]);
    if (rows.length === 0) {
      throw new InvalidInputError('No deliverable of this review has this id', [
        { field: 'deliverableId', messages: ['must name a deliverable of the same review'] },
      ]);
    }
  }
}
