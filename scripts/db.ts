// Migration commands: run, revert, generate <Name>, check. Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR.
import { loadConfig } from '@vigia/config';
import { pendingSchemaChanges, runMigrations, type SchemaQuery, startDatabaseServer } from '@vigia/database';
import { dataSourceOptions } from '@vigia/schema';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

function migrationSource(className: string, up: SchemaQuery[], down: SchemaQuery[]): string {
  const q = ({ query, parameters }: SchemaQuery): string => {
    const sql = query.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    return `    await queryRunner.query(\`${sql}\`${parameters?.length ? `, ${JSON.stringify(parameters)}` : ''});`;
  };
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`;
}

/** Registers the new migration in migrations/index.ts, which lists them in order. */
function register(fileBase: string, className: string): void {
  const index = join(MIGRATIONS_DIR, 'index.ts');
  let text = readFileSync(index, 'utf8');
  text = text.replace(/(\n\/\/ Every migration, oldest first\.)/, `\nimport { ${className} } from './${fileBase}';$1`);
  text = text.replace(/export const migrations = \[([^\]]*)\];/, (_m, list: string) => {
    const names = list
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    return `export const migrations = [\n${[...names, className].map((n) => `  ${n},`).join('\n')}\n];`;
  });
  writeFileSync(index, text);
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const server = await startDatabaseServer(config);
  const dataSource = new DataSource(dataSourceOptions(server.url, 3));
  await dataSource.initialize();
  let exitCode = 0;
  try {
    if (command === 'run') {
      const applied = await runMigrations(dataSource, (l) => console.log(l));
      console.log(applied.length ? `${applied.length} migration(s) applied` : 'No pending migrations');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration');
    } else if (command === 'generate' || command === 'check') {
      await runMigrations(dataSource);
      const { up, down } = await pendingSchemaChanges(dataSource);
      if (command === 'check') {
        if (up.length > 0) {
          console.error(
            `Entities and migrations disagree; run npm run migration:generate -- <Name>. Missing SQL:\n${up.map((u) => u.query).join(';\n')};`,
          );
          exitCode = 1;
        } else {
          console.log('Migrations match the entities');
        }
      } else {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
          throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
        if (up.length === 0) {
          console.log('No changes in entities: nothing to generate');
        } else {
          const timestamp = Date.now();
          const fileBase = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
          const className = `${name}${timestamp}`;
          const file = join(MIGRATIONS_DIR, `${fileBase}.ts`);
          if (existsSync(file)) throw new Error(`${file} exists`);
          writeFileSync(file, migrationSource(className, up, down.reverse()));
          register(fileBase, className);
          console.log(`Wrote ${file}; read it, tidy it and commit it`);
        }
      }
    } else {
      throw new Error('Usage: ts-node scripts/db.ts run | revert | generate <Name> | check');
    }
  } finally {
    await dataSource.destroy();
    await server.stop();
  }
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
