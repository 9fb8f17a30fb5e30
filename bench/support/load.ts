// One fixed-duration round of load with autocannon, refused unless every answer was a 2xx.
import autocannon from 'autocannon';
import type { LoadSample } from '../harness';

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON body; `[<id>]` in it becomes a fresh id per request. */
  body?: string;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

export interface LoadResult extends LoadSample {
  /** Answers received within the round. */
  requests: number;
}

export async function load(request: LoadRequest, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: request.url,
    method: request.method ?? 'GET',
    headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body: request.body,
    idReplacement: request.body?.includes('[<id>]') ?? false,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  // A server that answers errors fast must not pass for a fast server.
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${request.method ?? 'GET'} ${request.url}: ${result.non2xx} non-2xx answers and ${result.errors} errors of ${result['2xx'] + result.non2xx}`,
    );
  }
  if (result['2xx'] === 0) throw new Error(`${request.method ?? 'GET'} ${request.url}: no answer within the round`);
  return { requestsPerSecond: result['2xx'] / result.duration, p99Ms: result.latency.p99, requests: result['2xx'] };
}
