// A person's own notifications: the list, and marking them read.
import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, NotFoundError } from '@vigia/common';
import { DataSource } from 'typeorm';
import type {
  ListNotificationsQueryDto,
  NotificationDto,
  NotificationPageDto,
  ReadAllNotificationsDto,
} from './dto/notification.dto';

const COLUMNS = `n.id, n.kind, n.review_id AS "reviewId", n.item_type AS "itemType", n.item_id AS "itemId", n.occasion,
  to_char(n.due_on::timestamp, 'YYYY-MM-DD') AS "dueOn", n.title, n.body, n.read_at AS "readAt", n.created_at AS "createdAt"`;

@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first, keyset-paged on (created_at, id): ix_notifications_user_created serves the list and
   * ix_notifications_user_unread the unread filter and count.
   */
  async list(userId: string, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const size = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const params: unknown[] = [userId];
    const where = ['n.user_id = $1'];
    if (query.unread !== undefined) where.push(query.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      params.push(createdAt, id);
      where.push(`(n.created_at, n.id) < ($2::timestamptz, $3::uuid)`);
    }
    params.push(size + 1);
    const rows = await this.dataSource.query<NotificationDto[]>(
      `SELECT ${COLUMNS} FROM notifications n WHERE ${where.join(' AND ')}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    const unread = await this.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
      unreadCount: unread[0].n,
    };
  }

  /** Marks one of the caller's notifications read; reading it again keeps the first readAt. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const rows = await this.dataSource.query<NotificationDto[]>(
      // Through a CTE: TypeORM answers a bare UPDATE with [rows, count] rather than the rows.
      `WITH marked AS (
         UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT ${COLUMNS} FROM marked n`,
      [id, userId],
    );
    // Someone else's notification is answered exactly like a missing one.
    if (!rows[0]) throw new NotFoundError('Notification');
    return rows[0];
  }

  async markAllRead(userId: string): Promise<ReadAllNotificationsDto> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH marked AS (UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM marked`,
      [userId],
    );
    return { updated: rows[0].n };
  }
}
