// Decides where the database lives: the configured DATABASE_URL, or an embedded PostgreSQL under DATA_DIR.
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
  const handle = await startEmbeddedPostgres({
    dir: join(config.dataDir, 'postgres'),
    port: config.database.embeddedPort,
    log,
  });
  log(`embedded PostgreSQL listening on 127.0.0.1:${handle.port}`);
  return { url: handle.url, embedded: true, stop: () => handle.stop() };
}
