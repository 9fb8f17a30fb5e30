import { TestApp } from './support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

const BID_RIGGING = {
  title: 'Workshop 1: fostering competition',
  topic: 'Fostering competition and preventing bid rigging in public procurement',
  startsOn: '2017-07-12',
  endsOn: '2017-07-13',
  location: 'Hermosillo, Sonora',
  components: {
    theoretical: 'Bid-rigging schemes and the OECD Guidelines for Fighting Bid Rigging',
    practical: 'Detecting collusive patterns in ISSSTESON tenders',
  },
  facilitators: [
    { name: 'Country expert from Chile', kind: 'country_expert', organisation: 'ChileCompra' },
    { name: 'OECD procurement analyst', kind: 'review_staff', organisation: 'OECD' },
  ],
};

describe('workshops, participants and evaluation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** A deliverable row written behind the api's back, so these tests do not depend on the deliverables routes. */
  async function deliverable(reviewId: string, title = 'Capacity-building workshop 1'): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO deliverables (review_id, title, kind, due_on, status, version)
       VALUES ($1, $2, 'workshop', '2017-07-13', 'planned', 1) RETURNING id`,
      [reviewId, title],
    );
    return rows[0].id;
  }

  async function workshop(reviewId: string, token: string, body: Record<string, unknown> = {}): Promise<any> {
    const res = await t.post(`/reviews/${reviewId}/workshops`, { ...BID_RIGGING, ...body }, token);
    if (res.status !== 201) throw new Error(`create workshop failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function participant(workshopId: string, token: string, name: string): Promise<any> {
    const res = await t.post(`/workshops/${workshopId}/participants`, { name }, token);
    if (res.status !== 201) throw new Error(`add participant failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('creates a workshop with its components, facilitators and deliverable, and lists it', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const deliverableId = await deliverable(reviewId);
    const res = await t.post(`/reviews/${reviewId}/workshops`, { ...BID_RIGGING, deliverableId }, coordinator.token);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...BID_RIGGING,
      id: expect.any(String),
      reviewId,
      deliverableId,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { rows } = await t.db.query(
      'SELECT theoretical_component, practical_component, facilitators FROM workshops WHERE id = $1',
      [res.body.id],
    );
    expect(rows[0]).toEqual({
      theoretical_component: BID_RIGGING.components.theoretical,
      practical_component: BID_RIGGING.components.practical,
      facilitators: BID_RIGGING.facilitators,
    });
    const list = await t.get(`/reviews/${reviewId}/workshops`, coordinator.token);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [res.body], nextCursor: null });
    const audit = await t.db.query(
      "SELECT review_id FROM audit_events WHERE entity_type = 'workshop' AND entity_id = $1",
      [res.body.id],
    );
    expect(audit.rows).toEqual([{ review_id: reviewId }]);
  });

  it('creates a minimal one-day workshop with empty components and no facilitators', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const res = await t.post(
      `/reviews/${reviewId}/workshops`,
      { title: '  Workshop 2  ', topic: 'Professionalisation', startsOn: '2018-02-01', location: 'Hermosillo' },
      coordinator.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Workshop 2',
      endsOn: null,
      deliverableId: null,
      components: { theoretical: null, practical: null },
      facilitators: [],
    });
  });

  it.each([
    ['an unknown facilitator kind', { facilitators: [{ name: 'X', kind: 'wizard' }] }, 'facilitators.0.kind'],
    ['a facilitator without a name', { facilitators: [{ kind: 'other' }] }, 'facilitators.0.name'],
    [
      'an unknown facilitator field',
      { facilitators: [{ name: 'X', kind: 'other', email: 'x@y.z' }] },
      'facilitators.0.email',
    ],
    ['facilitators that are not objects', { facilitators: ['X'] }, 'facilitators.0'],
    ['a null facilitator', { facilitators: [null] }, 'facilitators.0'],
    ['facilitators that are not a list', { facilitators: { name: 'X', kind: 'other' } }, 'facilitators'],
    [
      'more than 50 facilitators',
      { facilitators: Array.from({ length: 51 }, (_, i) => ({ name: `F${i}`, kind: 'other' })) },
      'facilitators',
    ],
    ['a component that is not text', { components: { theoretical: 5 } }, 'components.theoretical'],
    ['an unknown component', { components: { workshop: 'X' } }, 'components.workshop'],
    ['components that are not an object', { components: 'theory' }, 'components'],
    ['an end before the start', { startsOn: '2017-07-13', endsOn: '2017-07-12' }, 'endsOn'],
    ['a date that does not exist', { startsOn: '2017-02-30' }, 'startsOn'],
    ['a missing title', { title: undefined }, 'title'],
    ['an empty location', { location: '   ' }, 'location'],
    ['a field the client may not set', { reviewId: MISSING }, 'reviewId'],
    ['a deliverable id that is not a uuid', { deliverableId: 'D1' }, 'deliverableId'],
    ['an unknown deliverable', { deliverableId: MISSING }, 'deliverableId'],
  ])('refuses a workshop with %s (400) and creates nothing', async (_case, change, field) => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const res = await t.post(`/reviews/${reviewId}/workshops`, { ...BID_RIGGING, ...change }, coordinator.token);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM workshops WHERE review_id = $1', [reviewId]);
    expect(rows[0].n).toBe(0);
  });

  it("refuses another review's deliverable with 400, on create and on update", async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const other = await t.reviewTeam();
    const theirs = await deliverable(other.reviewId, 'Their deliverable');
    const create = await t.post(
      `/reviews/${reviewId}/workshops`,
      { ...BID_RIGGING, deliverableId: theirs },
      coordinator.token,
    );
    expect(create.status).toBe(400);
    expect(create.body.details).toEqual([
      { field: 'deliverableId', messages: ['must name a deliverable of the same review'] },
    ]);
    const w = await workshop(reviewId, coordinator.token);
    const update = await t.patch(`/workshops/${w.id}`, { deliverableId: theirs, version: 1 }, coordinator.token);
    expect(update.status).toBe(400);
    const { rows } = await t.db.query('SELECT deliverable_id, version FROM workshops WHERE id = $1', [w.id]);
    expect(rows[0]).toEqual({ deliverable_id: null, version: 1 });
  });

  it('lists workshops by start date, filtered by from and to, page by page', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const dates = ['2018-03-01', '2017-07-12', '2019-01-15', '2017-07-12', '2018-11-30'];
    for (const [i, startsOn] of dates.entries()) {
      await workshop(reviewId, coordinator.token, { title: `W${i}`, startsOn, endsOn: undefined });
    }
    const all = await t.get(`/reviews/${reviewId}/workshops`, coordinator.token);
    const starts = all.body.items.map((w: { startsOn: string }) => w.startsOn);
    expect(starts).toEqual(['2017-07-12', '2017-07-12', '2018-03-01', '2018-11-30', '2019-01-15']);
    const sameDay = all.body.items.slice(0, 2).map((w: { id: string }) => w.id);
    expect(sameDay).toEqual([...sameDay].sort());
    const window = await t.get(`/reviews/${reviewId}/workshops?from=2018-01-01&to=2018-12-31`, coordinator.token);
    expect(window.body.items.map((w: { startsOn: string }) => w.startsOn)).toEqual(['2018-03-01', '2018-11-30']);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.get(
        `/reviews/${reviewId}/workshops?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        coordinator.token,
      );
      paged.push(...res.body.items.map((w) => w.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.body.items.map((w: { id: string }) => w.id));
    expect((await t.get(`/reviews/${reviewId}/workshops?from=2018-13-01`, coordinator.token)).status).toBe(400);
    expect(
      (await t.get(`/reviews/${reviewId}/workshops?from=2019-01-01&to=2018-01-01`, coordinator.token)).status,
    ).toBe(400);
    expect((await t.get(`/reviews/${reviewId}/workshops?sort=title`, coordinator.token)).status).toBe(400);
  });

  it('edits only the fields sent: clears the end date and one component, replaces the facilitators', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const deliverableId = await deliverable(reviewId);
    const res = await t.patch(
      `/workshops/${w.id}`,
      {
        endsOn: null,
        components: { practical: null },
        facilitators: [{ name: 'ISSSTESON legal unit', kind: 'institution_staff' }],
        deliverableId,
        version: 1,
      },
      coordinator.token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...w,
      endsOn: null,
      components: { theoretical: BID_RIGGING.components.theoretical, practical: null },
      facilitators: [{ name: 'ISSSTESON legal unit', kind: 'institution_staff' }],
      deliverableId,
      version: 2,
      updatedAt: expect.any(String),
    });
    const unlinked = await t.patch(`/workshops/${w.id}`, { deliverableId: null, version: 2 }, coordinator.token);
    expect(unlinked.body).toMatchObject({ deliverableId: null, title: w.title, version: 3 });
  });

  it('refuses edits that break the workshop: an end before the start, nulls in required fields', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    for (const change of [
      { startsOn: '2017-07-20' },
      { endsOn: '2017-07-01' },
      { title: null },
      { location: null },
      { startsOn: null },
      { facilitators: null },
      { components: null },
      { id: MISSING },
    ]) {
      const res = await t.patch(`/workshops/${w.id}`, { ...change, version: 1 }, coordinator.token);
      expect([change, res.status]).toEqual([change, 400]);
    }
    const missingVersion = await t.patch(`/workshops/${w.id}`, { title: 'No version' }, coordinator.token);
    expect(missingVersion.status).toBe(400);
    expect((await t.get(`/workshops/${w.id}`, coordinator.token)).body).toMatchObject({
      title: BID_RIGGING.title,
      startsOn: '2017-07-12',
      endsOn: '2017-07-13',
      version: 1,
    });
  });

  it('refuses a stale workshop version with 409 and keeps the newer edit', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    expect((await t.patch(`/workshops/${w.id}`, { title: 'Newer', version: 1 }, coordinator.token)).status).toBe(200);
    const stale = await t.patch(`/workshops/${w.id}`, { title: 'Older', version: 1 }, coordinator.token);
    expect(stale.status).toBe(409);
    expect(stale.body.details).toEqual([{ sentVersion: 1, currentVersion: 2 }]);
    expect((await t.get(`/workshops/${w.id}`, coordinator.token)).body).toMatchObject({ title: 'Newer', version: 2 });
  });

  it('adds participants, records attendance, ratings and scores, and removes them', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const added = await t.post(
      `/workshops/${w.id}/participants`,
      { name: ' Ana López ', organisation: 'ISSSTESON procurement unit', email: ' Ana.Lopez@Example.MX ' },
      coordinator.token,
    );
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      workshopId: w.id,
      reviewId,
      name: 'Ana López',
      organisation: 'ISSSTESON procurement unit',
      email: 'ana.lopez@example.mx',
      attended: false,
      satisfaction: null,
      preTestScore: null,
      postTestScore: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { rows } = await t.db.query('SELECT review_id FROM workshop_participants WHERE id = $1', [added.body.id]);
    expect(rows[0].review_id).toBe(reviewId);

    const scored = await t.patch(
      `/participants/${added.body.id}`,
      { attended: true, satisfaction: 4, preTestScore: 55.5, postTestScore: 82.25, version: 1 },
      coordinator.token,
    );
    expect(scored.status).toBe(200);
    expect(scored.body).toMatchObject({
      name: 'Ana López',
      email: 'ana.lopez@example.mx',
      attended: true,
      satisfaction: 4,
      preTestScore: 55.5,
      postTestScore: 82.25,
      version: 2,
    });
    const read = await t.get(`/workshops/${w.id}`, coordinator.token);
    expect(read.body.participants).toEqual([scored.body]);

    const cleared = await t.patch(
      `/participants/${added.body.id}`,
      { satisfaction: null, email: null, organisation: null, version: 2 },
      coordinator.token,
    );
    expect(cleared.body).toMatchObject({ satisfaction: null, email: null, organisation: null, preTestScore: 55.5 });
    expect(
      (await t.patch(`/participants/${added.body.id}`, { attended: false, version: 2 }, coordinator.token)).status,
    ).toBe(409);

    expect((await t.delete(`/participants/${added.body.id}`, coordinator.token)).status).toBe(204);
    expect((await t.get(`/workshops/${w.id}`, coordinator.token)).body.participants).toEqual([]);
    expect((await t.delete(`/participants/${added.body.id}`, coordinator.token)).status).toBe(404);
    expect(
      (await t.patch(`/participants/${added.body.id}`, { attended: true, version: 3 }, coordinator.token)).status,
    ).toBe(404);
    const audit = await t.db.query(
      "SELECT action, review_id FROM audit_events WHERE entity_type = 'participant' AND entity_id = $1 ORDER BY seq",
      [added.body.id],
    );
    expect(audit.rows).toEqual([
      { action: 'insert', review_id: reviewId },
      { action: 'update', review_id: reviewId },
      { action: 'update', review_id: reviewId },
      { action: 'delete', review_id: reviewId },
    ]);
  });

  it.each([
    ['a satisfaction above 5', { satisfaction: 6 }],
    ['a satisfaction below 1', { satisfaction: 0 }],
    ['a fractional satisfaction', { satisfaction: 3.5 }],
    ['a score above 100', { postTestScore: 100.01 }],
    ['a negative score', { preTestScore: -1 }],
    ['a score with three decimals', { preTestScore: 50.125 }],
    ['a score given as text', { preTestScore: '50' }],
    ['attendance given as text', { attended: 'yes' }],
    ['a null name', { name: null }],
    ['a null attendance', { attended: null }],
    ['a malformed e-mail', { email: 'not-an-email' }],
    ['a field the client may not set', { workshopId: MISSING }],
  ])('refuses a participant update with %s (400)', async (_case, change) => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const p = await participant(w.id, coordinator.token, 'Participant');
    const res = await t.patch(`/participants/${p.id}`, { ...change, version: 1 }, coordinator.token);
    expect(res.status).toBe(400);
    const { rows } = await t.db.query('SELECT version FROM workshop_participants WHERE id = $1', [p.id]);
    expect(rows[0].version).toBe(1);
  });

  it('refuses a participant without a name, with unknown fields or for a missing workshop', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    expect((await t.post(`/workshops/${w.id}/participants`, { name: '' }, coordinator.token)).status).toBe(400);
    expect(
      (await t.post(`/workshops/${w.id}/participants`, { name: 'X', attended: true }, coordinator.token)).status,
    ).toBe(400);
    expect((await t.post(`/workshops/${MISSING}/participants`, { name: 'X' }, coordinator.token)).status).toBe(404);
  });

  it('summarises attendance, satisfaction and test results as hand-computed', async () => {
    const { reviewId, coordinator, manager } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const empty = await t.get(`/workshops/${w.id}`, manager.token);
    expect(empty.body.evaluation).toEqual({
      invited: 0,
      attended: 0,
      attendanceRate: null,
      averageSatisfaction: null,
      averagePreTestScore: null,
      averagePostTestScore: null,
      averageImprovement: null,
    });
    const results: [string, Record<string, unknown>][] = [
      ['Ana', { attended: true, satisfaction: 5, preTestScore: 40, postTestScore: 80 }],
      ['Beto', { attended: true, satisfaction: 4, preTestScore: 55.5, postTestScore: 70 }],
      ['Carla', { attended: true, satisfaction: 3, preTestScore: 60 }],
      ['Diego', { preTestScore: 30 }],
      ['Elena', {}],
    ];
    // Added in reverse to show the list comes back by name.
    for (const [name, figures] of [...results].reverse()) {
      const p = await participant(w.id, coordinator.token, name);
      if (Object.keys(figures).length > 0) {
        const res = await t.patch(`/participants/${p.id}`, { ...figures, version: 1 }, coordinator.token);
        expect(res.status).toBe(200);
      }
    }
    const res = await t.get(`/workshops/${w.id}`, manager.token);
    expect(res.status).toBe(200);
    expect(res.body.participants.map((p: { name: string }) => p.name)).toEqual([
      'Ana',
      'Beto',
      'Carla',
      'Diego',
      'Elena',
    ]);
    // 3 of 5 attended; satisfaction (5+4+3)/3; pre (40+55.5+60+30)/4; post (80+70)/2; gains (40+14.5)/2.
    expect(res.body.evaluation).toEqual({
      invited: 5,
      attended: 3,
      attendanceRate: 0.6,
      averageSatisfaction: 4,
      averagePreTestScore: 46.375,
      averagePostTestScore: 75,
      averageImprovement: 27.25,
    });
  });

  it('lets every member read and only the coordinator write (403 for auditors and managers)', async () => {
    const { reviewId, coordinator, auditor, manager } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const p = await participant(w.id, coordinator.token, 'Invitee');
    for (const member of [coordinator, auditor, manager]) {
      expect((await t.get(`/reviews/${reviewId}/workshops`, member.token)).status).toBe(200);
      expect((await t.get(`/workshops/${w.id}`, member.token)).status).toBe(200);
    }
    for (const member of [auditor, manager]) {
      for (const [method, path, body] of [
        ['POST', `/reviews/${reviewId}/workshops`, BID_RIGGING],
        ['PATCH', `/workshops/${w.id}`, { title: 'No', version: 1 }],
        ['POST', `/workshops/${w.id}/participants`, { name: 'Gatecrasher' }],
        ['PATCH', `/participants/${p.id}`, { attended: true, version: 1 }],
        ['DELETE', `/participants/${p.id}`, undefined],
      ] as const) {
        const res = await t.request(method, path, { token: member.token, body });
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    }
    const { rows } = await t.db.query(
      'SELECT (SELECT count(*)::int FROM workshops WHERE review_id = $1) AS workshops, (SELECT count(*)::int FROM workshop_participants WHERE review_id = $1) AS participants',
      [reviewId],
    );
    expect(rows[0]).toEqual({ workshops: 1, participants: 1 });
  });

  it('answers a non-member 404 on every workshop route, exactly as for a missing id', async () => {
    const { reviewId, coordinator, outsider } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    const p = await participant(w.id, coordinator.token, 'Invitee');
    for (const [method, path, id, body] of [
      ['GET', `/reviews/${reviewId}/workshops`, reviewId, undefined],
      ['POST', `/reviews/${reviewId}/workshops`, reviewId, BID_RIGGING],
      ['GET', `/workshops/${w.id}`, w.id, undefined],
      ['PATCH', `/workshops/${w.id}`, w.id, { title: 'Hijacked', version: 1 }],
      ['POST', `/workshops/${w.id}/participants`, w.id, { name: 'Intruder' }],
      ['PATCH', `/participants/${p.id}`, p.id, { attended: true, version: 1 }],
      ['DELETE', `/participants/${p.id}`, p.id, undefined],
    ] as const) {
      const res = await t.request(method, path, { token: outsider.token, body });
      const ghost = await t.request(method, path.replace(id, MISSING), { token: outsider.token, body });
      expect([method, path, res.status, ghost.status]).toEqual([method, path, 404, 404]);
      expect(res.body.message).toBe(ghost.body.message);
    }
    const { rows } = await t.db.query('SELECT title FROM workshops WHERE id = $1', [w.id]);
    expect(rows[0].title).toBe(BID_RIGGING.title);
  });

  it('lets an admin who is not a member read and edit workshops', async () => {
    const { reviewId, coordinator, admin } = await t.reviewTeam();
    const w = await workshop(reviewId, coordinator.token);
    expect((await t.get(`/workshops/${w.id}`, admin.token)).status).toBe(200);
    expect(
      (await t.patch(`/workshops/${w.id}`, { location: 'Ciudad Obregón', version: 1 }, admin.token)).body,
    ).toMatchObject({ location: 'Ciudad Obregón', version: 2 });
  });

  it('needs a token on every workshop route', async () => {
    expect((await t.get(`/workshops/${MISSING}`)).status).toBe(401);
    expect((await t.delete(`/participants/${MISSING}`)).status).toBe(401);
  });
});
