// Child process of the api benchmark: the real api (createApp, as main.ts builds it) on the bench database, so that it
// has a core of its own rather than sharing autocannon's event loop. Reports its port; on request, the SQL it ran.
import { loadConfig } from '@vigia/config';
import { applicationDatabaseUrl } from '@vigia/database';
import { createApp } from '../../apps/api/src/bootstrap';
import { serveParent } from './child-control';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // As main.ts: the owner for the queues' schema, the application role for everything else.
  const url = config.database.url ?? '';
  const app = await createApp(config, url, await applicationDatabaseUrl(config, url));
  await app.listen({ port: 0, host: '127.0.0.1' });
  // TypeORM's pool and the login throttle's (which shares it) both go through pg's Client, whose SQL this records.
  serveParent(app.getHttpServer());
  process.once('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
