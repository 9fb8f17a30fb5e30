// `npm run seed:demo`: loads the ISSSTESON demo engagement (see libs/demo and seeds/README.md). Safe to run twice.
import { AdminBootstrapService, PasswordService } from '@vigia/auth';
import { loadConfigOrExit } from '@vigia/config';
import { type DatabaseServer, startDatabaseServer } from '@vigia/database';
import { DEFAULT_DEMO_PASSWORD, DEMO_RECORD_KINDS, type DemoSeedResult, seedDemo } from '@vigia/demo';
import { dataSourceOptions } from '@vigia/schema';
import { DataSource } from 'typeorm';
import { migrateDatabase } from './bootstrap';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

function summary(result: DemoSeedResult, password: { password: string; fromEnv: boolean }): void {
  const tally = (counts: DemoSeedResult['created']): string =>
    DEMO_RECORD_KINDS.filter((k) => counts[k] > 0)
      .map((k) => `${k} ${counts[k]}`)
      .join(', ');
  const created = tally(result.created);
  const existing = tally(result.existing);
  out(created ? `Demo data loaded (new records): ${created}.` : 'Demo data already loaded: nothing added.');
  if (existing) out(`Already there, left as they were: ${existing}.`);
  out(`Review "Public Procurement Review of ISSSTESON": ${result.reviewId}`);
  out('');
  out('Demo accounts (sign in at /api/v1/auth/login):');
  for (const a of result.accounts) {
    const secret = !a.created
      ? `(existed already; password not changed: ${DEFAULT_DEMO_PASSWORD} unless set otherwise)`
      : password.fromEnv
        ? '(the value of DEMO_PASSWORD)'
        : password.password;
    out(`  ${a.role.padEnd(11)} ${a.email.padEnd(32)} ${secret}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const password = config.demo.password
    ? { password: config.demo.password, fromEnv: true }
    : { password: DEFAULT_DEMO_PASSWORD, fromEnv: false };
  const say = (line: string): void => {
    // The database's progress lines are chatter at warn and above; the summary is always printed.
    if (['info', 'debug', 'trace'].includes(config.logLevel)) out(line);
  };
  let db: DatabaseServer | undefined;
  let dataSource: DataSource | undefined;
  let code = 0;
  try {
    db = await startDatabaseServer(config, say);
    await migrateDatabase(db.url, say);
    dataSource = new DataSource(dataSourceOptions(db.url, 3));
    await dataSource.initialize();
    // Seeding a fresh database must not cost it its first admin: the api only creates one while no account exists.
    const admin = await new AdminBootstrapService(config, dataSource, new PasswordService()).ensureFirstAdmin();
    if (admin) {
      out(`First admin created: ${admin.email}`);
      if (admin.generatedPassword)
        out(`  password: ${admin.generatedPassword} (shown once; change it after signing in)`);
    }
    summary(await seedDemo(dataSource, { password: password.password }), password);
  } catch (err) {
    process.stderr.write(`Demo seed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  }
  process.exit(code);
}

void main();
