// The mail outbox as admins read it: what was sent, kept or given up, and what is still waiting.
import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, NotFoundError } from '@vigia/common';
import { DataSource } from 'typeorm';
import type { ListOutboxQueryDto, OutboxMessageDetailDto, OutboxMessageDto, OutboxPageDto } from './dto/outbox.dto';

const COLUMNS = `m.id, m.to_address AS "toAddress", m.subject, m.status, m.attempts, m.last_error AS "lastError",
  m.created_at AS "createdAt", m.delivered_at AS "deliveredAt"`;

@Injectable()
export class OutboxService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paged on (created_at, id), which ix_mail_messages_created serves. */
  async list(query: ListOutboxQueryDto): Promise<OutboxPageDto> {
    const size = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`m.status = $${params.length}`);
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      params.push(createdAt, id);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(size + 1);
    const rows = await this.dataSource.query<OutboxMessageDto[]>(
      `SELECT ${COLUMNS} FROM mail_messages m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }

  async get(id: string): Promise<OutboxMessageDetailDto> {
    const rows = await this.dataSource.query<OutboxMessageDetailDto[]>(
      `SELECT ${COLUMNS}, m.text_body AS "textBody" FROM mail_messages m WHERE m.id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError('Mail message');
    return rows[0];
  }
}
