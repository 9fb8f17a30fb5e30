// The deployment files (Dockerfile, docker-compose.yml, .dockerignore) checked statically: no Docker engine needed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { parseConfigFileTextToJson } from 'typescript';
import { parse } from 'yaml';
import { configVariables, parseEnvironment } from '../libs/config/src/config.schema';

// From the spec's own path: jest's ESM mode (scripts/test.mjs) has no __dirname.
const root = join(dirname(expect.getState().testPath ?? join(process.cwd(), 'test', 'deploy.spec.ts')), '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

// ---------------------------------------------------------------------------------------------- compose

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  restart?: string;
  ports?: string[];
  volumes?: string[];
  init?: boolean;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const services = compose.services;
const APP_SERVICES = ['api', 'worker'] as const;

/** What an operator provides: the two values the compose file requires. */
const OPERATOR_VARS: Record<string, string> = {
  POSTGRES_PASSWORD: 'e3b0c44298fc1c149afbf4c8996fb924',
  JWT_ACCESS_SECRET: 'a-production-secret-that-is-long-enough-0123456789',
};

/** Compose's variable substitution for the forms it supports: $$, ${V}, ${V:-d}, ${V-d}, ${V:?msg}, ${V?msg}. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (match: string, name?: string, op?: string, arg?: string): string => {
      if (match === '$$') return '$';
      const v = vars[name!];
      const unsetOrEmpty = v === undefined || v === '';
      switch (op) {
        case ':-':
          return unsetOrEmpty ? (arg ?? '') : v;
        case '-':
          return v === undefined ? (arg ?? '') : v;
        case ':?':
        case '?':
          if (op === ':?' ? unsetOrEmpty : v === undefined) throw new Error(`required variable ${name}: ${arg}`);
          return v!;
        default:
          return v ?? '';
      }
    },
  );
}

/** A service's environment as its container sees it, given the operator's variables. */
function containerEnv(service: string, vars: Record<string, string | undefined> = OPERATOR_VARS) {
  const env = services[service].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v ?? ''), vars)]));
}

const words = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);

function dependencies(service: string): Record<string, { condition?: string }> {
  const deps = services[service].depends_on ?? {};
  // The short list form has no condition: it only waits for the container to be created.
  return Array.isArray(deps) ? Object.fromEntries(deps.map((d) => [d, {}])) : deps;
}

/** Every variable EnvironmentSchema declares: scanned from its source, cross-checked with its defaults. */
function schemaVariables(): Set<string> {
  const source = read('libs/config/src/config.schema.ts');
  const body = source.slice(source.indexOf('export class EnvironmentSchema'));
  const classBody = body.slice(0, body.indexOf('\n}\n'));
  const names = [...classBody.matchAll(/^\s+([A-Z][A-Z0-9_]*)[?!]?\s*[:=]/gm)].map((m) => m[1]);
  return new Set(names);
}

// ---------------------------------------------------------------------------------------------- Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  const lines = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n');
  for (const line of lines) {
    const m = /^\s*([A-Za-z]+)\s+(.*\S)\s*$/.exec(line);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const args = m[2];
    if (keyword === 'FROM') {
      const f = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!f) throw new Error(`unreadable FROM: ${args}`);
      stages.push({ from: f[1], name: f[2], instructions: [] });
    } else if (stages.length === 0) {
      const a = /^ARG\s+(\w+)=(\S+)$/.exec(`${keyword} ${args}`);
      if (a) globalArgs[a[1]] = a[2];
    } else {
      stages[stages.length - 1].instructions.push({ keyword, args });
    }
  }
  return { globalArgs, stages };
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const stages = dockerfile.stages;
const runtime = stages[stages.length - 1];
const stageNamed = (name: string): Stage | undefined => stages.find((s) => s.name === name);
const all = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
/** A stage's instructions including those inherited from the stages it is built FROM. */
function lineage(stage: Stage): Instruction[] {
  const parent = stageNamed(stage.from);
  return [...(parent ? lineage(parent) : []), ...stage.instructions];
}
const runs = (stage: Stage, pattern: RegExp): boolean =>
  lineage(stage).some((i) => i.keyword === 'RUN' && pattern.test(i.args));

function runtimeEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(runtime, 'ENV')) for (const m of args.matchAll(/(\w+)=(\S+)/g)) env[m[1]] = m[2];
  return env;
}

function healthcheckScript(): string {
  const [args] = all(runtime, 'HEALTHCHECK');
  const m = /^(?:--\S+\s+)*CMD\s+(\[.*\])$/.exec(args ?? '');
  if (!m) throw new Error(`HEALTHCHECK is not in exec form: ${args}`);
  const cmd = JSON.parse(m[1]) as string[];
  expect(cmd.slice(0, 2)).toEqual(['node', '-e']);
  return cmd[2];
}

// ---------------------------------------------------------------------------------------------- entries

const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, { entryFile: string }> };
const nodeEntry = (script: string): string => {
  const m = /\bnode\s+(\S+\.js)\b/.exec(pkg.scripts[script] ?? '');
  if (!m) throw new Error(`npm script ${script} does not run node on a .js file`);
  return m[1];
};

function tsconfig(file: string): { extends?: string; compilerOptions?: { outDir?: string; rootDir?: string } } {
  const { config, error } = parseConfigFileTextToJson(file, read(file));
  if (error) throw new Error(`${file} does not parse`);
  return config as { extends?: string; compilerOptions?: { outDir?: string; rootDir?: string } };
}

