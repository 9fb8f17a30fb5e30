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
    // The template's application role, and those the built api made for the databases it started on (npm start's
    // own path). A role still granted something in a database a test made beside the copies stays, and says so.
    const { rows: roles } = await admin.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE rolname = $1 OR rolname LIKE $2`,
      [env.appRole.name, `vigia_t_${env.template.split('_').pop()}_%_app`],
    );
    for (const { rolname } of roles) {
      await admin.query(`DROP ROLE IF EXISTS "${rolname}"`).catch((err: Error) => {
        process.stderr.write(`the test role ${rolname} stays: ${err.message}\n`);
      });
    }
    await admin.end();
  }
  await globalThis.__vigiaStop?.();
}
