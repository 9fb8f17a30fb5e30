// Renders reports on worker threads, so that a PDF of hundreds of pages never holds up the api's event loop.
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderedReport, ReportData } from '../report-data';
import type { ReportFormat } from '../report.entity';
import type { RenderReply, RenderRequest } from './report-render.worker';
import { renderReport } from './report-renderer';

/**
 * Threads at most: the reports queue runs two jobs at a time, and one core is left to the event loop (on a two-core
 * machine, one render thread).
 */
const MAX_THREADS = 2;

interface Task {
  request: RenderRequest;
  resolve(report: RenderedReport): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  task?: Task;
}

/**
 * How to start a render thread here, or undefined when none can be: built (dist/), the compiled worker file sits
 * beside this one; under ts-node (benchmarks, scripts) the thread registers ts-node as this process did; under jest's
 * ES-module mode a thread could not load the TypeScript sources, and reports render in-process.
 */
function threadStarter(): (() => Worker) | undefined {
  if (typeof __filename === 'undefined') return undefined;
  if (__filename.endsWith('.js')) {
    const compiled = join(__dirname, 'report-render.worker.js');
    return existsSync(compiled) ? () => new Worker(compiled) : undefined;
  }
  const tsNode = (process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')];
  if (!tsNode) return undefined;
  const source = JSON.stringify(join(__dirname, 'report-render.worker.ts'));
  return () =>
    new Worker(`require('ts-node/register'); require('tsconfig-paths/register'); require(${source});`, {
      eval: true,
    });
}

@Injectable()
export class ReportRenderPool implements OnApplicationShutdown {
  private readonly logger = new Logger('Reports');
  private readonly size = Math.max(1, Math.min(MAX_THREADS, availableParallelism() - 1));
  private readonly start = threadStarter();
  private readonly threads = new Set<Thread>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  /** Whether reports render on threads (false: in-process, in slices that let the event loop run between them). */
  get threaded(): boolean {
    return this.start !== undefined;
  }

  render(data: ReportData, format: ReportFormat): Promise<RenderedReport> {
    if (!this.start) return renderReport(data, format);
    if (this.closed) return Promise.reject(new Error('the report renderer is shutting down'));
    return new Promise<RenderedReport>((resolve, reject) => {
      this.queue.push({ request: { id: (this.nextId += 1), data, format }, resolve, reject });
      this.dispatch();
    });
  }

  /** After the queue's workers have closed (their hooks run before this one), so no running job loses its thread. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the report renderer is shutting down'));
    await Promise.all([...this.threads].map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = [...this.threads].find((t) => !t.task);
      if (!thread) {
        if (this.threads.size >= this.size) return;
        thread = this.spawn();
      }
      const task = this.queue.shift() as Task;
      thread.task = task;
      // A busy thread keeps the process alive; an idle one does not hold up its exit.
      thread.worker.ref();
      thread.worker.postMessage(task.request);
    }
  }

  private spawn(): Thread {
    const worker = (this.start as () => Worker)();
    const thread: Thread = { worker };
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const task = thread.task;
      if (!task || task.request.id !== reply.id) return;
      thread.task = undefined;
      worker.unref();
      if ('error' in reply) task.reject(new Error(reply.error));
      else {
        const body = Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
        task.resolve({ body, contentType: reply.contentType, fileName: reply.fileName });
      }
      this.dispatch();
    });
    worker.on('error', (err) => this.lose(thread, err));
    worker.on('exit', (code) => this.lose(thread, new Error(`the render thread stopped with exit code ${code}`)));
    this.threads.add(thread);
    return thread;
  }

  /** A thread that died fails its report's attempt (the queue retries it) and is replaced on the next task. */
  private lose(thread: Thread, error: Error): void {
    if (!this.threads.delete(thread)) return;
    if (!this.closed) this.logger.error(`a report render thread failed: ${error.message}`);
    thread.task?.reject(error);
    thread.task = undefined;
    if (!this.closed) this.dispatch();
  }
}
