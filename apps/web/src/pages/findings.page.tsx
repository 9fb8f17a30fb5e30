// The findings register: the api's filters (focus area, rating, status, principle, author) and its accent-blind
// search, kept in the address so a filtered register can be bookmarked or shared; pages load on demand.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { FINDING_STATUSES, type FindingStatus, RATINGS, type Rating } from '../api/types';
import { FindingStatusBadge, RatingBadge } from '../components/badges';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys, useFocusAreas, useMembers, usePrinciples } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

const PAGE_SIZE = 25;
const SORTS = ['-createdAt', 'createdAt', '-rating', 'rating', 'title'] as const;
type Sort = (typeof SORTS)[number];

export function FindingsPage() {
  const t = useT();
  const format = useFormat();
  const { review, writesFindings } = useReviewAccess();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  useDocumentTitle(`${t('review.tab.findings')} · ${review.title}`);
  const areas = useFocusAreas();
  const principles = usePrinciples();
  const members = useMembers(review.id);

  const filters = {
    focusAreaId: params.get('focusAreaId') || undefined,
    rating: (params.get('rating') || undefined) as Rating | undefined,
    status: (params.get('status') || undefined) as FindingStatus | undefined,
    principle: params.get('principle') || undefined,
    authorId: params.get('authorId') || undefined,
    q: params.get('q') || undefined,
    sort: (params.get('sort') || '-createdAt') as Sort,
  };
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', search.trim());
  };
  const clear = () => {
    setSearch('');
    setParams(new URLSearchParams(), { replace: true });
  };

  const findings = useInfiniteQuery({
    queryKey: [...keys.findings(review.id), filters],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/reviews/{id}/findings', {
          params: {
            path: { id: review.id },
            query: { ...filters, cursor: pageParam, limit: PAGE_SIZE },
          },
        }),
      ),
    // The register stays on screen while a new filter loads, instead of flashing empty.
    placeholderData: keepPreviousData,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = findings.data?.pages.flatMap((p) => p.items) ?? [];
  const areaName = (id: string) => areas.data?.find((a) => a.id === id)?.name ?? '';
  const filtered = [...params.keys()].some((k) => k !== 'sort');

  return (
    <section aria-labelledby="findings-title">
      <div className="page-header">
        <h2 id="findings-title">{t('findings.title')}</h2>
        {writesFindings && (
          <Link className="button primary" to="new">
            {t('findings.new')}
          </Link>
        )}
      </div>
      <div className="card filters" role="search" aria-label={t('findings.filters')}>
        <form className="search-form" onSubmit={submitSearch}>
          <label htmlFor="findings-search">{t('findings.search')}</label>
          <div className="search-row">
            <input
              id="findings-search"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('findings.searchPlaceholder')}
            />
            <button type="submit">{t('findings.searchButton')}</button>
          </div>
        </form>
        <div className="filter-row">
          <div>
            <label htmlFor="filter-area">{t('finding.focusArea')}</label>
            <select
              id="filter-area"
              value={filters.focusAreaId ?? ''}
              onChange={(e) => setFilter('focusAreaId', e.target.value)}
            >
              <option value="">{t('common.all')}</option>
              {areas.data?.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-rating">{t('finding.rating')}</label>
            <select
              id="filter-rating"
              value={filters.rating ?? ''}
              onChange={(e) => setFilter('rating', e.target.value)}
            >
              <option value="">{t('common.all')}</option>
              {RATINGS.map((r) => (
                <option key={r} value={r}>
                  {t(`rating.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-status">{t('finding.status')}</label>
            <select
              id="filter-status"
              value={filters.status ?? ''}
              onChange={(e) => setFilter('status', e.target.value)}
            >
              <option value="">{t('common.all')}</option>
              {FINDING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`finding.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-principle">{t('finding.principle')}</label>
            <select
              id="filter-principle"
              value={filters.principle ?? ''}
              onChange={(e) => setFilter('principle', e.target.value)}
            >
              <option value="">{t('common.all')}</option>
              {principles.data?.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-author">{t('finding.author')}</label>
            <select
              id="filter-author"
              value={filters.authorId ?? ''}
              onChange={(e) => setFilter('authorId', e.target.value)}
            >
              <option value="">{t('common.all')}</option>
              {members.data?.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-sort">{t('findings.sort')}</label>
            <select id="filter-sort" value={filters.sort} onChange={(e) => setFilter('sort', e.target.value)}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`findings.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {filtered && (
            <div className="align-end">
              <button type="button" onClick={clear}>
                {t('findings.clear')}
              </button>
            </div>
          )}
        </div>
      </div>
      {findings.isPending && <Loading />}
      <ErrorNotice error={findings.error} onRetry={() => void findings.refetch()} />
      {findings.data && rows.length === 0 && <Empty>{filtered ? t('findings.noMatch') : t('findings.empty')}</Empty>}
      {rows.length > 0 && (
        <table className="data-table">
          <caption className="sr-only">{t('findings.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('finding.title')}</th>
              <th scope="col">{t('finding.focusArea')}</th>
              <th scope="col">{t('finding.rating')}</th>
              <th scope="col">{t('finding.status')}</th>
              <th scope="col">{t('finding.author')}</th>
              <th scope="col">{t('finding.created')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={f.id} className="strong-link">
                    {f.title}
                  </Link>
                </td>
                <td>{areaName(f.focusAreaId)}</td>
                <td className="nowrap">
                  <RatingBadge rating={f.rating} />{' '}
                  <span className="muted small">
                    {f.likelihood}×{f.impact}
                  </span>
                </td>
                <td>
                  <FindingStatusBadge status={f.status} />
                </td>
                <td>{f.authorName}</td>
                <td className="nowrap">{format.day(f.createdAt.slice(0, 10))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {findings.hasNextPage && (
        <p>
          <button type="button" onClick={() => void findings.fetchNextPage()} disabled={findings.isFetchingNextPage}>
            {t('findings.more')}
          </button>
        </p>
      )}
    </section>
  );
}
