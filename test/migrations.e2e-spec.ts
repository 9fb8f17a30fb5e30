import { pendingSchemaChanges } from '@vigia/database';
import { dataSourceOptions } from '@vigia/schema';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseUrl, testEnvironment } from './support/test-env';

describe('migrations', () => {
  const env = testEnvironment();
  const name = `vigia_t_${env.template.split('_').pop()}_mig${randomBytes(3).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: env.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    ds = new DataSource(dataSourceOptions(databaseUrl(env.adminUrl, name), 3));
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('bring an empty database exactly to the shape of the entities (an entity changed without a migration fails here)', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const { up } = await pendingSchemaChanges(ds);
    expect(up).toEqual([]);
  });

  it('revert cleanly, one by one, and apply again', async () => {
    const count = ds.migrations.length;
    for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata')`,
    );
    expect(tables[0].n).toBe(0);
    expect((await ds.runMigrations({ transaction: 'each' })).length).toBe(count);
    expect((await pendingSchemaChanges(ds)).up).toEqual([]);
  });
});
