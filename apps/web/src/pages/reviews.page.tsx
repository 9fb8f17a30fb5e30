// My reviews: every review the user can see, with its status, their role and what is late in it.
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Review, ReviewSummary } from '../api/types';
import { ReviewStatusBadge } from '../components/badges';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useLocale, useT } from '../i18n/i18n';
import { allPages, keys, useInstitutions } from '../lib/queries';

function LateSummary({ summary }: { summary: ReviewSummary | undefined }) {
  const t = useT();
  if (!summary) return <span className="muted">…</span>;
  const parts = [
    summary.deliverables.overdue.length > 0 &&
      t('reviews.lateDeliverables', { count: summary.deliverables.overdue.length }),
    summary.milestones.late.length > 0 && t('reviews.lateMilestones', { count: summary.milestones.late.length }),
    summary.recommendations.overdue > 0 && t('reviews.lateRecommendations', { count: summary.recommendations.overdue }),
  ].filter((p): p is string => Boolean(p));
  if (parts.length === 0) return <span className="ok-text">{t('reviews.nothingLate')}</span>;
  return (
    <ul className="late-list">
      {parts.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

export function ReviewsPage() {
  const t = useT();
  const { locale } = useLocale();
  useDocumentTitle(t('reviews.title'));
  const reviews = useQuery({
    queryKey: keys.reviews,
    queryFn: (): Promise<Review[]> =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/reviews', { params: { query: { cursor, limit: 200 } } })),
      ),
  });
  const institutions = useInstitutions();
  // One summary per open review, fetched side by side: a person works on a handful at a time, and nothing in a
  // closed review is late any more.
  const summaries = useQueries({
    queries: (reviews.data ?? []).map((review) => ({
      enabled: review.status !== 'closed',
      queryKey: [...keys.summary(review.id), locale],
      queryFn: async (): Promise<ReviewSummary> =>
        unwrap(
          await api.GET('/api/v1/reviews/{id}/summary', { params: { path: { id: review.id }, query: { locale } } }),
        ),
    })),
  });
  const institutionName = (id: string) => {
    const i = institutions.data?.find((x) => x.id === id);
    return i ? `${i.acronym} · ${i.name}` : '';
  };

  return (
    <section aria-labelledby="reviews-title">
      <div className="page-header">
        <h1 id="reviews-title">{t('reviews.title')}</h1>
        <Link className="button primary" to="/reviews/new">
          {t('reviews.new')}
        </Link>
      </div>
      {reviews.isPending && <Loading />}
      <ErrorNotice error={reviews.error} onRetry={() => void reviews.refetch()} />
      {reviews.data?.length === 0 && <Empty>{t('reviews.empty')}</Empty>}
      {reviews.data && reviews.data.length > 0 && (
        <table className="data-table">
          <caption className="sr-only">{t('reviews.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reviews.review')}</th>
              <th scope="col">{t('reviews.status')}</th>
              <th scope="col">{t('reviews.myRole')}</th>
              <th scope="col">{t('reviews.late')}</th>
            </tr>
          </thead>
          <tbody>
            {reviews.data.map((review, i) => (
              <tr key={review.id}>
                <td>
                  <Link to={`/reviews/${review.id}`} className="strong-link">
                    {review.title}
                  </Link>
                  <div className="muted small">{institutionName(review.institutionId)}</div>
                </td>
                <td>
                  <ReviewStatusBadge status={review.status} />
                </td>
                <td>{review.myRole ? t(`role.${review.myRole}`) : t('role.admin')}</td>
                <td>
                  {review.status === 'closed' ? (
                    <span className="muted">—</span>
                  ) : (
                    <LateSummary summary={summaries[i]?.data} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
