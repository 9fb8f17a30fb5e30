// The frame of every signed-in page: skip link, main navigation, language, account; the page goes in <main>.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { session, useMe } from '../api/session';
import { useT } from '../i18n/i18n';
import { keys } from '../lib/queries';
import { ErrorNotice } from './feedback';
import { LanguageSwitch } from './language-switch';

/** Admins reach the queue dashboard through an HttpOnly cookie the api sets, then the page itself. */
function QueueDashboardButton() {
  const t = useT();
  const open = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/admin/queues/session', { credentials: 'same-origin' })),
    onSuccess: () => window.location.assign('/admin/queues'),
  });
  return (
    <>
      <button type="button" className="link-button" onClick={() => open.mutate()} disabled={open.isPending}>
        {t('nav.queues')}
      </button>
      {open.error && <ErrorNotice error={open.error} />}
    </>
  );
}

function UnreadCount() {
  const t = useT();
  const { data } = useQuery({
    queryKey: [...keys.notifications, 'unread'],
    refetchInterval: 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/me/notifications', { params: { query: { unread: true, limit: 1 } } })).unreadCount,
  });
  if (!data) return null;
  return (
    <span className="count" aria-label={t('nav.unread', { count: data })}>
      {data}
    </span>
  );
}

export function AppShell() {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation, keyboard and screen-reader users start at the new page, not at the old link.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  // The session's end clears every cached answer (main.tsx).
  const signOut = () => void session.signOut();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Vigía
        </Link>
        <nav aria-label={t('nav.main')} className="main-nav">
          <NavLink to="/" end>
            {t('nav.reviews')}
          </NavLink>
          <NavLink to="/notifications">
            {t('nav.notifications')} <UnreadCount />
          </NavLink>
          {me.role === 'admin' && <NavLink to="/admin/users">{t('nav.users')}</NavLink>}
          {me.role === 'admin' && <QueueDashboardButton />}
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          <span className="who" title={me.email}>
            {me.name}
          </span>
          <button type="button" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
