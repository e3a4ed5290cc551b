/**
 * Publication review through HTTP, on the whole app booted the way `npm start`
 * boots it: embedded PostgreSQL with its durable defaults (fsync and
 * synchronous_commit on) in a temporary folder, migrations, the demo
 * organisation, the embedded Temporal engine in-process, the worker on the
 * bundled workflows, and the API on a free port. Targets from issue 5: report
 * the approve round trip (p50/p99); inbox and list latency with 100,000 items in
 * the read model, p95 ≤ 30 ms. Prints figures; asserts nothing.
 *
 *   npm run bench:publication
 *   npm run bench:publication -- --approvals 200 --concurrency 10 --items 100000 --requests 200
 *   npm run bench:publication -- --hold        keep everything running at the end (prints the database URL)
 *   npm run bench:publication -- --profile DIR  CPU profiles of the sequential approvals (DIR/*.cpuprofile) and where their time went
 *
 * (a) POST /publications/:id/approve → 200: the update round trip including the
 *     projection activities it waits for. Level-1 approvals (next level
 *     assigned) and level-2 approvals of a 工作动态 (publishes: index number,
 *     catalogue entry) one at a time, then level-1 approvals with C in flight,
 *     and once more one at a time after the read model holds the 100,000 items.
 * (b) GET /tasks and GET /publications (no filter; status, department,
 *     category, overdue, text; a combination; a deep page) as an author, a
 *     科室负责人, a 分管领导, the 主要负责人 and 政务公开办, with the read model
 *     filled by bench/support/publication-read-model.ts. Sequential requests
 *     after a warm-up; p50/p95/p99.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { Pool } from 'pg';
import { ActorSigner } from '@gongkai/persistence';
import { createApiApp } from '../apps/api/src/api-app';
import { signToken, type TokenUser } from '../apps/api/src/auth/tokens';
import { loadApiConfig } from '../apps/api/src/config';
import { registerSearchAttributes } from '../apps/launcher/src/search-attributes';
import { createGongkaiWorker, installWorkerRuntime, runWorker } from '../apps/worker/src/gongkai-worker';
import { workflowBundlePath } from '../apps/worker/src/workflow-bundle';
import { GONGKAI_SEARCH_ATTRIBUTES } from '@gongkai/contracts';
import { startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { createDataSource, runMigrations } from '@gongkai/persistence/data-source';
import { startEmbeddedPostgres } from '@gongkai/persistence/embedded-postgres';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { BENCH_USERS, durableCommitMs, fillReadModel } from './support/publication-read-model';
import { profiled, profileLines } from './support/cpu-profile';
import { inParallel, percentile, say } from './support/figures';

interface Options {
  approvals: number;
  concurrency: number;
  items: number;
  requests: number;
  hold: boolean;
  profile?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { approvals: 200, concurrency: 10, items: 100_000, requests: 200, hold: false };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${argv[i - 1]} needs a positive whole number`);
      return v;
    };
    switch (argv[i]) {
      case '--approvals': o.approvals = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      case '--items': o.items = n(); break;
      case '--requests': o.requests = n(); break;
      case '--hold': o.hold = true; break;
      case '--profile': {
        const dir = argv[++i];
        if (!dir) throw new Error('--profile needs a folder for the .cpuprofile files');
        o.profile = path.resolve(dir);
        break;
      }
      default: throw new Error(`unknown option ${argv[i]} (--approvals N --concurrency C --items N --requests N --hold --profile DIR)`);
    }
  }
  return o;
}

// ------------------------------------------------------------------ figures

const TARGET_MS = 30;

function line(label: string, samples: number[], ps: number[], note = ''): string {
  const s = [...samples].sort((a, b) => a - b);
  const cols = ps.map((p) => `p${p} ${percentile(s, p).toFixed(1).padStart(6)} ms`).join('   ');
  return `  ${label.padEnd(52)} ${cols}   (n=${s.length})${note ? `  ${note}` : ''}`;
}

// ------------------------------------------------------------------ HTTP

interface Http {
  call(method: string, urlPath: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; ms: number }>;
}

function http(baseUrl: string): Http {
  return {
    async call(method, urlPath, token, body) {
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms };
    },
  };
}

async function must(api: Http, method: string, urlPath: string, token: string, body: unknown, status: number) {
  const res = await api.call(method, urlPath, token, body);
  if (res.status !== status) throw new Error(`${method} ${urlPath}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

const NOT_SECRET = { conclusion: 'not_secret', note: '经审查，不涉及国家秘密和工作秘密' };

/** Drafts and submits `n` 工作动态 items as 张伟 (they wait at level 1 for 李娜). */
async function itemsInReview(api: Http, author: string, n: number, tag: string): Promise<{ ids: string[]; create: number[]; submit: number[] }> {
  const ids: string[] = [];
  const create: number[] = [];
  const submit: number[] = [];
  await inParallel(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const created = await must(
        api,
        'POST',
        '/publications',
        author,
        {
          title: `基础教育科工作动态（${tag}第${i + 1}期）`,
          body: '各区教育局、各直属学校：\n本周基础教育科围绕春季开学工作开展督导检查，现将有关情况通报如下。\n一、开学准备总体有序。\n二、校舍安全排查已完成。',
          category: '工作动态',
          attribute: 'proactive',
          writtenDate: new Date().toISOString().slice(0, 10),
        },
        201,
      );
      create.push(created.ms);
      const id = created.body.id as string;
      const submitted = await must(api, 'POST', `/publications/${id}/submit`, author, { version: 1 }, 200);
      submit.push(submitted.ms);
      if (submitted.body.status !== 'in_review') throw new Error(`item ${id} not in review after submit: ${JSON.stringify(submitted.body)}`);
      ids.push(id);
    },
  );
  return { ids, create, submit };
}

