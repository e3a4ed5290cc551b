/**
 * The whole of gongkai for e2e tests: the embedded engine (own schema), the
 * worker on the bundled workflows, and the API on a free port — all on the
 * run's shared PostgreSQL with the demo organisation seeded. Tests talk to it
 * through real HTTP only.
 *
 * Several test files run at once against the same demo organisation, so a
 * test must only look at the items it created (filter by id), never at totals.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/api-app';
import { ActorSigner } from '@gongkai/persistence';
import { signToken } from '../../apps/api/src/auth/tokens';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config';
import { registerSearchAttributes } from '../../apps/launcher/src/search-attributes';
import { createGongkaiWorker, installWorkerRuntime, runWorker, type RunningWorker } from '../../apps/worker/src/gongkai-worker';
import { GONGKAI_SEARCH_ATTRIBUTES } from '@gongkai/contracts';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource, testDatabaseUrl } from './database';
import { spawnTs } from './processes';
import { startTestTemporal, workflowBundlePath, type TestTemporal, type TestTemporalOptions } from './temporal';

export type DemoUsername = 'zhangwei' | 'liuyang' | 'lina' | 'sunli' | 'zhoutao' | 'wangqiang' | 'chenjun' | 'zhaomin' | 'qianli';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  /** A demo user (their token is used), a raw token, or none. */
  as?: DemoUsername;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RunningGongkai {
  baseUrl: string;
  dataSource: DataSource;
  temporal: TestTemporal;
  /** The HS256 secret the API verifies with. */
  secret: string;
  tokenOf(user: DemoUsername): string;
  request<T = Record<string, unknown>>(method: string, urlPath: string, options?: RequestOptions): Promise<HttpResult<T>>;
  /** Stops the worker (workflows wait, as after a crash of the worker process)… */
  stopWorker(): Promise<void>;
  /** …and starts a fresh one on the same task queue. */
  startWorker(): Promise<void>;
  /** With `workerInChildProcess`: SIGKILL the worker process (in-flight activities die with it); startWorker() spawns a new one. */
  killWorker?: () => Promise<void>;
  stop(): Promise<void>;
}

export interface GongkaiAppOptions extends TestTemporalOptions {
  /** API variables merged over the ones set here (e.g. small rate limits for a test). */
  env?: Record<string, string>;
  /** Run the worker as its own process (`npm run start:worker`), so a test can SIGKILL it. */
  workerInChildProcess?: boolean;
}

