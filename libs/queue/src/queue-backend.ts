// Builds BullMQ queues and workers on Redis when configured, else on PostgreSQL (schema `bullmq`, same database).
import { createPostgresBackend, Queue, type QueueOptions, Worker, type WorkerOptions, type Processor } from 'bullmq';
import IORedis from 'ioredis';

export interface QueueBackendSettings {
  /** The app's PostgreSQL database; the queues live there (schema `bullmq`) when no Redis is configured. */
  databaseUrl: string;
  redisUrl?: string;
  /** Redis key namespace; on PostgreSQL the database itself is the namespace. */
  prefix: string;
}

export const POSTGRES_SCHEMA = 'bullmq';

/** On Redis, queues are namespaced by the database they serve, so the api and its worker meet and nobody else. */
export function defaultPrefix(databaseUrl: string): string {
  const name = new URL(databaseUrl).pathname.replace(/^\//, '') || 'postgres';
  return `vigia-${name}`;
}

type Closer = () => Promise<void>;

export interface Built<T> {
  value: T;
  /** Closes what the builder opened besides the BullMQ object itself (a Redis connection). */
  release: Closer;
}

/** A worker's connection: BullMQ requires maxRetriesPerRequest: null (blocking commands must not be cut short). */
function workerRedis(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null });
}

/**
 * A producer's connection fails fast while Redis is away (no offline queue, one retry), so a request that must add
 * a job gets its 503 at once instead of hanging until Redis is back; ioredis still reconnects by itself.
 */
function queueRedis(url: string): IORedis {
  return new IORedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}

function postgresConnection(databaseUrl: string, max: number) {
  // migrate: BullMQ creates or upgrades its schema on connect, under an advisory lock (safe from many processes).
  return {
    connectionString: databaseUrl,
    schema: POSTGRES_SCHEMA,
    migrate: true,
    max,
    application_name: 'vigia-queue',
  };
}

export function createQueue(
  name: string,
  settings: QueueBackendSettings,
  options: Omit<QueueOptions, 'connection'> = {},
): Built<Queue> {
  if (settings.redisUrl) {
    const connection = queueRedis(settings.redisUrl);
    const value = new Queue(name, { ...options, connection, prefix: settings.prefix });
    return { value, release: () => connection.quit().then(() => undefined) };
  }
  const value = new Queue(
    name,
    { ...options, connection: postgresConnection(settings.databaseUrl, 3) },
    createPostgresBackend,
  ) as unknown as Queue;
  return { value, release: () => Promise.resolve() };
}

export function createWorker(
  name: string,
  processor: Processor,
  settings: QueueBackendSettings,
  options: Omit<WorkerOptions, 'connection'> = {},
): Built<Worker> {
  if (settings.redisUrl) {
    const connection = workerRedis(settings.redisUrl);
    const value = new Worker(name, processor, { ...options, connection, prefix: settings.prefix });
    return { value, release: () => connection.quit().then(() => undefined) };
  }
  const value = new Worker(
    name,
    processor,
    { ...options, connection: postgresConnection(settings.databaseUrl, 2) },
    createPostgresBackend,
  ) as unknown as Worker;
  return { value, release: () => Promise.resolve() };
}
