// `npm run api:client`: regenerates the web app's typed client (openapi.json and schema.d.ts) from the api's sources.
// Boots the api on a throwaway embedded PostgreSQL, as a user's first start would; test/web-client.e2e-spec.ts fails
// when the checked-in files no longer match the api.
import { loadConfig } from '@vigia/config';
import { startDatabaseServer } from '@vigia/database';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument, createApp, migrateDatabase } from '../apps/api/src/bootstrap';
import {
  loadSwaggerPluginMetadata,
  renderClientTypes,
  renderDocument,
  WEB_API_DIR,
} from '../apps/api/src/web/openapi-document';

async function main(): Promise<void> {
  const root = process.cwd();
  console.log('Reading the api (type-checking the sources takes a moment)...');
  await loadSwaggerPluginMetadata(root);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigia-api-client-'));
  // Only what booting needs: no Redis (the queues use PostgreSQL), no processors, no logs.
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    QUEUE_PROCESSORS_IN_API: 'false',
  });
  const db = await startDatabaseServer(config);
  try {
    await migrateDatabase(db.url, () => undefined);
    const app = await createApp(config, db.url);
    try {
      const document = buildOpenApiDocument(app);
      writeFileSync(join(root, WEB_API_DIR, 'openapi.json'), await renderDocument(document, root));
      writeFileSync(join(root, WEB_API_DIR, 'schema.d.ts'), await renderClientTypes(document, root));
      console.log(`Wrote ${WEB_API_DIR}/openapi.json and ${WEB_API_DIR}/schema.d.ts`);
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
