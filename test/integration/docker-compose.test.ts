/**
 * Docker cannot run on gongkai's development and CI machines, so the
 * production-like stack is checked by reading it: docker-compose.yml parsed
 * with `yaml`, the Dockerfile and .dockerignore as text. What a broken edit
 * would most likely get wrong is checked: a floating image tag, a service
 * started before what it needs, a variable the API does not read, a port that
 * does not match.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { API_ENV_VARS } from '@gongkai/config/api-config';

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  restart?: string;
  init?: boolean;
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

/** Compose interpolation as it would happen with no .env: `${VAR:-default}` → default. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_m, _name, fallback: string) => fallback);
}

function env(service: string): Record<string, string> {
  const vars = services[service].environment;
  if (!vars || Array.isArray(vars)) throw new Error(`${service}: environment must be a map`);
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, interpolate(String(v))]));
}

function script(service: string): string {
  const command = services[service].command;
  return Array.isArray(command) ? command.join('\n') : String(command);
}

/** Container ports published by a service: "127.0.0.1:5432:5432" → 5432. */
function containerPorts(service: string): number[] {
  return (services[service].ports ?? []).map((p) => Number(String(p).split(':').pop()));
}

const ONE_SHOT = ['temporal-schema', 'temporal-admin-tools'];
const LONG_RUNNING = ['postgres', 'temporal', 'temporal-ui', 'api', 'worker'];

