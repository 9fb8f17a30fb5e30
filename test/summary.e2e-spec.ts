// The review summary: every figure checked against numbers worked out by hand from a small review built in SQL.
import { PRINCIPLE_CODES } from './support/catalogue';
import { TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const DAY_MS = 86_400_000;
/** Whole days from `a` to `b`, both YYYY-MM-DD. */
const daysFrom = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);

describe('review summary', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const focusArea = async (code: string): Promise<string> =>
    (await t.db.query('SELECT id FROM focus_areas WHERE code = $1', [code])).rows[0].id;

  const finding = async (
    team: Team,
    code: string,
    likelihood: number,
    impact: number,
    status: string,
    principles: string[],
  ): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
           likelihood, impact, status, author_id, version)
         VALUES ($1, $2, $3, $4, 'Condition', 'Criteria', 'Cause', 'Effect', $5, $6, $7, $8, 1)
         RETURNING id`,
        [
          team.reviewId,
          await focusArea(code),
          principles,
          `${code} ${likelihood}x${impact}`,
          likelihood,
          impact,
          status,
          team.auditor.id,
        ],
      )
    ).rows[0].id;

  const recommendation = async (team: Team, findingId: string, targetOn: string): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO recommendations (finding_id, review_id, text, priority, responsible_unit, target_on, version)
         VALUES ($1, $2, 'Do better', 'medium', 'Procurement unit', $3, 1) RETURNING id`,
        [findingId, team.reviewId, targetOn],
      )
    ).rows[0].id;

  /** `createdAt` fixes the recording order of follow-ups observed on the same day. */
  const followUp = async (
    team: Team,
    recommendationId: string,
    status: string,
    on: string,
    createdAt = '2024-01-01T00:00:00Z',
  ): Promise<void> => {
    await t.db.query(
      `INSERT INTO follow_ups (recommendation_id, review_id, status, note, "on", by_id, created_at)
       VALUES ($1, $2, $3, 'Observed', $4, $5, $6)`,
      [recommendationId, team.reviewId, status, on, team.auditor.id, createdAt],
    );
  };

  const deliverable = async (team: Team, title: string, status: string, dueOn: string): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO deliverables (review_id, title, kind, due_on, status, delivered_on, version)
         VALUES ($1, $2, 'report', $3::date, $4::varchar, CASE WHEN $4::varchar = 'delivered' THEN $3::date END, 1)
         RETURNING id`,
        [team.reviewId, title, dueOn, status],
      )
    ).rows[0].id;

  const milestone = async (
    team: Team,
    title: string,
    plannedOn: string,
    precision: string,
    actualOn: string | null,
  ): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO milestones (review_id, title, planned_on, precision, actual_on, version)
         VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
        [team.reviewId, title, plannedOn, precision, actualOn],
      )
    ).rows[0].id;

  /** The review's summary, checking that `asOf` is today (UTC) as the request ran. */
  const summaryOf = async (team: Team, query = ''): Promise<any> => {
    const before = new Date().toISOString().slice(0, 10);
    const res = await t.get(`/reviews/${team.reviewId}/summary${query}`, team.manager.token);
    const after = new Date().toISOString().slice(0, 10);
    expect(res.status).toBe(200);
    expect([before, after]).toContain(res.body.asOf);
    return res.body;
  };

  /**
   * The review built by hand. Its focus areas are e-procurement and efficiency (given out of catalogue order); its
   * findings also use competition-bid-rigging. Ratings: likelihood x impact, 1-4 low, 5-9 medium, 10-16 high,
   * 20-25 critical.
   */
  const buildReview = async () => {
    const team = await t.reviewTeam();
    const patched = await t.patch(
      `/reviews/${team.reviewId}`,
      { focusAreaIds: [await focusArea('e-procurement'), await focusArea('efficiency')], version: 1 },
      team.coordinator.token,
    );
    expect(patched.status).toBe(200);

    // Efficiency: 3 findings, 1 low, 1 high, 1 critical.
    const e1 = await finding(team, 'efficiency', 1, 2, 'draft', ['efficiency', 'transparency']); // 2: low
    const e2 = await finding(team, 'efficiency', 3, 4, 'in_review', ['efficiency']); // 12: high
    const e3 = await finding(team, 'efficiency', 5, 4, 'approved', ['integrity', 'efficiency', 'accountability']); // 20
    // Competition and bid rigging (not one of the review's focus areas): 2 findings, 1 medium, 1 high.
    const c1 = await finding(team, 'competition-bid-rigging', 3, 3, 'approved', ['integrity', 'participation']); // 9
    const c2 = await finding(team, 'competition-bid-rigging', 4, 4, 'approved', ['integrity']); // 16: high

    // Recommendations, with the latest status each ends up with:
    // r1 implemented (target passed, but implemented: not overdue)
    const r1 = await recommendation(team, e1, '2019-12-31');
    await followUp(team, r1, 'in_progress', '2019-01-10');
    await followUp(team, r1, 'implemented', '2020-02-01');
    // r2 partially_implemented: an older observation recorded afterwards does not replace it (overdue)
    const r2 = await recommendation(team, e2, '2020-01-31');
    await followUp(team, r2, 'partially_implemented', '2020-05-01', '2020-05-02T00:00:00Z');
    await followUp(team, r2, 'implemented', '2019-03-01', '2021-01-01T00:00:00Z');
    // r3 not_implemented, target far ahead (not overdue)
    const r3 = await recommendation(team, e3, '2099-12-31');
    await followUp(team, r3, 'not_implemented', '2021-01-01');
    // r4 not_started: no follow-up, target long passed (overdue)
    await recommendation(team, c1, '2001-01-01');
    // r5 in_progress: two observations of the same day, the one recorded later wins (not overdue)
    const r5 = await recommendation(team, c2, '2099-06-30');
    await followUp(team, r5, 'implemented', '2022-02-02', '2022-02-02T09:00:00Z');
    await followUp(team, r5, 'in_progress', '2022-02-02', '2022-02-02T10:00:00Z');

    // Deliverables: 2 overdue (open and due long ago); delivered, cancelled and future ones are not.
    const d1 = await deliverable(team, 'Diagnostic report', 'planned', '2000-03-01');
    const d2 = await deliverable(team, 'Workshop on bid rigging', 'in_progress', '2001-06-15');
    await deliverable(team, 'Final report', 'in_review', '2099-01-01');
    await deliverable(team, 'Briefing', 'delivered', '2000-01-01');
    await deliverable(team, 'Cancelled workshop', 'cancelled', '2000-01-01');
    await deliverable(team, 'Follow-up briefing', 'planned', '2098-01-01');

    // Milestones: 2 achieved (one of them late, but achieved is achieved), 2 late, 1 ahead.
    await milestone(team, 'Agreement signed', '2017-03-01', 'month', '2017-03-20');
    await milestone(team, 'Mission to Hermosillo', '2017-07-12', 'day', '2017-09-01');
    const m2 = await milestone(team, 'Report published', '2019-06-01', 'season', null); // Summer 2019
    const m3 = await milestone(team, 'Kick-off', '2018-01-01', 'year', null);
    await milestone(team, 'Second review', '2099-01-01', 'quarter', null);

    // Another review's records never count.
    const other = await t.reviewTeam();
    const foreign = await finding(other, 'efficiency', 5, 5, 'approved', ['integrity']);
    await recommendation(other, foreign, '2000-01-01');
    await deliverable(other, 'Other report', 'planned', '2000-01-01');
    await milestone(other, 'Other milestone', '2000-01-01', 'day', null);

    return { team, ids: { d1, d2, m2, m3 } };
  };

  it('computes every figure of a review built by hand', async () => {
    const { team, ids } = await buildReview();
    const s = await summaryOf(team);
    const today: string = s.asOf;
    const zero = { low: 0, medium: 0, high: 0, critical: 0 };
    expect(s).toEqual({
      reviewId: team.reviewId,
      asOf: today,
      findings: {
        total: 5,
        byStatus: { draft: 1, in_review: 1, approved: 3 },
        byRating: { low: 1, medium: 1, high: 2, critical: 1 },
        // Catalogue order: efficiency (2), competition-bid-rigging (5), e-procurement (6, listed with no findings).
        byFocusArea: [
          {
            focusAreaId: await focusArea('efficiency'),
            code: 'efficiency',
            name: 'Efficiency',
            ...{ low: 1, medium: 0, high: 1, critical: 1 },
            total: 3,
          },
          {
            focusAreaId: await focusArea('competition-bid-rigging'),
            code: 'competition-bid-rigging',
            name: 'Economic competition and bid rigging',
            ...{ low: 0, medium: 1, high: 1, critical: 0 },
            total: 2,
          },
          {
            focusAreaId: await focusArea('e-procurement'),
            code: 'e-procurement',
            name: 'E-procurement',
            ...zero,
            total: 0,
          },
        ],
        // transparency: e1; integrity: e3, c1, c2; participation: c1; efficiency: e1, e2, e3; accountability: e3.
        byPrinciple: [
          { code: 'transparency', name: 'Transparency', count: 1 },
          { code: 'integrity', name: 'Integrity', count: 3 },
          { code: 'access', name: 'Access', count: 0 },
          { code: 'balance', name: 'Balance', count: 0 },
          { code: 'participation', name: 'Participation', count: 1 },
          { code: 'efficiency', name: 'Efficiency', count: 3 },
          { code: 'e-procurement', name: 'E-procurement', count: 0 },
          { code: 'capacity', name: 'Capacity', count: 0 },
          { code: 'evaluation', name: 'Evaluation', count: 0 },
          { code: 'risk-management', name: 'Risk management', count: 0 },
          { code: 'accountability', name: 'Accountability', count: 1 },
          { code: 'integration', name: 'Integration', count: 0 },
        ],
      },
      recommendations: {
        total: 5,
        byStatus: { not_started: 1, in_progress: 1, partially_implemented: 1, implemented: 1, not_implemented: 1 },
        // (1 implemented + 0.5 x 1 partially implemented) / 5
        implementationRate: 0.3,
        // r2 (partially implemented, target 2020-01-31) and r4 (not started, target 2001-01-01)
        overdue: 2,
      },
      deliverables: {
        total: 6,
        byStatus: { planned: 2, in_progress: 1, in_review: 1, delivered: 1, cancelled: 1 },
        overdue: [
          {
            id: ids.d1,
            title: 'Diagnostic report',
            dueOn: '2000-03-01',
            status: 'planned',
            daysLate: daysFrom('2000-03-01', today),
          },
          {
            id: ids.d2,
            title: 'Workshop on bid rigging',
            dueOn: '2001-06-15',
            status: 'in_progress',
            daysLate: daysFrom('2001-06-15', today),
          },
        ],
      },
      milestones: {
        total: 5,
        achieved: 2,
        // Most late first: the year 2018 ended on 2018-12-31, summer 2019 on 2019-08-31.
        late: [
          {
            id: ids.m3,
            title: 'Kick-off',
            plannedOn: '2018-01-01',
            precision: 'year',
            slippageDays: daysFrom('2018-12-31', today),
          },
          {
            id: ids.m2,
            title: 'Report published',
            plannedOn: '2019-06-01',
            precision: 'season',
            slippageDays: daysFrom('2019-08-31', today),
          },
        ],
      },
    });
    // The same figures as the milestone and deliverable routes give.
    const milestones = await t.get(`/reviews/${team.reviewId}/milestones?achieved=false`, team.manager.token);
    const lateThere = milestones.body.items.filter((m: { state: string }) => m.state === 'late');
    expect(lateThere.map((m: any) => [m.id, m.slippageDays]).sort()).toEqual(
      s.milestones.late.map((m: any) => [m.id, m.slippageDays]).sort(),
    );
    const overdue = await t.get(`/reviews/${team.reviewId}/deliverables?overdue=true`, team.manager.token);
    expect(overdue.body.items.map((d: { id: string }) => d.id)).toEqual([ids.d1, ids.d2]);
  });

  it('names focus areas and principles in the requested locale', async () => {
    const { team } = await buildReview();
    const en = await summaryOf(team);
    const es = await summaryOf(team, '?locale=es');
    const fr = await summaryOf(team, '?locale=fr');
    expect(es.findings.byFocusArea.map((f: { name: string }) => f.name)).toEqual([
      'Eficiencia',
      'Competencia económica y colusión en licitaciones',
      'Contratación pública electrónica',
    ]);
    expect(fr.findings.byFocusArea.map((f: { name: string }) => f.name)).toEqual([
      'Efficience',
      'Concurrence économique et soumissions concertées',
      'Marchés publics électroniques',
    ]);
    expect(es.findings.byPrinciple.map((p: { name: string }) => p.name)).toEqual([
      'Transparencia',
      'Integridad',
      'Acceso',
      'Equilibrio',
      'Participación',
      'Eficiencia',
      'Contratación pública electrónica',
      'Capacidad',
      'Evaluación',
      'Gestión de riesgos',
      'Rendición de cuentas',
      'Integración',
    ]);
    expect(fr.findings.byPrinciple.map((p: { name: string }) => p.name)).toEqual([
      'Transparence',
      'Intégrité',
      'Accès',
      'Équilibre',
      'Participation',
      'Efficience',
      'Marchés publics électroniques',
      'Capacités',
      'Évaluation',
      'Gestion des risques',
      'Redevabilité',
      'Intégration',
    ]);
    // Only the names change.
    const withoutNames = (s: any) => ({
      ...s,
      findings: {
        ...s.findings,
        byFocusArea: s.findings.byFocusArea.map(({ name: _n, ...f }: any) => f),
        byPrinciple: s.findings.byPrinciple.map(({ name: _n, ...p }: any) => p),
      },
    });
    expect(withoutNames(es)).toEqual(withoutNames(en));
    expect(withoutNames(fr)).toEqual(withoutNames(en));
    expect((await t.get(`/reviews/${team.reviewId}/summary?locale=de`, team.manager.token)).status).toBe(400);
    expect((await t.get(`/reviews/${team.reviewId}/summary?extra=1`, team.manager.token)).status).toBe(400);
  });

  it('answers zeros, every principle and no rate for an empty review', async () => {
    const team = await t.reviewTeam();
    const s = await summaryOf(team);
    expect(s).toEqual({
      reviewId: team.reviewId,
      asOf: s.asOf,
      findings: {
        total: 0,
        byStatus: { draft: 0, in_review: 0, approved: 0 },
        byRating: { low: 0, medium: 0, high: 0, critical: 0 },
        byFocusArea: [],
        byPrinciple: PRINCIPLE_CODES.map((code) => ({ code, name: expect.any(String), count: 0 })),
      },
      recommendations: {
        total: 0,
        byStatus: { not_started: 0, in_progress: 0, partially_implemented: 0, implemented: 0, not_implemented: 0 },
        implementationRate: null,
        overdue: 0,
      },
      deliverables: {
        total: 0,
        byStatus: { planned: 0, in_progress: 0, in_review: 0, delivered: 0, cancelled: 0 },
        overdue: [],
      },
      milestones: { total: 0, achieved: 0, late: [] },
    });
  });

  it('lists a focus area added to the catalogue in catalogue order, and counts a finding citing it', async () => {
    const team = await t.reviewTeam();
    const admin = await t.admin();
    const created = await t.post(
      '/focus-areas',
      { code: 'red-flags', names: { en: 'Red flags', es: 'Señales de alerta', fr: "Signaux d'alerte" } },
      admin.token,
    );
    expect(created.status).toBe(201);
    await finding(team, 'red-flags', 2, 2, 'draft', ['risk-management']);
    await finding(team, 'transparency-integrity', 5, 5, 'draft', ['transparency', 'integrity', 'transparency']);
    const s = await summaryOf(team, '?locale=fr');
    expect(s.findings.byFocusArea).toEqual([
      expect.objectContaining({ code: 'transparency-integrity', critical: 1, total: 1 }),
      {
        focusAreaId: created.body.id,
        code: 'red-flags',
        name: "Signaux d'alerte",
        low: 1,
        medium: 0,
        high: 0,
        critical: 0,
        total: 1,
      },
    ]);
    // A principle cited twice by one finding counts that finding once.
    const counts = Object.fromEntries(s.findings.byPrinciple.map((p: any) => [p.code, p.count]));
    expect(counts).toMatchObject({ transparency: 1, integrity: 1, 'risk-management': 1, efficiency: 0 });
  });

  it('is open to every member and to no one else', async () => {
    const team = await t.reviewTeam();
    for (const member of [team.coordinator, team.auditor, team.manager, team.admin]) {
      expect((await t.get(`/reviews/${team.reviewId}/summary`, member.token)).status).toBe(200);
    }
    expect((await t.get(`/reviews/${team.reviewId}/summary`, team.outsider.token)).status).toBe(404);
    expect((await t.get(`/reviews/${team.reviewId}/summary`)).status).toBe(401);
  });
});
