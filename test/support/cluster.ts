// Vigía scaled out as in production, for tests and benchmarks: N built api processes and M built workers on one
// database, behind a local nginx that spreads requests over the apis and names the one that answered.
import { configVariables } from '@vigia/config';
import { freePort } from '@vigia/database';
import { defaultPrefix } from '@vigia/queue';
import IORedis from 'ioredis';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createReviewTeam } from './review-team';
import { databaseUrl, tempDir, testEnvironment } from './test-env';
import { until } from './wait';

const NGINX_BIN = '/usr/sbin/nginx';
const ROOT = process.cwd();
const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const WORKER_ENTRY = join(ROOT, 'dist/apps/worker/src/main.js');

export const CLUSTER_ADMIN_EMAIL = 'admin@cluster.vigia';
export const CLUSTER_ADMIN_PASSWORD = 'cluster-admin-password-123';
const JWT_SECRET = 'cluster-secret-cluster-secret-cluster-0123';
/** Kept of each process's output, for the message when it fails: the tail is what explains a crash. */
const OUTPUT_KEPT = 64 * 1024;

/** One built api or worker process, which can be killed and started again with the same settings. */
export class NodeProcess {
  private proc?: ChildProcess;
  private out = '';
  private exit?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    /** Answers true once the process serves (called every 50 ms until it does). */
    private readonly ready: (output: string) => Promise<boolean>,
  ) {}

  /** The process id while it runs. */
  get pid(): number | undefined {
    return this.running ? this.proc!.pid : undefined;
  }

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    if (!existsSync(this.entry)) {
      throw new Error(`${this.entry} is missing: build it with npx nest build api && npx nest build worker`);
    }
    const proc = spawn(process.execPath, [this.entry], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const keep = (chunk: Buffer): void => {
      this.out = (this.out + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => proc.on('exit', () => resolve()));
    await until(
      `${this.name} to start`,
      async () => {
        if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.out}`);
        return this.ready(this.out);
      },
      (ok) => ok,
      60_000,
    );
  }

  /** SIGKILL: no shutdown hook runs, as when a machine or container dies. */
  async kill(): Promise<void> {
    if (this.running) this.proc!.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM and its clean shutdown; SIGKILL if that takes over 10 seconds. */
  async stop(): Promise<void> {
    if (!this.running) return this.exit;
    this.proc!.kill('SIGTERM');
    const late = setTimeout(() => this.proc?.kill('SIGKILL'), 10_000);
    await this.exit;
    clearTimeout(late);
  }
}

export interface ClusterResponse<T = any> {
  status: number;
  body: T;
  /** The body as received. */
  bytes: Buffer;
  headers: IncomingHttpHeaders;
  /** The api that answered, as nginx's X-Upstream names it (`127.0.0.1:port`; two, comma-separated, after a retry). */
  upstream: string;
}

export interface ClusterRequest {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  raw?: Buffer;
  headers?: Record<string, string>;
  /**
   * The client's own address (any of 127.0.0.0/8 on Linux), so that tests can be several clients as nginx sees them.
   */
  from?: string;
}

/** One HTTP request on a fresh connection (no keep-alive: a killed process must not leave a client a dead socket). */
export function send<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: ClusterRequest = {},
): Promise<ClusterResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: Buffer | undefined = options.raw;
  if (payload === undefined && options.body !== undefined) {
    payload = Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(payload.length);
  const url = new URL(path.startsWith('/api') ? path : `/api/v1${path}`, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers, agent: false, localAddress: options.from, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let body: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text) body = JSON.parse(text);
          resolve({
            status: res.statusCode ?? 0,
            body: body as T,
            bytes,
            headers: res.headers,
            upstream: String(res.headers['x-upstream'] ?? ''),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface NginxOptions {
  /** Ports of the api processes on 127.0.0.1. */
  upstreams: number[];
  /** Largest request body nginx lets through: evidence uploads go through it. */
  maxBodyBytes: number;
}

/**
 * The nginx configuration of a scaled-out Vigía, as docs/operations.md shows it, with every path under `dir` so that
 * it runs as a child of the test (pid and error log come on the command line).
 */
export function nginxConfig(dir: string, port: number, options: NginxOptions): string {
  const servers = options.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n');
  // As root, nginx runs its workers as `nobody`, who may not write the temp folders of a test's private directory:
  // the workers run as the test's own account instead. Otherwise the directive is ignored, so it is left out.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  return `${user}worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # Evidence uploads come through here: the file plus its multipart framing.
  client_max_body_size ${options.maxBodyBytes + 64 * 1024};
  upstream vigia_api {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://vigia_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # nginx is the edge: the client's address replaces whatever X-Forwarded-For the client sent (TRUST_PROXY=true).
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Retried on the other api only when the first could not take it; nginx never resends a POST or PATCH it has
      # sent (a client retries those itself, with an Idempotency-Key).
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 2;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** Throws when nginx is not installed: a test that needs it fails (it is not skipped). */
export function assertNginx(): void {
  if (!existsSync(NGINX_BIN)) throw new Error(`nginx is not installed at ${NGINX_BIN} (Debian: apt-get install nginx)`);
}

/** nginx in the foreground, as a child of this process, with its configuration and files in a directory of its own. */
export class Nginx {
  private constructor(
    private readonly proc: ChildProcess,
    readonly url: string,
    private readonly dir: string,
    private readonly exit: Promise<void>,
  ) {}

  static async start(options: NginxOptions): Promise<Nginx> {
    assertNginx();
    const dir = tempDir('nginx');
    for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, options));
    const errorLog = join(dir, 'error.log');
    const proc = spawn(
      NGINX_BIN,
      ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog, '-g', `daemon off; pid ${dir}/nginx.pid;`],
      { stdio: 'ignore' },
    );
    const exit = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
    const nginx = new Nginx(proc, `http://127.0.0.1:${port}`, dir, exit);
    try {
      await until(
        'nginx to answer',
        async () => {
          if (proc.exitCode !== null) {
            throw new Error(`nginx exited: ${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`);
          }
          return send(nginx.url, 'GET', '/health').then(
            (res) => res.status,
            () => 0,
          );
        },
        (status) => status === 200,
        20_000,
      );
    } catch (err) {
      await nginx.stop();
      throw err;
    }
    return nginx;
  }

  /** Graceful (SIGQUIT), then SIGKILL after 5 seconds; its directory goes with it. */
  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGQUIT');
    const late = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exit;
    clearTimeout(late);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The environment of every process: none of the caller's own Vigía variables, then the cluster's. */
function processEnv(vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const own = new Set(configVariables());
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !own.has(key) && !key.startsWith('TEST_')) env[key] = value;
  }
  return { ...env, ...vars };
}

