// The application's own connections go through a role that owns nothing: it reads and writes the tables, cannot change
// the schema or the migrations' bookkeeping, and can only append to the audit trail, whatever the trail's trigger
// does. `npm start` makes that role at start (the owner runs the migrations and the queues' schema); every app of
// this suite connects as it.
import { loadConfig } from '@vigia/config';
import { appRoleName, applicationDatabaseUrl, ensureAppRole } from '@vigia/database';
import { randomBytes } from 'node:crypto';
import { Client, DatabaseError } from 'pg';
import { migrateDatabase } from '../apps/api/src/bootstrap';
import { TestApp } from './support/test-app';
import { databaseUrl, tempDir, testEnvironment } from './support/test-env';

const unique = (): string => randomBytes(4).toString('hex');

async function asUser<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (err) {
    return err instanceof DatabaseError ? (err.code ?? 'unknown') : 'unknown';
  }
}

const configFor = (env: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: tempDir('data'),
    JWT_ACCESS_SECRET: 'app-role-secret-app-role-secret-0123456',
    ...env,
  });

describe('the application database role', () => {
  let t: TestApp;
  const made: { database: string; roles: string[] }[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    for (const { database, roles } of made) {
      await t.server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of roles) await t.server.query(`DROP ROLE IF EXISTS "${role}"`);
    }
    await t?.close();
  });

  /** An empty database of this test's own, owned by `owner` (the superuser when not given). */
  async function freshDatabase(owner?: string): Promise<{ name: string; url: string }> {
    const name = `vigia_role_${unique()}`;
    await t.server.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner}` : ''}`);
    const entry = { database: name, roles: [] as string[] };
    made.push(entry);
    return { name, url: databaseUrl(testEnvironment().adminUrl, name) };
  }

  it('is what the api under test connects as, which owns nothing and may only append to the audit trail', async () => {
    const { appRole } = testEnvironment();
    const coordinator = await t.user('Coordinator');
    const institution = await t.institution();
    const created = await t.post(
      '/reviews',
      { title: 'As the role', institutionId: institution.id },
      coordinator.token,
    );
    expect(created.status).toBe(201);

    const { rows: sessions } = await t.db.query<{ usename: string }>(
      'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [t.databaseName],
    );
    expect(sessions.map((s) => s.usename)).toContain(appRole.name);
    const { rows } = await t.db.query(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owns,
              has_table_privilege(r.oid, 'audit_events', 'INSERT') AS "auditInsert",
              has_table_privilege(r.oid, 'audit_events', 'UPDATE') AS "auditUpdate",
              has_table_privilege(r.oid, 'audit_events', 'DELETE') AS "auditDelete",
              has_table_privilege(r.oid, 'migrations', 'DELETE') AS "migrationsDelete",
              has_schema_privilege(r.oid, 'public', 'CREATE') AS "createInSchema"
         FROM pg_roles r WHERE r.rolname = $1`,
      [appRole.name],
    );
    expect(rows).toEqual([
      {
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
        owns: 0,
        auditInsert: true,
        auditUpdate: false,
        auditDelete: false,
        migrationsDelete: false,
        createInSchema: false,
      },
    ]);
    // The audit row of that write was made through the role, and verifies.
    const verify = await t.get('/audit-events/verify', (await t.admin()).token);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('is made once by processes starting at once, covers tables of later migrations, and is refused schema and trail changes', async () => {
    const db = await freshDatabase();
    const role = { name: appRoleName(db.url), password: randomBytes(12).toString('base64url') };
    made.at(-1)!.roles.push(role.name);
    // An api and workers starting together on an empty database, before any migration.
    const urls = await Promise.all(Array.from({ length: 4 }, () => ensureAppRole(db.url, role)));
    expect(new Set(urls).size).toBe(1);
    // The migrations come after (by the owner); the next start grants again and takes the trail's rights back.
    await migrateDatabase(db.url, () => undefined);
    await ensureAppRole(db.url, role);

    await asUser(urls[0], async (app) => {
      expect(
        await outcome(
          app,
          `INSERT INTO focus_areas (version, code, name_en, name_es, name_fr) VALUES (1, 'x', 'x', 'x', 'x')`,
        ),
      ).toBe('ok');
      expect(await outcome(app, 'SELECT count(*) FROM audit_events')).toBe('ok');
      expect(await outcome(app, `UPDATE audit_events SET action = 'update'`)).toBe('42501');
      expect(await outcome(app, 'DELETE FROM audit_events')).toBe('42501');
      expect(await outcome(app, 'TRUNCATE audit_events')).toBe('42501');
      expect(await outcome(app, 'DELETE FROM migrations')).toBe('42501');
      expect(await outcome(app, 'CREATE TABLE intruder (id int)')).toBe('42501');
      expect(await outcome(app, 'ALTER TABLE findings DISABLE TRIGGER ALL')).toBe('42501');
      expect(await outcome(app, 'DROP TABLE audit_events')).toBe('42501');
    });
  });

  it('falls back to the owner, saying so, when the owner may not create roles; DATABASE_APP_URL is taken as given', async () => {
    const owner = `vigia_owner_${unique()}`;
    const password = randomBytes(12).toString('base64url');
    await t.server.query(`CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
    const db = await freshDatabase(owner);
    made.at(-1)!.roles.push(owner);
    const ownerUrl = new URL(db.url);
    ownerUrl.username = owner;
    ownerUrl.password = password;

    const said: string[] = [];
    const url = await applicationDatabaseUrl(configFor(), ownerUrl.toString(), (line) => said.push(line));
    expect(url).toBe(ownerUrl.toString());
    expect(said).toEqual([expect.stringMatching(/^WARNING: .* may not create the role .*DATABASE_APP_URL/)]);

    const given = 'postgres://someone:secret@db.example:5432/vigia';
    await expect(applicationDatabaseUrl(configFor({ DATABASE_APP_URL: given }), ownerUrl.toString())).resolves.toBe(
      given,
    );
  });
});
