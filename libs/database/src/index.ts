export * from './app-role';
export * from './database-server';
export * from './embedded-postgres';
export * from './migrate';
export * from './typeorm-logger';