describe('deployment: docker-compose.yml', () => {
  it('runs postgres, redis, the api and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
  });

  it.each(APP_SERVICES)('points the %s at the postgres service with the credentials postgres is created with', (s) => {
    const pg = containerEnv('postgres');
    const url = new URL(containerEnv(s).DATABASE_URL);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(services[url.hostname]).toBeDefined();
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
  });

  it.each(APP_SERVICES)('points the %s at the redis service', (s) => {
    const url = new URL(containerEnv(s).REDIS_URL);
    expect(url.protocol).toBe('redis:');
    expect(url.hostname).toBe('redis');
    expect(services[url.hostname]).toBeDefined();
    expect(['', '6379']).toContain(url.port);
  });

  it.each(APP_SERVICES)('refuses to start the %s without JWT_ACCESS_SECRET or POSTGRES_PASSWORD', (s) => {
    expect(String(services[s].environment?.JWT_ACCESS_SECRET)).toMatch(/^\$\{JWT_ACCESS_SECRET:\?[^}]+\}$/);
    for (const name of ['JWT_ACCESS_SECRET', 'POSTGRES_PASSWORD']) {
      const withEmpty = { ...OPERATOR_VARS, [name]: '' };
      expect(() => containerEnv(s, withEmpty)).toThrow(new RegExp(`required variable ${name}`));
      const { [name]: _omitted, ...without } = OPERATOR_VARS;
      expect(() => containerEnv(s, without)).toThrow(new RegExp(`required variable ${name}`));
    }
  });

  it('sets for the api and the worker only variables that EnvironmentSchema declares', () => {
    const declared = schemaVariables();
    // Every property the schema class declares is one that parseEnvironment reads (none is silently ignored).
    expect([...declared].sort()).toEqual(configVariables().sort());
    for (const s of APP_SERVICES) {
      const undeclared = Object.keys(services[s].environment ?? {}).filter((name) => !declared.has(name));
      expect({ service: s, undeclared }).toEqual({ service: s, undeclared: [] });
    }
  });

  it.each(APP_SERVICES)('gives the %s a production configuration that passes validation', (s) => {
    const config = parseEnvironment({ ...runtimeEnv(), ...containerEnv(s) });
    expect(config.NODE_ENV).toBe('production');
    expect(config.DATABASE_URL).toBeDefined();
    expect(config.REDIS_URL).toBeDefined();
    expect(config.DATA_DIR).toBe('/app/data');
  });

  it('makes the api listen on all interfaces, on the port it publishes and health-checks', () => {
    const config = parseEnvironment({ ...runtimeEnv(), ...containerEnv('api') });
    expect(config.HOST).toBe('0.0.0.0');
    expect(services.api.ports).toEqual([`${config.PORT}:${config.PORT}`]);
    expect(all(runtime, 'EXPOSE')).toEqual([String(config.PORT)]);
  });

  it('publishes only the api: PostgreSQL and Redis stay on the internal network', () => {
    expect(services.postgres.ports).toBeUndefined();
    expect(services.redis.ports).toBeUndefined();
    expect(services.worker.ports).toBeUndefined();
  });

  it('health-checks postgres with pg_isready over TCP and redis with redis-cli ping', () => {
    const pg = words(services.postgres.healthcheck?.test);
    expect(pg).toContain('pg_isready');
    expect(pg[pg.indexOf('-h') + 1]).toBe('127.0.0.1');
    expect(words(services.redis.healthcheck?.test).join(' ')).toMatch(/redis-cli ping/);
  });

  it('health-checks the api with the same /api/v1/health probe as the image', () => {
    const test = words(services.api.healthcheck?.test);
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toBe(healthcheckScript());
  });

  it('disables the inherited HTTP health check for the worker (no port) and relies on its restart policy', () => {
    expect(services.worker.healthcheck).toEqual({ disable: true });
    expect(services.worker.restart).toBe('unless-stopped');
  });

  it('health-checks every service that another service waits for', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'worker') continue;
      expect({ name, disabled: service.healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
      expect({ name, test: words(service.healthcheck?.test).length > 1 }).toEqual({ name, test: true });
    }
  });

  it('starts every service only once the services it depends on report healthy', () => {
    expect(Object.keys(dependencies('api')).sort()).toEqual(['postgres', 'redis']);
    // The api applies the migrations at boot, so the worker waits for it too.
    expect(Object.keys(dependencies('worker')).sort()).toEqual(['api', 'postgres', 'redis']);
    for (const name of Object.keys(services)) {
      for (const [dep, { condition }] of Object.entries(dependencies(name))) {
        expect({ name, dep, condition }).toEqual({ name, dep, condition: 'service_healthy' });
        expect(services[dep].healthcheck?.disable).not.toBe(true);
      }
    }
  });

  it('runs redis with append-only persistence and no eviction, as BullMQ requires', () => {
    const command = words(services.redis.command);
    expect(command[0]).toBe('redis-server');
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
    expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
  });

  it('keeps PostgreSQL, Redis and DATA_DIR in declared named volumes shared by the api and the worker', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const mounts = (s: string): Record<string, string> =>
      Object.fromEntries((services[s].volumes ?? []).map((v) => v.split(':').slice(0, 2).reverse()));
    expect(declared).toContain(mounts('postgres')['/var/lib/postgresql/data']);
    expect(declared).toContain(mounts('redis')['/data']);
    for (const s of APP_SERVICES) {
      const dataDir = containerEnv(s).DATA_DIR;
      expect(dataDir).toBe('/app/data');
      expect(declared).toContain(mounts(s)[dataDir]);
      expect(mounts(s)[dataDir]).toBe(mounts('api')[dataDir]);
    }
  });

  it('restarts the api and the worker unless stopped, with an init process forwarding SIGTERM to node', () => {
    for (const s of APP_SERVICES) {
      expect(services[s].restart).toBe('unless-stopped');
      expect(services[s].init).toBe(true);
    }
  });

  it('runs the worker from the api image with the entry that npm run start:worker runs', () => {
    expect(services.worker.image).toBe(services.api.image);
    expect(services.worker.build).toEqual(services.api.build);
    expect(words(services.worker.command)).toEqual(['node', nodeEntry('start:worker')]);
    expect(services.api.command).toBeUndefined();
  });
});

