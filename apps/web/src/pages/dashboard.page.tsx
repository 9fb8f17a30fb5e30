// The review at a glance, for a manager: deliverables by status, what is overdue and coming up, milestone
// slippage, findings by focus area and rating, and how far recommendations are implemented. Every chart has its
// numbers as a table beside it, for screen readers and for anyone who prefers to read them.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import {
  DELIVERABLE_STATUSES,
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
  RATINGS,
  type ReviewSummary,
  type TimelineItem,
} from '../api/types';
import { DeliverableStatusBadge } from '../components/badges';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useLocale, useT } from '../i18n/i18n';
import { DELIVERABLE_COLORS, FOLLOW_UP_COLORS, MILESTONE_COLORS, RATING_COLORS } from '../lib/colors';
import { addDays, todayIso } from '../lib/dates';
import { useFormat } from '../lib/format';
import { keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

/** Follow-up statuses from done to not done, so the bar fills from the left as recommendations are implemented. */
const PROGRESS_ORDER: readonly FollowUpStatus[] = [
  'implemented',
  'partially_implemented',
  'in_progress',
  'not_started',
  'not_implemented',
];

/** How far ahead "coming up" looks. */
const UPCOMING_DAYS = 30;

function ChartFigure({ title, table, children }: { title: string; table: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <figure className="card chart-card">
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <div className="chart">{children}</div>
      <details className="chart-table">
        <summary>{t('dashboard.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="card kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value">{value}</p>
      {detail && <p className="kpi-detail">{detail}</p>}
    </div>
  );
}

function DeliverablesChart({ summary }: { summary: ReviewSummary }) {
  const t = useT();
  const data = DELIVERABLE_STATUSES.map((status) => ({
    status,
    name: t(`deliverable.status.${status}`),
    value: summary.deliverables.byStatus[status],
  }));
  return (
    <ChartFigure
      title={t('dashboard.deliverablesByStatus')}
      table={
        <table className="data-table compact">
          <tbody>
            {data.map((d) => (
              <tr key={d.status}>
                <th scope="row">{d.name}</th>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {summary.deliverables.total === 0 ? (
        <Empty>{t('dashboard.noDeliverables')}</Empty>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <PieChart>
            <Pie
              data={data.filter((d) => d.value > 0)}
              dataKey="value"
              nameKey="name"
              innerRadius="55%"
              outerRadius="85%"
              paddingAngle={1}
              isAnimationActive={false}
              label={({ value }) => String(value)}
            >
              {data
                .filter((d) => d.value > 0)
                .map((d) => (
                  <Cell key={d.status} fill={DELIVERABLE_COLORS[d.status]} />
                ))}
            </Pie>
            <Tooltip />
            <Legend verticalAlign="bottom" itemSorter={null} />
          </PieChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

function FindingsChart({ summary }: { summary: ReviewSummary }) {
  const t = useT();
  const rows = summary.findings.byFocusArea.filter((a) => a.total > 0);
  return (
    <ChartFigure
      title={t('dashboard.findingsByArea')}
      table={
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('finding.focusArea')}</th>
              {RATINGS.map((r) => (
                <th scope="col" key={r}>
                  {t(`rating.${r}`)}
                </th>
              ))}
              <th scope="col">{t('dashboard.total')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.findings.byFocusArea.map((a) => (
              <tr key={a.focusAreaId}>
                <th scope="row">{a.name}</th>
                {RATINGS.map((r) => (
                  <td key={r}>{a[r]}</td>
                ))}
                <td>{a.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.length === 0 ? (
        <Empty>{t('dashboard.noFindings')}</Empty>
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 44 + 70)}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
            <CartesianGrid horizontal={false} stroke="#d5dbe1" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend itemSorter={null} />
            {RATINGS.map((r) => (
              <Bar
                key={r}
                dataKey={r}
                name={t(`rating.${r}`)}
                stackId="rating"
                fill={RATING_COLORS[r]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

function RecommendationsChart({ summary }: { summary: ReviewSummary }) {
  const t = useT();
  const format = useFormat();
  const recs = summary.recommendations;
  const row = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, recs.byStatus[s]]));
  return (
    <ChartFigure
      title={t('dashboard.implementation')}
      table={
        <table className="data-table compact">
          <tbody>
            {PROGRESS_ORDER.map((s) => (
              <tr key={s}>
                <th scope="row">{t(`followUp.status.${s}`)}</th>
                <td>{recs.byStatus[s]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <p className="big-number">
        {recs.implementationRate === null ? '—' : format.percent(recs.implementationRate)}
        <span className="big-number-label">{t('dashboard.implementationRate')}</span>
      </p>
      {recs.total === 0 ? (
        <Empty>{t('dashboard.noRecommendations')}</Empty>
      ) : (
        <ResponsiveContainer width="100%" height={110}>
          <BarChart data={[row]} layout="vertical" margin={{ left: 0, right: 8 }}>
            <XAxis type="number" hide domain={[0, recs.total]} />
            <YAxis type="category" hide />
            <Tooltip />
            <Legend itemSorter={null} />
            {PROGRESS_ORDER.map((s) => (
              <Bar
                key={s}
                dataKey={s}
                name={t(`followUp.status.${s}`)}
                stackId="status"
                fill={FOLLOW_UP_COLORS[s]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

function SlippageChart({ summary }: { summary: ReviewSummary }) {
  const t = useT();
  const format = useFormat();
  const late = summary.milestones.late;
  return (
    <ChartFigure
      title={t('dashboard.slippage')}
      table={
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('milestone.title')}</th>
              <th scope="col">{t('milestone.planned')}</th>
              <th scope="col">{t('dashboard.daysLate')}</th>
            </tr>
          </thead>
          <tbody>
            {late.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.title}</th>
                <td>{format.day(m.plannedOn)}</td>
                <td>{m.slippageDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <p className="muted">
        {t('dashboard.milestonesAchieved', { achieved: summary.milestones.achieved, total: summary.milestones.total })}
      </p>
      {late.length === 0 ? (
        <Empty>{t('dashboard.noLateMilestones')}</Empty>
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(120, late.length * 40 + 50)}>
          <BarChart data={late} layout="vertical" margin={{ left: 8, right: 24 }}>
            <CartesianGrid horizontal={false} stroke="#d5dbe1" />
            <XAxis type="number" allowDecimals={false} unit={` ${t('dashboard.daysUnit')}`} />
            <YAxis type="category" dataKey="title" width={170} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar
              dataKey="slippageDays"
              name={t('dashboard.daysLate')}
              fill={MILESTONE_COLORS.late}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

function Overdue({ summary }: { summary: ReviewSummary }) {
  const t = useT();
  const format = useFormat();
  const items = summary.deliverables.overdue;
  return (
    <section className="card" aria-labelledby="overdue-title">
      <h3 id="overdue-title">{t('dashboard.overdue')}</h3>
      {items.length === 0 ? (
        <Empty>{t('dashboard.nothingOverdue')}</Empty>
      ) : (
        <ul className="item-list">
          {items.map((d) => (
            <li key={d.id}>
              <span className="item-title">{d.title}</span>
              <DeliverableStatusBadge status={d.status} />
              <span className="late-text">
                {t('dashboard.dueLate', { date: format.day(d.dueOn), days: d.daysLate })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to="deliverables">{t('dashboard.toBoard')}</Link>
    </section>
  );
}

function Upcoming({ items }: { items: TimelineItem[] | undefined }) {
  const t = useT();
  const today = todayIso();
  const horizon = addDays(today, UPCOMING_DAYS);
  const upcoming = (items ?? []).filter(
    (i) => i.endDate >= today && i.date <= horizon && i.status !== 'achieved' && i.status !== 'delivered',
  );
  return (
    <section className="card" aria-labelledby="upcoming-title">
      <h3 id="upcoming-title">{t('dashboard.upcoming', { days: UPCOMING_DAYS })}</h3>
      {!items ? (
        <Loading />
      ) : upcoming.length === 0 ? (
        <Empty>{t('dashboard.nothingUpcoming')}</Empty>
      ) : (
        <ul className="item-list">
          {upcoming.map((i) => (
            <li key={`${i.type}-${i.id}`}>
              <span className="item-title">{i.title}</span>
              <span className="muted">{t(`timeline.type.${i.type}`)}</span>
              <span>{i.label}</span>
            </li>
          ))}
        </ul>
      )}
      <Link to="timeline">{t('dashboard.toTimeline')}</Link>
    </section>
  );
}

export function DashboardPage() {
  const t = useT();
  const format = useFormat();
  const { locale } = useLocale();
  const { review } = useReviewAccess();
  useDocumentTitle(`${t('review.tab.dashboard')} · ${review.title}`);
  const summary = useQuery({
    queryKey: [...keys.summary(review.id), locale],
    queryFn: async (): Promise<ReviewSummary> =>
      unwrap(await api.GET('/api/v1/reviews/{id}/summary', { params: { path: { id: review.id }, query: { locale } } })),
  });
  const timeline = useQuery({
    queryKey: [...keys.timeline(review.id), locale],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reviews/{id}/timeline', { params: { path: { id: review.id }, query: { locale } } }))
        .items,
  });

  if (summary.isPending) return <Loading />;
  if (summary.error) return <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const severe = s.findings.byRating.high + s.findings.byRating.critical;

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h2 id="dashboard-title" className="sr-only">
        {t('review.tab.dashboard')}
      </h2>
      <p className="muted small">{t('dashboard.asOf', { date: format.day(s.asOf) })}</p>
      <div className="kpis">
        <Kpi
          label={t('dashboard.kpiDeliverables')}
          value={format.number(s.deliverables.total)}
          detail={t('dashboard.kpiOverdue', { count: s.deliverables.overdue.length })}
        />
        <Kpi
          label={t('dashboard.kpiMilestones')}
          value={`${s.milestones.achieved} / ${s.milestones.total}`}
          detail={t('dashboard.kpiLate', { count: s.milestones.late.length })}
        />
        <Kpi
          label={t('dashboard.kpiFindings')}
          value={format.number(s.findings.total)}
          detail={t('dashboard.kpiSevere', { count: severe })}
        />
        <Kpi
          label={t('dashboard.implementationRate')}
          value={
            s.recommendations.implementationRate === null ? '—' : format.percent(s.recommendations.implementationRate)
          }
          detail={t('dashboard.kpiRecommendations', { count: s.recommendations.total })}
        />
      </div>
      <div className="dashboard-grid">
        <DeliverablesChart summary={s} />
        <FindingsChart summary={s} />
        <Overdue summary={s} />
        <Upcoming items={timeline.data} />
        <SlippageChart summary={s} />
        <RecommendationsChart summary={s} />
      </div>
    </section>
  );
}
