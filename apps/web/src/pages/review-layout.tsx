// One review: its title, status and the caller's role, its sections as tabs, and what the caller may do there.
// A review the user may not see answers 404, exactly like one that does not exist.
import { useMemo } from 'react';
import { NavLink, Outlet, useParams } from 'react-router';
import { ApiError } from '../api/errors';
import { useMe } from '../api/session';
import { ReviewStatusBadge } from '../components/badges';
import { ErrorNotice, Loading } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { useReview } from '../lib/queries';
import { reviewAccess, ReviewAccessContext } from '../lib/review-access';
import { NotFoundPage } from './not-found.page';

export function ReviewLayout() {
  const t = useT();
  const me = useMe();
  const { reviewId = '' } = useParams();
  const review = useReview(reviewId);
  const access = useMemo(() => (review.data ? reviewAccess(review.data, me) : null), [review.data, me]);

  if (review.error instanceof ApiError && (review.error.status === 404 || review.error.status === 400)) {
    return <NotFoundPage message={t('review.notFound')} />;
  }
  if (review.error) return <ErrorNotice error={review.error} onRetry={() => void review.refetch()} />;
  if (!access) return <Loading />;

  const tabs = [
    { to: '', label: t('review.tab.dashboard'), end: true },
    { to: 'deliverables', label: t('review.tab.deliverables') },
    { to: 'timeline', label: t('review.tab.timeline') },
    { to: 'workshops', label: t('review.tab.workshops') },
    { to: 'findings', label: t('review.tab.findings') },
    { to: 'reports', label: t('review.tab.reports') },
    { to: 'team', label: t('review.tab.team') },
    // Only a follow-up review inherits an earlier review's recommendations.
    ...(access.review.previousReviewId ? [{ to: 'previous-recommendations', label: t('review.tab.previous') }] : []),
    { to: 'settings', label: t('review.tab.settings') },
  ];

  return (
    <ReviewAccessContext.Provider value={access}>
      <div className="review-header">
        <div>
          <p className="eyebrow">{t('review.eyebrow')}</p>
          <h1 className="review-title">{access.review.title}</h1>
        </div>
        <div className="review-meta">
          <ReviewStatusBadge status={access.review.status} />
          <span className="muted">
            {t('review.yourRole')}: <strong>{access.role ? t(`role.${access.role}`) : t('role.admin')}</strong>
          </span>
        </div>
      </div>
      <nav className="tabs" aria-label={t('review.sections')}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </ReviewAccessContext.Provider>
  );
}
