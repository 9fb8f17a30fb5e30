// Workshops: the review's list with dates and places, and the coordinator's form for a new one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Workshop } from '../api/types';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { allPages, keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

function NewWorkshopForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [title, setTitle] = useState('');
  const [topic, setTopic] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [location, setLocation] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews/{id}/workshops', {
          params: { path: { id: review.id } },
          body: { title, topic, startsOn, location, ...(endsOn ? { endsOn } : {}) },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.workshops(review.id) }),
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
    <form className="card form" onSubmit={submit} aria-labelledby="new-workshop-title">
      <h3 id="new-workshop-title">{t('workshop.new')}</h3>
      <div className="form-row">
        <div className="grow">
          <label htmlFor="workshop-title">{t('workshop.title')}</label>
          <input id="workshop-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="workshop-topic">{t('workshop.topic')}</label>
          <input id="workshop-topic" required value={topic} onChange={(e) => setTopic(e.target.value)} />
        </div>
      </div>
      <div className="form-row">
        <div>
          <label htmlFor="workshop-starts">{t('workshop.startsOn')}</label>
          <input
            id="workshop-starts"
            type="date"
            required
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="workshop-ends">{t('workshop.endsOn')}</label>
          <input id="workshop-ends" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="workshop-location">{t('workshop.location')}</label>
          <input id="workshop-location" required value={location} onChange={(e) => setLocation(e.target.value)} />
        </div>
      </div>
      <ErrorNotice error={create.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('workshop.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function WorkshopsPage() {
  const t = useT();
  const format = useFormat();
  const { review, manages } = useReviewAccess();
  const [adding, setAdding] = useState(false);
  useDocumentTitle(`${t('review.tab.workshops')} · ${review.title}`);
  const workshops = useQuery({
    queryKey: keys.workshops(review.id),
    queryFn: (): Promise<Workshop[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/reviews/{id}/workshops', {
            params: { path: { id: review.id }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  return (
    <section aria-labelledby="workshops-title">
      <div className="page-header">
        <h2 id="workshops-title">{t('review.tab.workshops')}</h2>
        {manages && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('workshop.add')}
          </button>
        )}
      </div>
      {adding && <NewWorkshopForm onDone={() => setAdding(false)} />}
      {workshops.isPending && <Loading />}
      <ErrorNotice error={workshops.error} onRetry={() => void workshops.refetch()} />
      {workshops.data?.length === 0 && <Empty>{t('workshop.empty')}</Empty>}
      {workshops.data && workshops.data.length > 0 && (
        <table className="data-table">
          <caption className="sr-only">{t('review.tab.workshops')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('workshop.title')}</th>
              <th scope="col">{t('workshop.topic')}</th>
              <th scope="col">{t('workshop.dates')}</th>
              <th scope="col">{t('workshop.location')}</th>
            </tr>
          </thead>
          <tbody>
            {workshops.data.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link to={w.id} className="strong-link">
                    {w.title}
                  </Link>
                </td>
                <td>{w.topic}</td>
                <td>
                  {format.day(w.startsOn)}
                  {w.endsOn && w.endsOn !== w.startsOn && ` – ${format.day(w.endsOn)}`}
                </td>
                <td>{w.location}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
