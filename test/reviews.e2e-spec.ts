import { TestApp } from './support/test-app';

describe('reviews and their teams', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('makes the creator the coordinator of a new review', async () => {
    const creator = await t.user('Creator');
    const inst = await t.institution();
    const res = await t.post(
      '/reviews',
      {
        title: 'Public Procurement Review of ISSSTESON',
        institutionId: inst.id,
        agreementOn: '2017-03-15',
        startsOn: '2017-03-01',
        endsOn: '2019-08-31',
      },
      creator.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'planning',
      myRole: 'coordinator',
      createdById: creator.id,
      agreementOn: '2017-03-15',
      focusAreaIds: [],
      version: 1,
    });
    const me = await t.get('/me', creator.token);
    expect(me.body.memberships).toEqual([{ reviewId: res.body.id, role: 'coordinator' }]);
    const members = await t.get(`/reviews/${res.body.id}/members`, creator.token);
    expect(members.body.items).toEqual([
      expect.objectContaining({ userId: creator.id, role: 'coordinator', email: creator.email }),
    ]);
  });

  it('validates a new review: institution, dates, previous review', async () => {
    const user = await t.user('Validator');
    const inst = await t.institution();
    const missing = await t.post(
      '/reviews',
      { title: 'X', institutionId: '00000000-0000-4000-8000-000000000000' },
      user.token,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].field).toBe('institutionId');
    const badDate = await t.post(
      '/reviews',
      { title: 'X', institutionId: inst.id, startsOn: '2019-02-30' },
      user.token,
    );
    expect(badDate.status).toBe(400);
    const backwards = await t.post(
      '/reviews',
      { title: 'X', institutionId: inst.id, startsOn: '2019-01-01', endsOn: '2018-01-01' },
      user.token,
    );
    expect(backwards.status).toBe(400);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM reviews WHERE created_by_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it('links a follow-up review to an earlier review of the same institution the creator can see', async () => {
    const user = await t.user('Follower');
    const stranger = await t.user('Stranger');
    const imss = await t.institution('IMSS');
    const other = await t.institution('OTHER');
    const first = (await t.post('/reviews', { title: 'IMSS review 1', institutionId: imss.id }, user.token)).body;
    const second = await t.post(
      '/reviews',
      { title: 'IMSS review 2', institutionId: imss.id, previousReviewId: first.id },
      user.token,
    );
    expect(second.status).toBe(201);
    expect(second.body.previousReviewId).toBe(first.id);
    const wrongInstitution = await t.post(
      '/reviews',
      { title: 'X', institutionId: other.id, previousReviewId: first.id },
      user.token,
    );
    expect(wrongInstitution.status).toBe(400);
    // A review one cannot see cannot be named (and its existence is not confirmed).
    const invisible = await t.post(
      '/reviews',
      { title: 'X', institutionId: imss.id, previousReviewId: first.id },
      stranger.token,
    );
    expect(invisible.status).toBe(400);
  });

  it("lists only the caller's reviews, every review for an admin, with filters and cursor paging", async () => {
    const { reviewId, auditor, outsider, admin } = await t.reviewTeam();
    const mine = await t.get('/reviews', auditor.token);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([reviewId]);
    expect(mine.body.items[0].myRole).toBe('auditor');
    const theirs = await t.get('/reviews', outsider.token);
    expect(theirs.body.items.map((r: { id: string }) => r.id)).not.toContain(reviewId);
    const all = await t.get('/reviews?limit=200', admin.token);
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([reviewId, theirs.body.items[0].id]),
    );
    const planning = await t.get('/reviews?status=active', admin.token);
    expect(planning.body.items).toEqual([]);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.get(
        `/reviews?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        admin.token,
      );
      paged.push(...res.body.items.map((r) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.body.items.map((r: { id: string }) => r.id));
    expect((await t.get('/reviews?status=bogus', admin.token)).status).toBe(400);
  });

  it('answers a non-member 404 for the review and everything inside it, exactly as for a missing review', async () => {
    const { reviewId, outsider } = await t.reviewTeam();
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, body] of [
      ['GET', `/reviews/${reviewId}`, undefined],
      ['PATCH', `/reviews/${reviewId}`, { title: 'Hijacked', version: 1 }],
      ['GET', `/reviews/${reviewId}/members`, undefined],
      ['POST', `/reviews/${reviewId}/members`, { userId: outsider.id, role: 'coordinator' }],
      ['DELETE', `/reviews/${reviewId}/members/${outsider.id}`, undefined],
    ] as const) {
      const res = await t.request(method, path, { token: outsider.token, body });
      const ghost = await t.request(method, path.replace(reviewId, missing), { token: outsider.token, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body.message).toBe(ghost.body.message);
    }
    const { rows } = await t.db.query('SELECT title FROM reviews WHERE id = $1', [reviewId]);
    expect(rows[0].title).toBe('Review');
  });

  it('lets members read and only coordinators edit the review and its team', async () => {
    const { reviewId, coordinator, auditor, manager } = await t.reviewTeam();
    for (const member of [coordinator, auditor, manager]) {
      expect((await t.get(`/reviews/${reviewId}`, member.token)).status).toBe(200);
      expect((await t.get(`/reviews/${reviewId}/members`, member.token)).status).toBe(200);
    }
    for (const member of [auditor, manager]) {
      expect((await t.patch(`/reviews/${reviewId}`, { title: 'No', version: 1 }, member.token)).status).toBe(403);
      expect(
        (await t.post(`/reviews/${reviewId}/members`, { userId: member.id, role: 'coordinator' }, member.token)).status,
      ).toBe(403);
      expect((await t.delete(`/reviews/${reviewId}/members/${coordinator.id}`, member.token)).status).toBe(403);
    }
    const edited = await t.patch(
      `/reviews/${reviewId}`,
      { status: 'active', summary: 'Started', version: 1 },
      coordinator.token,
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'active', summary: 'Started', version: 2, myRole: 'coordinator' });
  });

  it('refuses a stale version with 409 and keeps the newer edit', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    expect((await t.patch(`/reviews/${reviewId}`, { title: 'Newer', version: 1 }, coordinator.token)).status).toBe(200);
    const stale = await t.patch(`/reviews/${reviewId}`, { title: 'Older', version: 1 }, coordinator.token);
    expect(stale.status).toBe(409);
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body).toMatchObject({ title: 'Newer', version: 2 });
  });

  it('refuses fields a coordinator may not set on a review', async () => {
    const { reviewId, coordinator, outsider } = await t.reviewTeam();
    const res = await t.patch(
      `/reviews/${reviewId}`,
      { createdById: outsider.id, id: outsider.id, version: 1 },
      coordinator.token,
    );
    expect(res.status).toBe(400);
    expect((await t.get(`/reviews/${reviewId}`, coordinator.token)).body.createdById).toBe(coordinator.id);
  });

  it('manages the team: add, refuse duplicates and unknown accounts, remove, keep a coordinator', async () => {
    const { reviewId, coordinator, auditor } = await t.reviewTeam();
    const newcomer = await t.user('Newcomer');
    const added = await t.post(
      `/reviews/${reviewId}/members`,
      { userId: newcomer.id, role: 'manager' },
      coordinator.token,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: newcomer.id, role: 'manager', name: 'Newcomer' });
    expect((await t.get(`/reviews/${reviewId}`, newcomer.token)).body.myRole).toBe('manager');
    expect(
      (await t.post(`/reviews/${reviewId}/members`, { userId: newcomer.id, role: 'auditor' }, coordinator.token))
        .status,
    ).toBe(409);
    const ghost = await t.post(
      `/reviews/${reviewId}/members`,
      { userId: '00000000-0000-4000-8000-000000000000', role: 'auditor' },
      coordinator.token,
    );
    expect(ghost.status).toBe(400);
    expect(
      (await t.post(`/reviews/${reviewId}/members`, { userId: newcomer.id, role: 'owner' }, coordinator.token)).status,
    ).toBe(400);
    expect((await t.delete(`/reviews/${reviewId}/members/${auditor.id}`, coordinator.token)).status).toBe(204);
    expect((await t.get(`/reviews/${reviewId}`, auditor.token)).status).toBe(404);
    expect((await t.delete(`/reviews/${reviewId}/members/${auditor.id}`, coordinator.token)).status).toBe(404);
    const lastCoordinator = await t.delete(`/reviews/${reviewId}/members/${coordinator.id}`, coordinator.token);
    expect(lastCoordinator.status).toBe(409);
  });

  it('lets an admin read and edit any review without being a member', async () => {
    const { reviewId, admin } = await t.reviewTeam();
    const res = await t.get(`/reviews/${reviewId}`, admin.token);
    expect(res.status).toBe(200);
    expect(res.body.myRole).toBeNull();
    expect((await t.patch(`/reviews/${reviewId}`, { title: 'Admin edit', version: 1 }, admin.token)).status).toBe(200);
  });

  it('answers 400 for a malformed review id, before looking anything up', async () => {
    const user = await t.user('Typo');
    expect((await t.get('/reviews/not-a-uuid', user.token)).status).toBe(400);
  });
});

describe('institutions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('lets any user read and only admins create and edit', async () => {
    const admin = await t.admin();
    const user = await t.user('Reader');
    const body = {
      name: 'Instituto Mexicano del Seguro Social',
      acronym: 'IMSS',
      jurisdiction: 'federal',
      country: 'MX',
    };
    expect((await t.post('/institutions', body, user.token)).status).toBe(403);
    const created = await t.post('/institutions', body, admin.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, state: null, version: 1 });
    expect((await t.get(`/institutions/${created.body.id}`, user.token)).body).toEqual(created.body);
    expect((await t.get('/institutions', user.token)).body.items).toEqual([created.body]);
    expect((await t.patch(`/institutions/${created.body.id}`, { name: 'X', version: 1 }, user.token)).status).toBe(403);
    const edited = await t.patch(
      `/institutions/${created.body.id}`,
      { jurisdiction: 'state', state: 'Sonora', version: 1 },
      admin.token,
    );
    expect(edited.body).toMatchObject({ jurisdiction: 'state', state: 'Sonora', version: 2 });
    expect((await t.post('/institutions', body, admin.token)).status).toBe(409);
  });

  it('requires a state for a state institution and a real country code', async () => {
    const admin = await t.admin();
    const res = await t.post(
      '/institutions',
      { name: 'ISSSTESON', acronym: 'ISSSTESON', jurisdiction: 'state', country: 'MX' },
      admin.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('state');
    const country = await t.post(
      '/institutions',
      { name: 'X', acronym: 'X', jurisdiction: 'federal', country: 'XX' },
      admin.token,
    );
    expect(country.status).toBe(400);
  });
});
