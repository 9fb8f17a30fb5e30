// The worker process's composition (no HTTP features, no AccessGuard) runs the report jobs the api only queues, and
// the api serves the file the worker stored.
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, loadConfig } from '@vigia/config';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { download, sha256 } from './fixtures/evidence/http';
import { TestApp } from './support/test-app';
import { databaseUrl, testEnvironment } from './support/test-env';

describe('reports in the worker', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await TestApp.start({ QUEUE_PROCESSORS_IN_API: 'false' });
    const url = databaseUrl(testEnvironment().adminUrl, t.databaseName);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: t.app.get<AppConfig>(APP_CONFIG).dataDir,
      DATABASE_URL: url,
      JWT_ACCESS_SECRET: 'test-secret-test-secret-test-secret-0123',
      LOG_LEVEL: 'silent',
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config, url), { logger: false });
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('generates a report the api queued, and the api serves its file', async () => {
    const team = await t.reviewTeam();
    const res = await t.post(
      `/reviews/${team.reviewId}/reports`,
      { kind: 'findings', format: 'csv', locale: 'es' },
      team.manager.token,
    );
    expect(res.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let report: any;
    do {
      await new Promise((r) => setTimeout(r, 100));
      report = (await t.get(`/reports/${res.body.id}`, team.manager.token)).body;
    } while (report.status !== 'done' && report.status !== 'failed' && Date.now() < deadline);
    expect(report).toMatchObject({ status: 'done', attempts: 1, error: null });
    const file = await download(t.baseUrl, `/reports/${report.id}/file`, team.auditor.token);
    expect(file.status).toBe(200);
    expect(sha256(file.bytes)).toBe(report.sha256);
  });
});
