// Deliverables: creation, edits, the guarded workflow with its history, access, filters, sorting and paging.
import { type TestUser, TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MISSING = '00000000-0000-4000-8000-000000000000';
const today = (): string => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('deliverables', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Components have no routes of their own yet: they are written behind the api's back. */
  const component = async (reviewId: string, title = 'Public Procurement Review'): Promise<string> =>
    (
      await t.db.query('INSERT INTO review_components (review_id, title, version) VALUES ($1, $2, 1) RETURNING id', [
        reviewId,
        title,
      ])
    ).rows[0].id;

  const create = async (team: Team, body: Record<string, unknown> = {}): Promise<any> => {
    const res = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title: 'Review report', kind: 'report', dueOn: '2019-08-31', ...body },
      team.coordinator.token,
    );
    if (res.status !== 201) throw new Error(`create deliverable failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const move = (id: string, to: string, user: TestUser) =>
    t.post(`/deliverables/${id}/transitions`, { to }, user.token);

  const trail = (entityType: string, entityId: string): Promise<any[]> => t.auditTrail(entityType, entityId);

  const row = async (id: string): Promise<any> =>
    (
      await t.db.query(
        'SELECT status, version, title, due_on::text AS "dueOn", delivered_on::text AS "deliveredOn" FROM deliverables WHERE id = $1',
        [id],
      )
    ).rows[0];

  const transitions = async (id: string): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS n FROM deliverable_transitions WHERE deliverable_id = $1', [id])).rows[0]
      .n;

  it('lists every deliverable and milestone route in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/reviews/{id}/deliverables',
        'POST /api/v1/reviews/{id}/deliverables',
        'GET /api/v1/deliverables/{id}',
        'PATCH /api/v1/deliverables/{id}',
        'POST /api/v1/deliverables/{id}/transitions',
        'GET /api/v1/reviews/{id}/milestones',
        'POST /api/v1/reviews/{id}/milestones',
        'GET /api/v1/milestones/{id}',
        'PATCH /api/v1/milestones/{id}',
      ]),
    );
  });

  describe('creating and reading', () => {
    it('creates a planned deliverable with every field, readable by every member, with an empty history', async () => {
      const team = await t.reviewTeam();
      const componentId = await component(team.reviewId);
      const res = await t.post(
        `/reviews/${team.reviewId}/deliverables`,
        {
          title: '  Workshop on bid rigging  ',
          kind: 'workshop',
          componentId,
          ownerId: team.auditor.id,
          dueOn: '2018-08-20',
          description: 'Hermosillo, two days',
        },
        team.coordinator.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        reviewId: team.reviewId,
        componentId,
        title: 'Workshop on bid rigging',
        description: 'Hermosillo, two days',
        kind: 'workshop',
        ownerId: team.auditor.id,
        dueOn: '2018-08-20',
        status: 'planned',
        deliveredOn: null,
        overdue: true,
        allowedMoves: ['in_progress', 'cancelled'],
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        history: [],
      });
      // Each member reads the same record; only the moves offered to them differ (the owning auditor's equal the
      // coordinator's, a manager has none).
      for (const [member, allowedMoves] of [
        [team.coordinator, ['in_progress', 'cancelled']],
        [team.auditor, ['in_progress', 'cancelled']],
        [team.manager, []],
      ] as const) {
        const got = await t.get(`/deliverables/${res.body.id}`, member.token);
        expect(got.status).toBe(200);
        expect(got.body).toEqual({ ...res.body, allowedMoves });
      }
      const events = await trail('deliverable', res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'insert', actor_id: team.coordinator.id, review_id: team.reviewId });
    });

    it('flags an open deliverable as overdue only once its due day has passed', async () => {
      const team = await t.reviewTeam();
      expect((await create(team, { dueOn: dayOffset(-1) })).overdue).toBe(true);
      expect((await create(team, { dueOn: today() })).overdue).toBe(false);
      expect((await create(team, { dueOn: dayOffset(30) })).overdue).toBe(false);
    });

    it('refuses invalid bodies and unknown fields with 400 and field details, creating nothing', async () => {
      const team = await t.reviewTeam();
      const path = `/reviews/${team.reviewId}/deliverables`;
      const valid = { title: 'Report', kind: 'report', dueOn: '2019-08-31' };
      for (const [body, field] of [
        [{ ...valid, status: 'delivered' }, 'status'],
        [{ ...valid, reviewId: MISSING }, 'reviewId'],
        [{ ...valid, kind: 'memo' }, 'kind'],
        [{ ...valid, dueOn: '2019-02-30' }, 'dueOn'],
        [{ ...valid, dueOn: '31/08/2019' }, 'dueOn'],
        [{ ...valid, title: '   ' }, 'title'],
        [{ ...valid, ownerId: 'someone' }, 'ownerId'],
        [{ kind: 'report', dueOn: '2019-08-31' }, 'title'],
      ] as const) {
        const res = await t.post(path, body, team.coordinator.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM deliverables WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('refuses a component or an owner from another review with 400 naming each field', async () => {
      const team = await t.reviewTeam();
      const other = await t.reviewTeam();
      const foreignComponent = await component(other.reviewId);
      const res = await t.post(
        `/reviews/${team.reviewId}/deliverables`,
        {
          title: 'Report',
          kind: 'report',
          dueOn: '2019-08-31',
          componentId: foreignComponent,
          ownerId: other.auditor.id,
        },
        team.coordinator.token,
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'componentId', messages: [expect.stringContaining('component of this review')] },
        { field: 'ownerId', messages: [expect.stringContaining('member of this review')] },
      ]);
      // A user who is on no review at all, and a component id that exists nowhere, are refused the same way.
      const stranger = await t.user('Stranger');
      for (const body of [{ ownerId: stranger.id }, { componentId: MISSING }]) {
        const refused = await t.post(
          `/reviews/${team.reviewId}/deliverables`,
          { title: 'Report', kind: 'report', dueOn: '2019-08-31', ...body },
          team.coordinator.token,
        );
        expect(refused.status).toBe(400);
      }
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM deliverables WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('lets only the coordinator (or an admin) create and edit', async () => {
      const team = await t.reviewTeam();
      const body = { title: 'Briefing', kind: 'briefing', dueOn: '2019-01-15' };
      for (const member of [team.auditor, team.manager]) {
        expect((await t.post(`/reviews/${team.reviewId}/deliverables`, body, member.token)).status).toBe(403);
      }
      const d = await create(team);
      for (const member of [team.auditor, team.manager]) {
        expect((await t.patch(`/deliverables/${d.id}`, { title: 'No', version: 1 }, member.token)).status).toBe(403);
      }
      expect((await t.post(`/reviews/${team.reviewId}/deliverables`, body, team.admin.token)).status).toBe(201);
      expect((await t.patch(`/deliverables/${d.id}`, { title: 'Admin', version: 1 }, team.admin.token)).status).toBe(
        200,
      );
    });

    it('answers a non-member 404 on every route, exactly as for a missing id, and changes nothing', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      const { outsider } = team;
      for (const [method, path, body, ghostPath] of [
        ['GET', `/reviews/${team.reviewId}/deliverables`, undefined, `/reviews/${MISSING}/deliverables`],
        [
          'POST',
          `/reviews/${team.reviewId}/deliverables`,
          { title: 'X', kind: 'report', dueOn: '2019-01-01' },
          `/reviews/${MISSING}/deliverables`,
        ],
        ['GET', `/deliverables/${d.id}`, undefined, `/deliverables/${MISSING}`],
        ['PATCH', `/deliverables/${d.id}`, { title: 'Hijacked', version: 1 }, `/deliverables/${MISSING}`],
        ['POST', `/deliverables/${d.id}/transitions`, { to: 'in_progress' }, `/deliverables/${MISSING}/transitions`],
      ] as const) {
        const res = await t.request(method, path, { token: outsider.token, body });
        const ghost = await t.request(method, ghostPath, { token: outsider.token, body });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(ghost.status).toBe(404);
        expect(res.body.message).toBe(ghost.body.message);
      }
      expect(await row(d.id)).toMatchObject({ status: 'planned', version: 1, title: 'Review report' });
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM deliverables WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('answers 400 for a malformed deliverable id', async () => {
      const team = await t.reviewTeam();
      expect((await t.get('/deliverables/not-a-uuid', team.coordinator.token)).status).toBe(400);
    });
  });

  describe('editing', () => {
    it('edits the fields it is sent, bumps the version and writes one audit row', async () => {
      const team = await t.reviewTeam();
      const componentId = await component(team.reviewId);
      const d = await create(team, { description: 'Draft', ownerId: team.auditor.id });
      const res = await t.patch(
        `/deliverables/${d.id}`,
        { title: 'Final report', dueOn: '2019-09-30', componentId, ownerId: null, description: null, version: 1 },
        team.coordinator.token,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: 'Final report',
        kind: 'report',
        dueOn: '2019-09-30',
        componentId,
        ownerId: null,
        description: null,
        status: 'planned',
        version: 2,
        history: [],
      });
      const events = await trail('deliverable', d.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update']);
      expect(events[1]).toMatchObject({ actor_id: team.coordinator.id, review_id: team.reviewId });
      expect(events[1].before).toMatchObject({ title: 'Review report', ownerId: team.auditor.id, version: 1 });
      expect(events[1].after).toMatchObject({ title: 'Final report', ownerId: null, version: 2 });
    });

    it('refuses a stale version with 409 and keeps the newer edit', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      expect(
        (await t.patch(`/deliverables/${d.id}`, { title: 'Newer', version: 1 }, team.coordinator.token)).status,
      ).toBe(200);
      const stale = await t.patch(`/deliverables/${d.id}`, { title: 'Older', version: 1 }, team.coordinator.token);
      expect(stale.status).toBe(409);
      expect(await row(d.id)).toMatchObject({ title: 'Newer', version: 2 });
      expect(await trail('deliverable', d.id)).toHaveLength(2);
    });

    it('refuses status, unknown fields, nulls in required fields and foreign references with 400, changing nothing', async () => {
      const team = await t.reviewTeam();
      const other = await t.reviewTeam();
      const foreignComponent = await component(other.reviewId);
      const d = await create(team);
      for (const [body, field] of [
        [{ status: 'delivered', version: 1 }, 'status'],
        [{ deliveredOn: '2019-01-01', version: 1 }, 'deliveredOn'],
        [{ reviewId: other.reviewId, version: 1 }, 'reviewId'],
        [{ title: null, version: 1 }, 'title'],
        [{ dueOn: null, version: 1 }, 'dueOn'],
        [{ kind: null, version: 1 }, 'kind'],
        [{ title: 'No version' }, 'version'],
        [{ componentId: foreignComponent, version: 1 }, 'componentId'],
        [{ ownerId: other.coordinator.id, version: 1 }, 'ownerId'],
      ] as const) {
        const res = await t.patch(`/deliverables/${d.id}`, body, team.coordinator.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((x: { field: string }) => x.field)).toContain(field);
      }
      expect(await row(d.id)).toMatchObject({ status: 'planned', version: 1, title: 'Review report' });
      expect(await trail('deliverable', d.id)).toHaveLength(1);
    });

    it('writes no audit row and keeps the version for a PATCH that changes nothing', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      const res = await t.patch(`/deliverables/${d.id}`, { title: d.title, version: 1 }, team.coordinator.token);
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(await trail('deliverable', d.id)).toHaveLength(1);
    });
  });

  describe('workflow', () => {
    it('walks the legal moves, keeping who moved it and when, oldest first, with one audit row per move', async () => {
      const team = await t.reviewTeam();
      const d = await create(team, { ownerId: team.auditor.id });
      const started = Date.now();
      const path: [string, TestUser][] = [
        ['in_progress', team.coordinator],
        ['in_review', team.auditor],
        ['in_progress', team.coordinator],
        ['in_review', team.auditor],
        ['delivered', team.coordinator],
      ];
      let version = 1;
      for (const [to, by] of path) {
        const res = await move(d.id, to, by);
        expect([to, res.status]).toEqual([to, 200]);
        expect(res.body.status).toBe(to);
        expect(res.body.version).toBe(++version);
      }
      const got = await t.get(`/deliverables/${d.id}`, team.manager.token);
      expect(got.body).toMatchObject({ status: 'delivered', deliveredOn: today(), overdue: false, version: 6 });
      const froms = ['planned', 'in_progress', 'in_review', 'in_progress', 'in_review'];
      expect(got.body.history).toEqual(
        path.map(([to, by], i) => ({ from: froms[i], to, by: by.id, byName: by.name, at: expect.any(String) })),
      );
      const times = got.body.history.map((h: { at: string }) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times[0]).toBeGreaterThanOrEqual(started - 5_000);
      expect(times[times.length - 1]).toBeLessThanOrEqual(Date.now() + 5_000);

      const events = await trail('deliverable', d.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update', 'update', 'update', 'update', 'update']);
      expect(events.slice(1).map((e) => [e.before.status, e.after.status, e.actor_id])).toEqual(
        path.map(([to, by], i) => [froms[i], to, by.id]),
      );
      expect(events[5].after.deliveredOn).toBe(today());
    });

    it('cancels from any open status and reinstates a cancelled deliverable as planned', async () => {
      const team = await t.reviewTeam();
      for (const before of [[], ['in_progress'], ['in_progress', 'in_review']]) {
        const d = await create(team);
        for (const to of before) expect((await move(d.id, to, team.coordinator)).status).toBe(200);
        const cancelled = await move(d.id, 'cancelled', team.coordinator);
        expect(cancelled.status).toBe(200);
        expect(cancelled.body).toMatchObject({ status: 'cancelled', overdue: false });
        const reinstated = await move(d.id, 'planned', team.coordinator);
        expect(reinstated.body).toMatchObject({ status: 'planned', deliveredOn: null });
        expect(reinstated.body.history.map((h: { to: string }) => h.to)).toEqual([...before, 'cancelled', 'planned']);
      }
    });

    it('refuses every illegal move with 409 naming the current status and the allowed moves, changing nothing', async () => {
      const team = await t.reviewTeam();
      const cases: [string[], string, RegExp][] = [
        [[], 'delivered', /planned.*in_progress, cancelled/],
        [[], 'in_review', /planned.*in_progress, cancelled/],
        [[], 'planned', /planned.*in_progress, cancelled/],
        [['in_progress'], 'delivered', /in_progress.*in_review, cancelled/],
        [['in_progress'], 'planned', /in_progress.*in_review, cancelled/],
        [['in_progress', 'in_review'], 'planned', /in_review.*delivered, in_progress, cancelled/],
        [['cancelled'], 'in_progress', /cancelled.*planned/],
        [['cancelled'], 'delivered', /cancelled.*planned/],
        [['in_progress', 'in_review', 'delivered'], 'cancelled', /delivered.*cannot move any further/],
        [['in_progress', 'in_review', 'delivered'], 'in_progress', /delivered/],
      ];
      for (const [setup, to, message] of cases) {
        const d = await create(team);
        for (const step of setup) expect((await move(d.id, step, team.coordinator)).status).toBe(200);
        const before = await row(d.id);
        const moves = await transitions(d.id);
        const audit = (await trail('deliverable', d.id)).length;
        const res = await move(d.id, to, team.coordinator);
        expect([setup, to, res.status]).toEqual([setup, to, 409]);
        expect(res.body.message).toMatch(message);
        expect(await row(d.id)).toEqual(before);
        expect(await transitions(d.id)).toBe(moves);
        expect(await trail('deliverable', d.id)).toHaveLength(audit);
      }
    });

    it('refuses an unknown status or extra fields in a transition with 400', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      expect((await move(d.id, 'approved', team.coordinator)).status).toBe(400);
      expect(
        (
          await t.post(
            `/deliverables/${d.id}/transitions`,
            { to: 'in_progress', at: '2019-01-01' },
            team.coordinator.token,
          )
        ).status,
      ).toBe(400);
      expect((await t.post(`/deliverables/${d.id}/transitions`, {}, team.coordinator.token)).status).toBe(400);
      expect(await row(d.id)).toMatchObject({ status: 'planned', version: 1 });
    });

    it('lets the coordinator and an auditor who owns it move a deliverable, never another auditor or a manager', async () => {
      const team = await t.reviewTeam();
      const [otherAuditor, ownerManager] = await Promise.all([t.user('Other auditor'), t.user('Owner manager')]);
      await t.post(
        `/reviews/${team.reviewId}/members`,
        { userId: otherAuditor.id, role: 'auditor' },
        team.coordinator.token,
      );
      await t.post(
        `/reviews/${team.reviewId}/members`,
        { userId: ownerManager.id, role: 'manager' },
        team.coordinator.token,
      );

      const owned = await create(team, { ownerId: team.auditor.id });
      expect((await move(owned.id, 'in_progress', otherAuditor)).status).toBe(403);
      expect((await move(owned.id, 'in_progress', team.manager)).status).toBe(403);
      expect(await row(owned.id)).toMatchObject({ status: 'planned', version: 1 });
      expect((await move(owned.id, 'in_progress', team.auditor)).status).toBe(200);
      expect((await move(owned.id, 'in_review', team.coordinator)).status).toBe(200);

      const unowned = await create(team);
      expect((await move(unowned.id, 'in_progress', team.auditor)).status).toBe(403);

      // Owning it does not make a manager a mover.
      const managers = await create(team, { ownerId: ownerManager.id });
      expect((await move(managers.id, 'in_progress', ownerManager)).status).toBe(403);

      expect((await move(unowned.id, 'in_progress', team.admin)).status).toBe(200);
      expect(await transitions(managers.id)).toBe(0);
    });

    it('tells each caller the moves they may make now, in the detail, the list and the answer to a move', async () => {
      const team = await t.reviewTeam();
      const otherAuditor = await t.user('Other auditor');
      await t.post(
        `/reviews/${team.reviewId}/members`,
        { userId: otherAuditor.id, role: 'auditor' },
        team.coordinator.token,
      );
      const owned = await create(team, { ownerId: team.auditor.id });
      const movesOf = async (user: TestUser): Promise<{ detail: string[]; listed: string[] }> => {
        const detail = await t.get(`/deliverables/${owned.id}`, user.token);
        const list = await t.get(`/reviews/${team.reviewId}/deliverables`, user.token);
        return {
          detail: detail.body.allowedMoves,
          listed: list.body.items.find((d: { id: string }) => d.id === owned.id).allowedMoves,
        };
      };
      const both = (moves: string[]) => ({ detail: moves, listed: moves });
      expect(await movesOf(team.coordinator)).toEqual(both(['in_progress', 'cancelled']));
      expect(await movesOf(team.admin)).toEqual(both(['in_progress', 'cancelled']));
      expect(await movesOf(team.auditor)).toEqual(both(['in_progress', 'cancelled']));
      expect(await movesOf(otherAuditor)).toEqual(both([]));
      expect(await movesOf(team.manager)).toEqual(both([]));

      const moved = await move(owned.id, 'in_progress', team.auditor);
      expect(moved.body.allowedMoves).toEqual(['in_review', 'cancelled']);
      expect((await move(owned.id, 'in_review', team.coordinator)).body.allowedMoves).toEqual([
        'delivered',
        'in_progress',
        'cancelled',
      ]);
      expect((await move(owned.id, 'delivered', team.coordinator)).body.allowedMoves).toEqual([]);
      // Every move offered is accepted: the list is the workflow's, not a copy of it.
      const fresh = await create(team);
      for (const to of (await t.get(`/deliverables/${fresh.id}`, team.coordinator.token)).body.allowedMoves) {
        const other = await create(team);
        expect((await move(other.id, to, team.coordinator)).status).toBe(200);
      }
    });

    it('lets exactly one of several concurrent identical moves succeed; the others get 409', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      const results = await Promise.all(Array.from({ length: 6 }, () => move(d.id, 'in_progress', team.coordinator)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      expect(await row(d.id)).toMatchObject({ status: 'in_progress', version: 2 });
      expect(await transitions(d.id)).toBe(1);
      expect(await trail('deliverable', d.id)).toHaveLength(2);
    });

    it('records the delivery day and achieves the linked milestones still open, each with its own audit row', async () => {
      const team = await t.reviewTeam();
      const d = await create(team);
      const other = await create(team, { title: 'Other' });
      const milestone = async (body: Record<string, unknown>): Promise<any> => {
        const res = await t.post(
          `/reviews/${team.reviewId}/milestones`,
          { title: 'Report delivered', plannedOn: '2019-07-15', precision: 'season', ...body },
          team.coordinator.token,
        );
        expect(res.status).toBe(201);
        return res.body;
      };
      const open1 = await milestone({ deliverableId: d.id });
      const open2 = await milestone({ deliverableId: d.id, title: 'Presented to the board' });
      const done = await milestone({ deliverableId: d.id, actualOn: '2019-06-20' });
      const unrelated = await milestone({ deliverableId: other.id });

      for (const to of ['in_progress', 'in_review', 'delivered']) {
        expect((await move(d.id, to, team.coordinator)).status).toBe(200);
      }
      expect(await row(d.id)).toMatchObject({ status: 'delivered', deliveredOn: today() });
      for (const m of [open1, open2]) {
        const got = await t.get(`/milestones/${m.id}`, team.manager.token);
        expect(got.body).toMatchObject({ actualOn: today(), state: 'achieved', version: 2 });
        const events = await trail('milestone', m.id);
        expect(events.map((e) => e.action)).toEqual(['insert', 'update']);
        expect(events[1]).toMatchObject({ actor_id: team.coordinator.id, review_id: team.reviewId });
        expect(events[1].after.actualOn).toBe(today());
      }
      expect((await t.get(`/milestones/${done.id}`, team.manager.token)).body).toMatchObject({
        actualOn: '2019-06-20',
        version: 1,
      });
      expect((await t.get(`/milestones/${unrelated.id}`, team.manager.token)).body).toMatchObject({
        actualOn: null,
        version: 1,
      });
      expect(await trail('milestone', done.id)).toHaveLength(1);
    });
  });

  describe('listing', () => {
    let team: Team;
    let componentId: string;
    let all: any[];

    beforeAll(async () => {
      team = await t.reviewTeam();
      componentId = await component(team.reviewId);
      const specs: Record<string, unknown>[] = [
        { title: 'Diagnostic report', kind: 'report', dueOn: '2018-01-31', ownerId: team.auditor.id, componentId },
        { title: 'Bid rigging workshop', kind: 'workshop', dueOn: '2018-08-20', ownerId: team.auditor.id },
        { title: 'E-procurement briefing', kind: 'briefing', dueOn: '2018-08-20', componentId },
        { title: 'Competition workshop', kind: 'workshop', dueOn: '2018-08-20' },
        { title: 'Final report', kind: 'report', dueOn: dayOffset(60), componentId },
        { title: 'Launch', kind: 'other', dueOn: dayOffset(-3) },
        { title: 'Action plan', kind: 'other', dueOn: '2019-03-15', ownerId: team.manager.id },
      ];
      all = [];
      for (const spec of specs) all.push(await create(team, spec));
      await move(all[0].id, 'in_progress', team.coordinator);
      for (const to of ['in_progress', 'in_review', 'delivered']) await move(all[1].id, to, team.coordinator);
      await move(all[3].id, 'cancelled', team.coordinator);
      await move(all[6].id, 'in_progress', team.coordinator);
      await move(all[6].id, 'in_review', team.coordinator);
      // Another review's deliverables never show up here.
      const other = await t.reviewTeam();
      await create(other, { title: 'Elsewhere' });
    });

    const titles = async (query: string): Promise<string[]> => {
      const res = await t.get(`/reviews/${team.reviewId}/deliverables${query}`, team.manager.token);
      expect([query, res.status]).toEqual([query, 200]);
      return res.body.items.map((d: { title: string }) => d.title);
    };

    it('lists every deliverable of the review by due date, then id, without history', async () => {
      const res = await t.get(`/reviews/${team.reviewId}/deliverables`, team.manager.token);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      const expected = [...all]
        .sort((a, b) => (a.dueOn === b.dueOn ? (a.id < b.id ? -1 : 1) : a.dueOn < b.dueOn ? -1 : 1))
        .map((d) => d.id);
      expect(res.body.items.map((d: { id: string }) => d.id)).toEqual(expected);
      expect(res.body.items[0]).not.toHaveProperty('history');
      expect(res.body.items.find((d: { id: string }) => d.id === all[1].id)).toMatchObject({
        status: 'delivered',
        deliveredOn: today(),
        version: 4,
      });
    });

    it('filters by one status or a comma-separated list', async () => {
      expect(await titles('?status=cancelled')).toEqual(['Competition workshop']);
      expect((await titles('?status=in_progress,in_review')).sort()).toEqual(['Action plan', 'Diagnostic report']);
      expect((await titles('?status=in_progress&status=delivered')).sort()).toEqual([
        'Bid rigging workshop',
        'Diagnostic report',
      ]);
    });

    it('filters by owner, component and kind', async () => {
      expect(await titles(`?ownerId=${team.auditor.id}`)).toEqual(['Diagnostic report', 'Bid rigging workshop']);
      expect(await titles(`?componentId=${componentId}`)).toEqual([
        'Diagnostic report',
        'E-procurement briefing',
        'Final report',
      ]);
      expect((await titles('?kind=workshop')).sort()).toEqual(['Bid rigging workshop', 'Competition workshop']);
      expect(await titles(`?kind=report&componentId=${componentId}&ownerId=${team.auditor.id}`)).toEqual([
        'Diagnostic report',
      ]);
    });

    it('filters by due dates, both bounds inclusive', async () => {
      expect((await titles('?dueAfter=2018-08-20&dueBefore=2018-08-20')).sort()).toEqual([
        'Bid rigging workshop',
        'Competition workshop',
        'E-procurement briefing',
      ]);
      expect(await titles('?dueBefore=2018-01-31')).toEqual(['Diagnostic report']);
      expect(await titles(`?dueAfter=${dayOffset(60)}`)).toEqual(['Final report']);
    });

    it('filters overdue (open and due before today) and not overdue', async () => {
      const overdue = await titles('?overdue=true');
      expect(overdue.sort()).toEqual(['Action plan', 'Diagnostic report', 'E-procurement briefing', 'Launch']);
      const res = await t.get(`/reviews/${team.reviewId}/deliverables?overdue=true`, team.manager.token);
      expect(res.body.items.every((d: { overdue: boolean }) => d.overdue)).toBe(true);
      expect((await titles('?overdue=false')).sort()).toEqual([
        'Bid rigging workshop',
        'Competition workshop',
        'Final report',
      ]);
      expect(await titles('?overdue=true&kind=other&dueBefore=2019-12-31')).toEqual(['Action plan']);
    });

    it('sorts by due date, title or creation, either way', async () => {
      const byTitle = [...all].map((d) => d.title).sort((a, b) => a.localeCompare(b));
      expect(await titles('?sort=title')).toEqual(byTitle);
      expect(await titles('?sort=-title')).toEqual([...byTitle].reverse());
      const created = all.map((d) => d.title);
      expect(await titles('?sort=createdAt')).toEqual(created);
      expect(await titles('?sort=-createdAt')).toEqual([...created].reverse());
      const due = await titles('?sort=dueOn');
      const dueDesc = await titles('?sort=-dueOn');
      expect(due[0]).toBe('Diagnostic report');
      expect(due[due.length - 1]).toBe('Final report');
      expect(dueDesc).toEqual([...due].reverse());
    });

    it('pages with a cursor in every sort order without gaps or repeats', async () => {
      for (const sort of ['dueOn', '-dueOn', 'title', '-title', 'createdAt', '-createdAt']) {
        const whole = (await t.get(`/reviews/${team.reviewId}/deliverables?sort=${sort}`, team.manager.token)).body
          .items;
        for (const limit of [1, 2, 3]) {
          const ids: string[] = [];
          let cursor: string | null = null;
          do {
            const res: { status: number; body: any } = await t.get(
              `/reviews/${team.reviewId}/deliverables?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
              team.manager.token,
            );
            expect(res.status).toBe(200);
            expect(res.body.items.length).toBeLessThanOrEqual(limit);
            ids.push(...res.body.items.map((d: { id: string }) => d.id));
            cursor = res.body.nextCursor;
          } while (cursor && ids.length <= whole.length); // a repeating cursor must fail, not loop
          expect([sort, limit, ids]).toEqual([sort, limit, whole.map((d: { id: string }) => d.id)]);
        }
      }
      const filtered: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: any } = await t.get(
          `/reviews/${team.reviewId}/deliverables?overdue=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          team.manager.token,
        );
        filtered.push(...res.body.items.map((d: { title: string }) => d.title));
        cursor = res.body.nextCursor;
      } while (cursor && filtered.length <= all.length);
      expect(filtered).toEqual(await titles('?overdue=true'));
    });

    it('pages by title through long titles that share their first characters', async () => {
      const longTeam = await t.reviewTeam();
      const stem = 'Informe de seguimiento sobre la implementación de las recomendaciones '.repeat(4);
      const made: string[] = [];
      for (const suffix of ['d', 'b', 'e', 'a', 'c']) {
        made.push((await create(longTeam, { title: `${stem}${suffix}`.slice(-300) })).id);
      }
      const whole = (await t.get(`/reviews/${longTeam.reviewId}/deliverables?sort=title`, longTeam.manager.token)).body
        .items;
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: any } = await t.get(
          `/reviews/${longTeam.reviewId}/deliverables?sort=title&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          longTeam.manager.token,
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((d: { id: string }) => d.id));
        cursor = res.body.nextCursor;
      } while (cursor && ids.length <= whole.length);
      expect(ids).toEqual(whole.map((d: { id: string }) => d.id));
      expect([...ids].sort()).toEqual([...made].sort());
    });

    it('refuses invalid filters, sorts and cursors with 400', async () => {
      for (const query of [
        '?status=approved',
        '?status=planned,bogus',
        '?status=',
        `?ownerId=me`,
        '?componentId=1',
        '?kind=memo',
        '?dueBefore=2019-02-30',
        '?dueAfter=tomorrow',
        '?overdue=yes',
        '?sort=status',
        '?limit=0',
        '?limit=201',
        '?cursor=not!valid',
        '?cursor=bm90LWpzb24',
        '?q=report',
      ]) {
        const res = await t.get(`/reviews/${team.reviewId}/deliverables${query}`, team.manager.token);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });
  });
});
