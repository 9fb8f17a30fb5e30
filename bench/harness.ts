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
