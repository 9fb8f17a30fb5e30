// A follow-up review's inheritance: the earlier review's recommendations with where each stands (its latest
// follow-up, whichever review recorded it), and the auditors' and coordinator's form to record a new follow-up.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { FollowUpStatusBadge } from '../components/badges';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { FollowUpForm } from '../components/recommendations-panel';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { allPages, keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

export function PreviousRecommendationsPage() {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { review, writesFindings } = useReviewAccess();
  useDocumentTitle(`${t('review.tab.previous')} · ${review.title}`);
  const queryKey = ['previous-recommendations', review.id];
  const previous = useQuery({
    queryKey,
    queryFn: () =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/reviews/{id}/previous-recommendations', {
            params: { path: { id: review.id }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  return (
    <section aria-labelledby="previous-title">
      <h2 id="previous-title">{t('review.tab.previous')}</h2>
      <p className="muted">{t('previous.intro')}</p>
      {previous.isPending && <Loading />}
      <ErrorNotice error={previous.error} onRetry={() => void previous.refetch()} />
      {previous.data?.length === 0 && <Empty>{t('previous.empty')}</Empty>}
      {previous.data?.map((r) => (
        <article key={r.id} className="card recommendation" aria-labelledby={`previous-${r.id}`}>
          <h3 id={`previous-${r.id}`} className="recommendation-text">
            {r.text}
          </h3>
          <p className="muted small">
            {t('previous.finding', { title: r.findingTitle })} · {r.focusAreaCode}
          </p>
          <p className="recommendation-meta">
            <FollowUpStatusBadge status={r.latestStatus} />
            <span>{t(`priority.${r.priority}`)}</span>
            <span>{r.responsibleUnit}</span>
            <span className={r.overdue ? 'late-text' : undefined}>
              {t('recommendation.targetOn', { date: format.day(r.targetOn) })}
              {r.overdue && ` · ${t('recommendation.overdue')}`}
            </span>
            {r.latestFollowUpOn && <span>{t('previous.lastFollowUp', { date: format.day(r.latestFollowUpOn) })}</span>}
          </p>
          {writesFindings && (
            <FollowUpForm
              recommendationId={r.id}
              label={t('previous.record', { text: r.text })}
              onRecorded={() =>
                Promise.all([
                  queryClient.invalidateQueries({ queryKey }),
                  queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
                ])
              }
            />
          )}
        </article>
      ))}
    </section>
  );
}
