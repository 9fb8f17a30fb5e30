// A finding's recommendations: priority, responsible unit, target date and where implementation stands (the latest
// follow-up); each opens onto its follow-ups, and auditors and the coordinator add both.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import {
  FOLLOW_UP_STATUSES,
  type FollowUp,
  type FollowUpStatus,
  PRIORITIES,
  type Recommendation,
  type RecommendationPriority,
} from '../api/types';
import { useT } from '../i18n/i18n';
import { todayIso } from '../lib/dates';
import { useFormat } from '../lib/format';
import { allPages, keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';
import { FollowUpStatusBadge } from './badges';
import { Empty, ErrorNotice, Loading } from './feedback';

/** Records a follow-up of one recommendation (here, or from a review that follows up an earlier one). */
export function FollowUpForm({
  recommendationId,
  label,
  onRecorded,
}: {
  recommendationId: string;
  /** The form's accessible name; says which recommendation when several forms share a page. */
  label?: string;
  onRecorded: () => Promise<unknown>;
}) {
  const t = useT();
  const id = useId();
  const [status, setStatus] = useState<FollowUpStatus>('in_progress');
  const [note, setNote] = useState('');
  const [on, setOn] = useState(todayIso());
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/recommendations/{id}/follow-ups', {
          params: { path: { id: recommendationId } },
          body: { status, note, on },
        }),
      ),
    onSuccess: async () => {
      setNote('');
      await onRecorded();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="form inline-form" onSubmit={submit} aria-label={label ?? t('followUp.add')}>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-status`}>{t('followUp.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as FollowUpStatus)}>
            {FOLLOW_UP_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`followUp.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-on`}>{t('followUp.on')}</label>
          <input id={`${id}-on`} type="date" required value={on} onChange={(e) => setOn(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor={`${id}-note`}>{t('followUp.note')}</label>
          <input id={`${id}-note`} required value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <div className="align-end">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('followUp.add')}
          </button>
        </div>
      </div>
      <ErrorNotice error={add.error} />
    </form>
  );
}

function FollowUps({ recommendation }: { recommendation: Recommendation }) {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { writesFindings, review } = useReviewAccess();
  const queryKey = ['follow-ups', recommendation.id];
  const followUps = useQuery({
    queryKey,
    queryFn: (): Promise<FollowUp[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/recommendations/{id}/follow-ups', {
            params: { path: { id: recommendation.id }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  return (
    <div className="follow-ups">
      <h5>{t('followUp.title')}</h5>
      {followUps.isPending && <Loading />}
      <ErrorNotice error={followUps.error} />
      {followUps.data?.length === 0 && <Empty>{t('followUp.empty')}</Empty>}
      {followUps.data && followUps.data.length > 0 && (
        <ol className="follow-up-list">
          {followUps.data.map((f) => (
            <li key={f.id}>
              <FollowUpStatusBadge status={f.status} /> <span className="muted">{format.day(f.on)}</span> · {f.byName}
              <p>{f.note}</p>
            </li>
          ))}
        </ol>
      )}
      {writesFindings && (
        <FollowUpForm
          recommendationId={recommendation.id}
          onRecorded={() =>
            Promise.all([
              queryClient.invalidateQueries({ queryKey }),
              queryClient.invalidateQueries({ queryKey: ['recommendations', recommendation.findingId] }),
              queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
            ])
          }
        />
      )}
    </div>
  );
}

function NewRecommendation({ findingId, onDone }: { findingId: string; onDone: () => void }) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<RecommendationPriority>('medium');
  const [responsibleUnit, setResponsibleUnit] = useState('');
  const [targetOn, setTargetOn] = useState('');
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/findings/{id}/recommendations', {
          params: { path: { id: findingId } },
          body: { text, priority, responsibleUnit, targetOn },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['recommendations', findingId] }),
        queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
      ]);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="form card-inset" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('recommendation.new')}</h4>
      <label htmlFor={`${id}-text`}>{t('recommendation.text')}</label>
      <textarea id={`${id}-text`} rows={2} required value={text} onChange={(e) => setText(e.target.value)} />
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-priority`}>{t('recommendation.priority')}</label>
          <select
            id={`${id}-priority`}
            value={priority}
            onChange={(e) => setPriority(e.target.value as RecommendationPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="grow">
          <label htmlFor={`${id}-unit`}>{t('recommendation.unit')}</label>
          <input
            id={`${id}-unit`}
            required
            value={responsibleUnit}
            onChange={(e) => setResponsibleUnit(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-target`}>{t('recommendation.target')}</label>
          <input
            id={`${id}-target`}
            type="date"
            required
            value={targetOn}
            onChange={(e) => setTargetOn(e.target.value)}
          />
        </div>
      </div>
      <ErrorNotice error={add.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          {t('recommendation.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function RecommendationsPanel({ findingId }: { findingId: string }) {
  const t = useT();
  const id = useId();
  const format = useFormat();
  const { writesFindings } = useReviewAccess();
  const [adding, setAdding] = useState(false);
  const recommendations = useQuery({
    queryKey: ['recommendations', findingId],
    queryFn: (): Promise<Recommendation[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/findings/{id}/recommendations', {
            params: { path: { id: findingId }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h3 id={`${id}-title`}>{t('recommendation.title')}</h3>
        {writesFindings && !adding && (
          <button type="button" onClick={() => setAdding(true)}>
            {t('recommendation.add')}
          </button>
        )}
      </div>
      {adding && <NewRecommendation findingId={findingId} onDone={() => setAdding(false)} />}
      {recommendations.isPending && <Loading />}
      <ErrorNotice error={recommendations.error} />
      {recommendations.data?.length === 0 && <Empty>{t('recommendation.empty')}</Empty>}
      {recommendations.data?.map((r) => (
        <details key={r.id} className="recommendation">
          <summary>
            <span className="recommendation-text">{r.text}</span>
            <span className="recommendation-meta">
              <FollowUpStatusBadge status={r.latestStatus} />
              <span>{t(`priority.${r.priority}`)}</span>
              <span>{r.responsibleUnit}</span>
              <span className={r.overdue ? 'late-text' : undefined}>
                {t('recommendation.targetOn', { date: format.day(r.targetOn) })}
                {r.overdue && ` · ${t('recommendation.overdue')}`}
              </span>
            </span>
          </summary>
          <FollowUps recommendation={r} />
        </details>
      ))}
    </section>
  );
}
