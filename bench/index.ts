// `npm run bench [name ...]`: runs the benchmarks (every bench/<name>.bench.ts, or those named) and prints each beside its baseline.
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** What a bench/<name>.bench.ts file exports: one run of its comparisons, printing as it goes. */
interface BenchModule {
  run(): Promise<unknown>;
}

const SUFFIX = '.bench.ts';

async function main(): Promise<void> {
  const known = readdirSync(__dirname)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${known.join(', ')}`);
    process.exit(2);
  }
  const cpu = cpus();
  console.log(
    `Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  for (const name of wanted.length > 0 ? wanted : known) {
    console.log(`\n## ${name}`);
    const bench = (await import(join(__dirname, `${name}${SUFFIX}`))) as BenchModule;
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