describe('docker-compose.yml', () => {
  it('has exactly the services of the stack', () => {
    expect(Object.keys(services).sort()).toEqual([...ONE_SHOT, ...LONG_RUNNING].sort());
  });

  it('pins every image to an explicit version', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[a-z0-9./-]+:\d+\.\d+(\.\d+)?[\w.-]*$/) });
      expect(service.image).not.toMatch(/latest|\$/);
    }
  });

  it('runs PostgreSQL 16 and one Temporal version for server and admin tools', () => {
    expect(services.postgres.image).toMatch(/^postgres:16\.\d+/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    const serverVersion = services.temporal.image?.split(':')[1];
    // admin-tools ships the schema files of its own server version.
    for (const job of ONE_SHOT) expect(services[job].image).toBe(`temporalio/admin-tools:${serverVersion}`);
  });

  it('builds api and worker from the root Dockerfile, tagged with the package version', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(services[name].image).toBe(`gongkai:${pkg.version}`);
      expect(services[name].init).toBe(true);
    }
    expect(services.api.command).toEqual(['npm', 'run', 'start:api']);
    expect(services.worker.command).toEqual(['npm', 'run', 'start:worker']);
    expect(pkg.scripts['start:api']).toContain('apps/api/src/main.ts');
    expect(pkg.scripts['start:worker']).toContain('apps/worker/src/main.ts');
  });

  it('points api and worker at the postgres service and the gongkai database', () => {
    const db = env('postgres');
    for (const name of ['api', 'worker']) {
      const url = new URL(env(name).DATABASE_URL);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.port).toBe('5432');
      expect(url.username).toBe(db.POSTGRES_USER);
      expect(url.password).toBe(db.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
    }
    // One secret for every user of the database: changing it in .env changes it everywhere.
    const raw = services.api.environment?.DATABASE_URL;
    expect(raw).toContain(String(services.postgres.environment?.POSTGRES_PASSWORD));
  });

  it('wires Temporal to the postgres service and api, worker, UI and admin tools to temporal:7233', () => {
    const db = env('postgres');
    expect(env('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', POSTGRES_USER: db.POSTGRES_USER, POSTGRES_PWD: db.POSTGRES_PASSWORD });
    expect(env('temporal-schema')).toMatchObject({ SQL_HOST: 'postgres', SQL_USER: db.POSTGRES_USER, SQL_PASSWORD: db.POSTGRES_PASSWORD });
    expect(containerPorts('temporal')).toContain(7233);
    for (const name of ['api', 'worker', 'temporal-ui', 'temporal-admin-tools']) expect(env(name).TEMPORAL_ADDRESS).toBe('temporal:7233');
    for (const name of ['api', 'worker']) expect(env(name).TEMPORAL_NAMESPACE).toBe(env('temporal-admin-tools').TEMPORAL_NAMESPACE);
  });

  it('gives the API only variables it reads, listening on all interfaces on its published port', () => {
    const known = new Set<string>(API_ENV_VARS.map((v) => v.name));
    const unknown = Object.keys(env('api')).filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
    expect(env('api').HOST).toBe('0.0.0.0');
    expect(containerPorts('api')).toEqual([Number(env('api').PORT)]);
  });

  it('publishes the API on 3000, Temporal on 7233, the UI on 8080 and PostgreSQL on loopback only', () => {
    expect(services.api.ports).toEqual(['3000:3000']);
    expect(services.temporal.ports).toEqual(['7233:7233']);
    expect(services['temporal-ui'].ports).toEqual(['8080:8080']);
    expect(services.postgres.ports).toEqual(['127.0.0.1:5432:5432']);
    for (const name of [...ONE_SHOT, 'worker']) expect(services[name].ports).toBeUndefined();
  });

  it('health-checks postgres, temporal and the API readiness endpoint', () => {
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services.temporal.healthcheck?.test.join(' ')).toContain('7233');
    const apiCheck = services.api.healthcheck?.test.join(' ') ?? '';
    expect(apiCheck).toContain(`http://127.0.0.1:${env('api').PORT}/readyz`);
  });

  it('starts each service only after what it needs', () => {
    const conditions = Object.fromEntries(
      Object.entries(services).map(([name, s]) => [
        name,
        Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([dep, d]) => [dep, d.condition])),
      ]),
    );
    expect(conditions).toEqual({
      postgres: {},
      'temporal-schema': { postgres: 'service_healthy' },
      temporal: { 'temporal-schema': 'service_completed_successfully' },
      'temporal-admin-tools': { temporal: 'service_healthy' },
      'temporal-ui': { 'temporal-admin-tools': 'service_completed_successfully' },
      api: { postgres: 'service_healthy', 'temporal-admin-tools': 'service_completed_successfully' },
      worker: { api: 'service_healthy', 'temporal-admin-tools': 'service_completed_successfully' },
    });
  });

  it('waits only on conditions the dependency can reach', () => {
    for (const service of Object.values(services)) {
      for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
        if (condition === 'service_healthy') expect({ dep, healthcheck: !!services[dep].healthcheck }).toEqual({ dep, healthcheck: true });
        if (condition === 'service_completed_successfully') expect({ dep, oneShot: ONE_SHOT.includes(dep) }).toEqual({ dep, oneShot: true });
      }
    }
    for (const job of ONE_SHOT) expect(services[job].restart).toMatch(/^on-failure/);
    for (const name of LONG_RUNNING) expect(services[name].restart).toBe('unless-stopped');
  });

  it('sets up both Temporal schemas in the schema job', () => {
    const text = script('temporal-schema');
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(text).toMatch(new RegExp(`--db ${db} setup-schema -v 0\\.0`));
      expect(text).toMatch(new RegExp(`--db ${db} update-schema -d`));
    }
    expect(text).toContain('/etc/temporal/schema/postgresql/v12');
  });

  it("creates the namespace and registers gongkai's search attributes", () => {
    const text = script('temporal-admin-tools');
    expect(text).toContain('temporal operator namespace create -n "$$ns"');
    expect(text).toContain('temporal operator search-attribute create');
    const pairs = /for pair in ([^;]+);/.exec(text)?.[1].trim().split(/\s+/);
    expect(pairs).toEqual(['GongkaiItemId:Keyword', 'GongkaiStage:Keyword', 'GongkaiDepartment:Keyword', 'GongkaiDueAt:Datetime']);
  });

  it('escapes shell variables in scripts so Compose does not interpolate them', () => {
    for (const job of ONE_SHOT) {
      const unescaped = script(job).match(/(?<!\$)\$(?!\$)[{(A-Za-z_@]/g);
      expect({ job, unescaped }).toEqual({ job, unescaped: null });
    }
  });

  it('keeps the database in a named volume', () => {
    expect(services.postgres).toMatchObject({ volumes: ['postgres-data:/var/lib/postgresql/data'] });
    expect(compose.volumes).toHaveProperty('postgres-data');
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds on Node 20 with npm ci from the lockfile and runs unprivileged', () => {
    expect(instructions[0]).toMatch(/^FROM node:20(\.\d+)*-[\w-]+$/);
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN npm ci\b/));
    // @swc/core, which runs the TypeScript, is a devDependency.
    expect(instructions.join('\n')).not.toMatch(/NODE_ENV=production|--omit=dev|--production/);
    expect(instructions.find((l) => l.startsWith('USER'))).toBe('USER node');
    expect(instructions.at(-1)).toBe('CMD ["npm", "run", "start:api"]');
  });

  it('keeps dependencies, git history and local data out of the build context', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', '.gongkai']));
    for (const needed of ['apps', 'libs', 'workflows', 'activities', 'scripts', 'package.json', 'package-lock.json', '.swcrc']) {
      expect(ignored).not.toContain(needed);
    }
  });
});
