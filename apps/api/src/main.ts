// The api process: configuration, database (embedded unless DATABASE_URL), migrations, HTTP, clean shutdown.
import { trackUnusedConnections } from '@vigia/common';
import { loadConfigOrExit } from '@vigia/config';
import { applicationDatabaseUrl, startDatabaseServer } from '@vigia/database';
import { createApp, migrateDatabase } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const say = (line: string): void => {
    if (config.logLevel !== 'silent')
      process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: line })}\n`);
  };
  const db = await startDatabaseServer(config, say);
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await db.stop().catch(() => undefined);
    process.exit(code);
  };
  try {
    await migrateDatabase(db.url, say);
    const app = await createApp(config, db.url, await applicationDatabaseUrl(config, db.url, say));
    // Without this, one preconnected socket would hold a SIGTERM's shutdown until its client lets go.
    const dropUnusedConnections = trackUnusedConnections(app.getHttpServer());
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('preClose', (done: () => void) => {
        dropUnusedConnections();
        done();
      });
    await app.listen({ port: config.http.port, host: config.http.host });
    say(
      `Vigía api listening on http://${config.http.host}:${config.http.port} (${db.embedded ? 'embedded PostgreSQL' : 'PostgreSQL'})`,
    );
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        say(`${signal} received; finishing requests and shutting down`);
        void app.close().then(
          () => stop(0),
          () => stop(1),
        );
      });
    }
  } catch (err) {
    process.stderr.write(`Vigía failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stop(1);
  }
}

void main();
