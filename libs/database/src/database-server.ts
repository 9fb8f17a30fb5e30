// Decides where the database lives: the configured DATABASE_URL, or an embedded PostgreSQL under DATA_DIR.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@vigia/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function startDatabaseServer(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<DatabaseServer> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: () => Promise.resolve() };
  // PostgreSQL's own output goes to a file beside its data, not into the application's JSON log.
  const serverLog = join(config.dataDir, 'postgres.log');
  const handle = await startEmbeddedPostgres({
    dir: join(config.dataDir, 'postgres'),
    port: config.database.embeddedPort,
    log,
    serverLog: (line) => {
      if (line) appendFileSync(serverLog, `${line}\n`);
    },
  });
  log(`embedded PostgreSQL data in ${join(config.dataDir, 'postgres')}, server log in ${serverLog}`);
  log(`embedded PostgreSQL listening on 127.0.0.1:${handle.port}`);
  return { url: handle.url, embedded: true, stop: () => handle.stop() };
}