export interface ProcessSettings {
  databaseUrl: string;
  redisUrl?: string;
  /** One folder for every process: evidence, reports and the mail outbox are read by whichever process is asked. */
  dataDir: string;
  /** More variables (or other values) for every process. */
  env?: Record<string, string>;
}

function sharedEnv(settings: ProcessSettings): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: settings.databaseUrl,
    ...(settings.redisUrl ? { REDIS_URL: settings.redisUrl } : {}),
    DATA_DIR: settings.dataDir,
    JWT_ACCESS_SECRET: JWT_SECRET,
    ADMIN_EMAIL: CLUSTER_ADMIN_EMAIL,
    ADMIN_PASSWORD: CLUSTER_ADMIN_PASSWORD,
    DB_POOL_SIZE: '5',
    ...settings.env,
  };
}

/** A built api process on 127.0.0.1:`port`, behind a proxy, leaving the jobs to the workers. */
export function apiProcess(name: string, port: number, settings: ProcessSettings): NodeProcess {
  const env = processEnv({
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    QUEUE_PROCESSORS_IN_API: 'false',
    TRUST_PROXY: 'true',
    ...sharedEnv(settings),
  });
  const base = `http://127.0.0.1:${port}`;
  return new NodeProcess(name, API_ENTRY, env, () =>
    send(base, 'GET', '/health').then(
      (res) => res.status === 200,
      () => false,
    ),
  );
}

/** A built worker process; it says when it has started (at log level info). */
export function workerProcess(name: string, settings: ProcessSettings): NodeProcess {
  const env = processEnv({ LOG_LEVEL: 'info', ...sharedEnv(settings) });
  return new NodeProcess(name, WORKER_ENTRY, env, async (output) => output.includes('Vigía worker started'));
}

export interface ClusterUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** Redis for the queues (namespaced by the database's name, like every test app's); PostgreSQL when absent. */
  redisUrl?: string;
  /** More variables for every process (login limits, lock times...). */
  env?: Record<string, string>;
}

let counter = 0;

