// The user's reminders and digests, newest first: mark one or all read, and go to what each is about.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Notification } from '../api/types';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys } from '../lib/queries';

/** Where in the review the item lives. */
function itemPath(n: Notification): string {
  const review = `/reviews/${n.reviewId}`;
  switch (n.itemType) {
    case 'deliverable':
      return `${review}/deliverables`;
    case 'milestone':
      return `${review}/timeline`;
    case 'recommendation':
      return `${review}/findings`;
    default:
      return review;
  }
}

function NotificationItem({ notification }: { notification: Notification }) {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id: notification.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });
  const unread = !notification.readAt;
  return (
    <li className={unread ? 'notification unread' : 'notification'}>
      <div>
        <p className="notification-title">
          {unread && <span className="sr-only">{t('notifications.unread')}: </span>}
          <strong>{notification.title}</strong>
        </p>
        <p>{notification.body}</p>
        <p className="muted small">
          {t(`notifications.kind.${notification.kind}`)} · {format.instant(notification.createdAt)}
          {notification.dueOn && ` · ${t('notifications.due', { date: format.day(notification.dueOn) })}`}
        </p>
        <ErrorNotice error={read.error} />
      </div>
      <div className="card-actions">
        <Link to={itemPath(notification)} onClick={() => unread && read.mutate()}>
          {t('notifications.open')}
        </Link>
        {unread && (
          <button type="button" className="small-button" onClick={() => read.mutate()} disabled={read.isPending}>
            {t('notifications.markRead')}
          </button>
        )}
      </div>
    </li>
  );
}

export function NotificationsPage() {
  const t = useT();
  const queryClient = useQueryClient();
  useDocumentTitle(t('notifications.title'));
  const notifications = useInfiniteQuery({
    queryKey: [...keys.notifications, 'list'],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/me/notifications', { params: { query: { cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const readAll = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/me/notifications/read-all')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });
  const items = notifications.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = notifications.data?.pages[0]?.unreadCount ?? 0;
  return (
    <section aria-labelledby="notifications-title" className="narrow">
      <div className="page-header">
        <h1 id="notifications-title">{t('notifications.title')}</h1>
        {unread > 0 && (
          <button type="button" onClick={() => readAll.mutate()} disabled={readAll.isPending}>
            {t('notifications.readAll')}
          </button>
        )}
      </div>
      <p className="muted">{t('notifications.unreadCount', { count: unread })}</p>
      <ErrorNotice error={readAll.error} />
      {notifications.isPending && <Loading />}
      <ErrorNotice error={notifications.error} onRetry={() => void notifications.refetch()} />
      {notifications.data && items.length === 0 && <Empty>{t('notifications.empty')}</Empty>}
      {items.length > 0 && (
        <ul className="notification-list">
          {items.map((n) => (
            <NotificationItem key={n.id} notification={n} />
          ))}
        </ul>
      )}
      {notifications.hasNextPage && (
        <button
          type="button"
          onClick={() => void notifications.fetchNextPage()}
          disabled={notifications.isFetchingNextPage}
        >
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
