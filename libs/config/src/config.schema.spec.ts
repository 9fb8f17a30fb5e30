import { ConfigValidationError, parseEnvironment } from './config.schema';
import { loadConfig } from './app-config';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseEnvironment(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
};

describe('configuration', () => {
  it('gives a laptop with no variables a working default', () => {
    const e = parseEnvironment({});
    expect(e).toMatchObject({ PORT: 3000, DATA_DIR: './data', NODE_ENV: 'development', JWT_ACCESS_TTL_SECONDS: 900 });
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it('names every wrong variable, and the value it got', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' });
    expect(problems.join('\n')).toMatch(/PORT.*"eighty"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/TRUST_PROXY/);
  });

  it("takes TRUST_PROXY as on/off or as the proxies' addresses and subnets, and refuses anything else", () => {
    expect(parseEnvironment({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnvironment({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(parseEnvironment({ TRUST_PROXY: '10.0.0.0/8, loopback,2001:db8::/32, 192.0.2.7' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      'loopback',
      '2001:db8::/32',
      '192.0.2.7',
    ]);
    for (const bad of ['2', '10.0.0.0/33', '2001:db8::/129', 'proxy.example', '10.0.0.1/8/1', '10.0.0.1,']) {
      expect([bad, problemsOf({ TRUST_PROXY: bad }).join()]).toEqual([bad, expect.stringMatching(/TRUST_PROXY/)]);
    }
  });

  it('requires a JWT secret of at least 32 characters in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join()).toMatch(/JWT_ACCESS_SECRET/);
    expect(problemsOf({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'short' }).join()).toMatch(/at least 32/);
    expect(problemsOf({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'x'.repeat(32) })).toEqual([]);
    // The message never repeats a secret.
    expect(problemsOf({ JWT_ACCESS_SECRET: 'hunter2-short' }).join()).not.toContain('hunter2');
    expect(problemsOf({ DATABASE_URL: 'mysql://u:s3cret@h/db' }).join()).not.toContain('s3cret');
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and a long enough password', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.org' }).join()).toMatch(/set both or neither/);
    expect(problemsOf({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' }).join()).toMatch(/ADMIN_PASSWORD/);
    expect(problemsOf({ CORS_ORIGINS: 'https://a.example, ftp://b' }).join()).toMatch(/CORS_ORIGINS/);
  });

  it('generates a development JWT secret once, keeps it private under DATA_DIR and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigia-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwt.accessSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwt.accessSecret).toBe(first.jwt.accessSecret);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain(first.jwt.accessSecret);
  });
});
