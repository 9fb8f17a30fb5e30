// Keyset pages over raw SQL rows, for the lists whose rows come from a LATERAL join rather than one entity.
import { DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, type Page } from '@vigia/common';

/** How many rows to read for a page of `limit`: one more, to know whether another page follows. */
export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/**
 * The page from rows read with `LIMIT pageSize(limit) + 1`; the cursor holds the sort key of the last row shown
 * (`keyOf`), whose last element is the id that makes the order total.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number | undefined,
  keyOf: (row: R) => (string | number)[],
  map: (row: R) => T,
): Page<T> {
  const size = pageSize(limit);
  const shown = rows.slice(0, size);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(map),
    nextCursor: rows.length > size && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
