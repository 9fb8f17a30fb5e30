// Findings: the computed rating, validation, the guarded workflow with its lock and reopening, who may do what,
// concurrent edits, comments, and the register's filters, sorting and paging.
import { type TestUser, TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('findings', () => {
  let t: TestApp;
  /** Focus area ids from the catalogue, in display order. */
  let areas: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    areas = (await t.db.query('SELECT id FROM focus_areas ORDER BY position')).rows.map((r: { id: string }) => r.id);
  });
  afterAll(() => t.close());

  const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    title: 'Direct awards without justification',
    focusAreaId: areas[0],
    principleCodes: ['transparency', 'integrity'],
    condition: 'Most contracts were awarded directly, without the exception being justified in writing.',
    criteria: 'Competitive tendering is the rule; exceptions must be justified and published.',
    cause: 'No control checks the justification before the award.',
    effect: 'Higher prices and a risk of favouritism.',
    likelihood: 3,
    impact: 4,
    ...overrides,
  });

  const create = async (team: Team, overrides: Record<string, unknown> = {}, by?: TestUser): Promise<any> => {
    const res = await t.post(`/reviews/${team.reviewId}/findings`, valid(overrides), (by ?? team.auditor).token);
    if (res.status !== 201) throw new Error(`create finding failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const move = (id: string, to: string, user: TestUser, reason?: string) =>
    t.post(`/findings/${id}/transitions`, reason === undefined ? { to } : { to, reason }, user.token);

  const row = async (id: string): Promise<any> =>
    (
      await t.db.query(
        `SELECT title, status, version, likelihood, impact, rating, principle_codes AS "principleCodes",
                approved_at AS "approvedAt", approved_by_id AS "approvedById"
           FROM findings WHERE id = $1`,
        [id],
      )
    ).rows[0];

  const trail = (entityType: string, entityId: string): Promise<any[]> => t.auditTrail(entityType, entityId);

  const transitions = async (id: string): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS n FROM finding_transitions WHERE finding_id = $1', [id])).rows[0].n;

  const count = async (reviewId: string): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS n FROM findings WHERE review_id = $1', [reviewId])).rows[0].n;

  /** A new account added to the review with this role. */
  const member = async (team: Team, role: 'auditor' | 'manager' | 'coordinator', name: string): Promise<TestUser> => {
    const user = await t.user(name);
    const res = await t.post(`/reviews/${team.reviewId}/members`, { userId: user.id, role }, team.coordinator.token);
    if (res.status !== 201) throw new Error(`add member failed: ${res.status}`);
    return user;
  };

  it('lists every finding and comment route in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/reviews/{id}/findings',
        'POST /api/v1/reviews/{id}/findings',
        'GET /api/v1/findings/{id}',
        'PATCH /api/v1/findings/{id}',
        'POST /api/v1/findings/{id}/transitions',
        'GET /api/v1/findings/{id}/comments',
        'POST /api/v1/findings/{id}/comments',
      ]),
    );
  });

  describe('creating and reading', () => {
    it('creates a draft authored by the caller, with its rating and an empty history, readable by every member', async () => {
      const team = await t.reviewTeam();
      const res = await t.post(
        `/reviews/${team.reviewId}/findings`,
        valid({ title: '  Direct awards without justification  ' }),
        team.auditor.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        reviewId: team.reviewId,
        title: 'Direct awards without justification',
        focusAreaId: areas[0],
        principleCodes: ['transparency', 'integrity'],
        condition: valid().condition,
        criteria: valid().criteria,
        cause: valid().cause,
        effect: valid().effect,
        likelihood: 3,
        impact: 4,
        rating: 'high',
        status: 'draft',
        allowedMoves: ['in_review'],
        authorId: team.auditor.id,
        authorName: team.auditor.name,
        approvedAt: null,
        approvedById: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        history: [],
      });
      // Every member reads the same record; only the moves offered to them differ (a manager has none).
      for (const [reader, allowedMoves] of [
        [team.coordinator, ['in_review']],
        [team.auditor, ['in_review']],
        [team.manager, []],
        [team.admin, ['in_review']],
      ] as const) {
        const got = await t.get(`/findings/${res.body.id}`, reader.token);
        expect(got.status).toBe(200);
        expect(got.body).toEqual({ ...res.body, allowedMoves });
      }
      const events = await trail('finding', res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'insert', actor_id: team.auditor.id, review_id: team.reviewId });
      expect(events[0].after).toMatchObject({ title: 'Direct awards without justification', likelihood: 3 });
    });

    it('computes the rating from likelihood x impact across the whole matrix', async () => {
      const team = await t.reviewTeam();
      const cases: [number, number, string][] = [
        [1, 1, 'low'],
        [1, 4, 'low'],
        [2, 2, 'low'],
        [1, 5, 'medium'],
        [5, 1, 'medium'],
        [3, 3, 'medium'],
        [2, 5, 'high'],
        [3, 4, 'high'],
        [4, 4, 'high'],
        [4, 5, 'critical'],
        [5, 4, 'critical'],
        [5, 5, 'critical'],
      ];
      for (const [likelihood, impact, rating] of cases) {
        const f = await create(team, { likelihood, impact });
        expect([likelihood, impact, f.rating]).toEqual([likelihood, impact, rating]);
        expect((await row(f.id)).rating).toBe(rating);
        expect((await t.get(`/findings/${f.id}`, team.manager.token)).body.rating).toBe(rating);
      }
    });

    it('recomputes the rating when a PATCH changes likelihood or impact, in the answer and the audit trail', async () => {
      const team = await t.reviewTeam();
      const f = await create(team, { likelihood: 1, impact: 4 });
      expect(f.rating).toBe('low');
      const raised = await t.patch(`/findings/${f.id}`, { likelihood: 5, version: 1 }, team.auditor.token);
      expect(raised.status).toBe(200);
      expect(raised.body).toMatchObject({ likelihood: 5, impact: 4, rating: 'critical', version: 2 });
      const lowered = await t.patch(`/findings/${f.id}`, { impact: 1, version: 2 }, team.coordinator.token);
      expect(lowered.body).toMatchObject({ likelihood: 5, impact: 1, rating: 'medium', version: 3 });
      const both = await t.patch(`/findings/${f.id}`, { likelihood: 2, impact: 5, version: 3 }, team.auditor.token);
      expect(both.body).toMatchObject({ rating: 'high', version: 4 });
      expect(await row(f.id)).toMatchObject({ likelihood: 2, impact: 5, rating: 'high' });
      const events = await trail('finding', f.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update', 'update', 'update']);
      // PostgreSQL returns the recomputed column with the update, so the trail's `after` carries the new rating.
      expect(
        events.slice(1).map((e) => [e.before.likelihood, e.after.likelihood, e.after.impact, e.after.rating]),
      ).toEqual([
        [1, 5, 4, 'critical'],
        [5, 5, 1, 'medium'],
        [5, 2, 5, 'high'],
      ]);
    });

    it('drops repeated principle codes, keeping their order', async () => {
      const team = await t.reviewTeam();
      const f = await create(team, { principleCodes: ['integrity', 'access', 'integrity', ' access '] });
      expect(f.principleCodes).toEqual(['integrity', 'access']);
      expect((await row(f.id)).principleCodes).toEqual(['integrity', 'access']);
    });

    it('refuses invalid bodies and unknown fields with 400 naming the field, creating nothing', async () => {
      const team = await t.reviewTeam();
      const path = `/reviews/${team.reviewId}/findings`;
      const cases: [Record<string, unknown>, string][] = [
        [valid({ principleCodes: ['integrity', 'honesty'] }), 'principleCodes'],
        [valid({ principleCodes: [] }), 'principleCodes'],
        [valid({ principleCodes: 'integrity' }), 'principleCodes'],
        [valid({ principleCodes: [42] }), 'principleCodes'],
        [valid({ focusAreaId: MISSING }), 'focusAreaId'],
        [valid({ focusAreaId: 'efficiency' }), 'focusAreaId'],
        [valid({ likelihood: 0 }), 'likelihood'],
        [valid({ likelihood: 6 }), 'likelihood'],
        [valid({ likelihood: 2.5 }), 'likelihood'],
        [valid({ likelihood: '3' }), 'likelihood'],
        [valid({ impact: 0 }), 'impact'],
        [valid({ impact: 6 }), 'impact'],
        [valid({ impact: null }), 'impact'],
        [valid({ title: '   ' }), 'title'],
        [valid({ title: 'x'.repeat(301) }), 'title'],
        [valid({ condition: ' \n ' }), 'condition'],
        [valid({ effect: 'x'.repeat(20001) }), 'effect'],
        [valid({ status: 'approved' }), 'status'],
        [valid({ rating: 'low' }), 'rating'],
        [valid({ authorId: team.coordinator.id }), 'authorId'],
        [valid({ reviewId: MISSING }), 'reviewId'],
        [valid({ severity: 'high' }), 'severity'],
        [{ ...valid(), cause: undefined }, 'cause'],
      ];
      for (const [body, field] of cases) {
        const res = await t.post(path, body, team.auditor.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await count(team.reviewId)).toBe(0);
    });

    it('names an unknown focus area and unknown principle codes in one 400', async () => {
      const team = await t.reviewTeam();
      const res = await t.post(
        `/reviews/${team.reviewId}/findings`,
        valid({ focusAreaId: MISSING, principleCodes: ['integrity', 'honesty', 'speed'] }),
        team.coordinator.token,
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'focusAreaId', messages: [expect.stringContaining('focus area')] },
        { field: 'principleCodes', messages: ['unknown principle codes: honesty, speed'] },
      ]);
      expect(await count(team.reviewId)).toBe(0);
    });

    it('lets auditors, the coordinator and an admin create findings, never a manager', async () => {
      const team = await t.reviewTeam();
      const path = `/reviews/${team.reviewId}/findings`;
      const refused = await t.post(path, valid(), team.manager.token);
      expect(refused.status).toBe(403);
      for (const author of [team.auditor, team.coordinator, team.admin]) {
        const res = await t.post(path, valid(), author.token);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ authorId: author.id, authorName: author.name });
      }
      expect(await count(team.reviewId)).toBe(3);
    });

    it('answers a non-member 404 on every route, exactly as for a missing id, and changes nothing', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const { outsider } = team;
      const routes: [string, string, unknown, string][] = [
        ['GET', `/reviews/${team.reviewId}/findings`, undefined, `/reviews/${MISSING}/findings`],
        ['POST', `/reviews/${team.reviewId}/findings`, valid(), `/reviews/${MISSING}/findings`],
        ['GET', `/findings/${f.id}`, undefined, `/findings/${MISSING}`],
        ['PATCH', `/findings/${f.id}`, { title: 'Hijacked', version: 1 }, `/findings/${MISSING}`],
        ['POST', `/findings/${f.id}/transitions`, { to: 'in_review' }, `/findings/${MISSING}/transitions`],
        ['GET', `/findings/${f.id}/comments`, undefined, `/findings/${MISSING}/comments`],
        ['POST', `/findings/${f.id}/comments`, { body: 'Hello' }, `/findings/${MISSING}/comments`],
      ];
      for (const [method, path, body, ghostPath] of routes) {
        const res = await t.request(method, path, { token: outsider.token, body });
        const ghost = await t.request(method, ghostPath, { token: outsider.token, body });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect([method, ghostPath, ghost.status]).toEqual([method, ghostPath, 404]);
        expect(res.body.message).toBe(ghost.body.message);
      }
      expect(await row(f.id)).toMatchObject({ status: 'draft', version: 1, title: valid().title });
      expect(await count(team.reviewId)).toBe(1);
      expect(await transitions(f.id)).toBe(0);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM finding_comments WHERE finding_id = $1', [
        f.id,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('answers 400 for a malformed finding id and 401 without a token', async () => {
      const team = await t.reviewTeam();
      expect((await t.get('/findings/not-a-uuid', team.coordinator.token)).status).toBe(400);
      expect((await t.get('/findings/not-a-uuid/comments', team.coordinator.token)).status).toBe(400);
      expect((await t.get(`/reviews/${team.reviewId}/findings`)).status).toBe(401);
    });
  });

  describe('editing', () => {
    it('edits the fields it is sent, bumps the version and writes one audit row', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const res = await t.patch(
        `/findings/${f.id}`,
        {
          title: 'Direct awards are not justified',
          focusAreaId: areas[1],
          principleCodes: ['accountability', 'accountability', 'risk-management'],
          condition: 'New condition',
          criteria: 'New criteria',
          cause: 'New cause',
          effect: 'New effect',
          version: 1,
        },
        team.auditor.token,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: 'Direct awards are not justified',
        focusAreaId: areas[1],
        principleCodes: ['accountability', 'risk-management'],
        condition: 'New condition',
        criteria: 'New criteria',
        cause: 'New cause',
        effect: 'New effect',
        likelihood: 3,
        impact: 4,
        rating: 'high',
        status: 'draft',
        authorId: team.auditor.id,
        authorName: team.auditor.name,
        version: 2,
        history: [],
      });
      const events = await trail('finding', f.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update']);
      expect(events[1]).toMatchObject({ actor_id: team.auditor.id, review_id: team.reviewId });
      expect(events[1].before).toMatchObject({ title: f.title, version: 1 });
      expect(events[1].after).toMatchObject({ title: 'Direct awards are not justified', version: 2 });
    });

    it('lets the author and the coordinator edit; another auditor and a manager get 403 and change nothing', async () => {
      const team = await t.reviewTeam();
      const otherAuditor = await member(team, 'auditor', 'Other auditor');
      const f = await create(team);
      for (const refused of [otherAuditor, team.manager]) {
        const res = await t.patch(`/findings/${f.id}`, { title: 'Not mine', version: 1 }, refused.token);
        expect(res.status).toBe(403);
      }
      expect(await row(f.id)).toMatchObject({ title: f.title, version: 1 });
      expect(await trail('finding', f.id)).toHaveLength(1);
      expect((await t.patch(`/findings/${f.id}`, { title: 'By author', version: 1 }, team.auditor.token)).status).toBe(
        200,
      );
      expect(
        (await t.patch(`/findings/${f.id}`, { title: 'By coordinator', version: 2 }, team.coordinator.token)).status,
      ).toBe(200);
      expect((await t.patch(`/findings/${f.id}`, { title: 'By admin', version: 3 }, team.admin.token)).status).toBe(
        200,
      );
      // A coordinator's own finding is the coordinator's to edit, and any auditor's other than its author's is not.
      const coordinators = await create(team, {}, team.coordinator);
      expect(
        (await t.patch(`/findings/${coordinators.id}`, { title: 'X', version: 1 }, team.auditor.token)).status,
      ).toBe(403);
      expect(await trail('finding', f.id)).toHaveLength(4);
    });

    it('refuses a stale version with 409 and keeps the newer edit', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      expect((await t.patch(`/findings/${f.id}`, { title: 'Newer', version: 1 }, team.auditor.token)).status).toBe(200);
      const stale = await t.patch(`/findings/${f.id}`, { title: 'Older', version: 1 }, team.coordinator.token);
      expect(stale.status).toBe(409);
      expect(stale.body.message).toMatch(/version 1.*now 2/);
      expect(await row(f.id)).toMatchObject({ title: 'Newer', version: 2 });
      expect(await trail('finding', f.id)).toHaveLength(2);
    });

    it('lets exactly one of two concurrent edits of the same version win; the other gets 409 and loses nothing silently', async () => {
      const team = await t.reviewTeam();
      for (let round = 0; round < 5; round++) {
        const f = await create(team);
        const edits = [
          { session: team.auditor, body: { title: `Author's edit ${round}`, likelihood: 5, version: 1 } },
          { session: team.coordinator, body: { title: `Coordinator's edit ${round}`, impact: 1, version: 1 } },
        ];
        const results = await Promise.all(edits.map((e) => t.patch(`/findings/${f.id}`, e.body, e.session.token)));
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const winner = edits[results.findIndex((r) => r.status === 200)];
        const stored = await row(f.id);
        // Exactly the winner's edit, whole: its title and its number, and nothing of the loser's.
        expect(stored).toMatchObject({
          title: winner.body.title,
          likelihood: winner.body.likelihood ?? 3,
          impact: winner.body.impact ?? 4,
          version: 2,
        });
        const events = await trail('finding', f.id);
        expect(events.map((e) => e.action)).toEqual(['insert', 'update']);
        expect(events[1].actor_id).toBe(winner.session.id);
      }
    });

    it('refuses status, rating, author, nulls and unknown references in a PATCH with 400, changing nothing', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const cases: [Record<string, unknown>, string][] = [
        [{ status: 'approved', version: 1 }, 'status'],
        [{ rating: 'low', version: 1 }, 'rating'],
        [{ authorId: team.coordinator.id, version: 1 }, 'authorId'],
        [{ approvedAt: '2019-01-01T00:00:00Z', version: 1 }, 'approvedAt'],
        [{ title: null, version: 1 }, 'title'],
        [{ principleCodes: null, version: 1 }, 'principleCodes'],
        [{ principleCodes: [], version: 1 }, 'principleCodes'],
        [{ principleCodes: ['honesty'], version: 1 }, 'principleCodes'],
        [{ focusAreaId: MISSING, version: 1 }, 'focusAreaId'],
        [{ focusAreaId: null, version: 1 }, 'focusAreaId'],
        [{ likelihood: 0, version: 1 }, 'likelihood'],
        [{ impact: 6, version: 1 }, 'impact'],
        [{ cause: '', version: 1 }, 'cause'],
        [{ title: 'No version' }, 'version'],
      ];
      for (const [body, field] of cases) {
        const res = await t.patch(`/findings/${f.id}`, body, team.auditor.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((x: { field: string }) => x.field)).toContain(field);
      }
      expect(await row(f.id)).toMatchObject({ title: f.title, status: 'draft', version: 1, rating: 'high' });
      expect(await trail('finding', f.id)).toHaveLength(1);
    });

    it('writes no audit row and keeps the version for a PATCH that changes nothing', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const res = await t.patch(
        `/findings/${f.id}`,
        { title: f.title, principleCodes: f.principleCodes, likelihood: f.likelihood, version: 1 },
        team.auditor.token,
      );
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(await trail('finding', f.id)).toHaveLength(1);
    });
  });

  describe('workflow', () => {
    it('walks submit, send back, submit and approve, keeping who, when and why, oldest first, one audit row per move', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const started = Date.now();
      const path: [string, TestUser, string | undefined][] = [
        ['in_review', team.auditor, undefined],
        ['draft', team.coordinator, 'Add the evidence from the 2017 tenders'],
        ['in_review', team.auditor, undefined],
        ['approved', team.coordinator, undefined],
      ];
      let version = 1;
      for (const [to, by, reason] of path) {
        const res = await move(f.id, to, by, reason);
        expect([to, res.status]).toEqual([to, 200]);
        expect(res.body.status).toBe(to);
        expect(res.body.version).toBe(++version);
      }
      const got = await t.get(`/findings/${f.id}`, team.manager.token);
      expect(got.body).toMatchObject({ status: 'approved', approvedById: team.coordinator.id, version: 5 });
      const froms = ['draft', 'in_review', 'draft', 'in_review'];
      expect(got.body.history).toEqual(
        path.map(([to, by, reason], i) => ({
          from: froms[i],
          to,
          by: by.id,
          byName: by.name,
          at: expect.any(String),
          reason: reason ?? null,
        })),
      );
      const times = got.body.history.map((h: { at: string }) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times[0]).toBeGreaterThanOrEqual(started - 5_000);
      // The approval instant is the approving move's.
      expect(got.body.approvedAt).toBe(got.body.history[3].at);

      const events = await trail('finding', f.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update', 'update', 'update', 'update']);
      expect(events.slice(1).map((e) => [e.before.status, e.after.status, e.actor_id])).toEqual(
        path.map(([to, by], i) => [froms[i], to, by.id]),
      );
    });

    it('locks an approved finding: a PATCH gets 409 saying to reopen it first, and nothing changes', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      await move(f.id, 'in_review', team.auditor);
      await move(f.id, 'approved', team.coordinator);
      const before = await row(f.id);
      const audit = (await trail('finding', f.id)).length;
      for (const editor of [team.auditor, team.coordinator, team.admin]) {
        const res = await t.patch(`/findings/${f.id}`, { title: 'Changed after approval', version: 3 }, editor.token);
        expect(res.status).toBe(409);
        expect(res.body.message).toMatch(/approved findings are read-only; reopen first/);
      }
      expect(await row(f.id)).toEqual(before);
      expect(await trail('finding', f.id)).toHaveLength(audit);
    });

    it('reopens an approved finding only with a reason, recorded with who and when, and then it is editable again', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      await move(f.id, 'in_review', team.auditor);
      await move(f.id, 'approved', team.coordinator);
      const approved = await row(f.id);
      expect(approved.approvedAt).not.toBeNull();
      for (const body of [
        { to: 'draft' },
        { to: 'draft', reason: '' },
        { to: 'draft', reason: '   ' },
        { to: 'draft', reason: null },
        { to: 'draft', reason: 'x'.repeat(2001) },
      ]) {
        const res = await t.post(`/findings/${f.id}/transitions`, body, team.coordinator.token);
        expect([body, res.status]).toEqual([body, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
      }
      expect(await row(f.id)).toEqual(approved);
      expect(await transitions(f.id)).toBe(2);

      const reason = 'The institution sent new evidence on the 2018 tenders';
      const reopened = await move(f.id, 'draft', team.coordinator, `  ${reason}  `);
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'draft', approvedAt: null, approvedById: null, version: 4 });
      const last = reopened.body.history[reopened.body.history.length - 1];
      expect(last).toEqual({
        from: 'approved',
        to: 'draft',
        by: team.coordinator.id,
        byName: team.coordinator.name,
        at: expect.any(String),
        reason,
      });
      expect(Math.abs(Date.parse(last.at) - Date.now())).toBeLessThan(60_000);
      const { rows } = await t.db.query(
        `SELECT reason, by_id FROM finding_transitions WHERE finding_id = $1 AND from_status = 'approved'`,
        [f.id],
      );
      expect(rows).toEqual([{ reason, by_id: team.coordinator.id }]);

      const edited = await t.patch(`/findings/${f.id}`, { likelihood: 5, impact: 5, version: 4 }, team.auditor.token);
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ rating: 'critical', version: 5, status: 'draft' });
    });

    it('refuses every illegal move with 409 naming the current status and the allowed moves, changing nothing', async () => {
      const team = await t.reviewTeam();
      const cases: [string[], string, RegExp][] = [
        [[], 'approved', /it is draft.*in_review/],
        [[], 'draft', /it is draft.*in_review/],
        [['in_review'], 'in_review', /it is in_review.*approved, draft/],
        [['in_review', 'approved'], 'in_review', /it is approved.*draft/],
        [['in_review', 'approved'], 'approved', /it is approved.*draft/],
      ];
      for (const [setup, to, message] of cases) {
        const f = await create(team);
        for (const step of setup) expect((await move(f.id, step, team.coordinator)).status).toBe(200);
        const before = await row(f.id);
        const moves = await transitions(f.id);
        const audit = (await trail('finding', f.id)).length;
        const res = await move(f.id, to, team.coordinator, 'Because');
        expect([setup, to, res.status]).toEqual([setup, to, 409]);
        expect(res.body.message).toMatch(message);
        expect(await row(f.id)).toEqual(before);
        expect(await transitions(f.id)).toBe(moves);
        expect(await trail('finding', f.id)).toHaveLength(audit);
      }
    });

    it('refuses an unknown status or extra fields in a transition with 400', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      for (const body of [
        { to: 'published' },
        {},
        { to: 'in_review', at: '2019-01-01' },
        { to: 'in_review', reason: 7 },
      ]) {
        const res = await t.post(`/findings/${f.id}/transitions`, body, team.coordinator.token);
        expect([body, res.status]).toEqual([body, 400]);
      }
      expect(await row(f.id)).toMatchObject({ status: 'draft', version: 1 });
    });

    it('lets any auditor submit, only the coordinator or an admin approve, send back or reopen, and a manager nothing', async () => {
      const team = await t.reviewTeam();
      const otherAuditor = await member(team, 'auditor', 'Other auditor');
      const f = await create(team);
      expect((await move(f.id, 'in_review', team.manager)).status).toBe(403);
      // Submitting is not reserved to the author.
      expect((await move(f.id, 'in_review', otherAuditor)).status).toBe(200);
      for (const [to, reason] of [
        ['approved', undefined],
        ['draft', 'Needs work'],
      ] as const) {
        for (const refused of [team.auditor, otherAuditor, team.manager]) {
          const res = await move(f.id, to, refused, reason);
          expect([to, res.status]).toEqual([to, 403]);
        }
      }
      expect(await row(f.id)).toMatchObject({ status: 'in_review', version: 2 });
      expect((await move(f.id, 'draft', team.coordinator)).status).toBe(200);
      expect((await move(f.id, 'in_review', team.coordinator)).status).toBe(200);
      expect((await move(f.id, 'approved', team.admin)).status).toBe(200);
      expect(await row(f.id)).toMatchObject({ status: 'approved', approvedById: team.admin.id });
      for (const refused of [team.auditor, team.manager]) {
        expect((await move(f.id, 'draft', refused, 'Reopen')).status).toBe(403);
      }
      expect((await move(f.id, 'draft', team.coordinator, 'Reopen')).status).toBe(200);
      expect(await transitions(f.id)).toBe(5);
    });

    it('tells each caller the moves their role may make now, in the detail, the register and the answer to a move', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const movesOf = async (user: TestUser): Promise<{ detail: string[]; listed: string[] }> => {
        const detail = await t.get(`/findings/${f.id}`, user.token);
        const list = await t.get(`/reviews/${team.reviewId}/findings`, user.token);
        return {
          detail: detail.body.allowedMoves,
          listed: list.body.items.find((x: { id: string }) => x.id === f.id).allowedMoves,
        };
      };
      const both = (moves: string[]) => ({ detail: moves, listed: moves });
      expect(await movesOf(team.auditor)).toEqual(both(['in_review']));
      expect(await movesOf(team.manager)).toEqual(both([]));

      const submitted = await move(f.id, 'in_review', team.auditor);
      // The auditor who submitted it may not approve it or send it back.
      expect(submitted.body.allowedMoves).toEqual([]);
      expect(await movesOf(team.coordinator)).toEqual(both(['approved', 'draft']));
      expect(await movesOf(team.admin)).toEqual(both(['approved', 'draft']));

      const approved = await move(f.id, 'approved', team.coordinator);
      expect(approved.body.allowedMoves).toEqual(['draft']);
      expect(await movesOf(team.auditor)).toEqual(both([]));
      expect(await movesOf(team.manager)).toEqual(both([]));
    });

    it('lets exactly one of several concurrent identical moves succeed; the others get 409', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const results = await Promise.all(Array.from({ length: 6 }, () => move(f.id, 'in_review', team.coordinator)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      expect(await row(f.id)).toMatchObject({ status: 'in_review', version: 2 });
      expect(await transitions(f.id)).toBe(1);
      expect(await trail('finding', f.id)).toHaveLength(2);
    });

    it('keeps an edit and an approval racing for the same finding consistent: never an edit after approval', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      await move(f.id, 'in_review', team.auditor);
      const [edit, approval] = await Promise.all([
        t.patch(`/findings/${f.id}`, { title: 'Racing edit', version: 2 }, team.auditor.token),
        move(f.id, 'approved', team.coordinator),
      ]);
      expect(approval.status).toBe(200);
      const stored = await row(f.id);
      expect(stored.status).toBe('approved');
      if (edit.status === 200) {
        // The edit committed first; the approval covers it.
        expect(stored).toMatchObject({ title: 'Racing edit', version: 4 });
      } else {
        expect(edit.status).toBe(409);
        expect(stored).toMatchObject({ title: f.title, version: 3 });
      }
    });
  });

  describe('comments', () => {
    it('adds comments from auditors and the coordinator and lists them oldest first with names, paged', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const written: [TestUser, string][] = [
        [team.coordinator, 'Which contracts does this cover?'],
        [team.auditor, 'The 2017 and 2018 direct awards.\n\n  See annex 2.'],
        [team.coordinator, 'Thanks.'],
        [team.auditor, 'Added the sample.'],
        [team.admin, 'Noted.'],
      ];
      const made: any[] = [];
      for (const [by, body] of written) {
        const res = await t.post(`/findings/${f.id}/comments`, { body }, by.token);
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          findingId: f.id,
          reviewId: team.reviewId,
          authorId: by.id,
          authorName: by.name,
          body,
          createdAt: expect.any(String),
        });
        made.push(res.body);
      }
      const whole = await t.get(`/findings/${f.id}/comments`, team.manager.token);
      expect(whole.status).toBe(200);
      expect(whole.body).toEqual({ items: made, nextCursor: null });

      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: any } = await t.get(
          `/findings/${f.id}/comments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          team.manager.token,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        ids.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor && ids.length <= made.length);
      expect(ids).toEqual(made.map((c) => c.id));

      // Another finding's thread is its own.
      const other = await create(team);
      expect((await t.get(`/findings/${other.id}/comments`, team.auditor.token)).body.items).toEqual([]);
    });

    it('keeps comments open on an approved finding', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      await move(f.id, 'in_review', team.auditor);
      await move(f.id, 'approved', team.coordinator);
      const res = await t.post(`/findings/${f.id}/comments`, { body: 'Published in the report' }, team.auditor.token);
      expect(res.status).toBe(201);
      expect(await row(f.id)).toMatchObject({ status: 'approved', version: 3 });
    });

    it('refuses a manager with 403, and blank, too long or extra input with 400', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      expect((await t.post(`/findings/${f.id}/comments`, { body: 'Hi' }, team.manager.token)).status).toBe(403);
      for (const body of [
        {},
        { body: '' },
        { body: ' \n\t ' },
        { body: 'x'.repeat(10001) },
        { body: 42 },
        { body: 'Hi', authorId: team.coordinator.id },
      ]) {
        const res = await t.post(`/findings/${f.id}/comments`, body, team.auditor.token);
        expect([body, res.status]).toEqual([body, 400]);
      }
      expect((await t.post(`/findings/${f.id}/comments`, { body: 'x'.repeat(10000) }, team.auditor.token)).status).toBe(
        201,
      );
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM finding_comments WHERE finding_id = $1', [
        f.id,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('writes one audit row per comment, in the finding’s review', async () => {
      const team = await t.reviewTeam();
      const f = await create(team);
      const c = (await t.post(`/findings/${f.id}/comments`, { body: 'Check annex 3' }, team.coordinator.token)).body;
      const events = await trail('comment', c.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'insert', actor_id: team.coordinator.id, review_id: team.reviewId });
      expect(events[0].after).toMatchObject({ body: 'Check annex 3', findingId: f.id });
    });
  });

  describe('the register', () => {
    let team: Team;
    let auditor2: TestUser;
    let all: any[];
    const score = (f: { likelihood: number; impact: number }): number => f.likelihood * f.impact;

    beforeAll(async () => {
      team = await t.reviewTeam();
      auditor2 = await member(team, 'auditor', 'Second auditor');
      const [A, B] = areas;
      const specs: [Record<string, unknown>, TestUser, string[]][] = [
        [
          {
            title: 'Direct awards',
            focusAreaId: A,
            principleCodes: ['transparency', 'integrity'],
            likelihood: 1,
            impact: 4,
          },
          team.auditor,
          [],
        ],
        [
          {
            title: 'Single-source medicines',
            focusAreaId: B,
            principleCodes: ['efficiency'],
            likelihood: 3,
            impact: 3,
          },
          team.auditor,
          ['in_review'],
        ],
        [
          { title: 'Bid rigging in tenders', focusAreaId: A, principleCodes: ['integrity'], likelihood: 4, impact: 5 },
          team.coordinator,
          ['in_review', 'approved'],
        ],
        [
          {
            title: 'E-procurement unused',
            focusAreaId: B,
            principleCodes: ['e-procurement', 'access'],
            likelihood: 2,
            impact: 5,
          },
          auditor2,
          [],
        ],
        [
          {
            title: 'Annual plan unpublished',
            focusAreaId: A,
            principleCodes: ['transparency'],
            likelihood: 5,
            impact: 5,
          },
          team.coordinator,
          ['in_review'],
        ],
        [
          { title: 'Untrained staff', focusAreaId: B, principleCodes: ['capacity'], likelihood: 4, impact: 4 },
          team.auditor,
          ['in_review', 'approved'],
        ],
        [
          {
            title: 'Weak complaints mechanism',
            focusAreaId: A,
            principleCodes: ['accountability', 'integrity'],
            likelihood: 1,
            impact: 5,
          },
          auditor2,
          [],
        ],
        [
          { title: 'Late payments', focusAreaId: B, principleCodes: ['efficiency'], likelihood: 2, impact: 2 },
          team.auditor,
          [],
        ],
      ];
      all = [];
      for (const [spec, author, moves] of specs) {
        const f = await create(team, spec, author);
        for (const to of moves) expect((await move(f.id, to, team.coordinator)).status).toBe(200);
        all.push(f);
      }
      // Another review's findings never show up here.
      const other = await t.reviewTeam();
      await create(other, { title: 'Elsewhere', focusAreaId: A, principleCodes: ['integrity'] });
    });

    const titles = async (query: string): Promise<string[]> => {
      const res = await t.get(`/reviews/${team.reviewId}/findings${query}`, team.manager.token);
      expect([query, res.status]).toEqual([query, 200]);
      return res.body.items.map((f: { title: string }) => f.title);
    };
    const sorted = (list: string[]): string[] => [...list].sort();
    const pick = (...indexes: number[]): string[] => sorted(indexes.map((i) => all[i].title));

    it('lists every finding of the review, newest first, with author names and current status, without history', async () => {
      const res = await t.get(`/reviews/${team.reviewId}/findings`, team.manager.token);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((f: { id: string }) => f.id)).toEqual([...all].reverse().map((f) => f.id));
      expect(res.body.items[0]).not.toHaveProperty('history');
      const bid = res.body.items.find((f: { id: string }) => f.id === all[2].id);
      expect(bid).toMatchObject({
        status: 'approved',
        rating: 'critical',
        authorId: team.coordinator.id,
        authorName: team.coordinator.name,
        approvedById: team.coordinator.id,
        version: 3,
      });
      expect(res.body.items.find((f: { id: string }) => f.id === all[3].id).authorName).toBe(auditor2.name);
    });

    it('filters by focus area', async () => {
      expect(sorted(await titles(`?focusAreaId=${areas[0]}`))).toEqual(pick(0, 2, 4, 6));
      expect(sorted(await titles(`?focusAreaId=${areas[1]}`))).toEqual(pick(1, 3, 5, 7));
      expect(await titles(`?focusAreaId=${areas[2]}`)).toEqual([]);
    });

    it('filters by one rating or a list', async () => {
      expect(sorted(await titles('?rating=critical'))).toEqual(pick(2, 4));
      expect(sorted(await titles('?rating=low'))).toEqual(pick(0, 7));
      expect(sorted(await titles('?rating=low,medium'))).toEqual(pick(0, 1, 6, 7));
      expect(sorted(await titles('?rating=high&rating=critical'))).toEqual(pick(2, 3, 4, 5));
    });

    it('filters by one status or a list', async () => {
      expect(sorted(await titles('?status=draft'))).toEqual(pick(0, 3, 6, 7));
      expect(sorted(await titles('?status=in_review'))).toEqual(pick(1, 4));
      expect(sorted(await titles('?status=in_review,approved'))).toEqual(pick(1, 2, 4, 5));
    });

    it('filters by a cited principle', async () => {
      expect(sorted(await titles('?principle=integrity'))).toEqual(pick(0, 2, 6));
      expect(sorted(await titles('?principle=transparency'))).toEqual(pick(0, 4));
      expect(sorted(await titles('?principle=access'))).toEqual(pick(3));
      expect(await titles('?principle=evaluation')).toEqual([]);
      expect(await titles('?principle=no-such-principle')).toEqual([]);
    });

    it('filters by author', async () => {
      expect(sorted(await titles(`?authorId=${team.auditor.id}`))).toEqual(pick(0, 1, 5, 7));
      expect(sorted(await titles(`?authorId=${team.coordinator.id}`))).toEqual(pick(2, 4));
      expect(sorted(await titles(`?authorId=${auditor2.id}`))).toEqual(pick(3, 6));
      expect(await titles(`?authorId=${team.manager.id}`)).toEqual([]);
    });

    it('combines filters', async () => {
      expect(await titles(`?focusAreaId=${areas[0]}&rating=critical&status=approved`)).toEqual(pick(2));
      expect(await titles(`?principle=integrity&authorId=${auditor2.id}`)).toEqual(pick(6));
      expect(sorted(await titles(`?status=draft&rating=low,medium&focusAreaId=${areas[1]}`))).toEqual(pick(7));
    });

    it('sorts by severity, title or creation', async () => {
      const bySeverity = [...all].sort((a, b) => score(a) - score(b) || (a.id < b.id ? -1 : 1)).map((f) => f.title);
      expect(await titles('?sort=rating')).toEqual(bySeverity);
      expect(await titles('?sort=-rating')).toEqual([...bySeverity].reverse());
      const ratings = (
        await t.get(`/reviews/${team.reviewId}/findings?sort=-rating`, team.manager.token)
      ).body.items.map((f: { rating: string }) => f.rating);
      expect(ratings).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low']);
      expect(await titles('?sort=title')).toEqual(all.map((f) => f.title).sort());
      const created = all.map((f) => f.title);
      expect(await titles('?sort=createdAt')).toEqual(created);
      expect(await titles('?sort=-createdAt')).toEqual([...created].reverse());
    });

    it('pages with a cursor in every sort order without gaps or repeats', async () => {
      for (const sort of ['createdAt', '-createdAt', 'rating', '-rating', 'title']) {
        const whole = (await t.get(`/reviews/${team.reviewId}/findings?sort=${sort}`, team.manager.token)).body.items;
        for (const limit of [1, 2, 3]) {
          const ids: string[] = [];
          let cursor: string | null = null;
          do {
            const res: { status: number; body: any } = await t.get(
              `/reviews/${team.reviewId}/findings?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
              team.manager.token,
            );
            expect(res.status).toBe(200);
            expect(res.body.items.length).toBeLessThanOrEqual(limit);
            ids.push(...res.body.items.map((f: { id: string }) => f.id));
            cursor = res.body.nextCursor;
          } while (cursor && ids.length <= whole.length); // a repeating cursor must fail, not loop
          expect([sort, limit, ids]).toEqual([sort, limit, whole.map((f: { id: string }) => f.id)]);
        }
      }
      const filtered: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: any } = await t.get(
          `/reviews/${team.reviewId}/findings?status=draft&sort=-rating&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          team.manager.token,
        );
        filtered.push(...res.body.items.map((f: { title: string }) => f.title));
        cursor = res.body.nextCursor;
      } while (cursor && filtered.length <= all.length);
      expect(filtered).toEqual(await titles('?status=draft&sort=-rating'));
    });

    it('refuses invalid filters, sorts and cursors with 400', async () => {
      const badRatingCursor = Buffer.from(JSON.stringify(['severe', all[0].id])).toString('base64url');
      for (const query of [
        '?rating=severe',
        '?rating=low,bogus',
        '?rating=',
        '?status=closed',
        '?status=',
        '?focusAreaId=transparency',
        '?authorId=me',
        '?principle=',
        `?principle=${'x'.repeat(65)}`,
        '?q=',
        '?q=%20%20',
        `?q=${'x'.repeat(201)}`,
        '?sort=-title',
        '?sort=status',
        '?limit=0',
        '?limit=201',
        '?cursor=not!valid',
        '?cursor=bm90LWpzb24',
        `?sort=rating&cursor=${badRatingCursor}`,
        '?ownerId=x',
      ]) {
        const res = await t.get(`/reviews/${team.reviewId}/findings${query}`, team.manager.token);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });
  });
});
