// Drops the databases this run created and stops the embedded PostgreSQL.
import { Client } from 'pg';
import { testEnvironment } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const env = testEnvironment();
  if (env.mode === 'postgres') {
    const admin = new Client({ connectionString: env.adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [env.template, `vigia_t_${env.template.split('_').pop()}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__vigiaStop?.();
}
