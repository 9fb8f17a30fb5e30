// Recommendations and follow-ups: creation, edits, validation, roles, paging, the latest status, and a later review
// following an earlier one's recommendations up without seeing (or rewriting) the earlier review itself.
import { type TestResponse, type TestUser, TestApp } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MISSING = '00000000-0000-4000-8000-000000000000';
const dayOffset = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const VALID = {
  text: 'Publish every direct award with its justification on CompraNet within five working days.',
  priority: 'high',
  responsibleUnit: 'Subdirección de Adquisiciones',
  targetOn: '2019-12-31',
};

describe('recommendations and follow-ups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const focusArea = async (code: string): Promise<string> =>
    (await t.db.query('SELECT id FROM focus_areas WHERE code = $1', [code])).rows[0].id;

  /** Findings have their own routes (another feature): they are written behind the api's back. */
  const finding = async (
    reviewId: string,
    author: TestUser,
    { title = 'Direct awards without justification', code = 'efficiency' } = {},
  ): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
           likelihood, impact, status, author_id, version)
         VALUES ($1, $2, '{efficiency}', $3, 'Condition', 'Criteria', 'Cause', 'Effect', 3, 4, 'draft', $4, 1)
         RETURNING id`,
        [reviewId, await focusArea(code), title, author.id],
      )
    ).rows[0].id;

  const recommend = async (findingId: string, by: TestUser, body: Record<string, unknown> = {}): Promise<any> => {
    const res = await t.post(`/findings/${findingId}/recommendations`, { ...VALID, ...body }, by.token);
    if (res.status !== 201) throw new Error(`create recommendation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const followUp = (id: string, by: TestUser, body: Record<string, unknown>) =>
    t.post(`/recommendations/${id}/follow-ups`, { note: 'Checked with the unit', ...body }, by.token);

  const row = async (id: string): Promise<any> =>
    (
      await t.db.query(
        `SELECT text, priority, responsible_unit AS "responsibleUnit", target_on::text AS "targetOn", version
         FROM recommendations WHERE id = $1`,
        [id],
      )
    ).rows[0];

  const count = async (table: string, column: string, id: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [id])).rows[0].n;

  const trail = (entityType: string, entityId: string): Promise<any[]> => t.auditTrail(entityType, entityId);

  const setup = async (): Promise<{ team: Team; findingId: string }> => {
    const team = await t.reviewTeam();
    return { team, findingId: await finding(team.reviewId, team.auditor) };
  };

  it('lists every recommendation route in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/findings/{id}/recommendations',
        'POST /api/v1/findings/{id}/recommendations',
        'GET /api/v1/recommendations/{id}',
        'PATCH /api/v1/recommendations/{id}',
        'GET /api/v1/recommendations/{id}/follow-ups',
        'POST /api/v1/recommendations/{id}/follow-ups',
        'GET /api/v1/reviews/{id}/previous-recommendations',
        'GET /api/v1/reviews/{id}/summary',
      ]),
    );
    // Follow-ups are append-only: no route edits or deletes one.
    expect(documented.filter((r) => r.includes('follow-ups') && !/^(GET|POST) /.test(r))).toEqual([]);
  });

  describe('creating and reading', () => {
    it('creates a recommendation in the finding’s review, not started, readable by every member', async () => {
      const { team, findingId } = await setup();
      const res = await t.post(
        `/findings/${findingId}/recommendations`,
        { ...VALID, text: `  ${VALID.text}  `, responsibleUnit: ' Dirección General ' },
        team.auditor.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        findingId,
        reviewId: team.reviewId,
        text: VALID.text,
        priority: 'high',
        responsibleUnit: 'Dirección General',
        targetOn: '2019-12-31',
        latestStatus: 'not_started',
        latestFollowUpOn: null,
        overdue: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        followUps: [],
      });
      for (const member of [team.coordinator, team.auditor, team.manager]) {
        const got = await t.get(`/recommendations/${res.body.id}`, member.token);
        expect(got.status).toBe(200);
        expect(got.body).toEqual(res.body);
        const list = await t.get(`/findings/${findingId}/recommendations`, member.token);
        expect(list.status).toBe(200);
        const { followUps: _none, ...summary } = res.body;
        expect(list.body).toEqual({ items: [summary], nextCursor: null });
      }
      const events = await trail('recommendation', res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'insert', actor_id: team.auditor.id, review_id: team.reviewId });
    });

    it('is overdue only while its target day has passed and implementation is incomplete', async () => {
      const { team, findingId } = await setup();
      expect((await recommend(findingId, team.auditor, { targetOn: dayOffset(-1) })).overdue).toBe(true);
      expect((await recommend(findingId, team.auditor, { targetOn: dayOffset(0) })).overdue).toBe(false);
      expect((await recommend(findingId, team.auditor, { targetOn: '2099-01-01' })).overdue).toBe(false);
      const late = await recommend(findingId, team.auditor, { targetOn: '2000-01-01' });
      for (const [status, overdue] of [
        ['partially_implemented', true],
        ['not_implemented', true],
        ['implemented', false],
      ] as const) {
        expect((await followUp(late.id, team.auditor, { status, on: dayOffset(0) })).status).toBe(201);
        const got = await t.get(`/recommendations/${late.id}`, team.manager.token);
        expect([status, got.body.latestStatus, got.body.overdue]).toEqual([status, status, overdue]);
      }
    });

    it('refuses invalid bodies and unknown fields with 400 naming the field, creating nothing', async () => {
      const { team, findingId } = await setup();
      for (const [body, field] of [
        [{ ...VALID, reviewId: MISSING }, 'reviewId'],
        [{ ...VALID, findingId: MISSING }, 'findingId'],
        [{ ...VALID, latestStatus: 'implemented' }, 'latestStatus'],
        [{ ...VALID, version: 3 }, 'version'],
        [{ ...VALID, priority: 'urgent' }, 'priority'],
        [{ ...VALID, priority: 'HIGH' }, 'priority'],
        [{ ...VALID, targetOn: '2019-02-30' }, 'targetOn'],
        [{ ...VALID, targetOn: '31/12/2019' }, 'targetOn'],
        [{ ...VALID, targetOn: '2019-12-31T00:00:00Z' }, 'targetOn'],
        [{ ...VALID, targetOn: null }, 'targetOn'],
        [{ ...VALID, text: '   ' }, 'text'],
        [{ ...VALID, text: 'x'.repeat(10001) }, 'text'],
        [{ ...VALID, text: 42 }, 'text'],
        [{ ...VALID, responsibleUnit: '' }, 'responsibleUnit'],
        [{ ...VALID, responsibleUnit: 'u'.repeat(301) }, 'responsibleUnit'],
        [{ text: VALID.text, priority: 'low', targetOn: '2019-01-01' }, 'responsibleUnit'],
      ] as const) {
        const res = await t.post(`/findings/${findingId}/recommendations`, body, team.auditor.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await count('recommendations', 'finding_id', findingId)).toBe(0);
      // The longest allowed values are accepted.
      const longest = await recommend(findingId, team.coordinator, {
        text: 't'.repeat(10000),
        responsibleUnit: 'u'.repeat(300),
        priority: 'low',
      });
      expect(longest.text).toHaveLength(10000);
    });

    it('pages a finding’s recommendations in the order they were made', async () => {
      const { team, findingId } = await setup();
      const made: string[] = [];
      for (const priority of ['low', 'medium', 'high', 'low', 'medium']) {
        made.push((await recommend(findingId, team.auditor, { priority })).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: TestResponse = await t.get(
          `/findings/${findingId}/recommendations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          team.manager.token,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((r: { id: string }) => r.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(made);
      expect(pages).toBe(3);
      for (const query of ['limit=0', 'limit=201', 'cursor=bm90LWpzb24', 'cursor=%25%25']) {
        const res = await t.get(`/findings/${findingId}/recommendations?${query}`, team.manager.token);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });
  });

  describe('editing', () => {
    it('edits the fields it is sent, bumps the version and writes one audit row', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      const res = await t.patch(
        `/recommendations/${r.id}`,
        { priority: 'medium', targetOn: '2020-06-30', version: 1 },
        team.coordinator.token,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ...VALID,
        priority: 'medium',
        targetOn: '2020-06-30',
        version: 2,
        reviewId: team.reviewId,
        findingId,
        followUps: [],
      });
      const again = await t.patch(`/recommendations/${r.id}`, { text: 'Shorter', version: 2 }, team.auditor.token);
      expect(again.status).toBe(200);
      expect(await row(r.id)).toEqual({
        ...VALID,
        text: 'Shorter',
        priority: 'medium',
        targetOn: '2020-06-30',
        version: 3,
      });
      const events = await trail('recommendation', r.id);
      expect(events.map((e) => e.action)).toEqual(['insert', 'update', 'update']);
      expect(events[1]).toMatchObject({ actor_id: team.coordinator.id, review_id: team.reviewId });
      expect(events[1].before).toMatchObject({ priority: 'high', version: 1 });
      expect(events[1].after).toMatchObject({ priority: 'medium', version: 2 });
    });

    it('refuses a stale version with 409 and keeps the newer edit', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      expect(
        (await t.patch(`/recommendations/${r.id}`, { text: 'Newer', version: 1 }, team.auditor.token)).status,
      ).toBe(200);
      const stale = await t.patch(`/recommendations/${r.id}`, { text: 'Older', version: 1 }, team.coordinator.token);
      expect(stale.status).toBe(409);
      expect(await row(r.id)).toMatchObject({ text: 'Newer', version: 2 });
      expect(await trail('recommendation', r.id)).toHaveLength(2);
    });

    it('refuses unknown fields, nulls, bad values and a missing version with 400, changing nothing', async () => {
      const { team, findingId } = await setup();
      const other = await setup();
      const r = await recommend(findingId, team.auditor);
      for (const [body, field] of [
        [{ text: 'No version' }, 'version'],
        [{ text: 'x', version: 0 }, 'version'],
        [{ text: null, version: 1 }, 'text'],
        [{ priority: null, version: 1 }, 'priority'],
        [{ responsibleUnit: null, version: 1 }, 'responsibleUnit'],
        [{ targetOn: null, version: 1 }, 'targetOn'],
        [{ priority: 'critical', version: 1 }, 'priority'],
        [{ targetOn: '2019-13-01', version: 1 }, 'targetOn'],
        [{ text: ' ', version: 1 }, 'text'],
        [{ reviewId: other.team.reviewId, version: 1 }, 'reviewId'],
        [{ findingId: other.findingId, version: 1 }, 'findingId'],
        [{ latestStatus: 'implemented', version: 1 }, 'latestStatus'],
      ] as const) {
        const res = await t.patch(`/recommendations/${r.id}`, body, team.coordinator.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((x: { field: string }) => x.field)).toContain(field);
      }
      expect(await row(r.id)).toEqual({ ...VALID, version: 1 });
      expect(await trail('recommendation', r.id)).toHaveLength(1);
    });
  });

  describe('who may do what', () => {
    it('lets auditors, coordinators and admins write, and managers only read', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      const { manager } = team;
      expect((await t.post(`/findings/${findingId}/recommendations`, VALID, manager.token)).status).toBe(403);
      expect((await t.patch(`/recommendations/${r.id}`, { text: 'No', version: 1 }, manager.token)).status).toBe(403);
      expect((await followUp(r.id, manager, { status: 'in_progress', on: '2019-01-01' })).status).toBe(403);
      for (const path of [
        `/findings/${findingId}/recommendations`,
        `/recommendations/${r.id}`,
        `/recommendations/${r.id}/follow-ups`,
      ]) {
        expect([path, (await t.get(path, manager.token)).status]).toEqual([path, 200]);
      }
      expect(await row(r.id)).toMatchObject({ version: 1 });
      expect(await count('follow_ups', 'recommendation_id', r.id)).toBe(0);

      let version = 1;
      for (const writer of [team.coordinator, team.auditor, team.admin]) {
        expect((await t.post(`/findings/${findingId}/recommendations`, VALID, writer.token)).status).toBe(201);
        const patched = await t.patch(`/recommendations/${r.id}`, { text: writer.name, version }, writer.token);
        expect([writer.name, patched.status]).toEqual([writer.name, 200]);
        version = patched.body.version;
        const recorded = await followUp(r.id, writer, { status: 'in_progress', on: '2019-01-01' });
        expect(recorded.status).toBe(201);
        // An admin who is not a member records it in the recommendation's own review.
        expect(recorded.body).toMatchObject({ reviewId: team.reviewId, by: writer.id, byName: writer.name });
      }
    });

    it('answers a non-member 404 on every route, exactly as for a missing id, and changes nothing', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      const { outsider } = team;
      const follow = { status: 'implemented', note: 'Done', on: '2019-01-01' };
      for (const [method, path, body, ghostPath] of [
        ['GET', `/findings/${findingId}/recommendations`, undefined, `/findings/${MISSING}/recommendations`],
        ['POST', `/findings/${findingId}/recommendations`, VALID, `/findings/${MISSING}/recommendations`],
        ['GET', `/recommendations/${r.id}`, undefined, `/recommendations/${MISSING}`],
        ['PATCH', `/recommendations/${r.id}`, { text: 'Hijacked', version: 1 }, `/recommendations/${MISSING}`],
        ['GET', `/recommendations/${r.id}/follow-ups`, undefined, `/recommendations/${MISSING}/follow-ups`],
        ['POST', `/recommendations/${r.id}/follow-ups`, follow, `/recommendations/${MISSING}/follow-ups`],
        [
          'GET',
          `/reviews/${team.reviewId}/previous-recommendations`,
          undefined,
          `/reviews/${MISSING}/previous-recommendations`,
        ],
        ['GET', `/reviews/${team.reviewId}/summary`, undefined, `/reviews/${MISSING}/summary`],
      ] as const) {
        const res = await t.request(method, path, { token: outsider.token, body });
        const ghost = await t.request(method, ghostPath, { token: outsider.token, body });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect(ghost.status).toBe(404);
        expect(res.body.message).toBe(ghost.body.message);
      }
      expect(await row(r.id)).toEqual({ ...VALID, version: 1 });
      expect(await count('recommendations', 'finding_id', findingId)).toBe(1);
      expect(await count('follow_ups', 'recommendation_id', r.id)).toBe(0);
    });

    it('answers 401 without a token and 400 for a malformed id', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      expect((await t.get(`/recommendations/${r.id}`)).status).toBe(401);
      expect((await t.get(`/findings/${findingId}/recommendations`)).status).toBe(401);
      expect((await t.get('/recommendations/not-a-uuid', team.coordinator.token)).status).toBe(400);
      expect((await t.get('/findings/not-a-uuid/recommendations', team.coordinator.token)).status).toBe(400);
    });
  });

  describe('follow-ups', () => {
    it('appends follow-ups, newest first, with the latest status following the latest `on`, not the latest entry', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      const steps: [string, string, TestUser, string][] = [
        // [on, status, by, expected latest status after it]
        ['2019-06-01', 'in_progress', team.auditor, 'in_progress'],
        // Recorded later, observed earlier: it goes into the history but does not become the latest.
        ['2018-11-15', 'not_started', team.coordinator, 'in_progress'],
        ['2020-03-01', 'partially_implemented', team.auditor, 'partially_implemented'],
        ['2019-12-01', 'not_implemented', team.auditor, 'partially_implemented'],
        // Same day as the latest, recorded after it: the later entry corrects the earlier one.
        ['2020-03-01', 'implemented', team.coordinator, 'implemented'],
      ];
      const ids: string[] = [];
      for (const [on, status, by, latest] of steps) {
        const res = await followUp(r.id, by, { status, on, note: `  Seen on ${on}  ` });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          recommendationId: r.id,
          reviewId: team.reviewId,
          status,
          note: `Seen on ${on}`,
          on,
          by: by.id,
          byName: by.name,
          createdAt: expect.any(String),
        });
        ids.push(res.body.id);
        const got = await t.get(`/recommendations/${r.id}`, team.manager.token);
        expect([on, got.body.latestStatus]).toEqual([on, latest]);
      }
      const newestFirst = [ids[4], ids[2], ids[3], ids[0], ids[1]];
      const got = await t.get(`/recommendations/${r.id}`, team.manager.token);
      expect(got.body).toMatchObject({ latestStatus: 'implemented', latestFollowUpOn: '2020-03-01', version: 1 });
      expect(got.body.followUps.map((f: { id: string }) => f.id)).toEqual(newestFirst);

      const paged: any[] = [];
      let cursor: string | null = null;
      do {
        const res: TestResponse = await t.get(
          `/recommendations/${r.id}/follow-ups?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          team.manager.token,
        );
        expect(res.status).toBe(200);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(got.body.followUps);

      const list = await t.get(`/findings/${findingId}/recommendations`, team.manager.token);
      expect(list.body.items[0]).toMatchObject({ latestStatus: 'implemented', latestFollowUpOn: '2020-03-01' });
      const events = await trail('follow_up', ids[0]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'insert', actor_id: team.auditor.id, review_id: team.reviewId });
    });

    it('refuses a follow-up dated in the future with 400, and accepts today', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      for (const on of [dayOffset(1), '2099-01-01']) {
        const res = await followUp(r.id, team.auditor, { status: 'implemented', on });
        expect([on, res.status]).toEqual([on, 400]);
        expect(res.body.details).toEqual([{ field: 'on', messages: [expect.stringContaining('today')] }]);
      }
      expect(await count('follow_ups', 'recommendation_id', r.id)).toBe(0);
      expect((await followUp(r.id, team.auditor, { status: 'implemented', on: dayOffset(0) })).status).toBe(201);
    });

    it('refuses invalid follow-ups and unknown fields with 400, recording nothing', async () => {
      const { team, findingId } = await setup();
      const r = await recommend(findingId, team.auditor);
      const valid = { status: 'in_progress', note: 'Started', on: '2019-01-01' };
      for (const [body, field] of [
        [{ ...valid, status: 'done' }, 'status'],
        [{ ...valid, status: null }, 'status'],
        [{ ...valid, note: '  ' }, 'note'],
        [{ ...valid, note: 'n'.repeat(10001) }, 'note'],
        [{ ...valid, on: '2019-02-29' }, 'on'],
        [{ ...valid, on: 'yesterday' }, 'on'],
        [{ status: 'in_progress', note: 'Started' }, 'on'],
        [{ ...valid, reviewId: team.reviewId }, 'reviewId'],
        [{ ...valid, by: team.coordinator.id }, 'by'],
      ] as const) {
        const res = await t.post(`/recommendations/${r.id}/follow-ups`, body, team.auditor.token);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await count('follow_ups', 'recommendation_id', r.id)).toBe(0);
    });
  });

  describe('a later review following an earlier one up', () => {
    it('answers an empty list for a review that follows none up', async () => {
      const team = await t.reviewTeam();
      const res = await t.get(`/reviews/${team.reviewId}/previous-recommendations`, team.manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it('shows the earlier review’s recommendations and takes follow-ups, but neither rewrites them nor opens the earlier review', async () => {
      // Review A (the first IMSS review) with three recommendations, one already followed up.
      const a = await t.reviewTeam();
      const efficiency = await finding(a.reviewId, a.auditor, { title: 'Direct awards without justification' });
      const bidRigging = await finding(a.reviewId, a.auditor, {
        title: 'Bidders rotate wins',
        code: 'competition-bid-rigging',
      });
      const r1 = await recommend(efficiency, a.auditor, { targetOn: '2018-12-31' });
      const r3 = await recommend(bidRigging, a.auditor, { targetOn: '2020-01-01', priority: 'medium' });
      const r2 = await recommend(efficiency, a.auditor, { targetOn: '2019-06-30', priority: 'low' });
      expect((await followUp(r1.id, a.auditor, { status: 'in_progress', on: '2018-06-01' })).status).toBe(201);
      // A recommendation of an unrelated review, which must not show up anywhere below.
      const unrelated = await t.reviewTeam();
      await recommend(await finding(unrelated.reviewId, unrelated.auditor), unrelated.auditor);

      // Review B follows A up: created by A's coordinator, with a team of its own.
      const b = await t.post(
        '/reviews',
        { title: 'Second IMSS review', institutionId: a.review.institutionId, previousReviewId: a.reviewId },
        a.coordinator.token,
      );
      expect(b.status).toBe(201);
      const bId: string = b.body.id;
      const [bAuditor, bCoordinator, bManager] = await Promise.all([
        t.user('B Auditor'),
        t.user('B Coordinator'),
        t.user('B Manager'),
      ]);
      for (const [user, role] of [
        [bAuditor, 'auditor'],
        [bCoordinator, 'coordinator'],
        [bManager, 'manager'],
        // A's manager works on B as an auditor.
        [a.manager, 'auditor'],
      ] as const) {
        expect((await t.post(`/reviews/${bId}/members`, { userId: user.id, role }, a.coordinator.token)).status).toBe(
          201,
        );
      }

      // B's auditor sees A's recommendations, by target date, with where each stands.
      const previous = await t.get(`/reviews/${bId}/previous-recommendations`, bAuditor.token);
      expect(previous.status).toBe(200);
      expect(previous.body.nextCursor).toBeNull();
      const listed = (r: any, extra: Record<string, unknown>): any => {
        const { followUps: _history, ...fields } = r;
        return { ...fields, ...extra };
      };
      const efficiencyArea = { focusAreaId: await focusArea('efficiency'), focusAreaCode: 'efficiency' };
      expect(previous.body.items).toEqual([
        listed(r1, {
          findingTitle: 'Direct awards without justification',
          ...efficiencyArea,
          latestStatus: 'in_progress',
          latestFollowUpOn: '2018-06-01',
        }),
        listed(r2, { findingTitle: 'Direct awards without justification', ...efficiencyArea }),
        listed(r3, {
          findingTitle: 'Bidders rotate wins',
          focusAreaId: await focusArea('competition-bid-rigging'),
          focusAreaCode: 'competition-bid-rigging',
        }),
      ]);
      const firstPage = await t.get(`/reviews/${bId}/previous-recommendations?limit=2`, bManager.token);
      expect(firstPage.body.items.map((i: { id: string }) => i.id)).toEqual([r1.id, r2.id]);
      const secondPage = await t.get(
        `/reviews/${bId}/previous-recommendations?limit=2&cursor=${firstPage.body.nextCursor}`,
        bManager.token,
      );
      expect(secondPage.body).toEqual({ items: [expect.objectContaining({ id: r3.id })], nextCursor: null });

      // B's auditor records a follow-up on A's recommendation: it is recorded in B.
      const recorded = await followUp(r1.id, bAuditor, { status: 'implemented', on: '2023-05-10', note: 'Verified' });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({
        reviewId: bId,
        by: bAuditor.id,
        byName: 'B Auditor',
        status: 'implemented',
      });
      const events = await trail('follow_up', recorded.body.id);
      expect(events).toEqual([expect.objectContaining({ action: 'insert', actor_id: bAuditor.id, review_id: bId })]);
      // A's manager gets in through B, where they are an auditor: recorded in B too.
      const viaB = await followUp(r2.id, a.manager, { status: 'not_implemented', on: '2023-05-11' });
      expect(viaB.status).toBe(201);
      expect(viaB.body.reviewId).toBe(bId);
      // A's coordinator is also B's: their own review comes first, so theirs is recorded in A.
      const viaA = await followUp(r3.id, a.coordinator, { status: 'in_progress', on: '2023-05-12' });
      expect(viaA.status).toBe(201);
      expect(viaA.body.reviewId).toBe(a.reviewId);

      const updated = await t.get(`/reviews/${bId}/previous-recommendations`, bManager.token);
      expect(updated.body.items.map((i: any) => [i.id, i.latestStatus, i.latestFollowUpOn])).toEqual([
        [r1.id, 'implemented', '2023-05-10'],
        [r2.id, 'not_implemented', '2023-05-11'],
        [r3.id, 'in_progress', '2023-05-12'],
      ]);

      // B's members read the recommendation and its whole follow-up history.
      for (const member of [bAuditor, bCoordinator, bManager]) {
        const got = await t.get(`/recommendations/${r1.id}`, member.token);
        expect(got.status).toBe(200);
        expect(got.body).toMatchObject({ id: r1.id, reviewId: a.reviewId, latestStatus: 'implemented' });
        expect(got.body.followUps.map((f: any) => [f.reviewId, f.status])).toEqual([
          [bId, 'implemented'],
          [a.reviewId, 'in_progress'],
        ]);
        expect((await t.get(`/recommendations/${r1.id}/follow-ups`, member.token)).body.items).toHaveLength(2);
      }
      // A's own team sees what B recorded.
      expect((await t.get(`/recommendations/${r1.id}`, a.auditor.token)).body.latestStatus).toBe('implemented');

      // B reports on A's recommendations; it does not rewrite them. B's manager does not record follow-ups.
      for (const writer of [bAuditor, bCoordinator, a.manager]) {
        const res = await t.patch(`/recommendations/${r1.id}`, { text: 'Rewritten', version: 1 }, writer.token);
        expect([writer.name, res.status]).toEqual([writer.name, 403]);
        // A stale version changes nothing: the refusal is about who, not about when.
        expect((await t.patch(`/recommendations/${r1.id}`, { text: 'x', version: 99 }, writer.token)).status).toBe(403);
      }
      expect((await followUp(r1.id, bManager, { status: 'implemented', on: '2023-05-10' })).status).toBe(403);
      expect(await row(r1.id)).toMatchObject({ text: VALID.text, version: 1 });
      expect(
        (await t.patch(`/recommendations/${r1.id}`, { priority: 'low', version: 1 }, a.auditor.token)).status,
      ).toBe(200);

      // Through B, A itself stays invisible to B's team: A, its findings' routes, its lists and figures.
      for (const path of [
        `/reviews/${a.reviewId}`,
        `/reviews/${a.reviewId}/members`,
        `/reviews/${a.reviewId}/summary`,
        `/reviews/${a.reviewId}/previous-recommendations`,
        `/findings/${efficiency}/recommendations`,
      ]) {
        expect([path, (await t.get(path, bAuditor.token)).status]).toEqual([path, 404]);
      }
      expect((await t.post(`/findings/${efficiency}/recommendations`, VALID, bAuditor.token)).status).toBe(404);
      // Nor does it open B to A's team.
      expect((await t.get(`/reviews/${bId}/previous-recommendations`, a.auditor.token)).status).toBe(404);

      // Someone on neither review gets 404 everywhere.
      const outsider = a.outsider;
      for (const [method, path, body] of [
        ['GET', `/recommendations/${r1.id}`, undefined],
        ['PATCH', `/recommendations/${r1.id}`, { text: 'x', version: 2 }],
        ['GET', `/recommendations/${r1.id}/follow-ups`, undefined],
        ['POST', `/recommendations/${r1.id}/follow-ups`, { status: 'implemented', note: 'x', on: '2023-01-01' }],
        ['GET', `/reviews/${bId}/previous-recommendations`, undefined],
        ['GET', `/reviews/${bId}`, undefined],
      ] as const) {
        expect([method, path, (await t.request(method, path, { token: outsider.token, body })).status]).toEqual([
          method,
          path,
          404,
        ]);
      }
      expect(await count('follow_ups', 'recommendation_id', r1.id)).toBe(2);

      // A's figures count B's follow-up: the latest status is the recommendation's, whoever observed it.
      const summary = await t.get(`/reviews/${a.reviewId}/summary`, a.manager.token);
      expect(summary.body.recommendations).toMatchObject({
        total: 3,
        byStatus: { not_started: 0, in_progress: 1, partially_implemented: 0, implemented: 1, not_implemented: 1 },
      });
      const bSummary = await t.get(`/reviews/${bId}/summary`, bManager.token);
      expect(bSummary.body.recommendations.total).toBe(0);
    });
  });
});
