// Accounts, for admins: who can sign in, with which global role and language; new accounts; deactivation; and a
// way into the queue dashboard.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import { useMe } from '../api/session';
import { type GlobalRole, LOCALES, type Locale, type User } from '../api/types';
import { ConflictNotice, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { LANGUAGE_NAMES, useLocale, useT } from '../i18n/i18n';
import { NotFoundPage } from './not-found.page';

const USERS = ['users'] as const;

function UserRow({ user }: { user: User }) {
  const t = useT();
  const me = useMe();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: async (changes: { active?: boolean; role?: GlobalRole }) =>
      unwrap(
        await api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { ...changes, version: user.version },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
  const conflict = update.error instanceof ApiError && update.error.isVersionConflict;
  const self = user.id === me.id;
  return (
    <tr>
      <th scope="row">{user.name}</th>
      <td>{user.email}</td>
      <td>{user.role === 'admin' ? t('role.admin') : t('role.user')}</td>
      <td>{LANGUAGE_NAMES[user.locale]}</td>
      <td>{user.active ? t('users.active') : t('users.inactive')}</td>
      <td>
        {!self && (
          <div className="card-actions">
            <button
              type="button"
              className="small-button"
              disabled={update.isPending}
              onClick={() => update.mutate({ active: !user.active })}
              aria-label={t(user.active ? 'users.deactivateNamed' : 'users.activateNamed', { name: user.name })}
            >
              {user.active ? t('users.deactivate') : t('users.activate')}
            </button>
            <button
              type="button"
              className="small-button"
              disabled={update.isPending}
              onClick={() => update.mutate({ role: user.role === 'admin' ? 'user' : 'admin' })}
              aria-label={t(user.role === 'admin' ? 'users.revokeAdminNamed' : 'users.makeAdminNamed', {
                name: user.name,
              })}
            >
              {user.role === 'admin' ? t('users.revokeAdmin') : t('users.makeAdmin')}
            </button>
          </div>
        )}
        {conflict ? (
          <ConflictNotice
            onReload={() => void queryClient.invalidateQueries({ queryKey: USERS }).then(() => update.reset())}
            reloading={false}
          />
        ) : (
          <ErrorNotice error={update.error} />
        )}
      </td>
    </tr>
  );
}

function NewUserForm() {
  const t = useT();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<GlobalRole>('user');
  const { locale: current } = useLocale();
  const [locale, setLocale] = useState<Locale>(current);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/users', { body: { email, name, password, role, locale } })),
    onSuccess: async () => {
      setEmail('');
      setName('');
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: USERS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('users.new')}</h2>
      <div className="form-row">
        <div className="grow">
          <label htmlFor="user-name">{t('users.name')}</label>
          <input id="user-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="user-email">{t('users.email')}</label>
          <input id="user-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="user-password">{t('users.password')}</label>
          <input
            id="user-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="user-password-hint"
          />
          <p id="user-password-hint" className="hint">
            {t('users.passwordHint')}
          </p>
        </div>
        <div>
          <label htmlFor="user-role">{t('users.role')}</label>
          <select id="user-role" value={role} onChange={(e) => setRole(e.target.value as GlobalRole)}>
            <option value="user">{t('role.user')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </div>
        <div>
          <label htmlFor="user-locale">{t('users.language')}</label>
          <select id="user-locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={create.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}

export function UsersPage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(t('users.title'));
  const users = useInfiniteQuery({
    queryKey: USERS,
    enabled: me.role === 'admin',
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { cursor: pageParam, limit: 100 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (me.role !== 'admin') return <NotFoundPage />;
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <NewUserForm />
      {users.isPending && <Loading />}
      <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />
      {rows.length > 0 && (
        <table className="data-table">
          <caption className="sr-only">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.language')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <UserRow key={u.id} user={u} />
            ))}
          </tbody>
        </table>
      )}
      {users.hasNextPage && (
        <button type="button" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
