// SQL pieces shared by the review summary and the reports' data, so the two count the same way.
import { RATINGS } from '../finding.entity';

/** `count(*) FILTER (WHERE column = 'value')` for each value of a code-defined enum, named after the value. */
export const countsBy = (column: string, values: readonly string[]): string =>
  values.map((v) => `count(*) FILTER (WHERE ${column} = '${v}')::int AS "${v}"`).join(', ');

/** The catalogue name in the locale given as parameter `param` (focus areas and principles carry all three). */
export const nameIn = (alias: string, param: string): string =>
  `CASE ${param}::text WHEN 'es' THEN ${alias}.name_es WHEN 'fr' THEN ${alias}.name_fr ELSE ${alias}.name_en END`;

/**
 * FROM and WHERE of the focus-area figures of review `reviewParam`: `fa` the focus areas the review names or its
 * findings use, `c` their findings' counts (total and one column per rating; null for none). Order by
 * `fa.position, fa.id` for the catalogue's order.
 */
export const focusAreaCountsFrom = (reviewParam: string): string => `
  FROM focus_areas fa
  LEFT JOIN (
    SELECT focus_area_id, count(*) AS total, ${countsBy('rating', RATINGS)}
    FROM findings WHERE review_id = ${reviewParam} GROUP BY focus_area_id
  ) c ON c.focus_area_id = fa.id
  WHERE c.focus_area_id IS NOT NULL
     OR fa.id = ANY ((SELECT focus_area_ids FROM reviews WHERE id = ${reviewParam})::uuid[])`;
