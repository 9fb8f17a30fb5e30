// The deliverables board: one column per status, each card offering exactly the moves the api says the user may
// make (buttons, so the board works from the keyboard), and the coordinator's form for a new deliverable.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import {
  DELIVERABLE_KINDS,
  DELIVERABLE_STATUSES,
  type Deliverable,
  type DeliverableKind,
  type DeliverableStatus,
  type Member,
} from '../api/types';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { EditDeliverable } from '../components/record-editors';
import { type MessageKey, useT } from '../i18n/i18n';
import { DELIVERABLE_COLORS } from '../lib/colors';
import { useFormat } from '../lib/format';
import { allPages, keys, useMembers } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

/** The button's words for a move; going back from review to work is asking for changes. */
function moveLabel(from: DeliverableStatus, to: DeliverableStatus): MessageKey {
  if (from === 'in_review' && to === 'in_progress') return 'deliverable.move.back';
  return `deliverable.move.${to}`;
}

function DeliverableCard({ deliverable, members }: { deliverable: Deliverable; members: Member[] }) {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { review, manages } = useReviewAccess();
  const [editing, setEditing] = useState(false);
  const move = useMutation({
    mutationFn: async (to: DeliverableStatus) =>
      unwrap(
        await api.POST('/api/v1/deliverables/{id}/transitions', {
          params: { path: { id: deliverable.id } },
          body: { to },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.deliverables(review.id) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
        queryClient.invalidateQueries({ queryKey: keys.timeline(review.id) }),
      ]),
  });
  const owner = members.find((m) => m.userId === deliverable.ownerId);
  const titleId = `deliverable-${deliverable.id}`;
  if (editing) {
    return (
      <li>
        <EditDeliverable deliverable={deliverable} members={members} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li>
      <article className="board-card" aria-labelledby={titleId}>
        <h4 id={titleId}>{deliverable.title}</h4>
        <p className="muted small">
          {t(`deliverable.kind.${deliverable.kind}`)}
          {owner && ` · ${owner.name}`}
        </p>
        <p className={deliverable.overdue ? 'late-text small' : 'small'}>
          {t('deliverable.due', { date: format.day(deliverable.dueOn) })}
          {deliverable.overdue && <strong> · {t('deliverable.overdue')}</strong>}
          {deliverable.deliveredOn &&
            ` · ${t('deliverable.deliveredOn', { date: format.day(deliverable.deliveredOn) })}`}
        </p>
        {deliverable.allowedMoves.length > 0 && (
          <div className="card-actions" role="group" aria-label={t('deliverable.moves', { title: deliverable.title })}>
            {deliverable.allowedMoves.map((to) => (
              <button
                key={to}
                type="button"
                className="small-button"
                disabled={move.isPending}
                onClick={() => move.mutate(to)}
                aria-label={t('deliverable.moveTo', {
                  title: deliverable.title,
                  status: t(`deliverable.status.${to}`),
                })}
              >
                {t(moveLabel(deliverable.status, to))}
              </button>
            ))}
          </div>
        )}
        {manages && (
          <button
            type="button"
            className="small-button"
            onClick={() => setEditing(true)}
            aria-label={t('deliverable.edit', { title: deliverable.title })}
          >
            {t('common.edit')}
          </button>
        )}
        <ErrorNotice error={move.error} />
      </article>
    </li>
  );
}

function NewDeliverableForm({ members, onDone }: { members: Member[]; onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DeliverableKind>('report');
  const [dueOn, setDueOn] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews/{id}/deliverables', {
          params: { path: { id: review.id } },
          body: {
            title,
            kind,
            dueOn,
            ...(ownerId ? { ownerId } : {}),
            ...(description.trim() ? { description } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.deliverables(review.id) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
        queryClient.invalidateQueries({ queryKey: keys.timeline(review.id) }),
      ]);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-deliverable-title">
      <h3 id="new-deliverable-title">{t('deliverable.new')}</h3>
      <div className="form-row">
        <div className="grow">
          <label htmlFor="deliverable-title">{t('deliverable.title')}</label>
          <input
            id="deliverable-title"
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="deliverable-kind">{t('deliverable.kind')}</label>
          <select id="deliverable-kind" value={kind} onChange={(e) => setKind(e.target.value as DeliverableKind)}>
            {DELIVERABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`deliverable.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="deliverable-due">{t('deliverable.dueOn')}</label>
          <input id="deliverable-due" type="date" required value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
        </div>
        <div>
          <label htmlFor="deliverable-owner">{t('deliverable.owner')}</label>
          <select id="deliverable-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t('deliverable.noOwner')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({t(`role.${m.role}`)})
              </option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor="deliverable-description">{t('deliverable.description')}</label>
      <textarea
        id="deliverable-description"
        rows={2}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <ErrorNotice error={create.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('deliverable.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function DeliverablesPage() {
  const t = useT();
  const { review, manages } = useReviewAccess();
  const [adding, setAdding] = useState(false);
  useDocumentTitle(`${t('review.tab.deliverables')} · ${review.title}`);
  const members = useMembers(review.id);
  const deliverables = useQuery({
    queryKey: keys.deliverables(review.id),
    queryFn: (): Promise<Deliverable[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/reviews/{id}/deliverables', {
            params: { path: { id: review.id }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });

  return (
    <section aria-labelledby="deliverables-title">
      <div className="page-header">
        <h2 id="deliverables-title">{t('review.tab.deliverables')}</h2>
        {manages && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('deliverable.add')}
          </button>
        )}
      </div>
      {adding && <NewDeliverableForm members={members.data ?? []} onDone={() => setAdding(false)} />}
      {deliverables.isPending && <Loading />}
      <ErrorNotice error={deliverables.error} onRetry={() => void deliverables.refetch()} />
      {deliverables.data?.length === 0 && <Empty>{t('deliverable.empty')}</Empty>}
      {deliverables.data && deliverables.data.length > 0 && (
        <div className="board">
          {DELIVERABLE_STATUSES.map((status) => {
            const column = deliverables.data.filter((d) => d.status === status);
            return (
              <section
                key={status}
                className="board-column"
                aria-labelledby={`column-${status}`}
                style={{ borderTopColor: DELIVERABLE_COLORS[status] }}
              >
                <h3 id={`column-${status}`}>
                  {t(`deliverable.status.${status}`)} <span className="count-muted">{column.length}</span>
                </h3>
                {column.length === 0 ? (
                  <p className="muted small">{t('deliverable.columnEmpty')}</p>
                ) : (
                  <ul className="board-list">
                    {column.map((d) => (
                      <DeliverableCard key={d.id} deliverable={d} members={members.data ?? []} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
