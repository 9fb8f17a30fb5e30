import { TestApp } from './support/test-app';

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const trail = (entityType: string, entityId: string): Promise<any[]> => t.auditTrail(entityType, entityId);

  it('writes exactly one row per change, with actor, before and after', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const created = await trail('review', reviewId);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ action: 'insert', actor_id: coordinator.id, review_id: reviewId, before: null });
    expect(created[0].after).toMatchObject({ id: reviewId, title: 'Review', version: 1 });

    await t.patch(`/reviews/${reviewId}`, { title: 'Renamed', version: 1 }, coordinator.token);
    const updated = await trail('review', reviewId);
    expect(updated).toHaveLength(2);
    expect(updated[1]).toMatchObject({ action: 'update', actor_id: coordinator.id });
    expect(updated[1].before).toMatchObject({ title: 'Review', version: 1 });
    expect(updated[1].after).toMatchObject({ title: 'Renamed', version: 2 });

    // A PATCH that changes nothing writes nothing.
    await t.patch(`/reviews/${reviewId}`, { title: 'Renamed', version: 2 }, coordinator.token);
    expect(await trail('review', reviewId)).toHaveLength(2);
  });

  it('records deletions and keeps secrets out of the trail', async () => {
    const { reviewId, coordinator, auditor } = await t.reviewTeam();
    const { rows } = await t.db.query('SELECT id FROM review_members WHERE review_id = $1 AND user_id = $2', [
      reviewId,
      auditor.id,
    ]);
    await t.delete(`/reviews/${reviewId}/members/${auditor.id}`, coordinator.token);
    const events = await trail('member', rows[0].id);
    expect(events.map((e) => e.action)).toEqual(['insert', 'delete']);
    expect(events[1]).toMatchObject({ actor_id: coordinator.id, review_id: reviewId, after: null });
    expect(events[1].before).toMatchObject({ userId: auditor.id, role: 'auditor' });
    const userEvents = await trail('user', auditor.id);
    expect(userEvents).toHaveLength(1);
    expect(JSON.stringify(userEvents)).not.toMatch(/argon2|passwordHash/);
  });

  it('writes the audit row in the same transaction as the change', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n;
    const admin = await t.admin();
    // Rejected by the database (duplicate): neither the row nor its audit event survives.
    await t.post('/institutions', { name: 'A', acronym: 'DUP', jurisdiction: 'federal', country: 'MX' }, admin.token);
    const mid = (await t.db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n;
    const dup = await t.post(
      '/institutions',
      { name: 'B', acronym: 'DUP', jurisdiction: 'federal', country: 'MX' },
      admin.token,
    );
    expect(dup.status).toBe(409);
    const after = (await t.db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n;
    expect(mid).toBe(before + 1);
    expect(after).toBe(mid);
  });

  it('chains rows by hash in commit order, even under concurrent writes', async () => {
    const admin = await t.admin();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.post(
          '/institutions',
          { name: `Concurrent ${i}`, acronym: `C${i}`, jurisdiction: 'federal', country: 'MX' },
          admin.token,
        ),
      ),
    );
    const { rows } = await t.db.query('SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq');
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const verify = await t.get('/audit-events/verify', admin.token);
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ ok: true, checked: rows.length });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await expect(t.db.query(`UPDATE audit_events SET action = 'insert'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });

  it("detects a row edited behind the application's back by a superuser", async () => {
    const admin = await t.admin();
    const user = await t.user('Tamper Target');
    const { rows } = await t.db.query(`SELECT id FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`, [
      user.id,
    ]);
    const client = await t.db.connect();
    try {
      // A superuser can switch triggers off; the hash chain still gives the edit away.
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE audit_events SET after = jsonb_set(after, '{role}', '"admin"') WHERE id = $1`, [
        rows[0].id,
      ]);
      await client.query(`SET session_replication_role = origin`);
    } finally {
      client.release();
    }
    const verify = await t.get('/audit-events/verify', admin.token);
    expect(verify.body).toMatchObject({ ok: false, firstBrokenId: rows[0].id });
  });

  it("shows a record's trail to admins and to the coordinator of its review only", async () => {
    const { reviewId, coordinator, auditor, outsider, admin } = await t.reviewTeam();
    const q = `/audit-events?entityType=review&entityId=${reviewId}`;
    const asAdmin = await t.get(q, admin.token);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.items).toHaveLength(1);
    expect(asAdmin.body.items[0]).toMatchObject({
      action: 'insert',
      entityType: 'review',
      entityId: reviewId,
      actorId: coordinator.id,
      seq: expect.any(Number),
    });
    expect((await t.get(q, coordinator.token)).body.items).toHaveLength(1);
    expect((await t.get(q, auditor.token)).status).toBe(404);
    expect((await t.get(q, outsider.token)).status).toBe(404);
    expect((await t.get('/audit-events', coordinator.token)).status).toBe(400);
    expect((await t.get('/audit-events/verify', coordinator.token)).status).toBe(403);
    const all = await t.get('/audit-events?limit=3', admin.token);
    expect(all.body.items).toHaveLength(3);
    expect(all.body.nextCursor).toEqual(expect.any(String));
    const next = await t.get(`/audit-events?limit=3&cursor=${all.body.nextCursor}`, admin.token);
    expect(next.body.items[0].seq).toBeGreaterThan(all.body.items[2].seq);
  });
});
