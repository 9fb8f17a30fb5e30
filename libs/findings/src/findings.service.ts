// Findings: the review's register (filters, search, sort), edits, and moves through the workflow with their history.
// Who may call what is decided by the AccessGuard; this enforces the domain rules (authorship, the approval lock).
import { Injectable } from '@nestjs/common';
import type { AuthUser, ReviewAccess } from '@vigia/auth';
import {
  ConflictError,
  decodeCursor,
  ForbiddenError,
  NotFoundError,
  type Page,
  presentFields,
  sortPrefix,
  sortPrefixColumn,
  updateVersioned,
} from '@vigia/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { CreateFindingDto } from './dto/create-finding.dto';
import { FindingDetailDto, FindingDto, type FindingHistoryEntryDto, type FindingRow } from './dto/finding.dto';
import type { ListFindingsQueryDto } from './dto/list-findings.dto';
import type { TransitionFindingDto } from './dto/transition-finding.dto';
import type { UpdateFindingDto } from './dto/update-finding.dto';
import { Finding, FINDING_SEARCH_DOCUMENT } from './finding.entity';
import { assertFindingReferences } from './finding-references';
import { FindingTransition } from './finding-transition.entity';
import { assertMove, assertMover } from './finding-workflow';
import { pageSize, toPage } from './recommendations/keyset';

interface SortKey {
  /** SQL of the sort key over the alias `f`. */
  column: string;
  /** The same key computed from a row read, for the next page's cursor. */
  keyOf: (f: FindingRow) => string | number;
}

const SORT_KEYS: Record<'createdAt' | 'rating' | 'title', SortKey> = {
  createdAt: { column: 'f.createdAt', keyOf: (f) => f.createdAt.toISOString() },
  // Severity: the score behind the rating, so `critical` sorts above `high` (the words would sort alphabetically),
  // and a 5x5 above a 4x5. An integer key keeps cursors exact.
  rating: { column: '(f.likelihood * f.impact)', keyOf: (f) => f.likelihood * f.impact },
  title: { column: sortPrefixColumn('f.title'), keyOf: (f) => sortPrefix(f.title) },
};

/** The columns of FindingRow over `findings f` joined to its `author`. */
const FINDING_ROW_COLUMNS = [
  'f.id AS "id"',
  'f.review_id AS "reviewId"',
  'f.title AS "title"',
  'f.focus_area_id AS "focusAreaId"',
  'f.principle_codes AS "principleCodes"',
  'f.condition AS "condition"',
  'f.criteria AS "criteria"',
  'f.cause AS "cause"',
  'f.effect AS "effect"',
  'f.likelihood AS "likelihood"',
  'f.impact AS "impact"',
  'f.rating AS "rating"',
  'f.status AS "status"',
  'f.author_id AS "authorId"',
  'author.name AS "authorName"',
  'f.approved_at AS "approvedAt"',
  'f.approved_by_id AS "approvedById"',
  'f.version AS "version"',
  'f.created_at AS "createdAt"',
  'f.updated_at AS "updatedAt"',
];

