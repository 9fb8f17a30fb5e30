// Milestones: dates known to a precision, normalised to their period, labelled per locale, with slippage and state.
import { TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MISSING = '00000000-0000-4000-8000-000000000000';
const DAY_MS = 86_400_000;
const today = (): string => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const daysSince = (date: string): number => Math.round((Date.parse(today()) - Date.parse(date)) / DAY_MS);

describe('milestones', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const create = async (team: Team, body: Record<string, unknown> = {}, query = ''): Promise<any> => {
    const res = await t.post(
      `/reviews/${team.reviewId}/milestones${query}`,
      { title: 'Milestone', plannedOn: '2019-07-15', precision: 'season', ...body },
      team.coordinator.token,
    );
    if (res.status !== 201) throw new Error(`create milestone failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const deliverable = async (team: Team, delivered = false): Promise<any> => {
    const res = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title: 'Review report', kind: 'report', dueOn: '2019-08-31' },
      team.coordinator.token,
    );
    expect(res.status).toBe(201);
    if (delivered) {
      for (const to of ['in_progress', 'in_review', 'delivered']) {
        expect((await t.post(`/deliverables/${res.body.id}/transitions`, { to }, team.coordinator.token)).status).toBe(
          200,
        );
      }
    }
    return res.body;
  };

  const trail = (entityId: string): Promise<any[]> => t.auditTrail('milestone', entityId);

  const row = async (id: string): Promise<any> =>
    (
      await t.db.query(
        `SELECT title, planned_on::text AS "plannedOn", precision, actual_on::text AS "actualOn",
                deliverable_id AS "deliverableId", version
           FROM milestones WHERE id = $1`,
        [id],
      )
    ).rows[0];

  describe('planned dates', () => {
    it('stores "Summer 2019" given as 2019-07-15 as the season starting 2019-06-01 and labels it per locale', async () => {
      const team = await t.reviewTeam();
      const m = await create(team, { title: 'Final report presented', plannedOn: '2019-07-15', precision: 'season' });
      expect(m).toEqual({
        id: expect.any(String),
        reviewId: team.reviewId,
        title: 'Final report presented',
        plannedOn: '2019-06-01',
        plannedEnd: '2019-08-31',
        precision: 'season',
        label: 'Summer 2019',
        actualOn: null,
        deliverableId: null,
        slippageDays: daysSince('2019-08-31'),
        state: 'late',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await row(m.id)).toMatchObject({ plannedOn: '2019-06-01', precision: 'season' });
      for (const [locale, label] of [
        ['', 'Summer 2019'],
        ['?locale=en', 'Summer 2019'],
        ['?locale=es', 'Verano de 2019'],
        ['?locale=fr', 'Été 2019'],
      ]) {
        const res = await t.get(`/milestones/${m.id}${locale}`, team.manager.token);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ label, plannedOn: '2019-06-01', plannedEnd: '2019-08-31' });
      }
      const list = await t.get(`/reviews/${team.reviewId}/milestones?locale=es`, team.auditor.token);
      expect(list.body.items[0].label).toBe('Verano de 2019');
    });

    it.each([
      ['day', '2017-07-12', '2017-07-12', '2017-07-12', '12 July 2017', '12 de julio de 2017'],
      ['month', '2017-03-15', '2017-03-01', '2017-03-31', 'March 2017', 'Marzo de 2017'],
      ['quarter', '2018-08-20', '2018-07-01', '2018-09-30', 'Q3 2018', 'T3 2018'],
      ['season', '2020-01-10', '2019-12-01', '2020-02-29', 'Winter 2019', 'Invierno de 2019'],
      ['year', '2019-05-05', '2019-01-01', '2019-12-31', '2019', '2019'],
    ])('normalises a %s precision date %s to %s..%s', async (precision, given, start, end, en, es) => {
      const team = await t.reviewTeam();
      const m = await create(team, { plannedOn: given, precision }, '?locale=es');
      expect(m).toMatchObject({ plannedOn: start, plannedEnd: end, precision, label: es });
      expect((await t.get(`/milestones/${m.id}`, team.coordinator.token)).body.label).toBe(en);
    });

    it('defaults to day precision', async () => {
      const team = await t.reviewTeam();
      const res = await t.post(
        `/reviews/${team.reviewId}/milestones`,
        { title: 'Agreement signed', plannedOn: '2017-03-15' },
        team.coordinator.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ precision: 'day', plannedOn: '2017-03-15', plannedEnd: '2017-03-15' });
    });

    it('normalises again when a PATCH changes the precision or the planned date, one audit row per change', async () => {
      const team = await t.reviewTeam();
      const m = await create(team);
      const steps: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ precision: 'month' }, { plannedOn: '2019-06-01', plannedEnd: '2019-06-30', label: 'June 2019' }],
        [{ plannedOn: '2019-08-20' }, { plannedOn: '2019-08-01', plannedEnd: '2019-08-31', label: 'August 2019' }],
        [
          { plannedOn: '2020-01-10', precision: 'season' },
          { plannedOn: '2019-12-01', plannedEnd: '2020-02-29', label: 'Winter 2019' },
        ],
        [{ title: 'Renamed' }, { title: 'Renamed', plannedOn: '2019-12-01', precision: 'season' }],
      ];
      let version = 1;
      for (const [change, expected] of steps) {
        const res = await t.patch(`/milestones/${m.id}`, { ...change, version }, team.coordinator.token);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ ...expected, version: ++version });
      }
      expect(await row(m.id)).toMatchObject({ plannedOn: '2019-12-01', precision: 'season', version: 5 });
      const events = await trail(m.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update', 'update', 'update', 'update']);
      expect(events.every((e) => e.actor_id === team.coordinator.id && e.review_id === team.reviewId)).toBe(true);
      expect(events[3].before).toMatchObject({ plannedOn: '2019-08-01', precision: 'month' });
      expect(events[3].after).toMatchObject({ plannedOn: '2019-12-01', precision: 'season' });

      // A date inside the same period normalises to the same start: nothing changes, nothing is written.
      const same = await t.patch(
        `/milestones/${m.id}`,
        { plannedOn: '2020-02-15', version: 5 },
        team.coordinator.token,
      );
      expect(same.body).toMatchObject({ plannedOn: '2019-12-01', version: 5 });
      expect(await trail(m.id)).toHaveLength(5);
    });
  });

  describe('slippage and state', () => {
    it.each([
      ['inside the planned period', '2019-07-20', 0],
      ['on the last day of the period', '2019-08-31', 0],
      ['after the end of the period', '2019-09-15', 15],
      ['before the start of the period', '2019-05-30', -2],
    ])('measures an achievement %s from the period (%s -> %s days)', async (_when, actualOn, slippage) => {
      const team = await t.reviewTeam();
      const m = await create(team, { actualOn });
      expect(m).toMatchObject({ actualOn, slippageDays: slippage, state: 'achieved' });
    });

    it('counts the days since the end of a period that is over and not achieved, as late', async () => {
      const team = await t.reviewTeam();
      const m = await create(team, { plannedOn: '2017-03-10', precision: 'month' });
      expect(m).toMatchObject({ slippageDays: daysSince('2017-03-31'), state: 'late', actualOn: null });
      const day = await create(team, { plannedOn: dayOffset(-2), precision: 'day' });
      expect(day).toMatchObject({ slippageDays: 2, state: 'late' });
    });

    it('leaves slippage unknown while the period is still running or ahead', async () => {
      const team = await t.reviewTeam();
      expect(await create(team, { plannedOn: today(), precision: 'day' })).toMatchObject({
        slippageDays: null,
        state: 'upcoming',
      });
      expect(await create(team, { plannedOn: dayOffset(400), precision: 'year' })).toMatchObject({
        slippageDays: null,
        state: 'upcoming',
      });
    });

    it('records and clears the actual date by PATCH', async () => {
      const team = await t.reviewTeam();
      const m = await create(team, { plannedOn: '2017-03-10', precision: 'month' });
      const achieved = await t.patch(
        `/milestones/${m.id}`,
        { actualOn: '2017-04-05', version: 1 },
        team.coordinator.token,
      );
      expect(achieved.body).toMatchObject({ actualOn: '2017-04-05', slippageDays: 5, state: 'achieved', version: 2 });
      const cleared = await t.patch(`/milestones/${m.id}`, { actualOn: null, version: 2 }, team.coordinator.token);
      expect(cleared.body).toMatchObject({ actualOn: null, slippageDays: daysSince('2017-03-31'), state: 'late' });
      expect(await trail(m.id)).toHaveLength(3);
    });
  });

  describe('validation and concurrency', () => {
    it('refuses invalid bodies and unknown fields with 400, creating nothing', async () => {
      const team = await t.reviewTeam();
      const valid = { title: 'Milestone', plannedOn: '2019-07-15' };
      for (const [body, field] of [
        [{ ...valid, precision: 'week' }, 'precision'],
        [{ ...valid, plannedOn: '2019-02-29' }, 'plannedOn'],
        [{ ...valid, plannedOn: 'Summer 2019' }, 'plannedOn'],
        [{ ...valid, actualOn: '2019-13-01' }, 'actualOn'],
        [{ ...valid, deliverableId: 'report' }, 'deliverableId'],
        [{ ...valid, slippageDays: 3 }, 'slippageDays'],
        [{ ...valid, reviewId: MISSING }, 'reviewId'],
        [{ title: 'Milestone' }, 'plannedOn'],
        [{ plannedOn: '2019-07-15' }, 'title'],
      ] as const) {
        const res = await t.post(`/reviews/${team.reviewId}/milestones`, body, team.coordinator.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(
        (await t.post(`/reviews/${team.reviewId}/milestones?locale=de`, valid, team.coordinator.token)).status,
      ).toBe(400);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM milestones WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('refuses nulls in required fields, unknown fields and a missing version on PATCH, changing nothing', async () => {
      const team = await t.reviewTeam();
      const m = await create(team);
      for (const [body, field] of [
        [{ title: null, version: 1 }, 'title'],
        [{ plannedOn: null, version: 1 }, 'plannedOn'],
        [{ precision: null, version: 1 }, 'precision'],
        [{ plannedEnd: '2019-09-30', version: 1 }, 'plannedEnd'],
        [{ title: 'No version' }, 'version'],
      ] as const) {
        const res = await t.patch(`/milestones/${m.id}`, body, team.coordinator.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await row(m.id)).toMatchObject({ title: 'Milestone', plannedOn: '2019-06-01', version: 1 });
      expect(await trail(m.id)).toHaveLength(1);
    });

    it('refuses a stale version with 409 and keeps the newer edit', async () => {
      const team = await t.reviewTeam();
      const m = await create(team);
      expect(
        (await t.patch(`/milestones/${m.id}`, { title: 'Newer', version: 1 }, team.coordinator.token)).status,
      ).toBe(200);
      const stale = await t.patch(
        `/milestones/${m.id}`,
        { title: 'Older', precision: 'year', version: 1 },
        team.coordinator.token,
      );
      expect(stale.status).toBe(409);
      expect(await row(m.id)).toMatchObject({ title: 'Newer', precision: 'season', version: 2 });
      expect(await trail(m.id)).toHaveLength(2);
    });
  });

  describe('linked deliverables', () => {
    it('refuses a deliverable of another review with 400, on create and on PATCH', async () => {
      const team = await t.reviewTeam();
      const other = await t.reviewTeam();
      const foreign = await deliverable(other);
      const res = await t.post(
        `/reviews/${team.reviewId}/milestones`,
        { title: 'Milestone', plannedOn: '2019-07-15', deliverableId: foreign.id },
        team.coordinator.token,
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'deliverableId', messages: [expect.any(String)] }]);
      const m = await create(team);
      const patched = await t.patch(
        `/milestones/${m.id}`,
        { deliverableId: foreign.id, version: 1 },
        team.coordinator.token,
      );
      expect(patched.status).toBe(400);
      expect(await row(m.id)).toMatchObject({ deliverableId: null, version: 1 });
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM milestones WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('links and unlinks a deliverable of the same review', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team);
      const m = await create(team, { deliverableId: d.id });
      expect(m).toMatchObject({ deliverableId: d.id, actualOn: null });
      const unlinked = await t.patch(
        `/milestones/${m.id}`,
        { deliverableId: null, version: 1 },
        team.coordinator.token,
      );
      expect(unlinked.body).toMatchObject({ deliverableId: null, version: 2 });
      const relinked = await t.patch(
        `/milestones/${m.id}`,
        { deliverableId: d.id, version: 2 },
        team.coordinator.token,
      );
      expect(relinked.body).toMatchObject({ deliverableId: d.id, version: 3 });
    });

    it('achieves a milestone linked to a deliverable already delivered, unless the actual date is given', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, true);
      expect(await create(team, { deliverableId: d.id })).toMatchObject({ actualOn: today(), state: 'achieved' });
      expect(await create(team, { deliverableId: d.id, actualOn: '2019-07-01' })).toMatchObject({
        actualOn: '2019-07-01',
      });
      const m = await create(team);
      const linked = await t.patch(`/milestones/${m.id}`, { deliverableId: d.id, version: 1 }, team.coordinator.token);
      expect(linked.body).toMatchObject({ deliverableId: d.id, actualOn: today(), state: 'achieved' });
      // Once cleared on purpose, re-sending the same link does not bring the date back.
      await t.patch(`/milestones/${m.id}`, { actualOn: null, version: 2 }, team.coordinator.token);
      const resent = await t.patch(`/milestones/${m.id}`, { deliverableId: d.id, version: 3 }, team.coordinator.token);
      expect(resent.body).toMatchObject({ deliverableId: d.id, actualOn: null, version: 3 });
    });
  });

  describe('listing', () => {
    let team: Team;
    let made: any[];

    beforeAll(async () => {
      team = await t.reviewTeam();
      const specs: Record<string, unknown>[] = [
        { title: 'Agreement signed', plannedOn: '2017-03-15', precision: 'month', actualOn: '2017-03-15' },
        { title: 'Kick-off mission', plannedOn: '2017-07-01', precision: 'month', actualOn: '2017-07-20' },
        { title: 'Workshop 1', plannedOn: '2018-08-20', precision: 'quarter' },
        { title: 'Workshop 2', plannedOn: '2018-08-20', precision: 'quarter' },
        { title: 'Workshop 3', plannedOn: '2018-07-02', precision: 'quarter' },
        { title: 'Final report', plannedOn: '2019-07-15', precision: 'season' },
        { title: 'Follow-up', plannedOn: dayOffset(500), precision: 'year' },
      ];
      made = [];
      for (const spec of specs) made.push(await create(team, spec));
      const other = await t.reviewTeam();
      await create(other, { title: 'Elsewhere' });
    });

    const titles = async (query: string): Promise<string[]> => {
      const res = await t.get(`/reviews/${team.reviewId}/milestones${query}`, team.manager.token);
      expect([query, res.status]).toEqual([query, 200]);
      return res.body.items.map((m: { title: string }) => m.title);
    };

    it("lists the review's milestones by planned date, then id", async () => {
      const res = await t.get(`/reviews/${team.reviewId}/milestones`, team.auditor.token);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      const expected = [...made]
        .sort((a, b) => (a.plannedOn === b.plannedOn ? (a.id < b.id ? -1 : 1) : a.plannedOn < b.plannedOn ? -1 : 1))
        .map((m) => m.id);
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual(expected);
      expect(res.body.items.map((m: { state: string }) => m.state)).toEqual([
        'achieved',
        'achieved',
        'late',
        'late',
        'late',
        'late',
        'upcoming',
      ]);
    });

    it('filters by achievement and by planned date, both bounds inclusive', async () => {
      expect(await titles('?achieved=true')).toEqual(['Agreement signed', 'Kick-off mission']);
      expect(await titles('?achieved=false')).toHaveLength(5);
      expect((await titles('?from=2018-07-01&to=2018-07-01')).sort()).toEqual([
        'Workshop 1',
        'Workshop 2',
        'Workshop 3',
      ]);
      expect(await titles('?from=2019-06-01&achieved=false')).toEqual(['Final report', 'Follow-up']);
      expect(await titles('?to=2017-03-01')).toEqual(['Agreement signed']);
    });

    it('pages with a cursor without gaps or repeats, ties included', async () => {
      const whole = (await t.get(`/reviews/${team.reviewId}/milestones`, team.manager.token)).body.items.map(
        (m: { id: string }) => m.id,
      );
      for (const limit of [1, 2, 3]) {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; body: any } = await t.get(
            `/reviews/${team.reviewId}/milestones?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            team.manager.token,
          );
          expect(res.status).toBe(200);
          ids.push(...res.body.items.map((m: { id: string }) => m.id));
          cursor = res.body.nextCursor;
        } while (cursor && ids.length <= whole.length);
        expect([limit, ids]).toEqual([limit, whole]);
      }
    });

    it('refuses invalid filters with 400', async () => {
      for (const query of [
        '?achieved=1',
        '?from=2019-02-30',
        '?to=soon',
        '?locale=de',
        '?limit=500',
        '?cursor=***',
        '?state=late',
      ]) {
        const res = await t.get(`/reviews/${team.reviewId}/milestones${query}`, team.manager.token);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });
  });

  describe('access', () => {
    it('lets every member read and only the coordinator create and edit', async () => {
      const team = await t.reviewTeam();
      const m = await create(team);
      for (const member of [team.coordinator, team.auditor, team.manager]) {
        expect((await t.get(`/reviews/${team.reviewId}/milestones`, member.token)).status).toBe(200);
        expect((await t.get(`/milestones/${m.id}`, member.token)).status).toBe(200);
      }
      for (const member of [team.auditor, team.manager]) {
        expect(
          (await t.post(`/reviews/${team.reviewId}/milestones`, { title: 'X', plannedOn: '2019-01-01' }, member.token))
            .status,
        ).toBe(403);
        expect((await t.patch(`/milestones/${m.id}`, { title: 'X', version: 1 }, member.token)).status).toBe(403);
      }
      expect(await row(m.id)).toMatchObject({ title: 'Milestone', version: 1 });
    });

    it('answers a non-member 404 on every route, exactly as for a missing id, and changes nothing', async () => {
      const team = await t.reviewTeam();
      const m = await create(team);
      for (const [method, path, body, ghostPath] of [
        ['GET', `/reviews/${team.reviewId}/milestones`, undefined, `/reviews/${MISSING}/milestones`],
        [
          'POST',
          `/reviews/${team.reviewId}/milestones`,
          { title: 'X', plannedOn: '2019-01-01' },
          `/reviews/${MISSING}/milestones`,
        ],
        ['GET', `/milestones/${m.id}`, undefined, `/milestones/${MISSING}`],
        ['PATCH', `/milestones/${m.id}`, { title: 'Hijacked', version: 1 }, `/milestones/${MISSING}`],
      ] as const) {
        const res = await t.request(method, path, { token: team.outsider.token, body });
        const ghost = await t.request(method, ghostPath, { token: team.outsider.token, body });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(ghost.status).toBe(404);
        expect(res.body.message).toBe(ghost.body.message);
      }
      expect(await row(m.id)).toMatchObject({ title: 'Milestone', version: 1 });
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM milestones WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });
});
