// What the audit trail promises (issue 7, item 5): the app's database role cannot rewrite it, every change of every
// audited record leaves exactly one row and a refused request none, and a row edited by a superuser is found.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigia/config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { auditedOptions } from '../libs/audit/src/audited.decorator';
import { VerifyAuditChainJob } from '../libs/audit/src/api/verify-audit-chain.job';
import { JwtStrategy } from '../libs/auth/src/jwt.strategy';
import { entities } from '../libs/schema/src/entities';
import { TestApp, TestResponse, TestUser } from './support/test-app';
import { databaseUrl, tempDir, testEnvironment } from './support/test-env';
import { sampleFinding } from './support/catalogue';

const unique = (): string => randomBytes(4).toString('hex');
const ok = (res: TestResponse): TestResponse => {
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/** PostgreSQL's answer to a statement the role lacks the grant for, and the trigger's. */
const NO_GRANT = /permission denied for table audit_events/;
const APPEND_ONLY = /append-only/;

interface Team {
  reviewId: string;
  coordinator: TestUser;
  auditor: TestUser;
  manager: TestUser;
  outsider: TestUser;
  admin: TestUser;
}

/** One audit row as the assertions see it. */
interface Change {
  type: string;
  action: 'insert' | 'update' | 'delete';
  id: string;
  actor: string | null;
  review: string | null;
}

describe('audit guarantees', () => {
  let t: TestApp;
  let team: Team;
  let focusAreaId: string;

  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    team = await t.reviewTeam();
    const area = ok(
      await t.post(
        '/focus-areas',
        { code: `audit-${unique()}`, names: { en: 'Audit', es: 'Auditoría', fr: 'Audit' } },
        team.admin.token,
      ),
    );
    focusAreaId = area.body.id as string;
  });
  afterAll(() => t.close());

  const lastSeq = async (): Promise<number> =>
    Number((await t.db.query('SELECT coalesce(max(seq), 0) AS s FROM audit_events')).rows[0].s);

  /** Runs `act` and answers the audit rows written meanwhile, oldest first. */
  async function changesOf(act: () => Promise<unknown>): Promise<Change[]> {
    const from = await lastSeq();
    await act();
    const { rows } = await t.db.query(
      'SELECT entity_type, action, entity_id, actor_id, review_id FROM audit_events WHERE seq > $1 ORDER BY seq',
      [from],
    );
    return rows.map((r) => ({
      type: r.entity_type,
      action: r.action,
      id: r.entity_id,
      actor: r.actor_id,
      review: r.review_id,
    }));
  }

  describe("the app's database role cannot rewrite the trail", () => {
    it("refuses UPDATE, DELETE and TRUNCATE of audit rows on the app's own connection and the owner's, changing nothing", async () => {
      ok(await t.post(`/reviews/${team.reviewId}/components`, { title: 'Something to audit' }, team.coordinator.token));
      const before = (await t.db.query('SELECT count(*)::int AS n, max(seq) AS s FROM audit_events')).rows[0];
      // The app's connection is its role's, which was never granted them; the owner's (a superuser here, past every
      // grant) meets the trail's trigger.
      const appDataSource = t.app.get(DataSource);
      const connections: [{ query: (sql: string, params?: unknown[]) => Promise<unknown> }, RegExp][] = [
        [{ query: (sql, params) => appDataSource.query(sql, params) }, /permission denied for table audit_events/],
        [{ query: (sql, params) => t.db.query(sql, params) }, APPEND_ONLY],
      ];
      for (const [connection, refusal] of connections) {
        await expect(connection.query(`UPDATE audit_events SET actor_id = NULL`)).rejects.toThrow(refusal);
        await expect(
          connection.query(`UPDATE audit_events SET after = '{}' WHERE seq = $1`, [before.s]),
        ).rejects.toThrow(refusal);
        await expect(connection.query('DELETE FROM audit_events')).rejects.toThrow(refusal);
        await expect(connection.query('DELETE FROM audit_events WHERE seq = $1', [before.s])).rejects.toThrow(refusal);
        await expect(connection.query('TRUNCATE audit_events')).rejects.toThrow(refusal);
      }
      expect((await t.db.query('SELECT count(*)::int AS n, max(seq) AS s FROM audit_events')).rows[0]).toEqual(before);
      expect((await t.get('/audit-events/verify', team.admin.token)).body.ok).toBe(true);
    });

    it('leaves the owning role without UPDATE, DELETE or TRUNCATE grants, so switching the trigger off is not enough', async () => {
      const { rows } = await t.db.query(
        `SELECT has_table_privilege(tableowner, 'audit_events', 'UPDATE') AS can_update,
                has_table_privilege(tableowner, 'audit_events', 'DELETE') AS can_delete,
                has_table_privilege(tableowner, 'audit_events', 'TRUNCATE') AS can_truncate,
                has_table_privilege(tableowner, 'audit_events', 'INSERT') AS can_insert,
                has_table_privilege(tableowner, 'audit_events', 'SELECT') AS can_select,
                (SELECT rolsuper FROM pg_roles WHERE rolname = tableowner) AS superuser
           FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events'`,
      );
      // has_table_privilege answers true for a superuser whatever the grants say (the embedded and CI servers).
      if (!rows[0].superuser) {
        expect(rows[0]).toMatchObject({ can_update: false, can_delete: false, can_truncate: false, can_insert: true });
      }
      // Whoever owns the table in production: hand it to a role that is not a superuser, inside a transaction that is
      // rolled back, and act as that role.
      const owner = `vigia_audit_owner_${unique()}`;
      const client = await t.db.connect();
      try {
        await client.query('BEGIN');
        await client.query(`CREATE ROLE ${owner} NOLOGIN`);
        await client.query(`ALTER TABLE audit_events OWNER TO ${owner}`);
        await client.query(`SET LOCAL ROLE ${owner}`);
        const attempt = async (sql: string): Promise<string> => {
          await client.query('SAVEPOINT attempt');
          try {
            await client.query(sql);
            return 'allowed';
          } catch (err) {
            return (err as Error).message;
          } finally {
            await client.query('ROLLBACK TO SAVEPOINT attempt');
          }
        };
        // The owner may switch the append-only trigger off ...
        expect(await attempt('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only')).toBe('allowed');
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate');
        // ... and still may not change, delete or empty the trail: that would take a GRANT as well.
        expect(await attempt(`UPDATE audit_events SET actor_id = NULL`)).toMatch(NO_GRANT);
        expect(await attempt('DELETE FROM audit_events')).toMatch(NO_GRANT);
        expect(await attempt('TRUNCATE audit_events')).toMatch(NO_GRANT);
        expect(await attempt('SELECT count(*) FROM audit_events')).toBe('allowed');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1`, [owner])).rows[0].n).toBe(
        0,
      );
    });
  });

  describe('exactly one audit row per change, none for a refused request', () => {
    /**
     * One audited record type: how to create one, and each further change the api offers, with the rows it must
     * write (`also`: other records the same request changes, each with its own row). `refused` are requests that
     * must fail and write nothing.
     */
    interface AuditedType {
      type: string;
      create: () => Promise<{ id: string; actor: TestUser; also?: [string, Change['action']][] }>;
      changes: {
        name: string;
        actor: () => TestUser;
        /** Set-up the change needs, whose own rows are not the change's. */
        prepare?: (id: string) => Promise<void>;
        run: (id: string) => Promise<TestResponse>;
        action?: 'update' | 'delete';
        also?: [string, Change['action']][];
      }[];
      refused: {
        name: string;
        /** Set-up the refusal needs (a legitimate change first), outside what is measured. */
        prepare?: (id: string) => Promise<void>;
        run: (id: string) => Promise<TestResponse>;
        status: number;
      }[];
      /** The record's review, for its rows' review_id; null for records outside any review. */
      review: boolean;
    }

    /** People to add to the review, made beforehand: making an account is a change of its own. */
    const joiners: TestUser[] = [];
    beforeAll(async () => {
      joiners.push(...(await Promise.all([t.user('Joiner'), t.user('Joiner')])));
    });

    const versionIn = async (table: string, id: string): Promise<number> =>
      (await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version as number;
    const r = (): string => `/reviews/${team.reviewId}`;
    const finding = () => sampleFinding(focusAreaId, `Finding ${unique()}`);
    const pdf = (): { raw: Buffer; headers: Record<string, string> } => {
      const boundary = `----vigia${unique()}`;
      return {
        raw: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n${unique()}\n%%EOF\n\r\n--${boundary}--\r\n`,
          ),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    };
    const created = async (res: Promise<TestResponse>, actor: TestUser) => ({
      id: ok(await res).body.id as string,
      actor,
    });
    /** A PATCH carrying version 1 after a legitimate edit has moved the record on to version 2. */
    const stale = (table: string, path: string, body: Record<string, unknown>, who: () => TestUser) => ({
      name: 'a stale version (409)',
      status: 409,
      prepare: async (id: string) => {
        ok(await t.patch(path.replace('{id}', id), { ...body, version: await versionIn(table, id) }, who().token));
      },
      run: (id: string) => t.patch(path.replace('{id}', id), { ...body, version: 1 }, who().token),
    });

    const TYPES: AuditedType[] = [
      {
        type: 'user',
        review: false,
        create: () =>
          created(
            t.post(
              '/users',
              { email: `a.${unique()}@test.vigia`, password: 'long-enough-password', name: 'Audited', role: 'user' },
              team.admin.token,
            ),
            team.admin,
          ),
        changes: [
          {
            name: 'renamed by an admin',
            actor: () => team.admin,
            run: async (id) =>
              t.patch(
                `/users/${id}`,
                { name: `N ${unique()}`, version: await versionIn('users', id) },
                team.admin.token,
              ),
          },
          {
            name: 'deactivated by an admin',
            actor: () => team.admin,
            run: async (id) =>
              t.patch(`/users/${id}`, { active: false, version: await versionIn('users', id) }, team.admin.token),
          },
        ],
        refused: [
          stale('users', '/users/{id}', { name: 'Renamed' }, () => team.admin),
          {
            name: 'a non-admin (403)',
            status: 403,
            run: (id) => t.patch(`/users/${id}`, { name: 'x', version: 1 }, team.coordinator.token),
          },
          {
            name: 'an unknown field (400)',
            status: 400,
            run: (id) => t.patch(`/users/${id}`, { name: 'x', version: 1, passwordHash: 'x' }, team.admin.token),
          },
        ],
      },
      {
        type: 'institution',
        review: false,
        create: () =>
          created(
            t.post(
              '/institutions',
              { name: 'Audited', acronym: `A${unique()}`, jurisdiction: 'federal', country: 'MX' },
              team.admin.token,
            ),
            team.admin,
          ),
        changes: [
          {
            name: 'renamed',
            actor: () => team.admin,
            run: async (id) =>
              t.patch(
                `/institutions/${id}`,
                { name: `N ${unique()}`, version: await versionIn('institutions', id) },
                team.admin.token,
              ),
          },
        ],
        refused: [
          stale('institutions', '/institutions/{id}', { name: 'Renamed' }, () => team.admin),
          {
            name: 'a bad country (400)',
            status: 400,
            run: (id) => t.patch(`/institutions/${id}`, { country: 'XX', version: 1 }, team.admin.token),
          },
          {
            name: 'a non-admin (403)',
            status: 403,
            run: (id) => t.patch(`/institutions/${id}`, { name: 'x', version: 1 }, team.coordinator.token),
          },
        ],
      },
      {
        type: 'indicator',
        review: false,
        create: async () => {
          const institution = (await t.db.query('SELECT institution_id FROM reviews WHERE id = $1', [team.reviewId]))
            .rows[0].institution_id;
          return created(
            t.post(
              `/institutions/${institution}/indicators`,
              { metric: `beds_${unique()}`, year: 2016, value: 1, source: 'Census' },
              team.admin.token,
            ),
            team.admin,
          );
        },
        changes: [],
        refused: [],
      },
      {
        type: 'focus_area',
        review: false,
        create: () =>
          created(
            t.post('/focus-areas', { code: `a-${unique()}`, names: { en: 'A', es: 'A', fr: 'A' } }, team.admin.token),
            team.admin,
          ),
        changes: [
          {
            name: 'renamed',
            actor: () => team.admin,
            run: async (id) =>
              t.patch(
                `/focus-areas/${id}`,
                { names: { fr: `F ${unique()}` }, version: await versionIn('focus_areas', id) },
                team.admin.token,
              ),
          },
        ],
        refused: [stale('focus_areas', '/focus-areas/{id}', { names: { en: 'Renamed' } }, () => team.admin)],
      },
      {
        type: 'review',
        review: true,
        create: async () => ({
          ...(await created(
            t.post(
              '/reviews',
              { title: `R ${unique()}`, institutionId: (await t.get(r(), team.coordinator.token)).body.institutionId },
              team.coordinator.token,
            ),
            team.coordinator,
          )),
          // Its creator becomes its coordinator: a second record, with its own row.
          also: [['member', 'insert']],
        }),
        changes: [
          {
            name: 'edited by its coordinator',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/reviews/${id}`,
                { summary: `S ${unique()}`, version: await versionIn('reviews', id) },
                team.coordinator.token,
              ),
          },
          {
            name: 'moved to active',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/reviews/${id}`,
                { status: 'active', version: await versionIn('reviews', id) },
                team.coordinator.token,
              ),
          },
        ],
        refused: [
          {
            name: 'an illegal status move (409)',
            status: 409,
            run: async (id) =>
              t.patch(
                `/reviews/${id}`,
                { status: 'closed', version: await versionIn('reviews', id) },
                team.coordinator.token,
              ),
          },
          stale('reviews', '/reviews/{id}', { summary: 'Edited' }, () => team.coordinator),
          {
            name: 'an outsider (404)',
            status: 404,
            run: async (id) =>
              t.patch(`/reviews/${id}`, { summary: 'x', version: await versionIn('reviews', id) }, team.outsider.token),
          },
        ],
      },
      {
        type: 'member',
        review: true,
        create: async () => {
          const joiner = joiners.pop()!;
          const res = await t.post(`${r()}/members`, { userId: joiner.id, role: 'manager' }, team.coordinator.token);
          return { id: ok(res).body.id as string, actor: team.coordinator };
        },
        changes: [
          {
            name: 'removed',
            action: 'delete',
            actor: () => team.coordinator,
            run: async (id) => {
              const userId = (await t.db.query('SELECT user_id FROM review_members WHERE id = $1', [id])).rows[0]
                .user_id;
              return t.delete(`${r()}/members/${userId}`, team.coordinator.token);
            },
          },
        ],
        refused: [
          {
            name: 'the same person twice (409)',
            status: 409,
            run: () => t.post(`${r()}/members`, { userId: team.auditor.id, role: 'manager' }, team.coordinator.token),
          },
          {
            name: 'a manager adding (403)',
            status: 403,
            run: () => t.post(`${r()}/members`, { userId: team.outsider.id, role: 'manager' }, team.manager.token),
          },
        ],
      },
      {
        type: 'component',
        review: true,
        create: () =>
          created(t.post(`${r()}/components`, { title: `C ${unique()}` }, team.coordinator.token), team.coordinator),
        changes: [
          {
            name: 'renamed',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/components/${id}`,
                { title: `C ${unique()}`, version: await versionIn('review_components', id) },
                team.coordinator.token,
              ),
          },
        ],
        refused: [stale('review_components', '/components/{id}', { title: 'Renamed' }, () => team.coordinator)],
      },
      {
        type: 'deliverable',
        review: true,
        create: () =>
          created(
            t.post(
              `${r()}/deliverables`,
              { title: `D ${unique()}`, kind: 'report', dueOn: '2027-03-31' },
              team.coordinator.token,
            ),
            team.coordinator,
          ),
        changes: [
          {
            name: 'renamed',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/deliverables/${id}`,
                { title: `D ${unique()}`, version: await versionIn('deliverables', id) },
                team.coordinator.token,
              ),
          },
          {
            name: 'started',
            actor: () => team.coordinator,
            run: (id) => t.post(`/deliverables/${id}/transitions`, { to: 'in_progress' }, team.coordinator.token),
          },
          {
            name: 'sent for review',
            actor: () => team.coordinator,
            run: (id) => t.post(`/deliverables/${id}/transitions`, { to: 'in_review' }, team.coordinator.token),
          },
          {
            name: 'delivered, achieving its milestone',
            actor: () => team.coordinator,
            // The milestone linked below is achieved by the same request: its own row.
            also: [['milestone', 'update']],
            prepare: async (id) => {
              ok(
                await t.post(
                  `${r()}/milestones`,
                  { title: `M ${unique()}`, plannedOn: '2027-03-01', precision: 'month', deliverableId: id },
                  team.coordinator.token,
                ),
              );
            },
            run: (id) => t.post(`/deliverables/${id}/transitions`, { to: 'delivered' }, team.coordinator.token),
          },
        ],
        refused: [
          {
            name: 'an illegal move (409)',
            status: 409,
            run: (id) => t.post(`/deliverables/${id}/transitions`, { to: 'planned' }, team.coordinator.token),
          },
          {
            name: 'a manager moving it (403)',
            status: 403,
            run: (id) => t.post(`/deliverables/${id}/transitions`, { to: 'cancelled' }, team.manager.token),
          },
          stale('deliverables', '/deliverables/{id}', { title: 'Renamed' }, () => team.coordinator),
        ],
      },
      {
        type: 'milestone',
        review: true,
        create: () =>
          created(
            t.post(
              `${r()}/milestones`,
              { title: `M ${unique()}`, plannedOn: '2019-07-01', precision: 'season' },
              team.coordinator.token,
            ),
            team.coordinator,
          ),
        changes: [
          {
            name: 'achieved',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/milestones/${id}`,
                { actualOn: '2019-08-15', version: await versionIn('milestones', id) },
                team.coordinator.token,
              ),
          },
        ],
        refused: [stale('milestones', '/milestones/{id}', { title: 'Renamed' }, () => team.coordinator)],
      },
      {
        type: 'workshop',
        review: true,
        create: () =>
          created(
            t.post(
              `${r()}/workshops`,
              { title: `W ${unique()}`, topic: 'Bid rigging', startsOn: '2017-07-12', location: 'Hermosillo' },
              team.coordinator.token,
            ),
            team.coordinator,
          ),
        changes: [
          {
            name: 'moved',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/workshops/${id}`,
                { location: 'Cajeme', version: await versionIn('workshops', id) },
                team.coordinator.token,
              ),
          },
        ],
        refused: [
          stale('workshops', '/workshops/{id}', { title: 'Renamed' }, () => team.coordinator),
          {
            name: 'ending before it starts (400)',
            status: 400,
            run: async (id) =>
              t.patch(
                `/workshops/${id}`,
                { endsOn: '2001-01-01', version: await versionIn('workshops', id) },
                team.coordinator.token,
              ),
          },
        ],
      },
      {
        type: 'participant',
        review: true,
        create: async () => {
          const workshop = (await t.db.query('SELECT id FROM workshops WHERE review_id = $1 LIMIT 1', [team.reviewId]))
            .rows[0].id;
          return created(
            t.post(`/workshops/${workshop}/participants`, { name: `P ${unique()}` }, team.coordinator.token),
            team.coordinator,
          );
        },
        changes: [
          {
            name: 'marked present',
            actor: () => team.coordinator,
            run: async (id) =>
              t.patch(
                `/participants/${id}`,
                { attended: true, satisfaction: 5, version: await versionIn('workshop_participants', id) },
                team.coordinator.token,
              ),
          },
          {
            name: 'removed',
            action: 'delete',
            actor: () => team.coordinator,
            run: (id) => t.delete(`/participants/${id}`, team.coordinator.token),
          },
        ],
        refused: [
          stale('workshop_participants', '/participants/{id}', { attended: true }, () => team.coordinator),
          {
            name: 'a satisfaction of 6 (400)',
            status: 400,
            run: async (id) =>
              t.patch(
                `/participants/${id}`,
                { satisfaction: 6, version: await versionIn('workshop_participants', id) },
                team.coordinator.token,
              ),
          },
        ],
      },
      {
        type: 'finding',
        review: true,
        create: () => created(t.post(`${r()}/findings`, finding(), team.auditor.token), team.auditor),
        changes: [
          {
            name: 'edited by its author',
            actor: () => team.auditor,
            run: async (id) =>
              t.patch(`/findings/${id}`, { impact: 5, version: await versionIn('findings', id) }, team.auditor.token),
          },
          {
            name: 'submitted',
            actor: () => team.auditor,
            run: (id) => t.post(`/findings/${id}/transitions`, { to: 'in_review' }, team.auditor.token),
          },
          {
            name: 'approved',
            actor: () => team.coordinator,
            run: (id) => t.post(`/findings/${id}/transitions`, { to: 'approved' }, team.coordinator.token),
          },
          {
            name: 'reopened with a reason',
            actor: () => team.coordinator,
            run: (id) =>
              t.post(`/findings/${id}/transitions`, { to: 'draft', reason: 'New evidence' }, team.coordinator.token),
          },
        ],
        refused: [
          {
            name: 'a manager writing one (403)',
            status: 403,
            run: () => t.post(`${r()}/findings`, finding(), team.manager.token),
          },
          {
            name: 'its auditor approving it (403)',
            status: 403,
            prepare: async (id) => {
              ok(await t.post(`/findings/${id}/transitions`, { to: 'in_review' }, team.auditor.token));
            },
            run: (id) => t.post(`/findings/${id}/transitions`, { to: 'approved' }, team.auditor.token),
          },
          stale('findings', '/findings/{id}', { title: 'Renamed' }, () => team.auditor),
        ],
      },
      {
        type: 'comment',
        review: true,
        create: async () => {
          const id = (await t.db.query('SELECT id FROM findings WHERE review_id = $1 LIMIT 1', [team.reviewId])).rows[0]
            .id;
          return created(
            t.post(`/findings/${id}/comments`, { body: `Comment ${unique()}` }, team.auditor.token),
            team.auditor,
          );
        },
        changes: [],
        refused: [],
      },
      {
        type: 'recommendation',
        review: true,
        create: async () => {
          const id = (await t.db.query('SELECT id FROM findings WHERE review_id = $1 LIMIT 1', [team.reviewId])).rows[0]
            .id;
          return created(
            t.post(
              `/findings/${id}/recommendations`,
              { text: `R ${unique()}`, priority: 'high', responsibleUnit: 'Procurement', targetOn: '2027-12-31' },
              team.auditor.token,
            ),
            team.auditor,
          );
        },
        changes: [
          {
            name: 'reprioritised',
            actor: () => team.auditor,
            run: async (id) =>
              t.patch(
                `/recommendations/${id}`,
                { priority: 'low', version: await versionIn('recommendations', id) },
                team.auditor.token,
              ),
          },
        ],
        refused: [stale('recommendations', '/recommendations/{id}', { text: 'Renamed' }, () => team.auditor)],
      },
      {
        type: 'follow_up',
        review: true,
        create: async () => {
          const id = (await t.db.query('SELECT id FROM recommendations WHERE review_id = $1 LIMIT 1', [team.reviewId]))
            .rows[0].id;
          // Closing the recommendation is the database's doing (a derived flag), recorded by this follow-up's row.
          return created(
            t.post(
              `/recommendations/${id}/follow-ups`,
              { status: 'implemented', note: `Done ${unique()}`, on: '2020-01-15' },
              team.auditor.token,
            ),
            team.auditor,
          );
        },
        changes: [],
        refused: [],
      },
      {
        type: 'evidence',
        review: true,
        create: async () => {
          const id = (await t.db.query('SELECT id FROM findings WHERE review_id = $1 LIMIT 1', [team.reviewId])).rows[0]
            .id;
          return created(
            t.request('POST', `/findings/${id}/evidence`, { token: team.auditor.token, ...pdf() }),
            team.auditor,
          );
        },
        changes: [],
        refused: [],
      },
      {
        type: 'reminder_policy',
        review: true,
        create: async () => {
          const res = ok(
            await t.request('PUT', `${r()}/reminder-policy`, {
              token: team.coordinator.token,
              body: { daysBefore: [7], overdueEveryDays: 3 },
            }),
          );
          const id = (await t.db.query('SELECT id FROM reminder_policies WHERE review_id = $1', [res.body.reviewId]))
            .rows[0].id;
          return { id, actor: team.coordinator };
        },
        changes: [
          {
            name: 'changed',
            actor: () => team.coordinator,
            run: async (id) =>
              t.request('PUT', `${r()}/reminder-policy`, {
                token: team.coordinator.token,
                body: { daysBefore: [14, 1], overdueEveryDays: 7, version: await versionIn('reminder_policies', id) },
              }),
          },
        ],
        refused: [
          {
            name: 'a stale version (409)',
            status: 409,
            run: () =>
              t.request('PUT', `${r()}/reminder-policy`, {
                token: team.coordinator.token,
                body: { daysBefore: [2], overdueEveryDays: 7, version: 1 },
              }),
          },
          {
            name: 'a manager (403)',
            status: 403,
            run: () =>
              t.request('PUT', `${r()}/reminder-policy`, {
                token: team.manager.token,
                body: { daysBefore: [2], overdueEveryDays: 7 },
              }),
          },
        ],
      },
    ];

    it('has a row for every @Audited entity (a new one fails here until it has)', () => {
      const audited = (entities as unknown[]).map((e) => auditedOptions(e)?.type).filter((x): x is string => !!x);
      expect(TYPES.map((x) => x.type).sort()).toEqual([...new Set(audited)].sort());
    });

    it.each(TYPES.map((x) => [x.type, x] as const))(
      '%s: one row per create, update, transition and delete',
      async (_type, x) => {
        let record!: { id: string; actor: TestUser; also?: [string, Change['action']][] };
        const created = await changesOf(async () => {
          record = await x.create();
        });
        const own = created.filter((c) => c.id === record.id);
        expect(own.map((c) => [c.type, c.action, c.actor])).toEqual([[x.type, 'insert', record.actor.id]]);
        expect(created.filter((c) => c.id !== record.id).map((c) => [c.type, c.action])).toEqual(record.also ?? []);
        const review = own[0].review;
        expect(review === null).toBe(!x.review);
        for (const change of x.changes) {
          await change.prepare?.(record.id);
          let res!: TestResponse;
          const rows = await changesOf(async () => {
            res = await change.run(record.id);
          });
          expect({ change: change.name, status: res.status < 300 }).toEqual({ change: change.name, status: true });
          expect({
            change: change.name,
            rows: rows.filter((c) => c.id === record.id).map((c) => [c.type, c.action, c.actor, c.review]),
          }).toEqual({
            change: change.name,
            rows: [[x.type, change.action ?? 'update', change.actor().id, review]],
          });
          expect({
            change: change.name,
            others: rows.filter((c) => c.id !== record.id).map((c) => [c.type, c.action]),
          }).toEqual({
            change: change.name,
            others: change.also ?? [],
          });
        }
      },
    );

    it.each(TYPES.filter((x) => x.refused.length > 0).map((x) => [x.type, x] as const))(
      '%s: a refused request writes no row',
      async (_type, x) => {
        const { id } = await x.create();
        for (const refusal of x.refused) {
          await refusal.prepare?.(id);
          let res!: TestResponse;
          const rows = await changesOf(async () => {
            res = await refusal.run(id);
          });
          expect({ refusal: refusal.name, status: res.status, rows }).toEqual({
            refusal: refusal.name,
            status: refusal.status,
            rows: [],
          });
        }
      },
    );

    it('writes nothing for an edit that changes nothing, on every record type that has one', async () => {
      const c = team.coordinator;
      const component = ok(await t.post(`${r()}/components`, { title: 'Same' }, c.token)).body.id as string;
      const deliverable = ok(
        await t.post(`${r()}/deliverables`, { title: 'Same', kind: 'report', dueOn: '2027-03-31' }, c.token),
      ).body.id as string;
      const milestone = ok(
        await t.post(`${r()}/milestones`, { title: 'Same', plannedOn: '2019-07-01', precision: 'season' }, c.token),
      ).body.id as string;
      const workshop = ok(
        await t.post(
          `${r()}/workshops`,
          { title: 'Same', topic: 'Same', startsOn: '2017-07-12', location: 'Here' },
          c.token,
        ),
      ).body.id as string;
      const participant = ok(await t.post(`/workshops/${workshop}/participants`, { name: 'Same' }, c.token)).body
        .id as string;
      const findingId = ok(await t.post(`${r()}/findings`, finding(), team.auditor.token)).body.id as string;
      const recommendation = ok(
        await t.post(
          `/findings/${findingId}/recommendations`,
          { text: 'Same', priority: 'low', responsibleUnit: 'Same', targetOn: '2027-12-31' },
          c.token,
        ),
      ).body.id as string;
      const institution = (await t.db.query('SELECT institution_id FROM reviews WHERE id = $1', [team.reviewId]))
        .rows[0].institution_id as string;
      ok(
        await t.request('PUT', `${r()}/reminder-policy`, {
          token: c.token,
          body: { daysBefore: [5], overdueEveryDays: 5 },
        }),
      );
      // Each record sent back as it is, with its current version.
      const edits: [string, string, string, TestUser, Record<string, unknown>][] = [
        ['users', team.manager.id, '/users/{id}', team.admin, { name: team.manager.name }],
        ['institutions', institution, '/institutions/{id}', team.admin, {}],
        ['focus_areas', focusAreaId, '/focus-areas/{id}', team.admin, {}],
        ['reviews', team.reviewId, '/reviews/{id}', c, { title: 'Review' }],
        ['review_components', component, '/components/{id}', c, { title: 'Same' }],
        ['deliverables', deliverable, '/deliverables/{id}', c, { title: 'Same', kind: 'report' }],
        ['milestones', milestone, '/milestones/{id}', c, { title: 'Same', precision: 'season' }],
        ['workshops', workshop, '/workshops/{id}', c, { title: 'Same', location: 'Here' }],
        ['workshop_participants', participant, '/participants/{id}', c, { name: 'Same', attended: false }],
        ['findings', findingId, '/findings/{id}', team.auditor, { likelihood: 3, impact: 4 }],
        ['recommendations', recommendation, '/recommendations/{id}', c, { text: 'Same', priority: 'low' }],
      ];
      const answers: string[] = [];
      const rows = await changesOf(async () => {
        for (const [table, id, path, who, body] of edits) {
          const res = await t.patch(
            path.replace('{id}', id),
            { ...body, version: await versionIn(table, id) },
            who.token,
          );
          answers.push(`${path} ${res.status}`);
        }
        const policy = {
          daysBefore: [5],
          overdueEveryDays: 5,
          version: (await t.get(`${r()}/reminder-policy`, c.token)).body.version,
        };
        answers.push(
          `PUT /reminder-policy ${(await t.request('PUT', `${r()}/reminder-policy`, { token: c.token, body: policy })).status}`,
        );
        answers.push(`PATCH /me ${(await t.patch('/me', { locale: 'en' }, team.manager.token)).status}`);
      });
      expect(answers.filter((a) => !a.endsWith(' 200'))).toEqual([]);
      expect(rows).toEqual([]);
    });
  });

  describe('GET /audit-events/verify finds what a superuser changed behind the app', () => {
    /** Runs the statements with the trail's triggers switched off, in one transaction, as a superuser could. */
    async function tamper(...statements: [string, unknown[]][]): Promise<void> {
      const client = await t.db.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
        for (const [sql, params] of statements) await client.query(sql, params);
        await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    }

    /**
     * Four fresh rows at the end of the chain, the tampering aimed at the second, and a way to put all four back
     * exactly as they were (kept as JSON text, so that no timestamp loses its microseconds on the way).
     */
    async function rowsToTamperWith(): Promise<{ rows: { id: string }[]; restore: () => Promise<void> }> {
      for (let i = 0; i < 4; i++) {
        ok(await t.post(`/reviews/${team.reviewId}/components`, { title: `T${i}` }, team.coordinator.token));
      }
      const { rows } = await t.db.query(
        `SELECT jsonb_agg(e ORDER BY seq)::text AS saved, array_agg(id ORDER BY seq) AS ids
           FROM (SELECT * FROM audit_events ORDER BY seq DESC LIMIT 4) e`,
      );
      const ids = rows[0].ids as string[];
      const restore = () =>
        tamper(
          ['DELETE FROM audit_events WHERE id = ANY($1::uuid[])', [ids]],
          [
            'INSERT INTO audit_events SELECT * FROM jsonb_populate_recordset(NULL::audit_events, $1::jsonb)',
            [rows[0].saved],
          ],
        );
      return { rows: ids.map((id) => ({ id })), restore };
    }

    const verify = async () => (await t.get('/audit-events/verify', team.admin.token)).body as Record<string, unknown>;

    it('names an edited row as the first broken one', async () => {
      const { rows, restore } = await rowsToTamperWith();
      expect(await verify()).toMatchObject({ ok: true });
      await tamper([
        `UPDATE audit_events SET after = jsonb_set(after, '{title}', '"Forged"') WHERE id = $1`,
        [rows[1].id],
      ]);
      const broken = await verify();
      expect(broken).toMatchObject({ ok: false, firstBrokenId: rows[1].id, checked: expect.any(Number) });
      // The daily job reads the same.
      expect(await t.app.get(VerifyAuditChainJob).run()).toEqual(broken);
      await restore();
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('names the row after an edit whose hash was recomputed, and the row after a deleted one', async () => {
      const { rows, restore } = await rowsToTamperWith();
      // Someone who knows the hash function rewrites the row's own hash; the next row's link still gives it away.
      await tamper(
        ['UPDATE audit_events SET actor_id = NULL WHERE id = $1', [rows[1].id]],
        ['UPDATE audit_events e SET hash = audit_event_hash(e) WHERE id = $1', [rows[1].id]],
      );
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: rows[2].id });
      await restore();
      expect(await verify()).toMatchObject({ ok: true });

      await tamper(['DELETE FROM audit_events WHERE id = $1', [rows[1].id]]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: rows[2].id });
      await restore();
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('names a row whose actor, action, time or review was changed', async () => {
      for (const sql of [
        `UPDATE audit_events SET actor_id = '${team.outsider.id}' WHERE id = $1`,
        `UPDATE audit_events SET action = 'delete' WHERE id = $1`,
        `UPDATE audit_events SET at = at - interval '1 day' WHERE id = $1`,
        `UPDATE audit_events SET review_id = NULL WHERE id = $1`,
      ]) {
        const { rows, restore } = await rowsToTamperWith();
        await tamper([sql, [rows[1].id]]);
        expect({ sql, result: await verify() }).toMatchObject({
          sql,
          result: { ok: false, firstBrokenId: rows[1].id },
        });
        await restore();
      }
      expect(await verify()).toMatchObject({ ok: true });
    });
  });

  // Last in the file: passport keeps one strategy per name for the whole process, so while a second api runs here the
  // first one's bearer tokens are checked by the second's strategy. afterAll hands the name back.
  describe('the api running as a role that owns nothing and holds no UPDATE or DELETE on audit_events', () => {
    const role = `vigia_app_${unique()}`;
    const password = randomBytes(18).toString('base64url');
    let restricted: NestFastifyApplication;
    let base: string;

    beforeAll(async () => {
      // What production should grant the api's role: data access, nothing on the schema, the trail append-only.
      await t.server.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await t.db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await t.db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await t.db.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await t.db.query(`REVOKE INSERT, UPDATE, DELETE ON migrations, typeorm_metadata FROM ${role}`);
      await t.db.query(`REVOKE UPDATE, DELETE ON audit_events FROM ${role}`);
      // The queues' schema (PostgreSQL backend only) is BullMQ's, which checks and upgrades it on every connect
      // (CREATE SCHEMA / ALTER TABLE ... IF NOT EXISTS): it has to belong to the role that connects.
      if ((await t.db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'bullmq'`)).rowCount) {
        await t.db.query(`GRANT CREATE ON DATABASE ${t.databaseName} TO ${role}`);
        await t.db.query(`
          DO $$
          DECLARE o record;
          BEGIN
            ALTER SCHEMA bullmq OWNER TO ${role};
            FOR o IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                      WHERE c.relnamespace = 'bullmq'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S')
                        -- a serial's sequence follows its table
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
              EXECUTE format('ALTER %s %s OWNER TO ${role}', CASE WHEN o.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, o.name);
            END LOOP;
            FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p WHERE p.pronamespace = 'bullmq'::regnamespace LOOP
              EXECUTE format('ALTER ROUTINE %s OWNER TO ${role}', o.name);
            END LOOP;
          END
          $$`);
      }
      const url = new URL(databaseUrl(testEnvironment().adminUrl, t.databaseName));
      url.username = role;
      url.password = password;
      const config = loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: tempDir('data'),
        DATABASE_URL: url.toString(),
        JWT_ACCESS_SECRET: 'test-secret-test-secret-test-secret-0123',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DB_POOL_SIZE: '3',
        ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      });
      restricted = await createApp(config, url.toString());
      await restricted.listen({ port: 0, host: '127.0.0.1' });
      const address = restricted.getHttpServer().address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
    });

    afterAll(async () => {
      await restricted?.close();
      const own = t.app.get<JwtStrategy, { getPassportInstance(): { use(n: string, s: unknown): void } }>(JwtStrategy);
      own.getPassportInstance().use('jwt', own);
      // What it owns goes back to the superuser, and what it was granted here goes: then the role can go.
      await t.db.query(`REASSIGN OWNED BY ${role} TO CURRENT_USER`);
      await t.db.query(`DROP OWNED BY ${role}`);
      await t.server.query(`DROP ROLE IF EXISTS ${role}`);
    });

    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };

    it('signs in, writes audited records with their rows, and verifies the chain', async () => {
      const login = await call('POST', '/auth/login', undefined, {
        email: team.coordinator.email,
        password: team.coordinator.password,
      });
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      const changes = await changesOf(async () => {
        const component = await call('POST', `/reviews/${team.reviewId}/components`, token, { title: 'As the app' });
        expect(component.status).toBe(201);
        const patched = await call('PATCH', `/components/${component.body.id}`, token, {
          title: 'Renamed as the app',
          version: 1,
        });
        expect(patched.status).toBe(200);
      });
      expect(changes.map((c) => [c.type, c.action, c.actor])).toEqual([
        ['component', 'insert', team.coordinator.id],
        ['component', 'update', team.coordinator.id],
      ]);
      expect((await call('GET', '/audit-events/verify', team.admin.token)).body.ok).toBe(true);
    });

    it('is refused UPDATE, DELETE and TRUNCATE by the grants, and cannot switch the trigger off', async () => {
      const app = restricted.get(DataSource);
      expect(
        (
          await app.query(
            'SELECT current_user AS who, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su',
          )
        )[0],
      ).toEqual({ who: role, su: false });
      await expect(app.query(`UPDATE audit_events SET actor_id = NULL`)).rejects.toThrow(NO_GRANT);
      await expect(app.query('DELETE FROM audit_events')).rejects.toThrow(NO_GRANT);
      await expect(app.query('TRUNCATE audit_events')).rejects.toThrow(NO_GRANT);
      await expect(app.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only')).rejects.toThrow(
        /must be owner/,
      );
      await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
      // Not the owner: a GRANT to itself grants nothing (PostgreSQL warns rather than fails).
      await app.query(`GRANT UPDATE, DELETE ON audit_events TO ${role}`);
      expect(
        (
          await app.query(
            `SELECT has_table_privilege('audit_events', 'UPDATE') OR has_table_privilege('audit_events', 'DELETE') AS can`,
          )
        )[0],
      ).toEqual({ can: false });
    });
  });
});
