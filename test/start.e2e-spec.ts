// The product as a user starts it: the built api as its own process, on the embedded PostgreSQL
// (or, in the PostgreSQL pass, on DATABASE_URL), restarted, and stopped with SIGTERM.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from '../libs/database/src/embedded-postgres';
import { databaseUrl, tempDir, testEnvironment } from './support/test-env';

// Jest runs from the repository root (ES module mode has no __dirname).
const root = process.cwd();
const entry = join(root, 'dist/apps/api/src/main.js');
const workerEntry = join(root, 'dist/apps/worker/src/main.js');

interface Running {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startApi(env: Record<string, string>, file = entry): Running {
  const { TEST_DATABASE_URL: _t, DATABASE_URL: _d, ...base } = process.env;
  const proc = spawn(process.execPath, [file], {
    cwd: root,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function waitHealthy(port: number, run: Running, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.proc.exitCode !== null) throw new Error(`api exited early:\n${run.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`api not healthy in time:\n${run.output()}`);
}

async function stop(run: Running): Promise<number | null> {
  run.proc.kill('SIGTERM');
  return run.exited;
}

const api = (port: number) => async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('starting the product', () => {
  const env = testEnvironment();
  let dataDir: string;
  let databaseEnv: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: npm test builds it first (npm run build)`);
    dataDir = tempDir('start');
    databaseEnv = {};
    if (env.mode === 'postgres') {
      const name = `vigia_t_${env.template.split('_').pop()}_start${randomBytes(3).toString('hex')}`;
      const admin = new Client({ connectionString: env.adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      databaseEnv = { DATABASE_URL: databaseUrl(env.adminUrl, name) };
    }
  });

  it('serves health, lets the first admin sign in, keeps data across a restart, and stops cleanly', async () => {
    const port = await freePort();
    const first = startApi({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...databaseEnv });
    await waitHealthy(port, first);
    // No ADMIN_EMAIL/ADMIN_PASSWORD: a one-time password is printed once.
    const printed = /e-mail:\s+(\S+)\s+password:\s+(\S+)/.exec(first.output());
    expect(printed).not.toBeNull();
    const [, email, password] = printed!;
    const call = api(port);
    const login = await call('POST', '/auth/login', { email, password });
    expect(login.status).toBe(200);
    const created = await call(
      'POST',
      '/institutions',
      { name: 'ISSSTESON', acronym: 'ISSSTESON', jurisdiction: 'state', state: 'Sonora', country: 'MX' },
      login.body.accessToken,
    );
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);
    if (env.mode === 'embedded') {
      // The embedded server was stopped with the api, not left running.
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(first.output()).toMatch(/embedded PostgreSQL/);
    }

    const second = startApi({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...databaseEnv });
    try {
      await waitHealthy(port, second);
      expect(second.output()).not.toMatch(/first admin created/);
      const again = await call('POST', '/auth/login', { email, password });
      expect(again.status).toBe(200);
      const got = await call('GET', `/institutions/${created.body.id}`, undefined, again.body.accessToken);
      expect(got.body).toMatchObject({ acronym: 'ISSSTESON', state: 'Sonora' });

      // The worker joins the same database (sharing the api's embedded server) and leaves it running when it stops.
      const worker = startApi({ DATA_DIR: dataDir, LOG_LEVEL: 'info', ...databaseEnv }, workerEntry);
      const deadline = Date.now() + 30_000;
      while (!/Vigía worker started/.test(worker.output()) && Date.now() < deadline && worker.proc.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(worker.output()).toMatch(/Vigía worker started/);
      expect(await stop(worker)).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('refuses to boot with a wrong variable, naming it', async () => {
    const run = startApi({ PORT: 'eighty', DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:[\s\S]*PORT/);
  });
});
