// In a benchmark server child: answers the parent's IPC requests. `capture` records the text of every SQL statement
// the process's pg clients send, so the bench can show that the api and its baseline run the same SQL; `idle` answers
// once no request is in flight, so that a round's leftovers (requests accepted before autocannon stopped) do not eat
// into the next round, which may be the other server's. Each answer carries the CPU time the process has used, from
// which the bench works out the server's CPU time per request.
import type { Server } from 'node:http';
import { Client } from 'pg';
import type { ChildReady, ChildReply, ChildRequest } from './child-process';

export function serveParent(server: Server): void {
  let captured: string[] | null = null;
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    if (captured && text) captured.push(text);
    return query.apply(this, args);
  } as typeof Client.prototype.query;

  let inFlight = 0;
  server.on('request', (_request, response: { once(event: 'close', listener: () => void): void }) => {
    inFlight++;
    response.once('close', () => inFlight--);
  });
  const whenIdle = (reply: () => void): void => {
    if (inFlight === 0) reply();
    else setTimeout(() => whenIdle(reply), 20);
  };

  process.on('message', (message: ChildRequest) => {
    const send = (statements: string[]): void => {
      const { user, system } = process.cpuUsage();
      process.send?.({ statements, cpuMs: (user + system) / 1000 } satisfies ChildReply);
    };
    if (message.kind === 'idle') return whenIdle(() => send([]));
    if (message.kind === 'capture-start') captured = [];
    send(captured ?? []);
    if (message.kind === 'capture-stop') captured = null;
  });

  const address = server.address();
  const ready: ChildReady = { port: typeof address === 'object' && address ? address.port : 0 };
  process.send?.(ready);
}
