// One set of TypeORM options for the api, the worker, the migration scripts and the tests.
import { TypeOrmLogger } from '@vigia/database';
import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';
import { entities, subscribers } from './entities';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    url,
    entities,
    subscribers,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 2_000,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      // A statement that runs away must not hold a pooled connection forever.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      application_name: 'vigia',
    },
  };
}
