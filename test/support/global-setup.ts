// Starts the run's PostgreSQL (embedded, or TEST_DATABASE_URL's server) and builds a migrated template database.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { appRoleName, ensureAppRole } from '../../libs/database/src/app-role';
import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { databaseUrl, tempDir, TestEnvironment } from './test-env';

declare global {
  var __vigiaStop: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
    globalThis.__vigiaStop = undefined;
  } else {
    const pg = await startEmbeddedPostgres({ dir: `${tempDir('pg')}/postgres` });
    adminUrl = pg.adminUrl;
    globalThis.__vigiaStop = () => pg.stop();
  }
  const template = `vigia_tmpl_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  // The template holds the schema only: the same migrations the app runs at boot.
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl(adminUrl, template),
    migrations,
    migrationsTableName: 'migrations',
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  // The role the apps under test connect as, granted on the template as the api grants it at start: every copy
  // inherits the grants, so the whole suite runs the application without owning a table.
  const appRole = {
    name: appRoleName(databaseUrl(adminUrl, template)),
    password: randomBytes(18).toString('base64url'),
  };
  await ensureAppRole(databaseUrl(adminUrl, template), appRole);

  const env: TestEnvironment = { mode: external ? 'postgres' : 'embedded', adminUrl, template, appRole };
  process.env.VIGIA_TEST_ENV = JSON.stringify(env);
}
