// Boots the real api (AppModule, Fastify, guards, filters) on its own copy of the migrated template database.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigia/config';
import { roleUrl } from '@vigia/database';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createApp } from '../../apps/api/src/bootstrap';
import { createReviewTeam } from './review-team';
import { databaseUrl, tempDir, testEnvironment } from './test-env';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  refreshToken: string;
}

export const ADMIN_EMAIL = 'admin@test.vigia';
export const ADMIN_PASSWORD = 'admin-password-123';

export interface StartOptions {
  /**
   * A database the caller prepared (migrated) on a server of its own, instead of a copy of the run's template: for
   * tests that stop and restart that server. Their pools then survive the server going away.
   */
  databaseUrl?: string;
}

let counter = 0;

export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    /** Superuser pool on this app's database, for assertions behind the api's back. */
    readonly db: Pool,
    readonly databaseName: string,
    /** Superuser pool on the maintenance database (ALTER DATABASE, terminating connections). */
    readonly server: Pool,
  ) {}

  static async start(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestApp> {
    let name: string;
    let server: Pool;
    let url: string;
    if (options.databaseUrl) {
      url = options.databaseUrl;
      name = new URL(url).pathname.slice(1);
      server = new Pool({ connectionString: databaseUrl(url, 'postgres'), max: 1 });
    } else {
      const test = testEnvironment();
      name = `vigia_t_${test.template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
      server = new Pool({ connectionString: test.adminUrl, max: 1 });
      await server.query(`CREATE DATABASE ${name} TEMPLATE ${test.template}`);
      url = databaseUrl(test.adminUrl, name);
    }
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: tempDir('data'),
      DATABASE_URL: url,
      JWT_ACCESS_SECRET: 'test-secret-test-secret-test-secret-0123',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DB_POOL_SIZE: '5',
      // The CI's second pass runs the queues on Redis; each app's queues are namespaced by its database name.
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      ...env,
    });
    // On a copy of the template the app connects as the template's application role, as `npm start` does; the
    // owner's URL is for the queues' schema only.
    const app = await createApp(config, url, options.databaseUrl ? url : roleUrl(url, testEnvironment().appRole));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const db = new Pool({ connectionString: url, max: 3 });
    if (options.databaseUrl) {
      // An idle client whose server went away emits 'error'; unheard, that would end the test process.
      for (const pool of [db, server]) pool.on('error', () => undefined);
    }
    return new TestApp(app, `http://127.0.0.1:${port}`, db, name, server);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.end();
    await this.server.end();
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path.startsWith('/api') ? path : `/api/v1${path}`}`, {
      method,
      headers,
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string, token?: string): Promise<TestResponse<T>> => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, body: unknown, token?: string): Promise<TestResponse<T>> =>
    this.request<T>('POST', path, { token, body });
  patch = <T = any>(path: string, body: unknown, token?: string): Promise<TestResponse<T>> =>
    this.request<T>('PATCH', path, { token, body });
  delete = <T = any>(path: string, token?: string): Promise<TestResponse<T>> =>
    this.request<T>('DELETE', path, { token });

  async login(email: string, password: string): Promise<TestUser> {
    const res = await this.post('/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      id: res.body.user.id,
      email,
      name: res.body.user.name,
      password,
      token: res.body.accessToken,
      refreshToken: res.body.refreshToken,
    };
  }

  /** Every audit row of one record, oldest first. */
  async auditTrail(entityType: string, entityId: string): Promise<any[]> {
    const { rows } = await this.db.query(
      'SELECT * FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq',
      [entityType, entityId],
    );
    return rows;
  }

  private adminUser?: TestUser;

  async admin(): Promise<TestUser> {
    this.adminUser ??= await this.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    return this.adminUser;
  }

  /** A new account with the global role `user` (or `admin`), signed in. */
  async user(name = `User ${++counter}`, role: 'user' | 'admin' = 'user'): Promise<TestUser> {
    const admin = await this.admin();
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomBytes(3).toString('hex')}@test.vigia`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const res = await this.post('/users', { email, password, name, role }, admin.token);
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this.login(email, password);
  }

  async institution(acronym = `INST${++counter}`): Promise<{ id: string }> {
    const admin = await this.admin();
    const res = await this.post(
      '/institutions',
      { name: `Institution ${acronym}`, acronym, jurisdiction: 'state', state: 'Sonora', country: 'MX' },
      admin.token,
    );
    if (res.status !== 201) throw new Error(`create institution failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /**
   * A review run by `coordinator`, with an auditor and a manager on the team, and an outsider
   * who is a member of another review only.
   */
  async reviewTeam(): Promise<{
    reviewId: string;
    review: any;
    coordinator: TestUser;
    auditor: TestUser;
    manager: TestUser;
    outsider: TestUser;
    admin: TestUser;
  }> {
    const [coordinator, auditor, manager, outsider] = await Promise.all([
      this.user('Coordinator'),
      this.user('Auditor'),
      this.user('Manager'),
      this.user('Outsider'),
    ]);
    const institution = await this.institution();
    const team = { coordinator, auditor, manager, outsider };
    const review = await createReviewTeam(this, institution.id, team, 'Review');
    return { reviewId: review.id, review, ...team, admin: await this.admin() };
  }
}
