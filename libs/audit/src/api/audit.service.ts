// Reads and verifies the audit trail; writing it is the subscriber's and the trigger's job.
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, Page, paginate } from '@vigia/common';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../audit-event.entity';
import { AuditEventDto, AuditQueryDto, AuditVerifyDto } from './dto/audit.dto';

export interface AuditReader {
  id: string;
  isAdmin: boolean;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Admins read everything; a review's coordinator reads the trail of one record of that review. */
  async list(query: AuditQueryDto, reader: AuditReader): Promise<Page<AuditEventDto>> {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.entityType) qb.andWhere('e.entityType = :type', { type: query.entityType });
    if (query.entityId) qb.andWhere('e.entityId = :eid', { eid: query.entityId });
    if (!reader.isAdmin) {
      if (!query.entityType || !query.entityId) {
        throw new InvalidInputError('entityType and entityId are required', [
          { field: 'entityId', messages: ['entityType and entityId are required unless you are an admin'] },
        ]);
      }
      const rows: { allowed: boolean }[] = await this.dataSource.query(
        `SELECT EXISTS (
           SELECT 1 FROM review_members m
            WHERE m.user_id = $3 AND m.role = 'coordinator'
              AND m.review_id = (SELECT review_id FROM audit_events
                                  WHERE entity_type = $1 AND entity_id = $2 AND review_id IS NOT NULL
                                  ORDER BY seq DESC LIMIT 1)) AS allowed`,
        [query.entityType, query.entityId, reader.id],
      );
      if (!rows[0]?.allowed) throw new NotFoundError('Audit trail');
    }
    const page = await paginate(qb, {
      sortColumn: 'e.seq',
      sortProperty: 'seq',
      idColumn: 'e.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((e) => ({ ...e, seq: Number(e.seq) })), nextCursor: page.nextCursor };
  }

  /** Recomputes every row's hash and link in one pass inside PostgreSQL. */
  async verify(): Promise<AuditVerifyDto> {
    const rows: { checked: string; first_broken_id: string | null }[] = await this.dataSource.query(`
      WITH chain AS (
        SELECT id, seq, hash, prev_hash,
               lag(hash) OVER (ORDER BY seq) AS expected_prev,
               audit_event_hash(e) AS expected_hash
          FROM audit_events e)
      SELECT (SELECT count(*) FROM chain) AS checked,
             (SELECT id FROM chain
               WHERE hash IS DISTINCT FROM expected_hash
                  OR prev_hash IS DISTINCT FROM coalesce(expected_prev, repeat('0', 64))
               ORDER BY seq LIMIT 1) AS first_broken_id`);
    const checked = Number(rows[0]?.checked ?? 0);
    const firstBrokenId = rows[0]?.first_broken_id ?? undefined;
    return firstBrokenId ? { ok: false, checked, firstBrokenId } : { ok: true, checked };
  }
}
