// Compares a subject against a baseline measured in the same run on the same data: interleaved rounds, medians, ratio.
import { performance } from 'node:perf_hooks';

export interface Measured {
  name: string;
  /** Milliseconds per round, in round order. */
  samples: number[];
}

export interface Comparison {
  title: string;
  subject: Measured;
  baseline: Measured;
  /** subject median / baseline median: below 1 the subject is faster. */
  ratio: number;
  /** What the issue asks of the ratio, for the printed verdict (e.g. `<= 1.5`). */
  goal?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export interface CompareOptions {
  rounds?: number;
  warmup?: number;
  goal?: string;
  /** Runs before every timed call of either side (not timed): resets state so each round does the same work. */
  before?: () => Promise<unknown>;
}

/**
 * Times `subject` and `baseline` alternately (the order flips each round, so drift such as a warming cache or a busy
 * neighbour falls on both), after untimed warm-up rounds, and prints the medians and their ratio.
 */
export async function compare(
  title: string,
  subject: { name: string; run: () => Promise<unknown> },
  baseline: { name: string; run: () => Promise<unknown> },
  options: CompareOptions = {},
): Promise<Comparison> {
  const rounds = options.rounds ?? 7;
  const s: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await options.before?.();
    await baseline.run();
    await options.before?.();
    await subject.run();
  }
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? (['b', 's'] as const) : (['s', 'b'] as const);
    for (const side of order) {
      await options.before?.();
      if (side === 'b') b.push(await time(baseline.run));
      else s.push(await time(subject.run));
    }
  }
  const result: Comparison = {
    title,
    subject: { name: subject.name, samples: s },
    baseline: { name: baseline.name, samples: b },
    ratio: median(s) / median(b),
    goal: options.goal,
  };
  print(result);
  return result;
}

const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

export function print(c: Comparison): void {
  const lines = [
    `\n${c.title}`,
    `  ${c.baseline.name.padEnd(44)} median ${ms(median(c.baseline.samples)).padStart(10)}   (${c.baseline.samples.length} rounds)`,
    `  ${c.subject.name.padEnd(44)} median ${ms(median(c.subject.samples)).padStart(10)}   (${c.subject.samples.length} rounds)`,
    `  ratio subject/baseline: ${c.ratio.toFixed(2)}x${c.goal ? `   goal ${c.goal}` : ''}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One round of load against a server: its throughput and tail latency. */
export interface LoadSample {
  requestsPerSecond: number;
  p99Ms: number;
  /** The server's own CPU time per answered request, when known: less sensitive than req/s to busy neighbours. */
  cpuMsPerRequest?: number;
}

export interface LoadGoals {
  /** Least acceptable subject/baseline throughput ratio (e.g. 0.9). */
  minThroughputRatio?: number;
  /** Greatest acceptable subject/baseline p99 latency ratio (e.g. 1.5). */
  maxP99Ratio?: number;
}

export interface LoadComparison {
  title: string;
  subject: { name: string; samples: LoadSample[] };
  baseline: { name: string; samples: LoadSample[] };
  /** Medians over the rounds of each side. */
  medians: { subject: LoadSample; baseline: LoadSample };
  /** subject median / baseline median: throughput above 1 and p99 below 1 mean the subject is faster. */
  throughputRatio: number;
  p99Ratio: number;
  goals: LoadGoals;
  /** Every goal set was met. */
  met: boolean;
}

export interface CompareLoadOptions {
  rounds?: number;
  warmup?: number;
  goals?: LoadGoals;
}

/**
 * Like compare(), for servers under load: each round runs `subject` or `baseline` (a fixed-duration load that
 * reports req/s and p99), in the order baseline, subject, subject, baseline, ... after untimed warm-up rounds of
 * each, and prints the medians, their ratios and a verdict against each goal.
 */
export async function compareLoad(
  title: string,
  subject: { name: string; run: () => Promise<LoadSample> },
  baseline: { name: string; run: () => Promise<LoadSample> },
  options: CompareLoadOptions = {},
): Promise<LoadComparison> {
  const rounds = options.rounds ?? 5;
  const s: LoadSample[] = [];
  const b: LoadSample[] = [];
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await baseline.run();
    await subject.run();
  }
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? (['b', 's'] as const) : (['s', 'b'] as const);
    for (const side of order) {
      if (side === 'b') b.push(await baseline.run());
      else s.push(await subject.run());
    }
  }
  const medianOf = (samples: LoadSample[]): LoadSample => {
    const cpu = samples.map((x) => x.cpuMsPerRequest).filter((x): x is number => x !== undefined);
    return {
      requestsPerSecond: median(samples.map((x) => x.requestsPerSecond)),
      p99Ms: median(samples.map((x) => x.p99Ms)),
      ...(cpu.length === samples.length ? { cpuMsPerRequest: median(cpu) } : {}),
    };
  };
  const medians = { subject: medianOf(s), baseline: medianOf(b) };
  const throughputRatio = medians.subject.requestsPerSecond / medians.baseline.requestsPerSecond;
  const p99Ratio = medians.subject.p99Ms / medians.baseline.p99Ms;
  const goals = options.goals ?? {};
  const met =
    (goals.minThroughputRatio === undefined || throughputRatio >= goals.minThroughputRatio) &&
    (goals.maxP99Ratio === undefined || p99Ratio <= goals.maxP99Ratio);
  const result: LoadComparison = {
    title,
    subject: { name: subject.name, samples: s },
    baseline: { name: baseline.name, samples: b },
    medians,
    throughputRatio,
    p99Ratio,
    goals,
    met,
  };
  printLoad(result);
  return result;
}

const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');

export function printLoad(c: LoadComparison): void {
  const side = (name: string, samples: LoadSample[], m: LoadSample): string =>
    `  ${name.padEnd(48)} median ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s   p99 ${ms(m.p99Ms).padStart(9)}` +
    (m.cpuMsPerRequest === undefined ? '' : `   CPU ${ms(m.cpuMsPerRequest).padStart(8)}/req`) +
    `   (${samples.length} rounds: ${samples.map((x) => x.requestsPerSecond.toFixed(0)).join(', ')} req/s)`;
  const lines = [
    `\n${c.title}`,
    side(c.baseline.name, c.baseline.samples, c.medians.baseline),
    side(c.subject.name, c.subject.samples, c.medians.subject),
    `  throughput subject/baseline: ${c.throughputRatio.toFixed(2)}x` +
      (c.goals.minThroughputRatio === undefined
        ? ''
        : `   goal >= ${c.goals.minThroughputRatio}x: ${verdict(c.throughputRatio >= c.goals.minThroughputRatio)}`),
    `  p99 latency subject/baseline: ${c.p99Ratio.toFixed(2)}x` +
      (c.goals.maxP99Ratio === undefined
        ? ''
        : `   goal <= ${c.goals.maxP99Ratio}x: ${verdict(c.p99Ratio <= c.goals.maxP99Ratio)}`),
  ];
  const cpu = [c.medians.subject.cpuMsPerRequest, c.medians.baseline.cpuMsPerRequest];
  if (cpu[0] !== undefined && cpu[1] !== undefined) {
    lines.push(`  server CPU per request subject/baseline: ${(cpu[0] / cpu[1]).toFixed(2)}x`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
