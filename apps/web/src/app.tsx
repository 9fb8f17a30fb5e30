// The app's pages and who reaches them: everything but sign-in needs a session; a review's pages sit under it.
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useSession } from './api/session';
import { AppShell } from './components/app-shell';
import { Loading } from './components/feedback';
import { DeliverablesPage } from './pages/deliverables.page';
import { FindingPage } from './pages/finding.page';
import { FindingsPage } from './pages/findings.page';
import { NewFindingPage } from './pages/new-finding.page';
import { NewReviewPage } from './pages/new-review.page';
import { NotFoundPage } from './pages/not-found.page';
import { NotificationsPage } from './pages/notifications.page';
import { PreviousRecommendationsPage } from './pages/previous-recommendations.page';
import { ReportsPage } from './pages/reports.page';
import { ReviewLayout } from './pages/review-layout';
import { ReviewSettingsPage } from './pages/review-settings.page';
import { ReviewsPage } from './pages/reviews.page';
import { SignInPage } from './pages/sign-in.page';
import { TeamPage } from './pages/team.page';
import { TimelinePage } from './pages/timeline.page';
import { UsersPage } from './pages/users.page';
import { WorkshopPage } from './pages/workshop.page';
import { WorkshopsPage } from './pages/workshops.page';

/** Signed-out visitors go to sign-in, and come back to where they were going. */
function RequireSession({ children }: { children: ReactNode }) {
  const state = useSession();
  const location = useLocation();
  if (state.status === 'starting') return <Loading />;
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <ReviewsPage /> },
      { path: 'reviews/new', element: <NewReviewPage /> },
      {
        path: 'reviews/:reviewId',
        element: <ReviewLayout />,
        children: [
          // The charts library is the largest part of the app: only the dashboard loads it.
          { index: true, lazy: async () => ({ Component: (await import('./pages/dashboard.page')).DashboardPage }) },
          { path: 'deliverables', element: <DeliverablesPage /> },
          { path: 'timeline', element: <TimelinePage /> },
          { path: 'workshops', element: <WorkshopsPage /> },
          { path: 'workshops/:workshopId', element: <WorkshopPage /> },
          { path: 'findings', element: <FindingsPage /> },
          { path: 'findings/new', element: <NewFindingPage /> },
          { path: 'findings/:findingId', element: <FindingPage /> },
          { path: 'reports', element: <ReportsPage /> },
          { path: 'team', element: <TeamPage /> },
          { path: 'settings', element: <ReviewSettingsPage /> },
          { path: 'previous-recommendations', element: <PreviousRecommendationsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
