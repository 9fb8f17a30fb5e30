// Long synchronous work cut into slices, with a turn for the event loop between them.

/** How long a slice of rendering may hold the thread before others get a turn. */
export const SLICE_MS = 8;

/**
 * Tells a long loop when it has held the thread for a slice and lets the event loop run: requests, timers and I/O
 * then wait at most about one slice, however long the whole job is. Checking is cheap, so loops ask at every step.
 */
export class EventLoopTurns {
  private since = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice is used up. */
  get due(): boolean {
    return performance.now() - this.since >= this.sliceMs;
  }

  /** Lets everything waiting on the event loop run (setImmediate runs after I/O callbacks), then starts a slice. */
  async give(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
