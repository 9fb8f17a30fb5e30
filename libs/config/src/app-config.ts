// Typed, resolved configuration handed to every module; built once at boot from the validated environment.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigValidationError, EnvironmentSchema, parseEnvironment } from './config.schema';

export interface AppConfig {
  env: EnvironmentSchema['NODE_ENV'];
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    trustProxy: boolean | string[];
    corsOrigins: string[];
  };
  /** Absolute path of the folder that holds everything the product keeps on disk. */
  dataDir: string;
  database: { url?: string; appUrl?: string; embeddedPort: number; poolSize: number };
  redis: { url?: string };
  queue: { processorsInApi: boolean; lockMs: number };
  reminders: { scanEverySeconds: number };
  mail: { smtpUrl?: string; from: string };
  publicUrl: string;
  jwt: { accessSecret: string; accessTtlSeconds: number; refreshTtlSeconds: number; issuer: string; audience: string };
  admin: { email?: string; password?: string };
  evidence: {
    maxBytes: number;
    storage: 'local' | 's3';
    s3: {
      endpoint?: string;
      bucket?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };
  };
  /** Password for the demo accounts of `npm run seed:demo`, when set. */
  demo: { password?: string };
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number };
  logLevel: EnvironmentSchema['LOG_LEVEL'];
}

/** DI token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Secrets that a production deployment must set are generated once and kept under DATA_DIR
 * in development, so `npm start` works with no configuration and tokens survive a restart.
 */
function persistedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  if (!secrets[name]) {
    secrets[name] = randomBytes(48).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets[name];
}

/** For process entry points: the configuration, or a message naming every wrong variable and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnvironment(env);
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(process.cwd(), e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : [],
    },
    dataDir,
    database: {
      url: e.DATABASE_URL,
      appUrl: e.DATABASE_APP_URL,
      embeddedPort: e.EMBEDDED_PG_PORT,
      poolSize: e.DB_POOL_SIZE,
    },
    redis: { url: e.REDIS_URL },
    queue: { processorsInApi: e.QUEUE_PROCESSORS_IN_API, lockMs: e.QUEUE_LOCK_SECONDS * 1000 },
    reminders: { scanEverySeconds: e.REMINDER_SCAN_EVERY_SECONDS },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    jwt: {
      accessSecret: e.JWT_ACCESS_SECRET ?? persistedSecret(dataDir, 'jwtAccessSecret'),
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    admin: { email: e.ADMIN_EMAIL?.toLowerCase(), password: e.ADMIN_PASSWORD },
    demo: { password: e.DEMO_PASSWORD },
    evidence: {
      maxBytes: e.EVIDENCE_MAX_BYTES,
      storage: e.EVIDENCE_STORAGE,
      s3: {
        endpoint: e.S3_ENDPOINT,
        bucket: e.S3_BUCKET,
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      },
    },
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
