// `npm run bench [name ...]`: runs the benchmarks (all, or those named) and prints each beside its baseline.
import { cpus, totalmem } from 'node:os';
import { benchReminderScan } from './reminder-scan.bench';
import { benchReportPdf } from './report-pdf.bench';

const BENCHES: Record<string, () => Promise<unknown>> = {
  'report-pdf': benchReportPdf,
  'reminder-scan': benchReminderScan,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const cpu = cpus();
  console.log(
    `Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) await BENCHES[name]();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
