// One finding: what was found and why it matters, its rating, the workflow moves the api offers this user (submit,
// approve, send back, reopen with a reason), the author's or coordinator's edit with stale-version recovery,
// evidence, recommendations with follow-ups, comments and its history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { FindingDetail, FindingStatus } from '../api/types';
import { FindingStatusBadge, RatingBadge } from '../components/badges';
import { CommentsPanel } from '../components/comments-panel';
import { EvidencePanel } from '../components/evidence-panel';
import { ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { FINDING_TEXT_FIELDS, FindingForm, type FindingValues } from '../components/finding-form';
import { RecommendationsPanel } from '../components/recommendations-panel';
import { type MessageKey, useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys, useFocusAreas, usePrinciples } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';
import { useVersionedEdit, VersionedEditNotices } from '../lib/versioned-edit';
import { NotFoundPage } from './not-found.page';

const FIELDS = ['title', 'focusAreaId', 'principleCodes', ...FINDING_TEXT_FIELDS, 'likelihood', 'impact'] as const;
type Field = (typeof FIELDS)[number];

function valuesOf(f: FindingDetail): FindingValues {
  return Object.fromEntries(FIELDS.map((k) => [k, f[k]])) as unknown as FindingValues;
}

/** The button's words for a move: submitting, approving, sending back for work, or reopening an approval. */
function moveLabel(from: FindingStatus, to: FindingStatus): MessageKey {
  if (to === 'in_review') return 'finding.move.submit';
  if (to === 'approved') return 'finding.move.approve';
  return from === 'approved' ? 'finding.move.reopen' : 'finding.move.sendBack';
}

function WorkflowActions({ finding }: { finding: FindingDetail }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [reasonFor, setReasonFor] = useState<FindingStatus | null>(null);
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: async ({ to, why }: { to: FindingStatus; why?: string }) =>
      unwrap(
        await api.POST('/api/v1/findings/{id}/transitions', {
          params: { path: { id: finding.id } },
          body: why ? { to, reason: why } : { to },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.finding(finding.id), updated);
      setReasonFor(null);
      setReason('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.findings(finding.reviewId) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(finding.reviewId) }),
      ]);
    },
  });
  if (finding.allowedMoves.length === 0) return null;
  const reopening = finding.status === 'approved';
  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    if (reasonFor) move.mutate({ to: reasonFor, why: reason.trim() || undefined });
  };
  return (
    <div className="workflow card" role="group" aria-label={t('finding.workflow')}>
      <p className="muted small">{t(`finding.next.${finding.status}`)}</p>
      <div className="card-actions">
        {finding.allowedMoves.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'draft' ? undefined : 'primary'}
            disabled={move.isPending}
            onClick={() => (to === 'draft' ? setReasonFor(to) : move.mutate({ to }))}
          >
            {t(moveLabel(finding.status, to))}
          </button>
        ))}
      </div>
      {reasonFor && (
        <form className="form" onSubmit={submitReason}>
          <label htmlFor="move-reason">{reopening ? t('finding.reasonRequired') : t('finding.reasonOptional')}</label>
          <textarea
            id="move-reason"
            rows={2}
            required={reopening}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={move.isPending || (reopening && !reason.trim())}>
              {t(moveLabel(finding.status, reasonFor))}
            </button>
            <button type="button" onClick={() => setReasonFor(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={move.error} />
    </div>
  );
}

/** Editing with optimistic locking; a stale version offers Reload (lib/versioned-edit). */
function EditFinding({ finding, onDone }: { finding: FindingDetail; onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const edit = useVersionedEdit({
    record: finding,
    valuesOf,
    save: async (changes, version) =>
      unwrap(
        await api.PATCH('/api/v1/findings/{id}', {
          params: { path: { id: finding.id } },
          body: { ...changes, version },
        }),
      ),
    fetchLatest: async () => unwrap(await api.GET('/api/v1/findings/{id}', { params: { path: { id: finding.id } } })),
    onReloaded: (latest) => queryClient.setQueryData(keys.finding(finding.id), latest),
    onSaved: async (updated) => {
      queryClient.setQueryData(keys.finding(finding.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.findings(finding.reviewId) });
      onDone();
    },
  });
  const fieldLabel = (k: Field): string =>
    k === 'focusAreaId' ? t('finding.focusArea') : k === 'principleCodes' ? t('finding.principles') : t(`finding.${k}`);
  return (
    <FindingForm
      values={edit.values}
      onChange={edit.setValues}
      onSubmit={edit.submit}
      submitLabel={t('common.save')}
      busy={edit.busy}
      onCancel={onDone}
    >
      <VersionedEditNotices edit={edit} theirs={valuesOf(edit.base)} fieldLabel={fieldLabel} />
    </FindingForm>
  );
}

export function FindingPage() {
  const t = useT();
  const format = useFormat();
  const { findingId = '' } = useParams();
  const { review, manages, role, meId } = useReviewAccess();
  const [editing, setEditing] = useState(false);
  const areas = useFocusAreas();
  const principles = usePrinciples();
  const finding = useQuery({
    queryKey: keys.finding(findingId),
    queryFn: async (): Promise<FindingDetail> =>
      unwrap(await api.GET('/api/v1/findings/{id}', { params: { path: { id: findingId } } })),
  });
  useDocumentTitle(finding.data?.title);

  if (finding.error instanceof ApiError && (finding.error.status === 404 || finding.error.status === 400)) {
    return <NotFoundPage />;
  }
  if (finding.error) return <ErrorNotice error={finding.error} onRetry={() => void finding.refetch()} />;
  if (!finding.data) return <Loading />;
  const f = finding.data;
  // The author or the coordinator edits; an approved finding is read-only until reopened.
  const canEdit = f.status !== 'approved' && (manages || (role === 'auditor' && f.authorId === meId));
  const principleName = (code: string) => principles.data?.find((p) => p.code === code)?.name ?? code;

  return (
    <article aria-labelledby="finding-title" className="finding">
      <p>
        <Link to={`/reviews/${review.id}/findings`}>← {t('findings.title')}</Link>
      </p>
      <header className="finding-header">
        <h2 id="finding-title">{f.title}</h2>
        <div className="badges">
          <FindingStatusBadge status={f.status} />
          <RatingBadge rating={f.rating} />
          <span className="muted">
            {t('finding.score', { likelihood: f.likelihood, impact: f.impact, score: f.likelihood * f.impact })}
          </span>
        </div>
        <p className="muted small">
          {t('finding.byline', { author: f.authorName, date: format.day(f.createdAt.slice(0, 10)) })}
          {' · '}
          {areas.data?.find((a) => a.id === f.focusAreaId)?.name}
        </p>
        <ul className="tag-list" aria-label={t('finding.principles')}>
          {f.principleCodes.map((code) => (
            <li key={code} className="tag">
              {principleName(code)}
            </li>
          ))}
        </ul>
      </header>
      <WorkflowActions finding={f} />
      {editing ? (
        <EditFinding finding={f} onDone={() => setEditing(false)} />
      ) : (
        <section className="card" aria-labelledby="finding-details">
          <div className="section-header">
            <h3 id="finding-details">{t('finding.details')}</h3>
            {canEdit && (
              <button type="button" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </button>
            )}
          </div>
          <dl className="finding-text">
            {FINDING_TEXT_FIELDS.map((field) => (
              <div key={field}>
                <dt>{t(`finding.${field}`)}</dt>
                <dd>{f[field]}</dd>
              </div>
            ))}
          </dl>
          {f.status === 'approved' && f.approvedAt && (
            <p className="muted small">{t('finding.approvedOn', { date: format.instant(f.approvedAt) })}</p>
          )}
        </section>
      )}
      <EvidencePanel finding={f} />
      <RecommendationsPanel findingId={f.id} />
      <CommentsPanel findingId={f.id} />
      <section className="card" aria-labelledby="finding-history">
        <h3 id="finding-history">{t('finding.history')}</h3>
        {f.history.length === 0 ? (
          <p className="muted">{t('finding.noHistory')}</p>
        ) : (
          <ol className="history">
            {f.history.map((h) => (
              <li key={`${h.at}-${h.to}`}>
                {t('finding.historyEntry', {
                  from: t(`finding.status.${h.from}`),
                  to: t(`finding.status.${h.to}`),
                  by: h.byName,
                  at: format.instant(h.at),
                })}
                {h.reason && <q className="reason">{h.reason}</q>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
