// Shared reads: catalogues, the review and its team. Pages keep their own reads next to their use.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { FocusArea, Institution, Member, Principle, Review } from '../api/types';
import { useLocale } from '../i18n/i18n';

const MAX_PAGE = 200;

/** Every item of a paged list (for catalogue-sized lists: a review's deliverables, the institutions). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const keys = {
  review: (id: string) => ['review', id] as const,
  reviews: ['reviews'] as const,
  members: (reviewId: string) => ['members', reviewId] as const,
  deliverables: (reviewId: string) => ['deliverables', reviewId] as const,
  summary: (reviewId: string) => ['summary', reviewId] as const,
  timeline: (reviewId: string) => ['timeline', reviewId] as const,
  workshops: (reviewId: string) => ['workshops', reviewId] as const,
  workshop: (id: string) => ['workshop', id] as const,
  findings: (reviewId: string) => ['findings', reviewId] as const,
  finding: (id: string) => ['finding', id] as const,
  reports: (reviewId: string) => ['reports', reviewId] as const,
  notifications: ['notifications'] as const,
};

export function useReview(id: string) {
  return useQuery({
    queryKey: keys.review(id),
    queryFn: async (): Promise<Review> => unwrap(await api.GET('/api/v1/reviews/{id}', { params: { path: { id } } })),
  });
}

export function useMembers(reviewId: string) {
  return useQuery({
    queryKey: keys.members(reviewId),
    queryFn: async (): Promise<Member[]> =>
      unwrap(await api.GET('/api/v1/reviews/{id}/members', { params: { path: { id: reviewId } } })).items,
  });
}

export function useFocusAreas() {
  const { locale } = useLocale();
  return useQuery({
    queryKey: ['focus-areas', locale],
    staleTime: Infinity,
    queryFn: (): Promise<FocusArea[]> =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/focus-areas', { params: { query: { locale, cursor, limit: MAX_PAGE } } })),
      ),
  });
}

export function usePrinciples() {
  const { locale } = useLocale();
  return useQuery({
    queryKey: ['principles', locale],
    staleTime: Infinity,
    queryFn: (): Promise<Principle[]> =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/principles', { params: { query: { locale, cursor, limit: MAX_PAGE } } })),
      ),
  });
}

export function useInstitutions() {
  return useQuery({
    queryKey: ['institutions'],
    staleTime: 5 * 60_000,
    queryFn: (): Promise<Institution[]> =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/institutions', { params: { query: { cursor, limit: MAX_PAGE } } })),
      ),
  });
}
