// A throwaway, migrated database for a benchmark: on DATABASE_URL's server when set, else on an embedded PostgreSQL.
import { runMigrations, startEmbeddedPostgres } from '@vigia/database';
import { dataSourceOptions } from '@vigia/schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

export interface BenchDatabase {
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const name = `vigia_bench_${label}_${process.pid}`;
  let adminUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : '';
  let stopServer = async (): Promise<void> => undefined;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
    const pg = await startEmbeddedPostgres({ dir: join(dir, 'postgres') });
    adminUrl = pg.adminUrl;
    stopServer = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const base = dataSourceOptions(url, 5);
  // Seeding 100,000 rows in one statement is slow by design: no slow-query warnings, and no statement timeout.
  const dataSource = new DataSource({
    ...base,
    logging: ['error'],
    maxQueryExecutionTime: undefined,
    extra: { ...(base.extra as object), statement_timeout: 0 },
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    url,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      const again = new Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
      await stopServer();
    },
  };
}
