// The review itself: its details and the coordinator's edit, its status moved one step forward or back as the api
// allows, and the reminder policy (members read it, the coordinator changes it).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { ReviewStatus } from '../api/types';
import { ReviewStatusBadge } from '../components/badges';
import { ConflictNotice, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { EditReview } from '../components/record-editors';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys, useFocusAreas } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

/** The order the api walks (UpdateReviewDto.status): one step at a time, either way. */
const STATUS_ORDER: readonly ReviewStatus[] = ['planning', 'active', 'reporting', 'follow_up', 'closed'];

function ReviewStatusMoves() {
  const t = useT();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [reloading, setReloading] = useState(false);
  const at = STATUS_ORDER.indexOf(review.status);
  const moves = [STATUS_ORDER[at - 1], STATUS_ORDER[at + 1]].filter((s): s is ReviewStatus => s !== undefined);
  const move = useMutation({
    mutationFn: async (status: ReviewStatus) =>
      unwrap(
        await api.PATCH('/api/v1/reviews/{id}', {
          params: { path: { id: review.id } },
          body: { status, version: review.version },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.review(review.id), saved);
      await queryClient.invalidateQueries({ queryKey: keys.reviews });
    },
  });
  const reload = async () => {
    setReloading(true);
    try {
      await queryClient.refetchQueries({ queryKey: keys.review(review.id) });
      move.reset();
    } finally {
      setReloading(false);
    }
  };
  const conflict = move.error instanceof ApiError && move.error.isVersionConflict;
  return (
    <div role="group" aria-label={t('review.statusMoves')}>
      <div className="card-actions">
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={STATUS_ORDER.indexOf(to) > at ? 'primary' : undefined}
            disabled={move.isPending}
            onClick={() => move.mutate(to)}
          >
            {t(STATUS_ORDER.indexOf(to) > at ? 'review.moveForward' : 'review.moveBack', {
              status: t(`review.status.${to}`),
            })}
          </button>
        ))}
      </div>
      {conflict ? (
        <ConflictNotice onReload={() => void reload()} reloading={reloading} />
      ) : (
        <ErrorNotice error={move.error} />
      )}
    </div>
  );
}

function ReminderPolicyPanel() {
  const t = useT();
  const queryClient = useQueryClient();
  const { review, manages } = useReviewAccess();
  const queryKey = ['reminder-policy', review.id];
  const [editing, setEditing] = useState(false);
  const [daysBefore, setDaysBefore] = useState('');
  const [overdueEvery, setOverdueEvery] = useState('');
  const [reloading, setReloading] = useState(false);
  const policy = useQuery({
    queryKey,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reviews/{id}/reminder-policy', { params: { path: { id: review.id } } })),
  });
  const days = daysBefore
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v1/reviews/{id}/reminder-policy', {
          params: { path: { id: review.id } },
          body: { daysBefore: days, overdueEveryDays: Number(overdueEvery), version: policy.data?.version ?? 0 },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey, saved);
      setEditing(false);
    },
  });
  const startEditing = () => {
    setDaysBefore(policy.data?.daysBefore.join(', ') ?? '');
    setOverdueEvery(String(policy.data?.overdueEveryDays ?? ''));
    save.reset();
    setEditing(true);
  };
  // The form keeps what was typed; Reload only brings the latest version number (and shows the latest values).
  const reload = async () => {
    setReloading(true);
    try {
      await policy.refetch();
      save.reset();
    } finally {
      setReloading(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const conflict = save.error instanceof ApiError && save.error.isVersionConflict;
  const badDays = days.some((d) => !Number.isInteger(d) || d < 1 || d > 365);
  return (
    <section className="card" aria-labelledby="reminders-title">
      <div className="section-header">
        <h3 id="reminders-title">{t('reminders.title')}</h3>
        {manages && !editing && policy.data && (
          <button type="button" onClick={startEditing}>
            {t('reminders.edit')}
          </button>
        )}
      </div>
      {policy.isPending && <Loading />}
      <ErrorNotice error={policy.error} onRetry={() => void policy.refetch()} />
      {policy.data && (
        <dl className="facts">
          <div>
            <dt>{t('reminders.daysBefore')}</dt>
            <dd data-testid="reminder-days">{policy.data.daysBefore.join(', ')}</dd>
          </div>
          <div>
            <dt>{t('reminders.overdueEvery')}</dt>
            <dd>{t('reminders.everyDays', { count: policy.data.overdueEveryDays })}</dd>
          </div>
          {policy.data.isDefault && <p className="muted small">{t('reminders.isDefault')}</p>}
        </dl>
      )}
      {editing && (
        <form className="form" onSubmit={submit} aria-label={t('reminders.edit')}>
          <label htmlFor="reminder-days-before">{t('reminders.daysBefore')}</label>
          <p id="reminder-days-hint" className="hint">
            {t('reminders.daysBeforeHint')}
          </p>
          <input
            id="reminder-days-before"
            required
            inputMode="numeric"
            aria-describedby="reminder-days-hint"
            aria-invalid={badDays}
            value={daysBefore}
            onChange={(e) => setDaysBefore(e.target.value)}
          />
          <label htmlFor="reminder-overdue-every">{t('reminders.overdueEvery')}</label>
          <input
            id="reminder-overdue-every"
            type="number"
            required
            min={1}
            max={365}
            value={overdueEvery}
            onChange={(e) => setOverdueEvery(e.target.value)}
          />
          {badDays && <p className="late-text small">{t('reminders.badDays')}</p>}
          {conflict ? (
            <ConflictNotice onReload={() => void reload()} reloading={reloading} />
          ) : (
            <ErrorNotice error={save.error} />
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={save.isPending || badDays || days.length === 0}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function ReviewSettingsPage() {
  const t = useT();
  const format = useFormat();
  const { review, manages } = useReviewAccess();
  const areas = useFocusAreas();
  const [editing, setEditing] = useState(false);
  useDocumentTitle(`${t('review.tab.settings')} · ${review.title}`);
  const day = (d: string | null | undefined) => (d ? format.day(d) : '—');
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('review.tab.settings')}</h2>
      {editing ? (
        <EditReview review={review} onDone={() => setEditing(false)} />
      ) : (
        <section className="card" aria-labelledby="review-details-title">
          <div className="section-header">
            <h3 id="review-details-title">{t('review.details')}</h3>
            {manages && (
              <button type="button" onClick={() => setEditing(true)}>
                {t('review.edit')}
              </button>
            )}
          </div>
          <dl className="facts">
            <div>
              <dt>{t('review.field.title')}</dt>
              <dd>{review.title}</dd>
            </div>
            <div>
              <dt>{t('review.field.summary')}</dt>
              <dd>{review.summary ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('review.field.dates')}</dt>
              <dd>
                {day(review.startsOn)} – {day(review.endsOn)}
              </dd>
            </div>
            <div>
              <dt>{t('review.field.focusAreas')}</dt>
              <dd>
                {review.focusAreaIds.map((id) => areas.data?.find((a) => a.id === id)?.name ?? id).join(', ') || '—'}
              </dd>
            </div>
          </dl>
        </section>
      )}
      <section className="card" aria-labelledby="review-status-title">
        <h3 id="review-status-title">{t('review.statusTitle')}</h3>
        <p>
          <ReviewStatusBadge status={review.status} />
        </p>
        {manages && <ReviewStatusMoves />}
      </section>
      <ReminderPolicyPanel />
    </section>
  );
}
