// Throughput of a read route behind nginx with one api process against two (the built api, as in production).
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@vigia/database';
import { defaultPrefix } from '@vigia/queue';
import {
  apiProcess,
  CLUSTER_ADMIN_EMAIL,
  CLUSTER_ADMIN_PASSWORD,
  forgetQueues,
  Nginx,
  type NodeProcess,
  send,
} from '../test/support/cluster';
import { benchDatabase } from './bench-database';
import { type Comparison, median, print } from './harness';

/** The part of autocannon's result this benchmark reads (the package ships no types). */
interface LoadResult {
  requests: { total: number };
  /** Seconds the load ran. */
  duration: number;
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<LoadResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/** CPU seconds a process has used so far (Linux's /proc, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the whole machine has been busy so far (every core, everything but idle). */
function machineBusySeconds(): number {
  return cpus().reduce((sum, cpu) => sum + (cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq) / 1000, 0);
}

/** Where the CPU went in one round: cores kept busy by each api process and by the machine as a whole. */
interface Round {
  load: LoadResult;
  perSecond: number;
  apiCores: number[];
  /** This process: autocannon, the load generator. */
  generatorCores: number;
  machineCores: number;
}

const FINDINGS = 500;
/** Seconds of load per round, how many requests are in flight at once, and rounds per side. */
const SECONDS = 8;
const CONNECTIONS = 32;
const ROUNDS = 5;
const ROUTE_LIMIT = 50;

/** An admin's review with FINDINGS findings, made through the api (and the findings in one statement). */
async function seed(
  url: string,
  db: Awaited<ReturnType<typeof benchDatabase>>,
): Promise<{ path: string; token: string }> {
  const login = await send(url, 'POST', '/auth/login', {
    body: { email: CLUSTER_ADMIN_EMAIL, password: CLUSTER_ADMIN_PASSWORD },
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token: string = login.body.accessToken;
  const institution = await send(url, 'POST', '/institutions', {
    token,
    body: {
      name: 'Instituto de Seguridad',
      acronym: 'ISSSTESON',
      state: 'Sonora',
      jurisdiction: 'state',
      country: 'MX',
    },
  });
  if (institution.status !== 201)
    throw new Error(`institution: ${institution.status} ${JSON.stringify(institution.body)}`);
  const review = await send(url, 'POST', '/reviews', {
    token,
    body: { title: 'Benchmark review', institutionId: institution.body.id },
  });
  if (review.status !== 201) throw new Error(`review: ${review.status} ${JSON.stringify(review.body)}`);
  await db.dataSource.query(
    `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                           likelihood, impact, status, author_id, version)
     SELECT $1, (SELECT id FROM focus_areas ORDER BY position LIMIT 1), ARRAY['integrity']::varchar[],
            'Hallazgo ' || g, repeat('Condición observada. ', 10), 'Criterio', 'Causa', 'Efecto',
            1 + g % 5, 1 + (g / 5) % 5, 'draft', (SELECT id FROM users WHERE email = $2), 1
     FROM generate_series(1, $3::int) g`,
    [review.body.id, CLUSTER_ADMIN_EMAIL, FINDINGS],
  );
  await db.dataSource.query('ANALYZE');
  return { path: `/api/v1/reviews/${review.body.id}/findings?limit=${ROUTE_LIMIT}`, token };
}

export async function run(): Promise<Comparison> {
  const db = await benchDatabase('scale');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigia-bench-scale-'));
  const settings = { databaseUrl: db.url, redisUrl: process.env.REDIS_URL, dataDir };
  const apis: NodeProcess[] = [];
  const proxies: Nginx[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    apis.push(apiProcess('api 1', ports[0], settings), apiProcess('api 2', ports[1], settings));
    // One after the other, so that neither start slows the other down (the first creates the admin).
    for (const api of apis) await api.start();
    // Both apis run throughout; one nginx sends to the first only, the other to both.
    const proxyOne = await Nginx.start({ upstreams: [ports[0]], maxBodyBytes: 1 << 20 });
    proxies.push(proxyOne);
    const proxyTwo = await Nginx.start({ upstreams: ports, maxBodyBytes: 1 << 20 });
    proxies.push(proxyTwo);
    const { path, token } = await seed(proxyOne.url, db);
    const headers = { authorization: `Bearer ${token}` };

    /** One round: SECONDS of load on `url`, with the CPU each part of the machine used meanwhile. */
    const round = async (url: string): Promise<Round> => {
      const started = {
        at: Date.now(),
        apis: apis.map((a) => cpuSeconds(a.pid)),
        generator: process.cpuUsage(),
        machine: machineBusySeconds(),
      };
      const load = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: SECONDS, headers });
      const wall = (Date.now() - started.at) / 1000;
      if (load.non2xx > 0 || load.errors > 0 || load.timeouts > 0) {
        throw new Error(`${load.non2xx} non-2xx answers, ${load.errors} errors, ${load.timeouts} timeouts`);
      }
      return {
        load,
        perSecond: load.requests.total / load.duration,
        apiCores: apis.map((a, i) => (cpuSeconds(a.pid) - started.apis[i]) / wall),
        generatorCores: Object.values(process.cpuUsage(started.generator)).reduce((x, y) => x + y, 0) / 1e6 / wall,
        machineCores: (machineBusySeconds() - started.machine) / wall,
      };
    };
    const queues = settings.redisUrl ? 'Redis' : 'PostgreSQL';
    process.stdout.write(
      `\nGET ${path.replace(/[0-9a-f-]{36}/, ':id')} (${FINDINGS} findings) for ${SECONDS} s a round over ` +
        `${CONNECTIONS} connections; nginx, the apis, PostgreSQL (${queues} queues) and the load generator share this machine\n`,
    );
    const loadBefore = loadavg()[0];
    // Interleaved as harness.compare() does (the order flips each round), after a warm-up round of each; the figure
    // is autocannon's own count over its own clock, so a round's length does not have to be timed here.
    const one: Round[] = [];
    const two: Round[] = [];
    await round(proxyOne.url);
    await round(proxyTwo.url);
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        one.push(await round(proxyOne.url));
        two.push(await round(proxyTwo.url));
      } else {
        two.push(await round(proxyTwo.url));
        one.push(await round(proxyOne.url));
      }
    }
    const msPer1000 = (rounds: Round[]): number[] => rounds.map((r) => 1e6 / r.perSecond);
    const result: Comparison = {
      title: `Authenticated reads through nginx, ms per 1000 requests (lower is better)`,
      subject: { name: '2 api processes', samples: msPer1000(two) },
      baseline: { name: '1 api process', samples: msPer1000(one) },
      ratio: median(msPer1000(two)) / median(msPer1000(one)),
    };
    print(result);
    const of = (rounds: Round[], pick: (r: Round) => number): number => median(rounds.map(pick));
    const describe = (rounds: Round[], apiCount: number): string =>
      `${of(rounds, (r) => r.perSecond).toFixed(0)} req/s, p99 ${of(rounds, (r) => r.load.latency.p99)} ms; ` +
      `cores busy: api ${[...Array(apiCount).keys()].map((i) => of(rounds, (r) => r.apiCores[i]).toFixed(2)).join(' + ')}, ` +
      `load generator ${of(rounds, (r) => r.generatorCores).toFixed(2)}, ` +
      `whole machine ${of(rounds, (r) => r.machineCores).toFixed(2)} of ${cpus().length}`;
    process.stdout.write(
      `  1 api process:   ${describe(one, 1)}\n  2 api processes: ${describe(two, 2)}\n` +
        `  throughput from one api process to two: ${(1 / result.ratio).toFixed(2)}x ` +
        `(load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after)\n`,
    );
    return result;
  } finally {
    for (const proxy of proxies) await proxy.stop();
    await Promise.all(apis.map((api) => api.stop()));
    if (settings.redisUrl) await forgetQueues(settings.redisUrl, defaultPrefix(db.url));
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
