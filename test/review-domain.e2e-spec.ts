import { TestApp } from './support/test-app';

const GHOST = '00000000-0000-4000-8000-000000000000';

async function focusAreaIds(t: TestApp, token: string): Promise<Record<string, string>> {
  const items: { id: string; code: string }[] = (await t.get('/focus-areas', token)).body.items;
  return Object.fromEntries(items.map((f) => [f.code, f.id]));
}

async function auditCount(t: TestApp, entityType: string, entityId: string): Promise<number> {
  const { rows } = await t.db.query(
    'SELECT count(*)::int AS n FROM audit_events WHERE entity_type = $1 AND entity_id = $2',
    [entityType, entityId],
  );
  return rows[0].n;
}

describe("a review's focus areas", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('takes focus areas on creation, drops repeats, and returns them on every answer about the review', async () => {
    const user = await t.user('Coordinator');
    const inst = await t.institution('ISSSTESON');
    const fa = await focusAreaIds(t, user.token);
    const created = await t.post(
      '/reviews',
      {
        title: 'Public Procurement Review of ISSSTESON',
        institutionId: inst.id,
        focusAreaIds: [fa['transparency-integrity'], fa['competition-bid-rigging'], fa['transparency-integrity']],
      },
      user.token,
    );
    expect(created.status).toBe(201);
    const expected = [fa['transparency-integrity'], fa['competition-bid-rigging']];
    expect(created.body.focusAreaIds).toEqual(expected);
    expect((await t.get(`/reviews/${created.body.id}`, user.token)).body.focusAreaIds).toEqual(expected);
    const listed = (await t.get('/reviews', user.token)).body.items.find((r: any) => r.id === created.body.id);
    expect(listed.focusAreaIds).toEqual(expected);
    const plain = await t.post('/reviews', { title: 'No focus yet', institutionId: inst.id }, user.token);
    expect(plain.body.focusAreaIds).toEqual([]);
  });

  it('refuses focus areas that do not exist with 400 naming the field, and creates nothing', async () => {
    const user = await t.user('Careless');
    const inst = await t.institution();
    const fa = await focusAreaIds(t, user.token);
    const res = await t.post(
      '/reviews',
      { title: 'X', institutionId: inst.id, focusAreaIds: [fa.efficiency, GHOST] },
      user.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'focusAreaIds', messages: [`no focus area has id ${GHOST}`] }]);
    const malformed = await t.post('/reviews', { title: 'X', institutionId: inst.id, focusAreaIds: ['x'] }, user.token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].field).toBe('focusAreaIds');
    const notArray = await t.post(
      '/reviews',
      { title: 'X', institutionId: inst.id, focusAreaIds: fa.efficiency },
      user.token,
    );
    expect(notArray.status).toBe(400);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM reviews WHERE created_by_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it('replaces the focus areas on PATCH, refuses unknown ones without changing anything, and clears with []', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const fa = await focusAreaIds(t, coordinator.token);
    const set = await t.patch(
      `/reviews/${reviewId}`,
      { focusAreaIds: [fa['e-procurement'], fa.efficiency, fa['e-procurement']], version: 1 },
      coordinator.token,
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ focusAreaIds: [fa['e-procurement'], fa.efficiency], version: 2 });
    const bad = await t.patch(
      `/reviews/${reviewId}`,
      { title: 'Renamed', focusAreaIds: [GHOST], version: 2 },
      coordinator.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('focusAreaIds');
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body).toMatchObject({
      title: 'Review',
      focusAreaIds: [fa['e-procurement'], fa.efficiency],
      version: 2,
    });
    const cleared = await t.patch(`/reviews/${reviewId}`, { focusAreaIds: [], version: 2 }, coordinator.token);
    expect(cleared.body).toMatchObject({ focusAreaIds: [], version: 3 });
  });

  it('lists the reviews that have a focus area', async () => {
    const { reviewId, coordinator, admin } = await t.reviewTeam();
    const fa = await focusAreaIds(t, coordinator.token);
    await t.patch(
      `/reviews/${reviewId}`,
      { focusAreaIds: [fa['secondary-policy-objectives']], version: 1 },
      coordinator.token,
    );
    const withIt = await t.get(`/reviews?focusAreaId=${fa['secondary-policy-objectives']}`, admin.token);
    expect(withIt.body.items.map((r: { id: string }) => r.id)).toEqual([reviewId]);
    const mine = await t.get(`/reviews?focusAreaId=${fa['secondary-policy-objectives']}`, coordinator.token);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([reviewId]);
    const other = await t.get(`/reviews?focusAreaId=${fa.professionalisation}`, coordinator.token);
    expect(other.body.items).toEqual([]);
    expect((await t.get('/reviews?focusAreaId=nope', admin.token)).status).toBe(400);
  });
});

