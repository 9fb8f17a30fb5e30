// Scaled out as in production: two built api processes behind nginx and two built workers, on PostgreSQL and Redis.
// Through nginx, every answer is the one a single process gives: access rules, login limits, refresh-token rotation
// and reminder uniqueness hold across processes, and writes and reports survive a process killed mid-flight.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster, type ClusterResponse, type ClusterUser } from './support/cluster';
import { dayOffset, until } from './support/wait';
import { sampleFinding } from './support/catalogue';

const REDIS_URL = process.env.TEST_REDIS_URL;
const MAX_FAILURES_PER_ACCOUNT = 3;
const MAX_FAILURES_PER_ADDRESS = 4;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const unique = (): string => randomBytes(4).toString('hex');
/** The api processes that served these answers (an answer retried on the other names both). */
const servedBy = (answers: { upstream: string }[]): Set<string> =>
  new Set(answers.flatMap((a) => a.upstream.split(', ').filter(Boolean)));

type Role = 'admin' | 'coordinator' | 'auditor' | 'manager' | 'outsider' | 'anonymous';
type Team = Awaited<ReturnType<Cluster['reviewTeam']>>;

// Only the CI's second pass runs this (TEST_REDIS_URL set): it is about processes sharing the system PostgreSQL and
// Redis, which the first pass (embedded PostgreSQL, queues on PostgreSQL) does not have. There, nginx must be
// installed: a missing nginx fails the run rather than skipping it.
(REDIS_URL ? describe : describe.skip)('two api processes behind nginx and two workers', () => {
  let c: Cluster;
  let team: Team;
  let focusAreaId: string;

  beforeAll(async () => {
    c = await Cluster.start({
      apis: 2,
      workers: 2,
      redisUrl: REDIS_URL,
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES_PER_ACCOUNT),
        LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
        // A killed worker's jobs are taken over after this long.
        QUEUE_LOCK_SECONDS: '3',
      },
    });
    team = await c.reviewTeam();
    focusAreaId = (await c.db.query<{ id: string }>('SELECT id FROM focus_areas ORDER BY position LIMIT 1')).rows[0].id;
  }, 90_000);

  afterAll(async () => {
    await c?.close();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await c.db.query<{ n: string }>(sql, params)).rows[0].n);

  const tokenOf = (role: Role): string | undefined => (role === 'anonymous' ? undefined : team[role].token);

  const newFinding = async (author: ClusterUser): Promise<string> => {
    const res = await c.post(
      `/reviews/${team.reviewId}/findings`,
      sampleFinding(focusAreaId, `Finding ${unique()}`),
      author.token,
    );
    if (res.status !== 201) throw new Error(`finding: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  it('gives every role the answers one process gives, from both processes', async () => {
    const members = { admin: 200, coordinator: 200, auditor: 200, manager: 200, outsider: 404, anonymous: 401 };
    const everyone = { admin: 200, coordinator: 200, auditor: 200, manager: 200, outsider: 200, anonymous: 401 };
    const adminOnly = { admin: 200, coordinator: 403, auditor: 403, manager: 403, outsider: 403, anonymous: 401 };
    const coordinatorWrites = (ok: number) => ({ ...adminOnly, admin: ok, coordinator: ok, outsider: 404 });
    const auditorWrites = { ...coordinatorWrites(201), auditor: 201 };
    const deliverable = await c.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title: 'Diagnostic', kind: 'report', dueOn: '2027-03-31' },
      team.coordinator.token,
    );
    expect(deliverable.status).toBe(201);
    const reviewVersion = async (): Promise<number> =>
      (await c.db.query('SELECT version FROM reviews WHERE id = $1', [team.reviewId])).rows[0].version;
    const r = `/reviews/${team.reviewId}`;
    const table: { method: string; path: string; body?: () => Promise<unknown>; expect: Record<Role, number> }[] = [
      { method: 'GET', path: '/me', expect: everyone },
      { method: 'GET', path: '/institutions', expect: everyone },
      { method: 'GET', path: '/users', expect: adminOnly },
      { method: 'GET', path: '/admin/outbox', expect: adminOnly },
      { method: 'GET', path: r, expect: members },
      { method: 'GET', path: `${r}/members`, expect: members },
      { method: 'GET', path: `${r}/deliverables`, expect: members },
      { method: 'GET', path: `/deliverables/${deliverable.body.id}`, expect: members },
      { method: 'GET', path: `${r}/findings`, expect: members },
      { method: 'GET', path: `${r}/summary`, expect: members },
      { method: 'GET', path: `${r}/reports`, expect: members },
      {
        method: 'PATCH',
        path: r,
        body: async () => ({ summary: `Edited ${unique()}`, version: await reviewVersion() }),
        expect: coordinatorWrites(200),
      },
      {
        method: 'POST',
        path: `${r}/deliverables`,
        body: async () => ({ title: `Deliverable ${unique()}`, kind: 'briefing', dueOn: '2027-06-30' }),
        expect: coordinatorWrites(201),
      },
      {
        method: 'POST',
        path: `${r}/findings`,
        body: async () => sampleFinding(focusAreaId, `Finding ${unique()}`),
        expect: auditorWrites,
      },
    ];
    const answers: ClusterResponse[] = [];
    const got: string[] = [];
    const wanted: string[] = [];
    for (const row of table) {
      for (const [role, status] of Object.entries(row.expect) as [Role, number][]) {
        const res = await c.request(row.method, row.path, { token: tokenOf(role), body: await row.body?.() });
        answers.push(res);
        got.push(`${row.method} ${row.path} as ${role}: ${res.status}`);
        wanted.push(`${row.method} ${row.path} as ${role}: ${status}`);
      }
    }
    expect(got).toEqual(wanted);
    expect(servedBy(answers)).toEqual(new Set(c.upstreams));
  });

  it('refuses an account with 429 after exactly LOGIN_MAX_FAILURES_PER_ACCOUNT failures, wherever they landed', async () => {
    const user = await c.user('Brute Force Target');
    // A client address of its own: the failures must not use up the address limit of the other tests.
    const from = '127.0.0.2';
    const failures: ClusterResponse[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      failures.push(
        await c.request('POST', '/auth/login', { body: { email: user.email, password: 'wrong-password' }, from }),
      );
    }
    expect(failures.map((f) => f.status)).toEqual(Array(MAX_FAILURES_PER_ACCOUNT).fill(401));
    expect(servedBy(failures)).toEqual(new Set(c.upstreams));
    const right = { email: user.email, password: user.password };
    const blocked = [
      await c.request('POST', '/auth/login', { body: right, from }),
      await c.request('POST', '/auth/login', { body: right, from }),
    ];
    expect(blocked.map((b) => b.status)).toEqual([429, 429]);
    expect(servedBy(blocked)).toEqual(new Set(c.upstreams));
    expect(Number(blocked[0].headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts failures per client address as nginx saw it, whatever X-Forwarded-For the client sent', async () => {
    const user = await c.user('Innocent Bystander');
    const from = '127.0.0.3';
    const failures: ClusterResponse[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      failures.push(
        await c.request('POST', '/auth/login', {
          body: { email: `guess${i}.${unique()}@test.vigia`, password: 'guess-password' },
          // A client that forges the header to look like a new address each time.
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
          from,
        }),
      );
    }
    expect(failures.map((f) => f.status)).toEqual(Array(MAX_FAILURES_PER_ADDRESS).fill(401));
    expect(servedBy(failures)).toEqual(new Set(c.upstreams));
    const right = { email: user.email, password: user.password };
    const blocked = await c.request('POST', '/auth/login', {
      body: right,
      headers: { 'x-forwarded-for': '198.51.100.77' },
      from,
    });
    expect(blocked.status).toBe(429);
    // Another client is not held back by it.
    expect((await c.request('POST', '/auth/login', { body: right, from: '127.0.0.4' })).status).toBe(200);
  });

  it('refuses a refresh token reused on the other process and revokes its whole family', async () => {
    const user = await c.user('Stolen Token');
    const rotated = await c.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    // Round robin sends the next request to the other process: the replay is checked against the database there.
    const replay = await c.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    expect(servedBy([replay])).not.toEqual(servedBy([rotated]));
    const legit = await c.post('/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(legit.status).toBe(401);
    expect(
      await count('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.id]),
    ).toBe(0);
    // Another session of the same user is untouched; two processes racing to exchange one token: only one wins.
    const other = await c.login(user.email, user.password);
    const race = await Promise.all([
      c.post('/auth/refresh', { refreshToken: other.refreshToken }),
      c.post('/auth/refresh', { refreshToken: other.refreshToken }),
    ]);
    expect(servedBy(race)).toEqual(new Set(c.upstreams));
    expect(race.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('takes an evidence file above nginx’s default body limit on one process and serves it from the other', async () => {
    const findingId = await newFinding(team.auditor);
    const line = 'expediente,proveedor,monto,fecha\n';
    const csv = Buffer.from(line.repeat(Math.ceil((3 * 2 ** 20) / line.length)));
    const boundary = `----vigia-${unique()}`;
    const raw = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="compras.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await c.request('POST', `/findings/${findingId}/evidence`, {
      token: team.auditor.token,
      raw,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(upload.status).toBe(201);
    const download = await c.request('GET', `/evidence/${upload.body.id}/file`, { token: team.manager.token });
    expect(download.status).toBe(200);
    expect(servedBy([download])).not.toEqual(servedBy([upload]));
    expect(createHash('sha256').update(download.bytes).digest('hex')).toBe(
      createHash('sha256').update(csv).digest('hex'),
    );
  });

  it('records and mails each reminder once when both processes start the scan at once, again and again', async () => {
    const reminded = await c.reviewTeam();
    const items = 150;
    await c.db.query(
      `INSERT INTO deliverables (review_id, title, kind, owner_id, due_on, status, version)
       SELECT $1, 'Entregable ' || g, 'report', $2, $4::date, 'planned', 1 FROM generate_series(1, $3::int) g`,
      [reminded.reviewId, reminded.auditor.id, items, dayOffset(3)],
    );
    // The owner (the auditor) and the coordinator are reminded of each item.
    const expected = items * 2;
    const scans: ClusterResponse[] = [];
    for (let round = 0; round < 4; round++) {
      scans.push(
        ...(await Promise.all([
          c.post('/admin/reminders/scan', {}, reminded.admin.token),
          c.post('/admin/reminders/scan', {}, reminded.admin.token),
        ])),
      );
      await sleep(300);
    }
    expect(scans.map((s) => s.status)).toEqual(Array(8).fill(202));
    expect(servedBy(scans)).toEqual(new Set(c.upstreams));

    const mailed = `SELECT count(*) AS n FROM mail_messages m JOIN notifications n ON n.id = m.notification_id
                     WHERE n.review_id = $1 AND m.status = 'kept'`;
    await until(
      'every reminder to be mailed',
      () => count(mailed, [reminded.reviewId]),
      (n) => n >= expected,
      30_000,
    );
    // Give a duplicate every chance to show up before counting.
    await sleep(2000);
    expect(await count(mailed, [reminded.reviewId])).toBe(expected);
    expect(await count('SELECT count(*) AS n FROM notifications WHERE review_id = $1', [reminded.reviewId])).toBe(
      expected,
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM (SELECT DISTINCT user_id, item_id, occasion FROM notifications WHERE review_id = $1) d`,
        [reminded.reviewId],
      ),
    ).toBe(expected);
    // Each kept mail is one file in the shared outbox, whichever worker wrote it.
    const kept = await count(`SELECT count(*) AS n FROM mail_messages WHERE status = 'kept'`);
    expect(readdirSync(join(c.dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(kept);
  });

  it('keeps acknowledging writes while an api process is killed and restarted, each write made once', async () => {
    const [victim, survivor] = c.upstreams;
    const batch = unique();
    interface Write {
      title: string;
      /** Set once the write was acknowledged (201), with when and by whom. */
      id?: string;
      at: number;
      upstream: string;
    }
    const writes: Write[] = [];
    /** A client that retries with the same Idempotency-Key until acknowledged, or gives up after 10 seconds. */
    const write = async (n: string): Promise<void> => {
      const w: Write = { title: `Entrega ${batch} ${n}`, at: 0, upstream: '' };
      writes.push(w);
      const key = `scale-${batch}-${n}`;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const res = await c
          .request('POST', `/reviews/${team.reviewId}/deliverables`, {
            token: team.coordinator.token,
            body: { title: w.title, kind: 'report', dueOn: '2027-05-31' },
            headers: { 'idempotency-key': key },
          })
          .catch(() => undefined);
        if (res?.status === 201) {
          Object.assign(w, { id: res.body.id, at: Date.now(), upstream: res.upstream });
          return;
        }
        // 502: the process died with the request; 409: the key's first run is not over (or its answer is lost).
        if (res && ![502, 503, 409].includes(res.status)) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        await sleep(200);
      }
    };
    let stopped = false;
    const client = async (k: number): Promise<void> => {
      for (let i = 0; !stopped; i++) await write(`${k}-${i}`);
    };
    const clients = [0, 1, 2, 3].map(client);
    // An answer the killed process sent just before it died may be read just after: a moment's margin.
    const MOMENT = 250;
    const acknowledgedSince = (t: number): Write[] => writes.filter((w) => w.id && w.at > t);
    await until(
      'writes on both processes',
      async () => servedBy(acknowledgedSince(0)).size,
      (n) => n === 2,
    );
    await c.apis[0].kill();
    const killedAt = Date.now();
    await until(
      'writes while a process is down',
      async () => acknowledgedSince(killedAt + MOMENT).length,
      (n) => n >= 20,
    );
    await c.apis[0].start();
    const restartedAt = Date.now();
    await until(
      'writes on the restarted process',
      async () => servedBy(acknowledgedSince(restartedAt)).has(victim),
      (ok) => ok,
    );
    stopped = true;
    await Promise.all(clients);

    const acknowledged = writes.filter((w) => w.id);
    // Only the requests the killed process had in hand may have gone unanswered.
    expect(writes.length - acknowledged.length).toBeLessThanOrEqual(clients.length);
    const whileDown = acknowledged.filter((w) => w.at > killedAt + MOMENT && w.at < restartedAt);
    expect(whileDown.length).toBeGreaterThanOrEqual(20);
    // Those were answered by the survivor (nginx may first have tried the dead one: X-Upstream names both then).
    expect(new Set(whileDown.map((w) => w.upstream.split(', ').pop()))).toEqual(new Set([survivor]));

    const { rows } = await c.db.query<{ id: string; title: string }>(
      'SELECT id, title FROM deliverables WHERE review_id = $1 AND title LIKE $2',
      [team.reviewId, `Entrega ${batch} %`],
    );
    const byTitle = new Map<string, string[]>();
    for (const row of rows) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id]);
    // Every acknowledged write is there once, under the id it was acknowledged with; none is there twice.
    expect(acknowledged.map((w) => [w.title, byTitle.get(w.title)])).toEqual(
      acknowledged.map((w) => [w.title, [w.id]]),
    );
    expect([...byTitle.values()].filter((ids) => ids.length > 1)).toEqual([]);
  }, 60_000);

  it('finishes every report when a worker is killed while generating them', async () => {
    await c.db.query(
      `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                             likelihood, impact, status, author_id, version)
       SELECT $1, $3, ARRAY['integrity']::varchar[], 'Hallazgo ' || g, repeat('Condición observada. ', 20),
              'Criterio', 'Causa', 'Efecto', 1 + g % 5, 1 + (g / 5) % 5, 'draft', $2, 1
       FROM generate_series(1, 200) g`,
      [team.reviewId, team.auditor.id, focusAreaId],
    );
    const kinds = [
      { kind: 'full', format: 'pdf', locale: 'en' },
      { kind: 'full', format: 'pdf', locale: 'es' },
      { kind: 'findings', format: 'pdf', locale: 'fr' },
      { kind: 'findings', format: 'xlsx', locale: 'es' },
      { kind: 'findings', format: 'csv', locale: 'en' },
    ];
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await c.post(`/reviews/${team.reviewId}/reports`, kinds[i % kinds.length], team.manager.token);
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    const inState = (status: string): Promise<number> =>
      count(`SELECT count(*) AS n FROM reports WHERE id = ANY($1) AND status = $2`, [ids, status]);
    // Each worker renders two at a time: three running means both workers are at it.
    await until(
      'both workers to be rendering',
      () => inState('running'),
      (n) => n >= 3,
      30_000,
    );
    await c.workers[0].kill();
    expect(await inState('done')).toBeLessThan(ids.length);

    await until(
      'every report to be done',
      () => inState('done'),
      (n) => n === ids.length,
      60_000,
    );
    // The killed worker's reports were started again by the other.
    expect(await count(`SELECT count(*) AS n FROM reports WHERE id = ANY($1) AND attempts > 1`, [ids])).toBeGreaterThan(
      0,
    );
    for (const id of ids) {
      const report = await c.get(`/reports/${id}`, team.manager.token);
      expect(report.body).toMatchObject({ status: 'done', error: null });
      const file = await c.get(`/reports/${id}/file`, team.manager.token);
      expect(file.status).toBe(200);
      expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(report.body.sha256);
    }
  }, 90_000);
});
