// The timeline: milestones, open deliverables and workshops on a Gantt chart that shows each date's precision, the
// same items as a table, and the coordinator's form for a new milestone.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { type Deliverable, PRECISIONS, type Precision } from '../api/types';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { Gantt, GanttLegend, timelineStatus } from '../components/gantt';
import { EditMilestone } from '../components/record-editors';
import { useLocale, useT } from '../i18n/i18n';
import { todayIso } from '../lib/dates';
import { allPages, keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

function NewMilestoneForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [title, setTitle] = useState('');
  const [plannedOn, setPlannedOn] = useState('');
  const [precision, setPrecision] = useState<Precision>('day');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews/{id}/milestones', {
          params: { path: { id: review.id } },
          body: { title, plannedOn, precision },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.timeline(review.id) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(review.id) }),
      ]);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-milestone-title">
      <h3 id="new-milestone-title">{t('milestone.new')}</h3>
      <div className="form-row">
        <div className="grow">
          <label htmlFor="milestone-title">{t('milestone.title')}</label>
          <input id="milestone-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div>
          <label htmlFor="milestone-planned">{t('milestone.planned')}</label>
          <input
            id="milestone-planned"
            type="date"
            required
            value={plannedOn}
            onChange={(e) => setPlannedOn(e.target.value)}
            aria-describedby="milestone-planned-hint"
          />
        </div>
        <div>
          <label htmlFor="milestone-precision">{t('milestone.precision')}</label>
          <select
            id="milestone-precision"
            value={precision}
            onChange={(e) => setPrecision(e.target.value as Precision)}
          >
            {PRECISIONS.map((p) => (
              <option key={p} value={p}>
                {t(`precision.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id="milestone-planned-hint" className="muted small">
        {t('milestone.plannedHint')}
      </p>
      <ErrorNotice error={create.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('milestone.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A subscription link for calendar applications, fetched on demand: it carries a token for this review. */
function CalendarFeed() {
  const t = useT();
  const { locale } = useLocale();
  const { review } = useReviewAccess();
  const feed = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.GET('/api/v1/reviews/{id}/timeline/feed', { params: { path: { id: review.id }, query: { locale } } }),
      ),
  });
  return (
    <div className="card calendar-feed">
      <h3>{t('timeline.feedTitle')}</h3>
      <p className="muted small">{t('timeline.feedHint')}</p>
      {feed.data ? (
        <>
          <label htmlFor="feed-url">{t('timeline.feedUrl')}</label>
          <input
            id="feed-url"
            readOnly
            value={new URL(feed.data.url, window.location.origin).toString()}
            onFocus={(e) => e.target.select()}
          />
        </>
      ) : (
        <button type="button" onClick={() => feed.mutate()} disabled={feed.isPending}>
          {t('timeline.feedButton')}
        </button>
      )}
      <ErrorNotice error={feed.error} />
    </div>
  );
}

/** Loads the milestone (the timeline has no version) and the deliverables it may link to, then the edit form. */
function MilestoneEditor({ milestoneId, onDone }: { milestoneId: string; onDone: () => void }) {
  const { review } = useReviewAccess();
  const milestone = useQuery({
    queryKey: ['milestone', milestoneId],
    queryFn: async () => unwrap(await api.GET('/api/v1/milestones/{id}', { params: { path: { id: milestoneId } } })),
  });
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
  if (milestone.error) return <ErrorNotice error={milestone.error} onRetry={() => void milestone.refetch()} />;
  if (!milestone.data || !deliverables.data) return <Loading />;
  return <EditMilestone milestone={milestone.data} deliverables={deliverables.data} onDone={onDone} />;
}

export function TimelinePage() {
  const t = useT();
  const { locale } = useLocale();
  const { review, manages } = useReviewAccess();
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  useDocumentTitle(`${t('review.tab.timeline')} · ${review.title}`);
  const timeline = useQuery({
    queryKey: [...keys.timeline(review.id), locale],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reviews/{id}/timeline', { params: { path: { id: review.id }, query: { locale } } }))
        .items,
  });
  const items = timeline.data ?? [];

  return (
    <section aria-labelledby="timeline-title">
      <div className="page-header">
        <h2 id="timeline-title">{t('review.tab.timeline')}</h2>
        {manages && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('milestone.add')}
          </button>
        )}
      </div>
      {adding && <NewMilestoneForm onDone={() => setAdding(false)} />}
      {editingId && <MilestoneEditor key={editingId} milestoneId={editingId} onDone={() => setEditingId(null)} />}
      {timeline.isPending && <Loading />}
      <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />
      {timeline.data && items.length === 0 && <Empty>{t('timeline.empty')}</Empty>}
      {items.length > 0 && (
        <>
          <GanttLegend />
          <div className="card gantt-card">
            <Gantt items={items} today={todayIso()} />
          </div>
          <table className="data-table">
            <caption>{t('timeline.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('timeline.item')}</th>
                <th scope="col">{t('timeline.kind')}</th>
                <th scope="col">{t('timeline.when')}</th>
                <th scope="col">{t('timeline.precision')}</th>
                <th scope="col">{t('timeline.statusColumn')}</th>
                <th scope="col">{t('timeline.slippage')}</th>
                {manages && (
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.type}-${item.id}`}>
                  <th scope="row">{item.title}</th>
                  <td>{t(`timeline.type.${item.type}`)}</td>
                  <td>{item.label}</td>
                  <td>{t(`precision.${item.precision}`)}</td>
                  <td>{timelineStatus(t, item.status)}</td>
                  <td>
                    {item.slippageDays === null || item.slippageDays === undefined
                      ? '—'
                      : t('timeline.days', { count: item.slippageDays })}
                  </td>
                  {manages && (
                    <td>
                      {item.type === 'milestone' && (
                        <button
                          type="button"
                          className="small-button"
                          onClick={() => setEditingId(item.id)}
                          aria-label={t('milestone.edit', { title: item.title })}
                        >
                          {t('common.edit')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <CalendarFeed />
        </>
      )}
    </section>
  );
}