describe("a review's status lifecycle", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('starts every review in planning and refuses to create one in a later status', async () => {
    const user = await t.user('Starter');
    const inst = await t.institution();
    const explicit = await t.post('/reviews', { title: 'A', institutionId: inst.id, status: 'planning' }, user.token);
    expect(explicit.status).toBe(201);
    expect(explicit.body.status).toBe('planning');
    for (const status of ['active', 'reporting', 'follow_up', 'closed', 'bogus']) {
      const res = await t.post('/reviews', { title: 'B', institutionId: inst.id, status }, user.token);
      expect([status, res.status]).toEqual([status, 400]);
      expect(res.body.details[0].field).toBe('status');
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM reviews WHERE title = 'B'`);
    expect(rows[0].n).toBe(0);
  });

  it('moves forward one step at a time, from planning to closed', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    let version = 1;
    for (const status of ['active', 'reporting', 'follow_up', 'closed']) {
      const res = await t.patch(`/reviews/${reviewId}`, { status, version }, coordinator.token);
      expect([status, res.status]).toEqual([status, 200]);
      expect(res.body).toMatchObject({ status, version: version + 1 });
      version++;
    }
  });

  it('moves back one step from every status but the first', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const forward = ['active', 'reporting', 'follow_up', 'closed'];
    const back: Record<string, string> = {
      active: 'planning',
      reporting: 'active',
      follow_up: 'reporting',
      closed: 'follow_up',
    };
    let version = 1;
    for (const status of forward) {
      expect((await t.patch(`/reviews/${reviewId}`, { status, version }, coordinator.token)).status).toBe(200);
      version++;
      const undo = await t.patch(`/reviews/${reviewId}`, { status: back[status], version }, coordinator.token);
      expect([status, back[status], undo.status]).toEqual([status, back[status], 200]);
      version++;
      expect((await t.patch(`/reviews/${reviewId}`, { status, version }, coordinator.token)).status).toBe(200);
      version++;
    }
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body).toMatchObject({ status: 'closed', version });
  });

  it('treats setting the same status as a no-op: no new version, no audit row', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const before = await auditCount(t, 'review', reviewId);
    const same = await t.patch(`/reviews/${reviewId}`, { status: 'planning', version: 1 }, coordinator.token);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ status: 'planning', version: 1 });
    expect(await auditCount(t, 'review', reviewId)).toBe(before);
  });

  it('refuses any other move with 409 (illegal transition) and changes nothing, not even the other fields sent', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const illegalFromPlanning = ['reporting', 'follow_up', 'closed'];
    for (const status of illegalFromPlanning) {
      const res = await t.patch(`/reviews/${reviewId}`, { status, title: 'Skipped', version: 1 }, coordinator.token);
      expect([status, res.status]).toEqual([status, 409]);
      expect(res.body.message).toContain(`from planning to ${status}`);
      expect(res.body.details).toEqual([{ field: 'status', from: 'planning', to: status, allowed: ['active'] }]);
    }
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body).toMatchObject({
      status: 'planning',
      title: 'Review',
      version: 1,
    });
    expect(await auditCount(t, 'review', reviewId)).toBe(1);

    await t.patch(`/reviews/${reviewId}`, { status: 'active', version: 1 }, coordinator.token);
    await t.patch(`/reviews/${reviewId}`, { status: 'reporting', version: 2 }, coordinator.token);
    for (const status of ['planning', 'closed']) {
      const res = await t.patch(`/reviews/${reviewId}`, { status, version: 3 }, coordinator.token);
      expect([status, res.status]).toEqual([status, 409]);
    }
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body).toMatchObject({
      status: 'reporting',
      version: 3,
    });
  });

  it('answers a partial PATCH with the whole review, unchanged fields included', async () => {
    const user = await t.user('Partial');
    const inst = await t.institution();
    const created = await t.post(
      '/reviews',
      { title: 'Whole', institutionId: inst.id, summary: 'Kept', agreementOn: '2017-03-01' },
      user.token,
    );
    const res = await t.patch(`/reviews/${created.body.id}`, { status: 'active', version: 1 }, user.token);
    expect(res.body).toEqual({ ...created.body, status: 'active', version: 2, updatedAt: expect.any(String) });
  });
});

describe("a review's components", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('lets the coordinator add components, listed by position then creation', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const first = await t.post(
      `/reviews/${reviewId}/components`,
      { title: 'Public Procurement Review', description: 'Analysis and evaluation of procurement practices' },
      coordinator.token,
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reviewId,
      title: 'Public Procurement Review',
      description: 'Analysis and evaluation of procurement practices',
      position: 1,
      version: 1,
    });
    const second = await t.post(
      `/reviews/${reviewId}/components`,
      { title: '  Capacity-building workshops  ' },
      coordinator.token,
    );
    expect(second.body).toMatchObject({ title: 'Capacity-building workshops', description: null, position: 2 });
    const list = await t.get(`/reviews/${reviewId}/components`, coordinator.token);
    expect(list.body).toEqual({ items: [first.body, second.body], nextCursor: null });

    // Moving the second before the first reorders the list.
    const moved = await t.patch(`/components/${second.body.id}`, { position: 0, version: 1 }, coordinator.token);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ title: 'Capacity-building workshops', position: 0, version: 2 });
    const reordered = await t.get(`/reviews/${reviewId}/components`, coordinator.token);
    expect(reordered.body.items.map((c: { id: string }) => c.id)).toEqual([second.body.id, first.body.id]);
  });

  it('lets every member read, and only the coordinator add or edit', async () => {
    const { reviewId, coordinator, auditor, manager } = await t.reviewTeam();
    const component = (await t.post(`/reviews/${reviewId}/components`, { title: 'Review' }, coordinator.token)).body;
    for (const member of [coordinator, auditor, manager]) {
      const res = await t.get(`/reviews/${reviewId}/components`, member.token);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
    }
    for (const member of [auditor, manager]) {
      expect((await t.post(`/reviews/${reviewId}/components`, { title: 'No' }, member.token)).status).toBe(403);
      expect((await t.patch(`/components/${component.id}`, { title: 'No', version: 1 }, member.token)).status).toBe(
        403,
      );
    }
    const edited = await t.patch(
      `/components/${component.id}`,
      { title: 'Public Procurement Review', description: 'Component 1', version: 1 },
      coordinator.token,
    );
    expect(edited.body).toMatchObject({ title: 'Public Procurement Review', description: 'Component 1', version: 2 });
    const cleared = await t.patch(`/components/${component.id}`, { description: null, version: 2 }, coordinator.token);
    expect(cleared.body).toMatchObject({ title: 'Public Procurement Review', description: null, version: 3 });
  });

  it('answers a non-member 404 for the components of a review, exactly as for a missing one', async () => {
    const { reviewId, coordinator, outsider } = await t.reviewTeam();
    const component = (await t.post(`/reviews/${reviewId}/components`, { title: 'Secret' }, coordinator.token)).body;
    for (const [method, path, ghostPath, body] of [
      ['GET', `/reviews/${reviewId}/components`, `/reviews/${GHOST}/components`, undefined],
      ['POST', `/reviews/${reviewId}/components`, `/reviews/${GHOST}/components`, { title: 'Mine' }],
      ['PATCH', `/components/${component.id}`, `/components/${GHOST}`, { title: 'Mine', version: 1 }],
    ] as const) {
      const res = await t.request(method, path, { token: outsider.token, body });
      const ghost = await t.request(method, ghostPath, { token: outsider.token, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body.message).toBe(ghost.body.message);
    }
    const { rows } = await t.db.query('SELECT title FROM review_components WHERE review_id = $1', [reviewId]);
    expect(rows).toEqual([{ title: 'Secret' }]);
  });

  it('refuses a stale version with 409, bad input with 400, and records each change in the audit trail', async () => {
    const { reviewId, coordinator, admin } = await t.reviewTeam();
    const c = (await t.post(`/reviews/${reviewId}/components`, { title: 'Workshops' }, coordinator.token)).body;
    expect((await t.patch(`/components/${c.id}`, { title: 'Newer', version: 1 }, coordinator.token)).status).toBe(200);
    expect((await t.patch(`/components/${c.id}`, { title: 'Older', version: 1 }, coordinator.token)).status).toBe(409);
    expect((await t.post(`/reviews/${reviewId}/components`, { title: '' }, coordinator.token)).status).toBe(400);
    expect((await t.post(`/reviews/${reviewId}/components`, {}, coordinator.token)).status).toBe(400);
    expect(
      (await t.post(`/reviews/${reviewId}/components`, { title: 'X', reviewId: GHOST }, coordinator.token)).status,
    ).toBe(400);
    expect((await t.patch(`/components/${c.id}`, { title: 'No version' }, coordinator.token)).status).toBe(400);
    expect((await t.patch('/components/not-a-uuid', { version: 1 }, coordinator.token)).status).toBe(400);
    const { rows } = await t.db.query(
      `SELECT action, actor_id, review_id FROM audit_events WHERE entity_type = 'component' AND entity_id = $1 ORDER BY seq`,
      [c.id],
    );
    expect(rows).toEqual([
      { action: 'insert', actor_id: coordinator.id, review_id: reviewId },
      { action: 'update', actor_id: coordinator.id, review_id: reviewId },
    ]);
    // An admin passes without being a member.
    expect((await t.get(`/reviews/${reviewId}/components`, admin.token)).body.items[0].title).toBe('Newer');
  });
});
