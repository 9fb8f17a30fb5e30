export * from './database-server';
export * from './embedded-postgres';
export * from './migrate';
