// The review's team: who is on it and in which role; the coordinator adds and removes members.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { MEMBER_ROLES, type Member, type MemberRole, type User } from '../api/types';
import { ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { allPages, keys, useMembers } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

function MemberRow({ member }: { member: Member }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { review, manages, meId } = useReviewAccess();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/api/v1/reviews/{id}/members/{userId}', {
          params: { path: { id: review.id, userId: member.userId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.members(review.id) }),
  });
  return (
    <tr>
      <th scope="row">
        {member.name}
        {member.userId === meId && <span className="muted"> ({t('team.you')})</span>}
      </th>
      <td>{member.email}</td>
      <td>{t(`role.${member.role}`)}</td>
      {manages && (
        <td>
          <button
            type="button"
            className="small-button"
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
            aria-label={t('team.removeNamed', { name: member.name })}
          >
            {t('common.remove')}
          </button>
          <ErrorNotice error={remove.error} />
        </td>
      )}
    </tr>
  );
}

/**
 * Only admins can list accounts (GET /users), so they pick a person from the list; a coordinator enters the
 * person's account id.
 */
function AddMember({ members }: { members: Member[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { review, isAdmin } = useReviewAccess();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<MemberRole>('auditor');
  const users = useQuery({
    queryKey: ['users', 'all'],
    enabled: isAdmin,
    queryFn: (): Promise<User[]> =>
      allPages(async (cursor) => unwrap(await api.GET('/api/v1/users', { params: { query: { cursor, limit: 200 } } }))),
  });
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews/{id}/members', {
          params: { path: { id: review.id } },
          body: { userId: userId.trim(), role },
        }),
      ),
    onSuccess: async () => {
      setUserId('');
      await queryClient.invalidateQueries({ queryKey: keys.members(review.id) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const candidates = (users.data ?? []).filter((u) => u.active && !members.some((m) => m.userId === u.id));
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="add-member-title">
      <h3 id="add-member-title">{t('team.add')}</h3>
      <div className="form-row">
        <div className="grow">
          {isAdmin ? (
            <>
              <label htmlFor="member-user">{t('team.person')}</label>
              <select id="member-user" required value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">{t('common.choose')}</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} · {u.email}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label htmlFor="member-user">{t('team.userId')}</label>
              <input
                id="member-user"
                required
                value={userId}
                onChange={(e) => setUserId(e.target.value)}
                aria-describedby="member-user-hint"
              />
              <p id="member-user-hint" className="hint">
                {t('team.userIdHint')}
              </p>
            </>
          )}
        </div>
        <div>
          <label htmlFor="member-role">{t('team.role')}</label>
          <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="align-end">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('common.add')}
          </button>
        </div>
      </div>
      <ErrorNotice error={add.error} />
    </form>
  );
}

export function TeamPage() {
  const t = useT();
  const { review, manages, meId } = useReviewAccess();
  useDocumentTitle(`${t('review.tab.team')} · ${review.title}`);
  const members = useMembers(review.id);
  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t('review.tab.team')}</h2>
      {members.isPending && <Loading />}
      <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />
      {members.data && (
        <table className="data-table">
          <caption className="sr-only">{t('review.tab.team')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.name')}</th>
              <th scope="col">{t('team.email')}</th>
              <th scope="col">{t('team.role')}</th>
              {manages && (
                <th scope="col">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <MemberRow key={m.id} member={m} />
            ))}
          </tbody>
        </table>
      )}
      {manages && <AddMember members={members.data ?? []} />}
      <p className="muted small">{t('team.yourId', { id: meId })}</p>
    </section>
  );
}
