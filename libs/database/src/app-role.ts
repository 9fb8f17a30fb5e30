// The role the application reads and writes through: it may use the tables, not change them, and it cannot rewrite
// the audit trail even without the trail's trigger. The owner (DATABASE_URL's user) runs the migrations and owns the
// job queues' schema (BullMQ's PostgreSQL backend checks and upgrades it on every connect).
import { createHmac } from 'node:crypto';
import { Client, DatabaseError } from 'pg';

export interface AppRole {
  name: string;
  password: string;
}

/** Tables the application reads but must never write: the migrations' own bookkeeping. */
const READ_ONLY_TABLES = ['migrations', 'typeorm_metadata'];
/** Tables the application may only append to. */
const APPEND_ONLY_TABLES = ['audit_events'];
/** Serialises the grants of processes starting at once on one database (GRANT can fail on a concurrent update). */
const GRANT_LOCK = 7_100_102;
/** CREATE ROLE and GRANT race across databases and processes; such errors are retried. */
const RACE_CODES = new Set(['XX000', '42710', '23505', '40001', '40P01']);

/** `<database>_app`: one role per database, so two installations sharing a server never share a role. */
export function appRoleName(ownerUrl: string): string {
  const database = decodeURIComponent(new URL(ownerUrl).pathname.slice(1)) || 'postgres';
  return `${database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 59)}_app`;
}

/**
 * The role's password, derived from a secret every process of one installation shares (the access-token key), so
 * that processes starting at once agree on it and nothing more has to be stored.
 */
export function appRolePassword(secret: string): string {
  return createHmac('sha256', secret).update('vigia database application role').digest('base64url');
}

export function roleUrl(ownerUrl: string, role: AppRole): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role.name);
  url.password = encodeURIComponent(role.password);
  return url.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function canSignIn(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function ensureOnce(ownerUrl: string, role: AppRole): Promise<void> {
  const url = roleUrl(ownerUrl, role);
  await withClient(ownerUrl, async (owner) => {
    // The password is set only when the role cannot sign in with it: an ALTER ROLE on every start would put it in
    // the server's log wherever DDL is logged.
    if (!(await canSignIn(url))) {
      const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      const { rows } = await owner.query<{ sql: string }>(
        `SELECT format('${verb} ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', $1::text, $2::text) AS sql`,
        [role.name, role.password],
      );
      await owner.query(rows[0].sql);
    }
    const id = (name: string): string => `"${name.replace(/"/g, '""')}"`;
    const who = id(role.name);
    const { rows: tables } = await owner.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
      [[...READ_ONLY_TABLES, ...APPEND_ONLY_TABLES]],
    );
    const present = new Set(tables.map((t) => t.name));
    await owner.query('BEGIN');
    try {
      await owner.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
      await owner.query(`GRANT CONNECT ON DATABASE ${id(new URL(ownerUrl).pathname.slice(1) || 'postgres')} TO ${who}`);
      await owner.query(`GRANT USAGE ON SCHEMA public TO ${who}`);
      await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${who}`);
      await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${who}`);
      // Tables and sequences the owner's later migrations create.
      await owner.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${who}`,
      );
      await owner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${who}`);
      for (const table of READ_ONLY_TABLES.filter((t) => present.has(t))) {
        await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${id(table)} FROM ${who}`);
      }
      for (const table of APPEND_ONLY_TABLES.filter((t) => present.has(t))) {
        await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${id(table)} FROM ${who}`);
      }
      await owner.query('COMMIT');
    } catch (err) {
      await owner.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

/**
 * Creates the role if needed, gives it what the application needs on the owner's database (again on every start, so
 * that tables of new migrations are covered), and returns its connection URL. Safe to run from several processes at
 * once. Throws a DatabaseError with code 42501 when the owner may not create roles.
 */
export async function ensureAppRole(ownerUrl: string, role: AppRole): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureOnce(ownerUrl, role);
      return roleUrl(ownerUrl, role);
    } catch (err) {
      if (!(err instanceof DatabaseError && err.code && RACE_CODES.has(err.code)) || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/** Whether `err` says the owner lacks the privilege to create or grant to a role. */
export function isInsufficientPrivilege(err: unknown): boolean {
  return err instanceof DatabaseError && err.code === '42501';
}
