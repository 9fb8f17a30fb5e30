// Starts a benchmark server (the api or the bare baseline) as a child process under ts-node and talks to it over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** First message of a server child: it listens on 127.0.0.1:port. */
export interface ChildReady {
  port: number;
}

/**
 * `capture-start` clears the record of SQL statements and starts one; `capture-stop` answers what was recorded and
 * stops; `idle` answers once the child has no request in flight. Every answer carries the CPU time the child has used.
 */
export interface ChildRequest {
  kind: 'capture-start' | 'capture-stop' | 'idle';
}

export interface ChildReply {
  statements: string[];
  /** User + system CPU time of the child so far, in milliseconds. */
  cpuMs: number;
}

export interface ServerChild {
  url: string;
  /** Starts recording every SQL statement the child sends to PostgreSQL. */
  startCapture(): Promise<void>;
  /** The statements sent since startCapture(), in order. */
  stopCapture(): Promise<string[]>;
  /** Resolves once the child has answered every request it accepted, with the CPU time it has used so far (ms). */
  idle(): Promise<number>;
  stop(): Promise<void>;
}

const REPO = join(__dirname, '..', '..');

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`benchmark server exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/**
 * Forks bench/support/<file> with `env` added to this process's environment (and `nodeArgs` on its command line, e.g.
 * --cpu-prof), and waits until it listens.
 */
export async function startServerChild(
  file: string,
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
): Promise<ServerChild> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: join(REPO, 'tsconfig.scripts.json'), ...env };
  // An undefined value means "unset in the child" (fork would pass the string "undefined").
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = fork(join(__dirname, file), [], {
    cwd: REPO,
    execArgv: [...nodeArgs, '-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: childEnv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await nextMessage<ChildReady>(child);
  const ask = (kind: ChildRequest['kind']): Promise<ChildReply> => {
    const reply = nextMessage<ChildReply>(child);
    child.send({ kind } satisfies ChildRequest);
    return reply;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    startCapture: async () => {
      await ask('capture-start');
    },
    stopCapture: async () => (await ask('capture-stop')).statements,
    idle: async () => (await ask('idle')).cpuMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
