// Decides where the database lives: the configured DATABASE_URL, or an embedded PostgreSQL under DATA_DIR.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@vigia/config';
import { appRoleName, appRolePassword, ensureAppRole, isInsufficientPrivilege } from './app-role';
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

/**
 * Where the application's own connections go: DATABASE_APP_URL when set; otherwise the role `<database>_app`, made
 * and granted by the owner at start. An owner that may not create roles (some managed servers) leaves the
 * application connected as the owner, and the log says so.
 */
export async function applicationDatabaseUrl(
  config: AppConfig,
  ownerUrl: string,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  if (config.database.appUrl) return config.database.appUrl;
  const role = { name: appRoleName(ownerUrl), password: appRolePassword(config.jwt.accessSecret) };
  try {
    const url = await ensureAppRole(ownerUrl, role);
    log(`the application connects as the role ${role.name}, which owns nothing and may not change the audit trail`);
    return url;
  } catch (err) {
    if (!isInsufficientPrivilege(err)) throw err;
    log(
      `WARNING: the database user may not create the role ${role.name}; the application connects as the owner of ` +
        'its tables. Create a role for it and set DATABASE_APP_URL (docs/operations.md).',
    );
    return ownerUrl;
  }
}
