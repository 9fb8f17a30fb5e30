// Runs pending migrations; several processes booting at once take turns on an advisory lock.
import { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7_100_101;

export async function runMigrations(
  dataSource: DataSource,
  log: (line: string) => void = () => undefined,
): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`migration applied: ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** SQL that would bring the database in line with the entities; empty when migrations are complete. */
export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: SchemaQuery[]; down: SchemaQuery[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  const plain = (q: SchemaQuery): SchemaQuery =>
    q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query };
  return { up: sql.upQueries.map(plain), down: sql.downQueries.map(plain) };
}
