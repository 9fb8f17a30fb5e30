// Idempotency-Key on writes: a retry gets the first answer replayed and writes nothing; a key names one request of one
// caller; concurrent attempts with one key make one write.
import { TestApp, type TestUser } from './support/test-app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let auditor: TestUser;
  let reviewId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const team = await t.reviewTeam();
    coordinator = team.coordinator;
    auditor = team.auditor;
    reviewId = team.reviewId;
  });
  afterAll(() => t.close());

  const components = async (title: string): Promise<number> =>
    (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_components WHERE review_id = $1 AND title = $2',
        [reviewId, title],
      )
    ).rows[0].n;
  const audited = async (id: string): Promise<number> =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1', [id])).rows[0]
      .n;
  const addComponent = (title: string, key: string | undefined, user: TestUser = coordinator) =>
    t.request('POST', `/reviews/${reviewId}/components`, {
      token: user.token,
      body: { title },
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  it('replays the first answer to a retry, with the same status, body and Location, and writes nothing more', async () => {
    const first = await addComponent('Retried component', 'key-retry-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const again = await addComponent('Retried component', 'key-retry-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await components('Retried component')).toBe(1);
    expect(await audited(first.body.id)).toBe(1);
  });

  it('treats the same fields in another order as the same request', async () => {
    const path = `/reviews/${reviewId}/deliverables`;
    const headers = { 'idempotency-key': 'key-order-1' };
    const first = await t.request('POST', path, {
      token: coordinator.token,
      headers,
      body: { title: 'Ordered', kind: 'report', dueOn: '2027-05-31' },
    });
    expect(first.status).toBe(201);
    const again = await t.request('POST', path, {
      token: coordinator.token,
      headers,
      body: { dueOn: '2027-05-31', kind: 'report', title: 'Ordered' },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses a key sent again with another body or path (422) and writes nothing', async () => {
    expect((await addComponent('Original', 'key-reuse-1')).status).toBe(201);
    const other = await addComponent('Something else', 'key-reuse-1');
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, details: [{ differs: ['body'] }] });
    expect(await components('Something else')).toBe(0);
    const elsewhere = await t.request('POST', `/reviews/${reviewId}/milestones`, {
      token: coordinator.token,
      headers: { 'idempotency-key': 'key-reuse-1' },
      body: { title: 'Original', plannedOn: '2027-01-01', precision: 'day' },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.details).toEqual([{ differs: ['path', 'body'] }]);
  });

  it('keeps keys per caller: another user with the same key makes a write of their own', async () => {
    const mine = await addComponent('Per caller', 'key-shared-1');
    expect(mine.status).toBe(201);
    const admin = await t.admin();
    const theirs = await t.request('POST', `/reviews/${reviewId}/components`, {
      token: admin.token,
      body: { title: 'Per caller' },
      headers: { 'idempotency-key': 'key-shared-1' },
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await components('Per caller')).toBe(2);
  });

  it('does not remember a refusal: a retry after a 4xx is carried out afresh', async () => {
    const refused = await addComponent('Refused first', 'key-refused-1', auditor);
    expect(refused.status).toBe(403);
    expect(await components('Refused first')).toBe(0);
    // The same key, now sent by a caller who may: carried out, not answered 403 again.
    const allowed = await t.request('POST', `/reviews/${reviewId}/components`, {
      token: (await t.admin()).token,
      body: { title: 'Refused first' },
      headers: { 'idempotency-key': 'key-refused-1' },
    });
    expect(allowed.status).toBe(201);
    const invalid = await addComponent('', 'key-invalid-body');
    expect(invalid.status).toBe(400);
    const fixed = await addComponent('Fixed body', 'key-invalid-body');
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotency-replayed')).toBeNull();
  });

  it('refuses a malformed key with 400 and writes nothing', async () => {
    for (const key of ['', 'x'.repeat(256), 'has space', 'ñ']) {
      const res = await addComponent('Bad key', key);
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
    }
    expect(await components('Bad key')).toBe(0);
  });

  it('makes one write of concurrent attempts with one key: the others wait their turn (409, Retry-After) or replay', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => addComponent('Concurrent', 'key-concurrent-1')));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const busy of results.filter((r) => r.status === 409)) expect(busy.headers.get('retry-after')).toBe('1');
    expect(await components('Concurrent')).toBe(1);
    const settled = await addComponent('Concurrent', 'key-concurrent-1');
    expect(settled.status).toBe(201);
    expect(settled.body.id).toBe(created[0].body.id);
  });

  it('applies to PATCH too, and is ignored on reads', async () => {
    const created = await addComponent('To rename', 'key-create-2');
    const path = `/components/${created.body.id}`;
    const patch = { title: 'Renamed', version: created.body.version };
    const headers = { 'idempotency-key': 'key-patch-1' };
    const first = await t.request('PATCH', path, { token: coordinator.token, body: patch, headers });
    expect(first.status).toBe(200);
    // Without the key, the same PATCH would now be refused as stale (409); with it, the first answer comes back.
    const again = await t.request('PATCH', path, { token: coordinator.token, body: patch, headers });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await t.request('PATCH', path, { token: coordinator.token, body: patch })).status).toBe(409);
    const read = await t.request('GET', `/reviews/${reviewId}`, { token: coordinator.token, headers });
    expect(read.status).toBe(200);
    expect(read.headers.get('idempotency-replayed')).toBeNull();
  });
});