async function approveAll(api: Http, ids: string[], token: string, level: number, concurrency: number): Promise<{ ms: number[]; wallMs: number }> {
  const ms: number[] = [];
  const t0 = performance.now();
  await inParallel(ids, concurrency, async (id) => {
    const body = level === 1 ? { version: 1, comment: '同意', confidentiality: NOT_SECRET } : { version: 1, comment: '同意发布' };
    const res = await must(api, 'POST', `/publications/${id}/approve`, token, body, 200);
    ms.push(res.ms);
  });
  return { ms, wallMs: performance.now() - t0 };
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => say(`stop: ${(err as Error).message}`));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-publication-'));
  fs.chmodSync(home, 0o755);
  stops.push(async () => fs.rmSync(home, { recursive: true, force: true }));
  try {
    say(`publication bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    const t0 = performance.now();
    // Durable defaults, as the launcher runs it (no `fast`).
    const pg = await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres') });
    stops.push(() => pg.stop());
    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url);
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    await seedDemoOrganisation(dataSource);

    const engine = await startEmbeddedTemporal({ databaseUrl: pg.url, schema: 'temporal' });
    stops.push(() => engine.stop());
    const connection = await Connection.connect({ address: engine.address });
    stops.push(() => connection.close());
    await registerSearchAttributes(connection, 'default', GONGKAI_SEARCH_ATTRIBUTES);

    installWorkerRuntime('warn');
    const nativeConnection = await NativeConnection.connect({ address: engine.address });
    stops.push(() => nativeConnection.close());
    const worker = runWorker(
      await createGongkaiWorker({
        connection: nativeConnection,
        namespace: 'default',
        dataSource,
        workflowBundlePath: await workflowBundlePath(path.join(home, 'cache')),
        actorKey: ActorSigner.forInstallation(home).publicKey,
      }),
    );
    stops.push(() => worker.stop());

    const secret = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}-secret-padding`;
    const config = loadApiConfig({
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: engine.address,
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: 'silent',
      GONGKAI_HOME: home,
      AUTH_JWT_SECRET: secret,
    });
    const app = await createApiApp(config, { dataSource, temporalConnection: connection });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const api = http(baseUrl);
    say(`booted in ${((performance.now() - t0) / 1000).toFixed(1)} s: PostgreSQL (durable) ${pg.url.replace(/:[^:@/]+@/, ':***@')}, engine ${engine.address}, API ${baseUrl}`);

    const token = async (u: TokenUser) => signToken(u, secret, '2h');
    const demo = async (username: string) => {
      const u = DEMO_USERS.find((d) => d.id === username)!;
      return token({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles });
    };
    // The superuser: the bulk load ends with CHECKPOINT, which the app role may not run.
    const pool = new Pool({ connectionString: pg.adminUrl, max: 2 });
    stops.push(() => pool.end());
    say(`one durable commit (autocommit single-row INSERT, median): ${(await durableCommitMs(pool)).toFixed(2)} ms`);
    const [zhangwei, lina, wangqiang, chenjun, zhaomin] = await Promise.all(['zhangwei', 'lina', 'wangqiang', 'chenjun', 'zhaomin'].map(demo));

    // ------------------------------------------------------------ (a) approve
    say();
    say(`(a) approve round trip — POST /publications/:id/approve → 200 (${options.approvals} approvals per row)`);
    const n = options.approvals;
    const warm = await itemsInReview(api, zhangwei, 10, '预热');
    await approveAll(api, warm.ids, lina, 1, 1);
    const light = await itemsInReview(api, zhangwei, n, '甲');
    const loaded = await itemsInReview(api, zhangwei, n, '乙');
    say(line('create POST /publications (8 in flight)', [...light.create, ...loaded.create], [50, 99]));
    say(line('submit (screening, level 1 assigned; 8 in flight)', [...light.submit, ...loaded.submit], [50, 99]));
    const sequential = async (name: string, run: () => ReturnType<typeof approveAll>) => {
      if (!options.profile) return run();
      const { result, summary, file } = await profiled(options.profile, name, run);
      say(`  ${name}: CPU profile ${file}; where the wall time went (self time per approval, share of the phase):`);
      for (const text of profileLines(summary, result.ms.length)) say(text);
      return result;
    };
    const l1 = await sequential('approve-level-1', () => approveAll(api, light.ids, lina, 1, 1));
    say(line('level 1 approve, sequential (next level assigned)', l1.ms, [50, 95, 99]));
    const l2 = await sequential('approve-level-2', () => approveAll(api, light.ids, wangqiang, 2, 1));
    say(line('level 2 approve, sequential (publishes)', l2.ms, [50, 95, 99]));
    const conc = await approveAll(api, loaded.ids, lina, 1, options.concurrency);
    say(
      line(`level 1 approve, ${options.concurrency} in flight`, conc.ms, [50, 95, 99], `${(conc.ms.length / (conc.wallMs / 1000)).toFixed(0)} approvals/s`),
    );

    // ------------------------------------------------------------ (b) reads
    say();
    say(`(b) read model: inserting ${options.items.toLocaleString('en')} items with SQL …`);
    const summary = await fillReadModel(pool, options.items);
    say(
      `  ${summary.publications.toLocaleString('en')} publications, ${summary.versions.toLocaleString('en')} versions, ` +
        `${summary.tasks.toLocaleString('en')} review tasks (${summary.openTasks} open) in ${summary.seconds.toFixed(1)} s`,
    );
    say(`  by status: ${Object.entries(summary.byStatus).map(([s, c]) => `${s} ${c}`).join(', ')}`);
    say(`  open tasks per assignee: ${summary.inboxes.map((r) => `${r.assignee} ${r.open}`).join(', ')}`);

    const sectionHead = await token({ ...BENCH_USERS.sectionHead, roles: [...BENCH_USERS.sectionHead.roles] });
    const leader = await token({ ...BENCH_USERS.leader, roles: [...BENCH_USERS.leader.roles] });
    const author = await token({ ...BENCH_USERS.author, roles: [...BENCH_USERS.author.roles] });
    const q = encodeURIComponent;
    const reads: [string, string, string][] = [
      ['GET /tasks  李娜 (科室负责人)', '/tasks', lina],
      ['GET /tasks  bench_sh_01 (科室负责人)', '/tasks', sectionHead],
      ['GET /tasks  王强 (分管领导)', '/tasks', wangqiang],
      ['GET /tasks  bench_ld_1 (分管领导)', '/tasks', leader],
      ['GET /tasks  陈军 (主要负责人)', '/tasks', chenjun],
      ['GET /publications  赵敏 (办公室, reads all)', '/publications', zhaomin],
      ['GET /publications  陈军 (reads all)', '/publications', chenjun],
      ['GET /publications  张伟 (author: own dept/items/tasks)', '/publications', zhangwei],
      ['GET /publications  bench_au_01_1 (author)', '/publications', author],
      ['GET /publications  李娜 (科室负责人)', '/publications', lina],
      ['  ?status=in_review', '/publications?status=in_review', zhaomin],
      ['  ?status=published', '/publications?status=published', zhaomin],
      ['  ?status=withdrawn', '/publications?status=withdrawn', zhaomin],
      ['  ?department=jichu', '/publications?department=jichu', zhaomin],
      ['  ?department=bench07', '/publications?department=bench07', zhaomin],
      [`  ?category=规范性文件`, `/publications?category=${q('规范性文件')}`, zhaomin],
      ['  ?overdue=true', '/publications?overdue=true', zhaomin],
      ['  ?overdue=false', '/publications?overdue=false', zhaomin],
      ['  ?stage=2', '/publications?stage=2', zhaomin],
      [`  ?text=安全教育`, `/publications?text=${q('安全教育')}`, zhaomin],
      [`  ?text=校外培训规范管理`, `/publications?text=${q('校外培训规范管理')}`, zhaomin],
      [`  ?text=督导 (two characters)`, `/publications?text=${q('督导')}`, zhaomin],
      [`  ?text=无此标题 (no match)`, `/publications?text=${q('无此标题')}`, zhaomin],
      ['  ?status=published&department=jichu&category=工作动态', `/publications?status=published&department=jichu&category=${q('工作动态')}`, zhaomin],
      [`  ?status=in_review&text=通知 (author 张伟)`, `/publications?status=in_review&text=${q('通知')}`, zhangwei],
      ['  ?page=200 (deep page)', '/publications?page=200', zhaomin],
    ];
    say();
    say(`  latency, ${options.requests} sequential requests each after 20 warm-up (target p95 ≤ ${TARGET_MS} ms)`);
    const misses: string[] = [];
    for (const [label, url, tok] of reads) {
      for (let i = 0; i < 20; i++) await must(api, 'GET', url, tok, undefined, 200);
      const ms: number[] = [];
      let rows = 0;
      let total: unknown;
      for (let i = 0; i < options.requests; i++) {
        const res = await must(api, 'GET', url, tok, undefined, 200);
        ms.push(res.ms);
        const body = res.body as unknown;
        rows = Array.isArray(body) ? body.length : ((res.body.items as unknown[]) ?? []).length;
        total = Array.isArray(body) ? undefined : res.body.total;
      }
      const p95 = percentile([...ms].sort((a, b) => a - b), 95);
      if (p95 > TARGET_MS) misses.push(label.trim());
      say(line(label, ms, [50, 95, 99], `${rows} rows${total === undefined ? '' : ` of ${total}`}${p95 > TARGET_MS ? '  ← over target' : ''}`));
    }

    // ------------------------------------------------------------ (a) again, with the big read model
    say();
    const again = await itemsInReview(api, zhangwei, Math.min(n, 100), '丙');
    const l1big = await approveAll(api, again.ids, lina, 1, 1);
    say(`(a′) approve with ${summary.publications.toLocaleString('en')} items in the read model`);
    say(line('level 1 approve, sequential', l1big.ms, [50, 95, 99]));
    const l2big = await approveAll(api, again.ids, wangqiang, 2, 1);
    say(line('level 2 approve, sequential (publishes)', l2big.ms, [50, 95, 99]));

    say();
    say(misses.length ? `over the ${TARGET_MS} ms p95 target: ${misses.join('; ')}` : `every read under the ${TARGET_MS} ms p95 target`);
    if (options.hold) {
      say(`holding (Ctrl-C to stop): DATABASE_URL=${pg.url}  API ${baseUrl}`);
      await new Promise(() => undefined);
    }
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
