// Full-text search of the findings register: accent- and case-insensitive both ways, Spanish and English, combined
// with the other filters, and served by the GIN index ix_findings_search.
import { ListFindingsQueryDto } from '../libs/findings/src/dto/list-findings.dto';
import { FindingsService } from '../libs/findings/src/findings.service';
import type { PoolClient } from 'pg';
import { type TestUser, TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

describe('searching findings', () => {
  let t: TestApp;
  let team: Team;
  let areas: string[];
  /** Created findings by key. */
  const made: Record<string, any> = {};

  const base = (): Record<string, unknown> => ({
    focusAreaId: areas[0],
    principleCodes: ['integrity'],
    condition: 'Observed in the sample.',
    criteria: 'Good practice.',
    cause: 'Weak controls.',
    effect: 'Risk to value for money.',
    likelihood: 3,
    impact: 3,
  });

  const create = async (target: Team, body: Record<string, unknown>, by?: TestUser): Promise<any> => {
    const res = await t.post(
      `/reviews/${target.reviewId}/findings`,
      { ...base(), ...body },
      (by ?? target.auditor).token,
    );
    if (res.status !== 201) throw new Error(`create finding failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    areas = (await t.db.query('SELECT id FROM focus_areas ORDER BY position')).rows.map((r: { id: string }) => r.id);
    team = await t.reviewTeam();
    made.licitacion = await create(team, {
      title: 'Licitación pública con indicios de colusión',
      condition: 'En la LICITACIÓN de medicamentos de 2017 tres proveedores presentaron ofertas idénticas.',
      likelihood: 4,
      impact: 5,
    });
    made.adquisicion = await create(team, {
      title: 'Adquisición directa sin justificación',
      condition: 'La mayoría de las adquisiciones se adjudicaron directamente.',
      focusAreaId: areas[1],
      principleCodes: ['efficiency'],
      likelihood: 1,
      impact: 4,
    });
    made.procurement = await create(team, {
      title: 'Annual procurement plan not published',
      condition: 'The procurement plan for 2018 was not published on CompraNet.',
      principleCodes: ['transparency'],
      likelihood: 2,
      impact: 5,
    });
    made.bidRigging = await create(
      team,
      {
        title: 'Bid rigging in medical supply tenders',
        condition: 'Rotating winners and cover bids suggest bid rigging.',
        effect: 'Colusión entre licitantes: higher prices.',
        likelihood: 5,
        impact: 5,
      },
      team.coordinator,
    );
    // The word only in the cause: every prose field is searched.
    made.cause = await create(team, {
      title: 'Evaluation committee not independent',
      cause: 'Los miembros del comité de LICITACION dependen del área requirente.',
      likelihood: 1,
      impact: 1,
    });
    // Another review with the same words: never found from this one.
    const other = await t.reviewTeam();
    await create(other, { title: 'Licitación y colusión en otra revisión' });
  });
  afterAll(() => t.close());

  const search = async (query: string): Promise<string[]> => {
    const res = await t.get(`/reviews/${team.reviewId}/findings?${query}`, team.manager.token);
    expect([query, res.status]).toEqual([query, 200]);
    return res.body.items.map((f: { id: string }) => f.id).sort();
  };
  const ids = (...keys: string[]): string[] => keys.map((k) => made[k].id).sort();

  it('finds accented Spanish words from queries without accents, in any case', async () => {
    const licitacion = ids('licitacion', 'cause');
    for (const q of ['licitacion', 'LICITACION', 'Licitación', 'licitación', 'LICITACIÓN', 'lIcItAcIoN']) {
      expect([q, await search(`q=${encodeURIComponent(q)}`)]).toEqual([q, licitacion]);
    }
    for (const q of ['colusion', 'COLUSIÓN', 'Colusión']) {
      expect([q, await search(`q=${encodeURIComponent(q)}`)]).toEqual([q, ids('licitacion', 'bidRigging')]);
    }
    for (const q of ['adquisicion', 'ADQUISICIÓN', 'Adquisición']) {
      expect([q, await search(`q=${encodeURIComponent(q)}`)]).toEqual([q, ids('adquisicion')]);
    }
  });

  it('finds English words, every word of the query required, in any order and case', async () => {
    expect(await search('q=procurement')).toEqual(ids('procurement'));
    expect(await search('q=PROCUREMENT%20Plan')).toEqual(ids('procurement'));
    expect(await search(`q=${encodeURIComponent('bid rigging')}`)).toEqual(ids('bidRigging'));
    expect(await search(`q=${encodeURIComponent('Rigging BID')}`)).toEqual(ids('bidRigging'));
    expect(await search(`q=${encodeURIComponent('bid rigging published')}`)).toEqual([]);
  });

  it('returns nothing for a query that matches nothing, or that has no words at all', async () => {
    expect(await search('q=cartel')).toEqual([]);
    expect(await search('q=licitaciones')).toEqual([]);
    expect(await search(`q=${encodeURIComponent('!!! ---')}`)).toEqual([]);
  });

  it('combines the search with the other filters, and pages through it', async () => {
    expect(await search('q=licitacion&rating=critical')).toEqual(ids('licitacion'));
    expect(await search('q=licitacion&rating=low')).toEqual(ids('cause'));
    expect(await search(`q=colusion&authorId=${team.coordinator.id}`)).toEqual(ids('bidRigging'));
    expect(await search(`q=adquisicion&focusAreaId=${areas[0]}`)).toEqual([]);
    expect(await search(`q=adquisicion&focusAreaId=${areas[1]}&principle=efficiency`)).toEqual(ids('adquisicion'));
    expect(await search('q=colusion&principle=transparency')).toEqual([]);

    await t.post(`/findings/${made.bidRigging.id}/transitions`, { to: 'in_review' }, team.coordinator.token);
    expect(await search('q=colusion&status=in_review')).toEqual(ids('bidRigging'));
    expect(await search('q=colusion&status=draft')).toEqual(ids('licitacion'));

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await t.get(
        `/reviews/${team.reviewId}/findings?q=licitacion%20colusion&sort=-rating&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        team.manager.token,
      );
      expect(res.status).toBe(200);
      pages.push(...res.body.items.map((f: { id: string }) => f.id));
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([made.licitacion.id]);
  });

  it('finds a finding by words added in an edit, and no longer by words removed', async () => {
    const f = await create(team, { title: 'Sobreprecio en compras consolidadas' });
    expect(await search('q=sobreprecio')).toEqual([f.id]);
    const res = await t.patch(
      `/findings/${f.id}`,
      { title: 'Precios excesivos en compras', version: 1 },
      team.auditor.token,
    );
    expect(res.status).toBe(200);
    expect(await search('q=sobreprecio')).toEqual([]);
    expect(await search('q=EXCESIVOS')).toEqual([f.id]);
  });

  it('lets the GIN indexes serve the search and the principle filter exactly as the register runs them', async () => {
    const service = t.app.get(FindingsService);
    const plan = async (client: PoolClient, sql: string, params: unknown[]): Promise<string> =>
      (await client.query(`EXPLAIN ${sql}`, params)).rows
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
    /** The first page in the default order, as the register asks for it. */
    const registerSql = (filters: Partial<ListFindingsQueryDto>): [string, unknown[]] =>
      service
        .listQuery(team.reviewId, Object.assign(new ListFindingsQueryDto(), filters))
        .orderBy('f.createdAt', 'DESC')
        .addOrderBy('f.id', 'DESC')
        .limit(51)
        .getQueryAndParameters();

    const client = await t.db.connect();
    const plans: Record<string, string> = {};
    try {
      await client.query('BEGIN');
      // A review of realistic size, rolled back afterwards: with a handful of rows the planner rightly reads the
      // review's rows through its btree and filters them, whatever the search expression.
      await client.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                               likelihood, impact, author_id, version)
         SELECT $1, $2, ARRAY['integrity'], 'Hallazgo ' || g, 'Condición observada ' || g, 'Criterio', 'Causa',
                'Efecto', 1 + g % 5, 1 + (g / 5) % 5, $3, 1
           FROM generate_series(1, 5000) g`,
        [team.reviewId, areas[0], team.auditor.id],
      );
      await client.query('ANALYZE findings');
      await client.query('SET LOCAL enable_seqscan = off');
      plans.search = await plan(client, ...registerSql({ q: 'licitacion' }));
      plans.searchFiltered = await plan(client, ...registerSql({ q: 'bid rigging', status: ['draft'] }));
      plans.principle = await plan(client, ...registerSql({ principle: 'transparency' }));
      // The control: a document that differs from the index's expression (the title alone) gets no help from it,
      // so the assertions above would catch the query and the index drifting apart.
      plans.control = await plan(
        client,
        `SELECT f.id FROM findings f
          WHERE f.review_id = $1 AND to_tsvector('simple'::regconfig, vigia_unaccent(f.title)) @@ plainto_tsquery('simple'::regconfig, vigia_unaccent($2))
          ORDER BY f.created_at DESC, f.id DESC LIMIT 51`,
        [team.reviewId, 'licitacion'],
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(plans.search).toContain('ix_findings_search');
    expect(plans.searchFiltered).toContain('ix_findings_search');
    expect(plans.principle).toContain('ix_findings_principles');
    expect(plans.control).not.toContain('ix_findings_search');
    expect(await search('q=hallazgo')).toEqual([]);
  });

  it('refuses an empty, blank or over-long query with 400', async () => {
    for (const q of ['', '%20%20%20', 'x'.repeat(201)]) {
      const res = await t.get(`/reviews/${team.reviewId}/findings?q=${q}`, team.manager.token);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('q');
    }
    expect((await t.get(`/reviews/${team.reviewId}/findings?q=${'x'.repeat(200)}`, team.manager.token)).status).toBe(
      200,
    );
  });
});
