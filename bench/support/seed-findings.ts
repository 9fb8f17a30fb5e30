// Seeds the api benchmark's data set in a few set-based statements: reviews with a coordinator and an auditor each, and
// their findings spread over every status, rating, focus area and principle.
import { PasswordService } from '../../libs/auth/src/password.service';
import type { DataSource } from 'typeorm';

export interface SeededMember {
  id: string;
  email: string;
}

export interface SeededReview {
  id: string;
  coordinator: SeededMember;
  auditor: SeededMember;
}

export interface SeededData {
  reviews: SeededReview[];
  /** Every seeded account's password (one argon2id hash, made with the api's own parameters). */
  password: string;
  focusAreaIds: string[];
  principleCodes: string[];
}

export const BENCH_PASSWORD = 'bench-password-0123';

/**
 * `reviews` reviews, members 2n-1 (coordinator) and 2n (auditor) on review n, and `findings` findings dealt round the
 * reviews. Rows satisfy the table's CHECKs and the app's rules: approved rows carry who approved them and when, and
 * every finding cites one or two catalogue principles. No audit rows: the register and the summary do not read them.
 */
export async function seedFindings(dataSource: DataSource, reviews: number, findings: number): Promise<SeededData> {
  const q = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const hash = await new PasswordService().hash(BENCH_PASSWORD);

  await q(`INSERT INTO institutions (name, acronym, jurisdiction, country, version)
           VALUES ('Instituto de Seguridad y Servicios Sociales', 'ISSSTESON', 'state', 'MX', 1)`);
  await q(
    `INSERT INTO users (email, name, role, password_hash, version)
     SELECT 'member' || g || '@bench.vigia', 'Member ' || g, 'user', $2, 1 FROM generate_series(1, $1::int * 2) g`,
    [reviews, hash],
  );
  // Zero-padded titles, so that ordering by title numbers the reviews 1..n.
  await q(
    `INSERT INTO reviews (title, institution_id, status, created_by_id, focus_area_ids, version)
     SELECT 'Review ' || lpad(g::text, 3, '0'), (SELECT id FROM institutions LIMIT 1), 'active',
            (SELECT id FROM users WHERE email = 'member' || (2 * g - 1) || '@bench.vigia'),
            (SELECT array_agg(id ORDER BY position) FROM focus_areas), 1
       FROM generate_series(1, $1::int) g`,
    [reviews],
  );
  await q(`INSERT INTO review_members (review_id, user_id, role, version)
           SELECT r.id, u.id, CASE WHEN u.email = 'member' || (2 * r.n - 1) || '@bench.vigia' THEN 'coordinator' ELSE 'auditor' END, 1
             FROM (SELECT id, row_number() OVER (ORDER BY title) AS n FROM reviews) r
             JOIN users u ON u.email IN ('member' || (2 * r.n - 1) || '@bench.vigia', 'member' || (2 * r.n) || '@bench.vigia')`);

  // Finding g goes to review g mod n, as its k-th (k = g div n); it is a minute older than finding g-1, so the
  // register's default order is meaningful. Within a review, likelihood, impact, status, focus area and principles
  // cycle with different periods, so every filter combination has rows in every review.
  await q(
    `WITH r AS (
       SELECT rv.id, row_number() OVER (ORDER BY rv.title) - 1 AS n,
              (SELECT user_id FROM review_members m WHERE m.review_id = rv.id AND m.role = 'coordinator') AS coordinator,
              (SELECT user_id FROM review_members m WHERE m.review_id = rv.id AND m.role = 'auditor') AS auditor
         FROM reviews rv),
     fa AS (SELECT array_agg(id ORDER BY position) AS ids FROM focus_areas),
     p AS (SELECT array_agg(code ORDER BY position) AS codes FROM principles),
     g AS (SELECT g, g / $2::int AS k, (g / $2::int / 25) % 3 AS s, now() - g * interval '1 minute' AS at
             FROM generate_series(1, $1::int) g)
     INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                           likelihood, impact, status, author_id, approved_at, approved_by_id, version, created_at, updated_at)
     SELECT r.id,
            fa.ids[1 + (g.k / 3) % cardinality(fa.ids)],
            CASE WHEN g.k % cardinality(p.codes) = (g.k / 7) % cardinality(p.codes)
                 THEN ARRAY[p.codes[1 + g.k % cardinality(p.codes)]]
                 ELSE ARRAY[p.codes[1 + g.k % cardinality(p.codes)], p.codes[1 + (g.k / 7) % cardinality(p.codes)]] END,
            'Hallazgo ' || g.g || ': adjudicación directa sin justificación documentada',
            'La institución adjudicó el contrato ' || g.g || ' sin el dictamen de excepción a la licitación pública.',
            'Los procedimientos de excepción deben motivarse por escrito y publicarse.',
            'No existe un control previo que exija el dictamen antes de la adjudicación.',
            'Riesgo de favorecer a un proveedor y de pagar precios por encima del mercado.',
            1 + g.k % 5, 1 + (g.k / 5) % 5,
            (ARRAY['draft', 'in_review', 'approved'])[1 + g.s],
            CASE WHEN g.k % 2 = 0 THEN r.auditor ELSE r.coordinator END,
            CASE WHEN g.s = 2 THEN g.at + interval '10 seconds' END,
            CASE WHEN g.s = 2 THEN r.coordinator END,
            1, g.at, g.at
       FROM g JOIN r ON r.n = g.g % $2::int CROSS JOIN fa CROSS JOIN p`,
    [findings, reviews],
  );
  // What autovacuum would have done to a table in steady use: statistics, and the visibility map that lets
  // PostgreSQL answer from an index alone.
  await q('VACUUM ANALYZE');

  const rows = await q<{ id: string; role: string; user_id: string; email: string }>(
    `SELECT r.id, m.role, u.id AS user_id, u.email
       FROM reviews r JOIN review_members m ON m.review_id = r.id JOIN users u ON u.id = m.user_id
      ORDER BY r.title, m.role`,
  );
  const byReview = new Map<string, SeededReview>();
  for (const row of rows) {
    const review = byReview.get(row.id) ?? ({ id: row.id } as SeededReview);
    review[row.role as 'coordinator' | 'auditor'] = { id: row.user_id, email: row.email };
    byReview.set(row.id, review);
  }
  const [catalogues] = await q<{ focus_area_ids: string[]; principle_codes: string[] }>(
    `SELECT (SELECT array_agg(id ORDER BY position) FROM focus_areas) AS focus_area_ids,
            (SELECT array_agg(code ORDER BY position) FROM principles) AS principle_codes`,
  );
  return {
    reviews: [...byReview.values()],
    password: BENCH_PASSWORD,
    focusAreaIds: catalogues.focus_area_ids,
    principleCodes: catalogues.principle_codes,
  };
}