describe('deployment: Dockerfile', () => {
  it('builds in at least two named stages, all from node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const stage of stages) {
      expect(stage.name).toMatch(/^[a-z][a-z0-9-]*$/);
      const base = stage.from.replace(/^\$\{?(\w+)\}?$/, (_m, arg: string) => dockerfile.globalArgs[arg] ?? _m);
      if (!names.includes(base)) expect(base).toBe('node:20-bookworm-slim');
      names.push(stage.name!);
    }
  });

  it('installs dependencies with npm ci from the manifests alone, before any source is copied', () => {
    const installers = stages.filter((s) =>
      s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)),
    );
    expect(installers.length).toBeGreaterThan(0);
    for (const stage of installers) {
      const at = stage.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      const copied = stage.instructions.slice(0, at).filter((i) => i.keyword === 'COPY');
      expect(copied.map((i) => i.args)).toEqual(['package.json package-lock.json ./']);
    }
  });

  it('compiles with npm run build and ships its dist/ and production-only node_modules', () => {
    const from = (path: string): Stage => {
      const copy = all(runtime, 'COPY').find((a) => new RegExp(`^--from=\\S+\\s+/app/${path}\\s`).test(a));
      if (!copy) throw new Error(`the runtime stage copies no /app/${path}`);
      return stageNamed(/^--from=(\S+)/.exec(copy)![1])!;
    };
    expect(runs(from('dist'), /\bnpm run build\b/)).toBe(true);
    const deps = from('node_modules');
    expect(deps.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci --omit=dev\b/.test(i.args))).toBe(true);
    expect(runs(deps, /\bnpm ci(?! --omit=dev)\b/)).toBe(false);
    // Nothing in the runtime stage installs packages or brings in sources.
    expect(all(runtime, 'RUN').join('\n')).not.toMatch(/\bnpm\b|apt-get/);
    expect(all(runtime, 'COPY').join('\n')).not.toMatch(/\b(apps|libs|migrations)\b/);
  });

  it('ships the demo data and its sources, which the seed command reads from ./seeds', () => {
    expect(all(runtime, 'COPY')).toContain('seeds ./seeds');
    expect(existsSync(join(root, 'seeds', 'isssteson-review.json'))).toBe(true);
  });

  it('uses npm 11 in the install stages so package.json allowScripts is honoured', () => {
    for (const stage of stages.filter((s) => runs(s, /\bnpm ci\b/))) {
      expect(runs(stage, /\bnpm install -g npm@(\$\{NPM_VERSION\}|11\b)/)).toBe(true);
    }
    const version = stages.flatMap((s) => all(s, 'ARG')).find((a) => a.startsWith('NPM_VERSION='));
    expect(version).toMatch(/^NPM_VERSION=11\./);
  });

  it('runs as the non-root node user in production mode', () => {
    const users = all(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).toBe('node');
    expect(runtimeEnv()).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '3000' });
  });

  it('lets the node user write DATA_DIR, which the compose volume is mounted on', () => {
    const dataDir = runtimeEnv().DATA_DIR;
    expect(dataDir).toBe('/app/data');
    expect(all(runtime, 'RUN').join('\n')).toMatch(new RegExp(`chown node:node ${dataDir}\\b`));
  });

  it('starts the api entry that npm start runs and nest build emits', () => {
    const cmd = JSON.parse(all(runtime, 'CMD').at(-1) ?? 'null') as string[];
    expect(cmd).toEqual(['node', nodeEntry('start')]);
  });

  it('names api and worker entries that nest build writes, from sources that exist', () => {
    const base = tsconfig('tsconfig.json').compilerOptions ?? {};
    const build = tsconfig('tsconfig.build.json');
    expect(build.extends).toBe('./tsconfig.json');
    const outDir = build.compilerOptions?.outDir ?? base.outDir;
    const rootDir = build.compilerOptions?.rootDir ?? base.rootDir;
    expect(rootDir).toBe('.');
    for (const [project, script] of [
      ['api', 'start'],
      ['worker', 'start:worker'],
    ]) {
      const { entryFile } = nestCli.projects[project];
      expect(nodeEntry(script)).toBe(`${outDir}/${entryFile}.js`);
      expect(existsSync(join(root, `${entryFile}.ts`))).toBe(true);
    }
  });

  it('health-checks the api with node fetch against /api/v1/health, failing on any non-2xx or error', () => {
    const script = healthcheckScript();
    expect(() => new Script(script)).not.toThrow();
    expect(script).toMatch(
      /fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.PORT \|\| 3000\) \+ '\/api\/v1\/health'/,
    );
    expect(script).toContain('process.exit(r.ok ? 0 : 1)');
    expect(script).toContain('() => process.exit(1)');
  });
});

describe('deployment: .dockerignore', () => {
  it('keeps dependencies, build output, local data, history, logs and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'dist', 'data', '.git', 'coverage', '.jest', '*.log', '.env']),
    );
  });
});