/** Deletes the cluster's own queue keys; the Redis is shared with other test files, so nothing else is touched. */
export async function forgetQueues(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** Apis, workers and nginx on a copy of the test run's migrated template database (dropped on close). */
export class Cluster {
  private constructor(
    private readonly nginx: Nginx,
    readonly apis: NodeProcess[],
    private readonly apiPorts: number[],
    readonly workers: NodeProcess[],
    /** Superuser pool on the cluster's database, for assertions behind the api's back. */
    readonly db: Pool,
    readonly dataDir: string,
    private readonly settings: ProcessSettings,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    assertNginx();
    const test = testEnvironment();
    const name = `vigia_t_${test.template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
    const server = new Pool({ connectionString: test.adminUrl, max: 1 });
    await server.query(`CREATE DATABASE ${name} TEMPLATE ${test.template}`);
    const url = databaseUrl(test.adminUrl, name);
    const dropDatabase = async (): Promise<void> => {
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.end();
    };
    const dataDir = tempDir('cluster');
    const env = { EVIDENCE_MAX_BYTES: String(4 * 2 ** 20), ...options.env };
    const settings: ProcessSettings = { databaseUrl: url, redisUrl: options.redisUrl, dataDir, env };
    const apis: NodeProcess[] = [];
    const ports: number[] = [];
    const workers: NodeProcess[] = [];
    let nginx: Nginx;
    try {
      for (let i = 0; i < options.apis; i++) {
        ports.push(await freePort());
        apis.push(apiProcess(`api ${i + 1}`, ports[i], settings));
      }
      for (let i = 0; i < options.workers; i++) workers.push(workerProcess(`worker ${i + 1}`, settings));
      await Promise.all([...apis, ...workers].map((p) => p.start()));
      nginx = await Nginx.start({ upstreams: ports, maxBodyBytes: Number(env.EVIDENCE_MAX_BYTES) });
    } catch (err) {
      await Promise.all([...apis, ...workers].map((p) => p.kill()));
      await dropDatabase();
      throw err;
    }
    const db = new Pool({ connectionString: url, max: 3 });
    return new Cluster(nginx, apis, ports, workers, db, dataDir, settings, dropDatabase);
  }

  get url(): string {
    return this.nginx.url;
  }

  /** `127.0.0.1:port` of each api, as X-Upstream names it. */
  get upstreams(): string[] {
    return this.apiPorts.map((p) => `127.0.0.1:${p}`);
  }

  async close(): Promise<void> {
    await this.nginx.stop();
    await Promise.all([...this.apis, ...this.workers].map((p) => p.stop()));
    await this.db.end();
    await this.dropDatabase();
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.settings.redisUrl) await forgetQueues(this.settings.redisUrl, defaultPrefix(this.settings.databaseUrl));
  }

  request = <T = any>(method: string, path: string, options: ClusterRequest = {}): Promise<ClusterResponse<T>> =>
    send<T>(this.url, method, path, options);
  get = <T = any>(path: string, token?: string): Promise<ClusterResponse<T>> => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, body: unknown, token?: string): Promise<ClusterResponse<T>> =>
    this.request<T>('POST', path, { token, body });

  async login(email: string, password: string): Promise<ClusterUser> {
    const res = await this.post('/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.user.id, email, password, token: res.body.accessToken, refreshToken: res.body.refreshToken };
  }

  private adminUser?: ClusterUser;

  async admin(): Promise<ClusterUser> {
    this.adminUser ??= await this.login(CLUSTER_ADMIN_EMAIL, CLUSTER_ADMIN_PASSWORD);
    return this.adminUser;
  }

  /** A new account with the global role `user`, signed in. */
  async user(name: string): Promise<ClusterUser> {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${++counter}.${randomBytes(3).toString('hex')}@test.vigia`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const res = await this.post('/users', { email, password, name, role: 'user' }, (await this.admin()).token);
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this.login(email, password);
  }

  /** A review run by `coordinator` with an auditor and a manager on the team, and an outsider who runs another. */
  async reviewTeam(): Promise<{
    reviewId: string;
    admin: ClusterUser;
    coordinator: ClusterUser;
    auditor: ClusterUser;
    manager: ClusterUser;
    outsider: ClusterUser;
  }> {
    const admin = await this.admin();
    const [coordinator, auditor, manager, outsider] = await Promise.all(
      ['Coordinator', 'Auditor', 'Manager', 'Outsider'].map((n) => this.user(n)),
    );
    const acronym = `CL${++counter}${randomBytes(2).toString('hex')}`.toUpperCase();
    const institution = await this.post(
      '/institutions',
      { name: `Institution ${acronym}`, acronym, jurisdiction: 'state', state: 'Sonora', country: 'MX' },
      admin.token,
    );
    if (institution.status !== 201) throw new Error(`create institution failed: ${JSON.stringify(institution.body)}`);
    const team = { coordinator, auditor, manager, outsider };
    const review = await createReviewTeam(this, institution.body.id, team, 'Scaled review');
    return { reviewId: review.id, admin, ...team };
  }
}