export async function startGongkaiApp(options: GongkaiAppOptions = {}): Promise<RunningGongkai> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    // The engine requires an API key, as an installation's does: the app's path is the production path.
    const temporal = await startTestTemporal({ apiKey: true, ...options });
    stops.push(() => temporal.stop());
    const dataSource = await openTestDataSource();
    stops.push(() => dataSource.destroy());
    await seedDemoOrganisation(dataSource);

    const connection = await Connection.connect({ address: temporal.address, apiKey: temporal.apiKey, tls: temporal.tls });
    stops.push(() => connection.close());
    await registerSearchAttributes(connection, temporal.namespace, GONGKAI_SEARCH_ATTRIBUTES);

    // The installation's home: the API signs actors with the key kept here, the worker confirms its public half.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-home-'));
    stops.push(async () => fs.rmSync(home, { recursive: true, force: true }));

    const secret = `e2e-secret-${Math.random().toString(36).slice(2)}-${Date.now()}-padding`;

    /** What the app needs of a worker, in this process or another. */
    let newWorker: () => Promise<Pick<RunningWorker, 'stop'>>;
    let killWorker: (() => Promise<void>) | undefined;
    if (options.workerInChildProcess) {
      const child = childWorker({ home, secret, temporal });
      newWorker = child.start;
      killWorker = child.kill;
    } else {
      installWorkerRuntime('warn');
      const nativeConnection = await NativeConnection.connect({ address: temporal.address, apiKey: temporal.apiKey, tls: temporal.tls });
      stops.push(() => nativeConnection.close());
      newWorker = async () =>
        runWorker(
          await createGongkaiWorker({
            connection: nativeConnection,
            namespace: temporal.namespace,
            dataSource,
            workflowBundlePath: workflowBundlePath('gongkai'),
            actorKey: ActorSigner.forInstallation(home).publicKey,
            // As the launcher runs it in drill mode: activities date things on the engine's clock.
            drillClock: options.env?.GONGKAI_DEV_CLOCK === '1',
          }),
        );
    }
    let worker: Pick<RunningWorker, 'stop'> | undefined = await newWorker();
    stops.push(() => worker?.stop() ?? Promise.resolve());
    const stopWorker = async () => {
      await worker?.stop();
      worker = undefined;
    };
    const startWorker = async () => {
      worker ??= await newWorker();
    };
    const crashWorker = killWorker
      ? async () => {
          await killWorker!();
          worker = undefined;
        }
      : undefined;

    const loaded = loadApiConfig({
      DATABASE_URL: testDatabaseUrl(),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      LOG_LEVEL: process.env.GONGKAI_TEST_LOG_LEVEL ?? 'silent',
      GONGKAI_HOME: home,
      AUTH_JWT_SECRET: secret,
      ...options.env,
    });
    // The API's own Temporal calls (readiness) need the engine's key, as the launcher gives it.
    const config: ApiConfig = {
      ...loaded,
      temporal: { ...loaded.temporal, connection: { ...loaded.temporal.connection, apiKey: temporal.apiKey, tls: temporal.tls } },
    };
    const app: NestFastifyApplication = await createApiApp(config, { dataSource, temporalConnection: connection });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    const { port } = app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;

    const tokens = new Map<string, string>();
    for (const u of DEMO_USERS) {
      tokens.set(u.id, await signToken({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles }, secret, '1h'));
    }
    const tokenOf = (user: DemoUsername) => tokens.get(user)!;

    const request = async <T>(method: string, urlPath: string, opts: RequestOptions = {}): Promise<HttpResult<T>> => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      const token = opts.token ?? (opts.as ? tokenOf(opts.as) : undefined);
      if (token) headers.authorization = `Bearer ${token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}${urlPath}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
    };

    return { baseUrl, dataSource, temporal, secret, tokenOf, request, stopWorker, startWorker, killWorker: crashWorker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The worker as `npm run start:worker` runs it, on the test's engine and
 * database and the installation's home (its actor key is the API's). The first
 * start bundles the workflows into the home's cache (seconds); restarts reuse it.
 */
function childWorker(o: { home: string; secret: string; temporal: TestTemporal }): { start: () => Promise<Pick<RunningWorker, 'stop'>>; kill: () => Promise<void> } {
  let current: ReturnType<typeof spawnTs> | undefined;
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: o.temporal.address,
    TEMPORAL_NAMESPACE: o.temporal.namespace,
    TEMPORAL_API_KEY: o.temporal.apiKey ?? '',
    TEMPORAL_TLS: 'false',
    GONGKAI_HOME: o.home,
    AUTH_JWT_SECRET: o.secret,
    LOG_LEVEL: 'warn',
  };
  const exitOf = (child: ReturnType<typeof spawnTs>) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  const start = async (): Promise<Pick<RunningWorker, 'stop'>> => {
    const child = spawnTs('apps/worker/src/main.ts', env);
    current = child;
    const deadline = Date.now() + 120_000;
    while (!child.output().includes('gongkai worker 已启动')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the worker process did not start: ${child.output().slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      stop: async () => {
        child.kill('SIGTERM');
        await exitOf(child);
      },
    };
  };
  const kill = async () => {
    if (!current) return;
    const child = current;
    current = undefined;
    child.kill('SIGKILL');
    await exitOf(child);
  };
  return { start, kill };
}

// ------------------------------------------------------------------ item helpers

/** What GET /publications/:id answers (the fields tests look at). */
export interface PublicationBody {
  id: string;
  status: string;
  phase: string;
  version: number;
  title: string;
  body: string;
  stage: { level: number; role: string; assignee: string; assigneeName: string } | null;
  decisions: { kind: string; level: number; actorId: string; version: number }[];
  findings: { kind: string; severity: string }[];
  indexNumber: string | null;
  publishedAt: string | null;
  closingReason: string | null;
  live: boolean;
  allowedActions: string[];
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; messages: string[] }[];
}

export const TODAY = new Date().toISOString().slice(0, 10);

/** A clean draft: nothing for screening to find. */
export function draftOf(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '关于开展2026年春季学期中小学安全教育活动的通知',
    body: '各区教育局、各直属学校：\n为切实加强中小学安全教育，现就开展春季学期安全教育活动有关事项通知如下。\n一、活动时间为3月至4月。\n二、各校应结合实际制定方案。',
    category: '工作动态',
    attribute: 'proactive',
    writtenDate: TODAY,
    ...overrides,
  };
}

export const NOT_SECRET = { conclusion: 'not_secret', note: '经审查，不涉及国家秘密和工作秘密' } as const;

/** Creates a draft as `author` and submits it; answers the submitted item (in review unless screening stopped it). */
export async function createAndSubmit(
  gk: RunningGongkai,
  author: DemoUsername,
  overrides: Record<string, unknown> = {},
): Promise<PublicationBody> {
  const created = await gk.request<PublicationBody>('POST', '/publications', { as: author, body: draftOf(overrides) });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await gk.request<PublicationBody>('POST', `/publications/${created.body.id}/submit`, {
    as: author,
    body: { version: 1 },
  });
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return submitted.body;
}

/** Waits until GET /publications/:id satisfies `done` (the workflow moves on asynchronously after some steps). */
export async function waitForItem(
  gk: RunningGongkai,
  id: string,
  as: DemoUsername,
  done: (item: PublicationBody) => boolean,
  timeoutMs = 20_000,
): Promise<PublicationBody> {
  const deadline = Date.now() + timeoutMs;
  let last: HttpResult<PublicationBody> | undefined;
  while (Date.now() < deadline) {
    last = await gk.request<PublicationBody>('GET', `/publications/${id}`, { as });
    if (last.status === 200 && done(last.body)) return last.body;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`item ${id} did not reach the expected state; last: ${last?.status} ${JSON.stringify(last?.body)}`);
}