@Injectable()
export class FindingsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The register's rows for these filters, in the answer's shape (FindingRow) with each author's name joined in;
   * list() adds the cursor, the order and the page. Public so that the search test can EXPLAIN exactly the SQL the
   * register runs.
   */
  listQuery(reviewId: string, query: ListFindingsQueryDto): SelectQueryBuilder<Finding> {
    const qb = this.dataSource
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin('f.author', 'author')
      .select(FINDING_ROW_COLUMNS)
      .where('f.reviewId = :reviewId', { reviewId });
    if (query.focusAreaId) qb.andWhere('f.focusAreaId = :focusAreaId', { focusAreaId: query.focusAreaId });
    if (query.rating) qb.andWhere('f.rating IN (:...ratings)', { ratings: query.rating });
    if (query.status) qb.andWhere('f.status IN (:...statuses)', { statuses: query.status });
    // Containment (@>) rather than = ANY(...), so the GIN index ix_findings_principles can serve it.
    if (query.principle)
      qb.andWhere('f.principle_codes @> ARRAY[:principle]::varchar[]', { principle: query.principle });
    if (query.authorId) qb.andWhere('f.authorId = :authorId', { authorId: query.authorId });
    // The document expression must be exactly the one ix_findings_search is built on, or the index goes unused; the
    // query goes through the same unaccent, and the `simple` configuration lower-cases both sides.
    if (query.q) {
      qb.andWhere(`${FINDING_SEARCH_DOCUMENT} @@ plainto_tsquery('simple'::regconfig, vigia_unaccent(:q))`, {
        q: query.q,
      });
    }
    return qb;
  }

  /**
   * A keyset page on (sort key, id). The rows are read raw, in the answer's shape, rather than as entities: the
   * register is the busiest list, and hydrating a page of entities with their authors, then copying them into DTOs,
   * was work the answer does not need.
   */
  async list(access: ReviewAccess, query: ListFindingsQueryDto): Promise<Page<FindingDto>> {
    const sort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const key = SORT_KEYS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_KEYS];
    const direction = descending ? 'DESC' : 'ASC';
    const qb = this.listQuery(access.reviewId, query);
    if (query.cursor) {
      const [after, id] = decodeCursor(query.cursor, 2);
      const cmp = descending ? '<' : '>';
      qb.andWhere(`(${key.column} ${cmp} :afterKey OR (${key.column} = :afterKey AND f.id ${cmp} :afterId))`, {
        afterKey: after,
        afterId: id,
      });
    }
    const rows = await qb
      .orderBy(key.column, direction)
      .addOrderBy('f.id', direction)
      .limit(pageSize(query.limit) + 1)
      .getRawMany<FindingRow>();
    return toPage(
      rows,
      query.limit,
      (row) => [key.keyOf(row), row.id],
      (row) => FindingDto.fromRow(row, access.memberRole),
    );
  }

  async get(access: ReviewAccess, id: string): Promise<FindingDetailDto> {
    return this.detail(this.dataSource.manager, access, id);
  }

  /** A new finding starts as a draft of the caller's. */
  async create(access: ReviewAccess, dto: CreateFindingDto, user: AuthUser): Promise<FindingDetailDto> {
    const reviewId = access.reviewId;
    // Checked before the transaction, which then holds its connection for the two INSERTs only: the catalogues are
    // never deleted from, so what is checked here still holds at the INSERT (and the foreign key would refuse it).
    await assertFindingReferences(this.dataSource.manager, dto);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Finding);
      const saved = await repo.save(
        repo.create({
          reviewId,
          title: dto.title,
          focusAreaId: dto.focusAreaId,
          principleCodes: dto.principleCodes,
          condition: dto.condition,
          criteria: dto.criteria,
          cause: dto.cause,
          effect: dto.effect,
          likelihood: dto.likelihood,
          impact: dto.impact,
          status: 'draft',
          authorId: user.id,
          approvedAt: null,
          approvedById: null,
        }),
      );
      // The answer comes from the INSERT's RETURNING (id, timestamps, version, the rating PostgreSQL computes) and
      // the caller, who is the author; a new finding has no history. Nothing is read back: from the audit row on,
      // the transaction holds the audit chain's lock (audit_events_chain), which every audited write waits for, so
      // each statement between that row and COMMIT would cut the api's write throughput.
      return FindingDetailDto.created(saved, user.name, access.memberRole);
    });
  }

  async update(access: ReviewAccess, id: string, dto: UpdateFindingDto, user: AuthUser): Promise<FindingDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const author = await manager
        .getRepository(Finding)
        .findOne({ select: { id: true, authorId: true }, where: { id, reviewId: access.reviewId } });
      if (!author) throw new NotFoundError('Finding');
      // The author never changes, so this needs no lock; it comes first so a stranger learns nothing of versions.
      if (access.memberRole === 'auditor' && author.authorId !== user.id) {
        throw new ForbiddenError('An auditor may only edit findings they wrote');
      }
      await updateVersioned(manager, Finding, 'Finding', id, dto.version, async (finding) => {
        // Checked under the row lock: an approval that commits first is seen here.
        if (finding.status === 'approved') {
          throw new ConflictError('This finding is approved: approved findings are read-only; reopen first');
        }
        const { version: _version, ...changes } = dto;
        const present = presentFields(changes);
        await assertFindingReferences(manager, present);
        Object.assign(finding, present);
      });
      return this.detail(manager, access, id);
    });
  }

  /**
   * One workflow move, serialised on the row: of two identical concurrent moves the second waits for the lock,
   * then finds the status already changed and is refused.
   */
  async transition(
    access: ReviewAccess,
    id: string,
    dto: TransitionFindingDto,
    user: AuthUser,
  ): Promise<FindingDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Finding);
      const finding = await repo.findOne({
        where: { id, reviewId: access.reviewId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!finding) throw new NotFoundError('Finding');
      const from = finding.status;
      const rule = assertMove(from, dto.to);
      assertMover(rule, from, dto.to, access.memberRole, dto.reason);
      const inserted = await manager.getRepository(FindingTransition).insert({
        findingId: id,
        from,
        to: dto.to,
        reason: dto.reason ?? null,
        byId: user.id,
        // The moment of the move, not of the transaction's start: a move that waited for the lock comes after.
        at: () => 'clock_timestamp()',
      });
      const at = (inserted.generatedMaps[0] as Partial<FindingTransition>).at ?? new Date();
      finding.status = dto.to;
      // approvedAt/approvedById describe the current approval: set by approving, cleared by leaving `approved`.
      finding.approvedAt = dto.to === 'approved' ? at : null;
      finding.approvedById = dto.to === 'approved' ? user.id : null;
      await repo.save(finding);
      return this.detail(manager, access, id);
    });
  }

  private async detail(manager: EntityManager, access: ReviewAccess, id: string): Promise<FindingDetailDto> {
    const finding = await manager
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin('f.author', 'author')
      .addSelect(['author.id', 'author.name'])
      .where('f.id = :id AND f.reviewId = :reviewId', { id, reviewId: access.reviewId })
      .getOne();
    if (!finding) throw new NotFoundError('Finding');
    return FindingDetailDto.withHistory(finding, await this.history(manager, id), access.memberRole);
  }

  private history(manager: EntityManager, findingId: string): Promise<FindingHistoryEntryDto[]> {
    return manager
      .getRepository(FindingTransition)
      .createQueryBuilder('t')
      .innerJoin('t.by', 'u')
      .select(['t.from AS "from"', 't.to AS "to"', 't.byId AS "by"', 'u.name AS "byName"', 't.at AS "at"'])
      .addSelect('t.reason AS "reason"')
      .where('t.findingId = :findingId', { findingId })
      .orderBy('t.at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<FindingHistoryEntryDto>();
  }
}
