// The one validated configuration schema: every environment variable the product reads is declared here.
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidationError,
} from 'class-validator';
import { isIP } from 'node:net';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
/** What proxy-addr (Fastify's trustProxy) names: its subnets, an address, or an address with a prefix length. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
/** TRUST_PROXY: on/off, or the proxies' addresses and subnets (comma-separated). */
const toTrustProxy = (params: { value: unknown }): unknown => {
  const value = toBool(params);
  return typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : value;
};
const isTrustProxy = (value: unknown): boolean =>
  typeof value === 'boolean' ||
  (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && isProxyAddress(v)));
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Raw environment, validated and coerced. Defaults are what a new user on a laptop gets. */
export class EnvironmentSchema {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = 'localhost';

  /** PostgreSQL connection string; when absent an embedded PostgreSQL is started under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * The login role the api and the worker read and write through, when it is managed outside Vigía. Absent: at start,
   * DATABASE_URL's user (the tables' owner) creates a role `<database>_app` that owns nothing and grants it what the
   * application needs (or, if it may not create roles, the application connects as the owner and says so).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_APP_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_APP_URL?: string;

  /** Redis connection string for the job queues; when absent the queues run on PostgreSQL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Port for the embedded PostgreSQL; 0 picks a free one (never 5432). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_ACCESS_SECRET must be at least 32 characters' })
  JWT_ACCESS_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(31536000)
  JWT_REFRESH_TTL_SECONDS = 2592000;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'vigia';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'vigia-api';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(256)
  ADMIN_PASSWORD?: string;

  /** Password of the demo accounts that `npm run seed:demo` creates; a documented default when unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'DEMO_PASSWORD must be at least 12 characters' })
  @MaxLength(256)
  DEMO_PASSWORD?: string;

  /** Comma-separated list of origins allowed by CORS; empty means same-origin only. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(104857600)
  BODY_LIMIT_BYTES = 1048576;

  /**
   * Which X-Forwarded-* headers to believe, when the api runs behind a reverse proxy: `true` (every hop is trusted, so
   * the header's first address is the client: the proxy must replace the header), or the proxies' own addresses and
   * subnets (`10.0.0.0/8,loopback`: the client is the last address not among them, so a client cannot forge it).
   */
  @Transform(toTrustProxy)
  @ValidateBy(
    { name: 'isTrustProxy', validator: { validate: isTrustProxy } },
    {
      message:
        'TRUST_PROXY must be true, false or a comma-separated list of proxy addresses and subnets (e.g. 10.0.0.0/8,loopback)',
    },
  )
  TRUST_PROXY: boolean | string[] = false;

  /**
   * Run the queue processors inside the api process too. On for the start command (one process runs everything);
   * off in production, where worker processes run them and the api only enqueues.
   */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_PROCESSORS_IN_API = true;

  /**
   * Seconds a running job's lock lasts without renewal; a worker that dies mid-job has its job run again by another
   * after about this long (BullMQ stalled-job recovery). Longer than any pause of a healthy worker's event loop.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(3600)
  QUEUE_LOCK_SECONDS = 60;

  /** Largest evidence file accepted, in bytes (413 above it). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1073741824)
  EVIDENCE_MAX_BYTES = 26214400;

  /** Where evidence files are kept: `local` (under DATA_DIR/evidence) or `s3` (an S3-compatible store). */
  @IsIn(['local', 's3'])
  EVIDENCE_STORAGE: 'local' | 's3' = 'local';

  /** S3-compatible endpoint (MinIO, Ceph, ...); leave unset for AWS S3. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' })
  S3_BUCKET?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (bucket in the path), which most S3-compatible servers need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** How often the reminder scan runs, in seconds (an admin can also run it now). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(604800)
  REMINDER_SCAN_EVERY_SECONDS = 3600;

  /**
   * SMTP server for e-mail, e.g. smtp://user:pass@mail.example.org:587 or smtps://...:465. When absent, mail is kept
   * in the local outbox (GET /admin/outbox and DATA_DIR/outbox/*.eml) instead of being sent.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of every e-mail. */
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  MAIL_FROM = 'Vigía <vigia@localhost>';

  /** The address users reach the product at; links in e-mail point there. */
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Never echoed back in an error message: they hold passwords or keys. */
const SECRET_VARIABLES = new Set([
  'JWT_ACCESS_SECRET',
  'ADMIN_PASSWORD',
  'DEMO_PASSWORD',
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'REDIS_URL',
  'S3_SECRET_ACCESS_KEY',
  'SMTP_URL',
]);

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const value = e.value === undefined || SECRET_VARIABLES.has(e.property) ? '' : ` (got ${JSON.stringify(e.value)})`;
    return Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}${value}`);
  });
}

/** Parses the raw environment; throws ConfigValidationError naming every wrong variable. */
/** Variables without a default (so absent from a fresh EnvironmentSchema's keys). */
const OPTIONAL_VARIABLES = [
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'REDIS_URL',
  'JWT_ACCESS_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'DEMO_PASSWORD',
  'CORS_ORIGINS',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
];

/** Every environment variable the product reads. */
export function configVariables(): string[] {
  return [...new Set([...Object.keys(new EnvironmentSchema()), ...OPTIONAL_VARIABLES])];
}

export function parseEnvironment(env: NodeJS.ProcessEnv): EnvironmentSchema {
  const raw: Record<string, unknown> = {};
  for (const key of configVariables()) {
    if (env[key] !== undefined) raw[key] = env[key];
  }
  const parsed = plainToInstance(EnvironmentSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: true });
  const problems = describe(errors);
  if (parsed.NODE_ENV === 'production' && !parsed.JWT_ACCESS_SECRET) {
    problems.push('JWT_ACCESS_SECRET: must be set in production (at least 32 characters)');
  }
  if (parsed.EVIDENCE_STORAGE === 's3' && !parsed.S3_BUCKET) {
    problems.push('S3_BUCKET: must be set when EVIDENCE_STORAGE is s3');
  }
  if (Boolean(parsed.ADMIN_EMAIL) !== Boolean(parsed.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return parsed;
}
