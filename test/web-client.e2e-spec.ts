// The web app's typed client (apps/web/src/api) describes the api as it is: the checked-in OpenAPI document equals
// the one the running api serves, and the TypeScript types are exactly what openapi-typescript makes of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadSwaggerPluginMetadata,
  renderClientTypes,
  renderDocument,
  sortKeys,
  WEB_API_DIR,
} from '../apps/api/src/web/openapi-document';
import { TestApp } from './support/test-app';

const REGENERATE = 'the web client is out of date: run npm run api:client';
const checkedIn = (file: string): string => readFileSync(join(process.cwd(), WEB_API_DIR, file), 'utf8');

describe('the web app’s typed api client', () => {
  let t: TestApp;
  beforeAll(async () => {
    // As `nest build` documents the api (DTO properties and response types come from the Swagger plugin).
    await loadSwaggerPluginMetadata();
    t = await TestApp.start();
  }, 180_000);
  afterAll(() => t?.close());

  it('has the OpenAPI document the api serves', async () => {
    const served = (await t.request('GET', '/api/docs-json')).body;
    const document = JSON.parse(checkedIn('openapi.json')) as unknown;
    // A readable difference first (which paths and schemas), then the exact one.
    const names = (doc: any) => ({
      paths: Object.keys(doc.paths).sort(),
      schemas: Object.keys(doc.components.schemas).sort(),
    });
    expect({ [REGENERATE]: names(document) }).toEqual({ [REGENERATE]: names(served) });
    expect({ [REGENERATE]: document }).toEqual({ [REGENERATE]: sortKeys(served) });
    expect(checkedIn('openapi.json')).toBe(await renderDocument(served));
  });

  it('has the types openapi-typescript makes of that document', async () => {
    const document = JSON.parse(checkedIn('openapi.json')) as unknown;
    expect({ [REGENERATE]: checkedIn('schema.d.ts') }).toEqual({ [REGENERATE]: await renderClientTypes(document) });
  }, 60_000);
});
