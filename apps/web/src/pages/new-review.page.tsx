// Opening a review: any active user may; they become its coordinator.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { keys, useFocusAreas, useInstitutions } from '../lib/queries';

export function NewReviewPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const institutions = useInstitutions();
  const areas = useFocusAreas();
  const [title, setTitle] = useState('');
  const [institutionId, setInstitutionId] = useState('');
  const [summary, setSummary] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [focusAreaIds, setFocusAreaIds] = useState<string[]>([]);
  useDocumentTitle(t('newReview.title'));

  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews', {
          body: {
            title,
            institutionId,
            ...(summary.trim() ? { summary } : {}),
            ...(startsOn ? { startsOn } : {}),
            ...(endsOn ? { endsOn } : {}),
            ...(focusAreaIds.length ? { focusAreaIds } : {}),
          },
        }),
      ),
    onSuccess: async (review) => {
      await queryClient.invalidateQueries({ queryKey: keys.reviews });
      void navigate(`/reviews/${review.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const toggleArea = (id: string) =>
    setFocusAreaIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <section aria-labelledby="new-review-title" className="narrow">
      <p>
        <Link to="/">← {t('reviews.title')}</Link>
      </p>
      <h1 id="new-review-title">{t('newReview.title')}</h1>
      <p className="muted">{t('newReview.intro')}</p>
      {(institutions.isPending || areas.isPending) && <Loading />}
      <form className="card form" onSubmit={submit}>
        <label htmlFor="review-title">{t('newReview.reviewTitle')}</label>
        <input id="review-title" required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="review-institution">{t('newReview.institution')}</label>
        <select
          id="review-institution"
          required
          value={institutionId}
          onChange={(e) => setInstitutionId(e.target.value)}
        >
          <option value="">{t('common.choose')}</option>
          {institutions.data?.map((i) => (
            <option key={i.id} value={i.id}>
              {i.acronym} · {i.name}
            </option>
          ))}
        </select>
        <label htmlFor="review-summary">{t('newReview.summary')}</label>
        <textarea id="review-summary" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
        <div className="form-row">
          <div>
            <label htmlFor="review-starts">{t('newReview.startsOn')}</label>
            <input id="review-starts" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          </div>
          <div>
            <label htmlFor="review-ends">{t('newReview.endsOn')}</label>
            <input id="review-ends" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
          </div>
        </div>
        {areas.data && (
          <fieldset>
            <legend>{t('newReview.focusAreas')}</legend>
            <div className="checkbox-grid">
              {areas.data.map((area) => (
                <label key={area.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={focusAreaIds.includes(area.id)}
                    onChange={() => toggleArea(area.id)}
                  />
                  {area.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <ErrorNotice error={create.error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('newReview.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
