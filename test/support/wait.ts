// Waiting in tests for what the queues do in the background, and dates relative to today.
const DAY_MS = 86_400_000;

/** The UTC day `days` away from today, as YYYY-MM-DD. */
export const dayOffset = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** Reads until `ok` accepts the value (every 50 ms), or fails naming what it waited for and the last value read. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
