// Where the test run's PostgreSQL is; written by global setup, read by every test file.
// Only relative imports: global setup loads this without path aliases.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestMode = 'embedded' | 'postgres';

export interface TestEnvironment {
  mode: TestMode;
  /** Maintenance database URL, for CREATE DATABASE. */
  adminUrl: string;
  /** A migrated database that each test file copies. */
  template: string;
  /** The application role the template grants (as `npm start` makes one): the apps under test connect as it. */
  appRole: { name: string; password: string };
}

export function testEnvironment(): TestEnvironment {
  const raw = process.env.VIGIA_TEST_ENV;
  if (!raw) throw new Error('VIGIA_TEST_ENV is not set: run the tests through jest (global setup sets it)');
  return JSON.parse(raw) as TestEnvironment;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vigia-${prefix}-`));
}
