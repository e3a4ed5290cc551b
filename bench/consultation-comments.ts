/**
 * Public comments on one open consultation (征求意见, issue 12) through HTTP,
 * on the whole app booted the way `npm start` boots it in drill mode (durable
 * embedded PostgreSQL, migrations, the demo organisation, the engine in-process
 * on its virtual clock, locked — GONGKAI_DEV_CLOCK=1 —, the worker on the
 * bundled workflows, the API on a free port). Prints figures, and checks that
 * nothing is lost (exits 1 when a check fails).
 *
 *   npm run bench:comments
 *   npm run bench:comments -- --comments 5000 --concurrency 50 --race 3000
 *   BENCH_COMMENTS=20000 BENCH_COMMENTS_CONCURRENCY=100 npm run bench:comments
 *
 * The bench sends from 127.0.0.1, one address: the per-address limits
 * (PUBLIC_RATE_LIMIT_PER_MINUTE, PUBLIC_COMMENT_LIMIT_PER_MINUTE) are raised to
 * 1,000,000 in the API's configuration here, as the printout says.
 *
 * (a) N comments with C in flight against POST /public/consultations/:id/comments:
 *     30% exact copies of five popular texts, 10% the same texts differing only
 *     in spaces and punctuation, 60% unique; some with a name, a contact, a
 *     clause. Then, in the database: the 201 receipts are exactly the comments
 *     (each once), cluster sizes sum to the count and each equals its comments,
 *     and every comment sits in the cluster its text belongs to.
 * (b) The close racing the comments: unique comments keep coming with C in
 *     flight while 政务公开办 (zhaomin) advances the drill clock 31 days
 *     (POST /dev/clock/advance) and the window's timer closes it. Every comment
 *     answered 201 is in the table, none answered 409 is; no 201 was sent after
 *     a 409 had been answered; no comment was received after the close.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { ActorSigner } from '@gongkai/persistence';
import { createApiApp } from '../apps/api/src/api-app';
import { signToken } from '../apps/api/src/auth/tokens';
import { loadApiConfig } from '../apps/api/src/config';
import { ConsultationDriver, type PublicComment } from '../apps/launcher/src/consultation-driver';
import { registerSearchAttributes } from '../apps/launcher/src/search-attributes';
import { createGongkaiWorker, installWorkerRuntime, runWorker } from '../apps/worker/src/gongkai-worker';
import { workflowBundlePath } from '../apps/worker/src/workflow-bundle';
import { GONGKAI_SEARCH_ATTRIBUTES } from '@gongkai/contracts';
import { startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { createDataSource, runMigrations } from '@gongkai/persistence/data-source';
import { startEmbeddedPostgres } from '@gongkai/persistence/embedded-postgres';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { percentile, say } from './support/figures';

interface Options {
  comments: number;
  concurrency: number;
  race: number;
}

function parseArgs(argv: string[]): Options {
  const fromEnv = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive whole number`);
    return v;
  };
  const o: Options = {
    comments: fromEnv('BENCH_COMMENTS', 5000),
    concurrency: fromEnv('BENCH_COMMENTS_CONCURRENCY', 50),
    race: fromEnv('BENCH_COMMENTS_RACE', 3000),
  };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${argv[i - 1]} needs a positive whole number`);
      return v;
    };
    switch (argv[i]) {
      case '--comments': o.comments = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      case '--race': o.race = n(); break;
      default: throw new Error(`unknown option ${argv[i]} (--comments N --concurrency C --race N)`);
    }
  }
  return o;
}

function line(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const cols = [50, 99].map((p) => `p${p} ${percentile(s, p).toFixed(1).padStart(7)} ms`).join('   ');
  return `  ${label.padEnd(44)} ${cols}   max ${(s[s.length - 1] ?? NaN).toFixed(1).padStart(7)} ms   (n=${s.length})`;
}

// ------------------------------------------------------------------ the comments

const DRAFT = {
  title: '关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告（压力测试）',
  draftBody: '第一条 为规范中小学校课后服务，制定本办法。\n第五条 课后服务结束时间原则上不早于17时30分。\n第八条 课后服务内容包括作业辅导、体育、艺术和科普活动。',
  explanation: '一、起草背景：家长对课后服务的需求日益增长。\n二、主要内容：明确服务时间、内容和收费。',
  days: 30,
};

/** What people send most: the same few sentences, copied from a parents' group. */
const POPULAR = [
  '建议课后服务结束时间延长到18时，方便双职工家庭接孩子。',
  '建议免收课后服务费，减轻家庭负担。',
  '希望增加体育和艺术类活动，不要只是写作业。',
  '建议允许家长按周选择是否参加课后服务。',
  '课后服务的老师应当有相应补贴，保障教师休息。',
];
/** The same sentences as people retype them: other spaces and punctuation, full-width or half-width. */
const retyped = (text: string, k: number): string => {
  const forms = [
    (t: string) => t.replace(/，/g, ', ').replace(/。$/, '!'),
    (t: string) => ` ${t.replace(/，/g, ' ').replace(/。$/, '！！')} `,
    (t: string) => t.replace(/。$/, '').replace(/，/g, '，  '),
    (t: string) => `“${t.replace(/。$/, '…')}”`,
  ];
  return forms[k % forms.length](text);
};
const CLAUSES = ['第一条', '第五条', '第八条'];
/** Names as people sign (a surname and a courtesy title): nothing that identifies anyone. */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const TOPICS = ['接送时间', '收费标准', '活动内容', '师资安排', '安全管理', '场地使用', '特殊需要学生', '放假期间安排'];

interface Planned {
  comment: PublicComment;
  /** The cluster it must land in: "popular:k" for a popular text and its retyped forms, else its own. */
  group: string;
}

/** A deterministic pseudo-random stream, so every run sends the same mix in the same order. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function planComments(n: number, tag: string, seed: number, mix: boolean): Planned[] {
  const random = prng(seed);
  const planned: Planned[] = [];
  for (let i = 0; i < n; i++) {
    const roll = random();
    let text: string;
    let group: string;
    if (mix && roll < 0.3) {
      // Popular texts are not equally popular: the first is copied most.
      const k = Math.min(POPULAR.length - 1, Math.floor(-Math.log(1 - random()) * 1.5));
      text = POPULAR[k];
      group = `popular:${k}`;
    } else if (mix && roll < 0.4) {
      const k = Math.floor(random() * POPULAR.length);
      text = retyped(POPULAR[k], i);
      group = `popular:${k}`;
    } else {
      // Unique: the serial is the only number in the text, so no two fingerprints meet.
      const topic = TOPICS[i % TOPICS.length];
      text = `关于${topic}的意见（${tag}第${i + 1}号）：建议结合本校实际细化规定，并向家长公开具体做法。`;
      group = `unique:${tag}:${i}`;
    }
    const comment: PublicComment = { text };
    if (random() < 0.4) comment.name = `${SURNAMES[i % SURNAMES.length]}${i % 2 ? '女士' : '先生'}`;
    if (random() < 0.2) comment.contact = `bench-${tag}-${i}@example.org`;
    if (random() < 0.3) comment.clause = CLAUSES[i % CLAUSES.length];
    planned.push({ comment, group });
  }
  return planned;
}

interface Sent {
  planned: Planned;
  status: number;
  receipt?: string;
  message?: string;
  ms: number;
  sentAt: number;
  answeredAt: number;
}

/**
 * Sends the planned comments in order with `concurrency` in flight, until they run out or `enough` says so;
 * `onAnswer` sees each answer as it comes.
 */
async function send(
  driver: ConsultationDriver,
  id: string,
  planned: Planned[],
  concurrency: number,
  onAnswer?: (s: Sent, all: Sent[]) => void,
  enough: (all: Sent[]) => boolean = () => false,
) {
  const sent: Sent[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, planned.length) }, async () => {
      while (next < planned.length && !enough(sent)) {
        const p = planned[next++];
        const sentAt = Date.now();
        let s: Sent;
        try {
          const res = await driver.comment(id, p.comment);
          s = { planned: p, status: res.status, receipt: res.body.receipt, message: res.body.message, ms: res.ms, sentAt, answeredAt: Date.now() };
        } catch (err) {
          s = { planned: p, status: 0, message: (err as Error).message, ms: NaN, sentAt, answeredAt: Date.now() };
        }
        sent.push(s);
        onAnswer?.(s, sent);
      }
    }),
  );
  return { sent, seconds: (performance.now() - t0) / 1000 };
}

function statusCounts(sent: Sent[]): string {
  const by = new Map<number, number>();
  for (const s of sent) by.set(s.status, (by.get(s.status) ?? 0) + 1);
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status || '网络错误'} × ${n}`).join(', ');
}

// ------------------------------------------------------------------ the checks

interface StoredComment {
  receipt: string;
  text: string;
  clusterId: string;
  receivedAt: Date;
}

async function stored(dataSource: DataSource, consultationId: string): Promise<StoredComment[]> {
  return dataSource.query(
    `SELECT receipt, text, cluster_id::text AS "clusterId", received_at AS "receivedAt" FROM consultation_comments WHERE consultation_id = $1`,
    [consultationId],
  );
}

class Checks {
  failures: string[] = [];
  check(ok: boolean, what: string): void {
    say(`  ${ok ? '✓' : '✗'} ${what}`);
    if (!ok) this.failures.push(what);
  }
}

async function checkPhaseA(dataSource: DataSource, consultationId: string, sent: Sent[], checks: Checks): Promise<void> {
  const accepted = sent.filter((s) => s.status === 201);
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM consultation_comments WHERE consultation_id = $1`, [consultationId]);
  const rows = await stored(dataSource, consultationId);
  const byReceipt = new Map<string, StoredComment[]>();
  for (const r of rows) byReceipt.set(r.receipt, [...(byReceipt.get(r.receipt) ?? []), r]);
  checks.check(accepted.length === sent.length, `every comment answered 201 (${accepted.length} of ${sent.length}; ${statusCounts(sent)})`);
  checks.check(n === accepted.length, `201 receipts = SELECT count(*) FROM consultation_comments WHERE consultation_id = … (${accepted.length} = ${n})`);
  const receipts = new Set(accepted.map((s) => s.receipt));
  checks.check(receipts.size === accepted.length, `receipts are distinct (${receipts.size})`);
  const once = accepted.filter((s) => byReceipt.get(s.receipt!)?.length === 1 && byReceipt.get(s.receipt!)![0].text === s.planned.comment.text.trim());
  checks.check(once.length === accepted.length, `every receipt is in the table exactly once, with its text (${once.length} of ${accepted.length})`);

  const clusters: { id: string; size: number }[] = await dataSource.query(
    `SELECT id::text, size FROM consultation_clusters WHERE consultation_id = $1`,
    [consultationId],
  );
  const sizeSum = clusters.reduce((a, c) => a + c.size, 0);
  checks.check(sizeSum === n, `cluster sizes sum to the count (${sizeSum} = ${n}, ${clusters.length} clusters)`);
  const members = new Map<string, number>();
  for (const r of rows) members.set(r.clusterId, (members.get(r.clusterId) ?? 0) + 1);
  const wrongSize = clusters.filter((c) => members.get(c.id) !== c.size);
  checks.check(wrongSize.length === 0, `each cluster's size equals its comments (${wrongSize.length} differ)`);

  // Every expected group is exactly one cluster, and no two groups share one.
  const clusterOfGroup = new Map<string, Set<string>>();
  const groupsOfCluster = new Map<string, Set<string>>();
  for (const s of accepted) {
    const row = byReceipt.get(s.receipt!)?.[0];
    if (!row) continue;
    clusterOfGroup.set(s.planned.group, (clusterOfGroup.get(s.planned.group) ?? new Set()).add(row.clusterId));
    groupsOfCluster.set(row.clusterId, (groupsOfCluster.get(row.clusterId) ?? new Set()).add(s.planned.group));
  }
  const split = [...clusterOfGroup.values()].filter((c) => c.size !== 1).length;
  const merged = [...groupsOfCluster.values()].filter((g) => g.size !== 1).length;
  const popular = POPULAR.map((_, k) => {
    const ids = [...(clusterOfGroup.get(`popular:${k}`) ?? [])];
    return ids.length === 1 ? clusters.find((c) => c.id === ids[0])!.size : 0;
  });
  const expectedPopular = POPULAR.map((_, k) => accepted.filter((s) => s.planned.group === `popular:${k}`).length);
  const retypedCount = accepted.filter((s) => s.planned.group.startsWith('popular:') && !POPULAR.includes(s.planned.comment.text)).length;
  checks.check(
    split === 0 && merged === 0 && popular.every((size, k) => size === expectedPopular[k]),
    `duplicates in the expected clusters: ${clusterOfGroup.size} groups = ${groupsOfCluster.size} clusters, none split or merged; ` +
      `popular cluster sizes ${popular.join('/')} (expected ${expectedPopular.join('/')}, ${retypedCount} of them retyped with other spaces/punctuation)`,
  );
}

async function checkPhaseB(dataSource: DataSource, consultationId: string, sent: Sent[], before: number, checks: Checks): Promise<void> {
  const rows = await stored(dataSource, consultationId);
  const byText = new Map(rows.map((r) => [r.text, r]));
  const accepted = sent.filter((s) => s.status === 201);
  const refused = sent.filter((s) => s.status === 409);
  checks.check(accepted.length + refused.length === sent.length, `every comment answered 201 or 409 (${statusCounts(sent)})`);
  const lost = accepted.filter((s) => byText.get(s.planned.comment.text)?.receipt !== s.receipt);
  checks.check(lost.length === 0, `every comment answered 201 is in the table with its receipt (${accepted.length - lost.length} of ${accepted.length})`);
  const stray = refused.filter((s) => byText.has(s.planned.comment.text));
  checks.check(stray.length === 0, `no comment answered 409 is in the table (${stray.length} of ${refused.length} found)`);
  checks.check(refused.every((s) => (s.message ?? '').includes('截止')), `every 409 says the window has closed (截止)`);
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM consultation_comments WHERE consultation_id = $1`, [consultationId]);
  checks.check(n === before + accepted.length, `table count = phase (a) + phase (b) 201s (${n} = ${before} + ${accepted.length})`);

  const firstRefusal = Math.min(...refused.map((s) => s.answeredAt));
  const lateAccepted = accepted.filter((s) => s.sentAt > firstRefusal);
  checks.check(lateAccepted.length === 0, `no 201 for a comment sent after the first 409 was answered (${lateAccepted.length})`);
  const [window] = await dataSource.query(`SELECT status, closed_at AS "closedAt", closes_at AS "closesAt" FROM consultations WHERE id = $1`, [consultationId]);
  const closedAt = window.closedAt ? new Date(window.closedAt).getTime() : NaN;
  checks.check(window.status === 'closed' && Number.isFinite(closedAt), `the consultation is closed (closed_at ${window.closedAt ? new Date(window.closedAt).toISOString() : '—'}, engine time)`);
  const [{ after }] = await dataSource.query(
    `SELECT count(*)::int AS after FROM consultation_comments WHERE consultation_id = $1 AND received_at > $2`,
    [consultationId, window.closedAt],
  );
  checks.check(after === 0, `no comment has received_at after closed_at (${after})`);
  // closed_at is the engine's virtual time (31 days ahead); the real-time form of the same rule:
  const lastReceived = Math.max(...rows.map((r) => new Date(r.receivedAt).getTime()));
  checks.check(
    refused.length > 0 && lastReceived <= firstRefusal,
    `no comment received after the close had committed (last received_at ${new Date(lastReceived).toISOString()} ≤ first 409 answered ${refused.length ? new Date(firstRefusal).toISOString() : '—'})`,
  );
}

/**
 * Samples pg_stat_activity every 100 ms for the close (ConsultationRepository.closeWindow: the window's lock,
 * then the UPDATE) waiting on a lock: how long the comments in flight kept it waiting, and from when.
 */
function watchTheClose(dataSource: DataSource): { stop(): Promise<{ seen: boolean; from: number; ms: number; waits: string }> } {
  let first = 0;
  let last = 0;
  const events = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows: { event: string }[] = await dataSource.query(
        `SELECT wait_event_type || ':' || wait_event AS event FROM pg_stat_activity
         WHERE (query LIKE 'UPDATE consultations SET status = ''closed''%' OR query LIKE 'SELECT pg_advisory_xact_lock(%')
           AND wait_event_type = 'Lock'`,
      );
      if (rows.length) {
        last = Date.now();
        first ||= last;
        for (const r of rows) events.add(r.event);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { seen: first > 0, from: first, ms: last - first, waits: [...events].join(', ') };
    },
  };
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => say(`stop: ${(err as Error).message}`));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const checks = new Checks();

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-comments-'));
  fs.chmodSync(home, 0o755);
  stops.push(async () => fs.rmSync(home, { recursive: true, force: true }));
  try {
    say(`consultation comments bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    const t0 = performance.now();
    const pg = await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres') });
    stops.push(() => pg.stop());
    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url);
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    await seedDemoOrganisation(dataSource);

    // The drill clock, as `GONGKAI_DEV_CLOCK=1 npm start` runs it: virtual time, locked from the start.
    const engine = await startEmbeddedTemporal({ databaseUrl: pg.url, schema: 'temporal', timeSkipping: true, timeSkippingLocked: true });
    stops.push(() => engine.stop());
    const connection = await Connection.connect({ address: engine.address });
    stops.push(() => connection.close());
    await registerSearchAttributes(connection, 'default', GONGKAI_SEARCH_ATTRIBUTES);

    installWorkerRuntime('error');
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
    const limits = { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000000' };
    const config = loadApiConfig({
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: engine.address,
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: 'silent',
      GONGKAI_HOME: home,
      AUTH_JWT_SECRET: secret,
      GONGKAI_DEV_CLOCK: '1',
      ...limits,
    });
    const app = await createApiApp(config, { dataSource, temporalConnection: connection });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    say(`booted in ${((performance.now() - t0) / 1000).toFixed(1)} s: PostgreSQL (durable), engine ${engine.address} (drill clock, locked), API ${baseUrl}`);
    say(`rate limits raised for the bench (one sending address, 127.0.0.1): ${Object.entries(limits).map(([k, v]) => `${k}=${v}`).join(', ')}`);

    const tokens = new Map<string, string>();
    for (const u of DEMO_USERS) tokens.set(u.id, await signToken({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles }, secret, '2h'));
    const driver = new ConsultationDriver(baseUrl, (u) => tokens.get(u)!);

    const tOpen = performance.now();
    const consultation = await driver.open('zhangwei', DRAFT);
    say(`consultation ${consultation.id} open in ${((performance.now() - tOpen) / 1000).toFixed(1)} s (create, submit the notice, approve 张伟 → 李娜 → 王强), closes ${consultation.closesAt}`);
    // A warm-up the figures leave out (JIT, connection pools), on a consultation of its own would cost a second
    // window; 50 unique comments here are few enough to count as part of the table below.
    const warm = await send(driver, consultation.id, planComments(50, '预热', 7, false), 10);
    if (warm.sent.some((s) => s.status !== 201)) throw new Error(`warm-up comments refused: ${statusCounts(warm.sent)}`);

    say();
    say(`(a) ${options.comments} comments, ${options.concurrency} in flight (30% copies of 5 popular texts, 10% the same retyped, 60% unique)`);
    const planned = planComments(options.comments, '甲', 12, true);
    const a = await send(driver, consultation.id, planned, options.concurrency);
    say(line('POST /public/consultations/:id/comments', a.sent.map((s) => s.ms)));
    say(`  throughput ${(a.sent.length / a.seconds).toFixed(0)} comments/s (${a.sent.length} in ${a.seconds.toFixed(1)} s)`);
    // Phase (a)'s checks leave the 50 warm-up comments out of the expected groups but not out of the table.
    await checkPhaseA(dataSource, consultation.id, [...warm.sent, ...a.sent], checks);
    const afterA = (await stored(dataSource, consultation.id)).length;

    say();
    say(`(b) the close racing comments, ${options.concurrency} in flight: after ${Math.floor(options.race / 3)} are answered, zhaomin advances the drill clock 31 days; at least ${options.race} sent, and on until ${Math.ceil(options.race / 3)} have been refused`);
    // Comments keep coming until the race's count is answered, the advance is back and a tail of 409s has come
    // (a third of the count) — or, should the window never close, for a minute after the advance came back.
    const closeWatch = watchTheClose(dataSource);
    const race = planComments(options.race * 50, '乙', 34, false);
    let advance: Promise<{ ms: number; status: number; at: number }> | undefined;
    let advanceBack = false;
    let giveUpAt = Infinity;
    const tail = Math.ceil(options.race / 3);
    const b = await send(
      driver,
      consultation.id,
      race,
      options.concurrency,
      (_s, all) => {
        if (advance || all.length < Math.floor(options.race / 3)) return;
        const at = Date.now();
        advance = driver.call('zhaomin', 'POST', '/dev/clock/advance', { days: 31 }).then((r) => {
          advanceBack = true;
          giveUpAt = Date.now() + 60_000;
          return { ms: r.ms, status: r.status, at };
        });
      },
      (all) => Date.now() > giveUpAt || (advanceBack && all.length >= options.race && all.filter((s) => s.status === 409).length >= tail),
    );
    const advanced = await advance!;
    const closeWait = await closeWatch.stop();
    const accepted = b.sent.filter((s) => s.status === 201);
    const refused = b.sent.filter((s) => s.status === 409);
    const firstRefusal = Math.min(...refused.map((s) => s.answeredAt));
    say(`  POST /dev/clock/advance {days: 31} answered ${advanced.status} in ${advanced.ms.toFixed(0)} ms; first 409 answered ${refused.length ? `${firstRefusal - advanced.at} ms after the advance was sent` : 'never'}`);
    say(
      closeWait.seen
        ? `  the close (ConsultationRepository.closeWindow) was seen waiting for a lock for ${(closeWait.ms / 1000).toFixed(1)} s (${closeWait.waits})`
        : '  the close was never seen waiting for a lock (sampled every 100 ms)',
    );
    say(`  ${accepted.length} answered 201, ${refused.length} answered 409 (${statusCounts(b.sent)}) in ${b.seconds.toFixed(1)} s`);
    say(line('201 while the close raced', accepted.map((s) => s.ms)));
    say(line('409 after the close', refused.map((s) => s.ms)));
    await checkPhaseB(dataSource, consultation.id, b.sent, afterA, checks);
    // Under the drill clock closes_at is virtual (a month ahead), so only the close itself stops comments: one
    // that arrives while the close waits must wait behind it and be refused, not overtake it.
    const overtook = closeWait.seen ? accepted.filter((s) => s.sentAt > closeWait.from).length : 0;
    checks.check(overtook === 0, `no 201 for a comment sent while the close was already waiting for the comments in flight (${overtook})`);
    const view = await driver.get('zhangwei', consultation.id);
    checks.check(view.status === 'closed' && view.commentCount === afterA + accepted.length, `GET /consultations/:id: ${view.status}, commentCount ${view.commentCount}, clusterCount ${view.clusterCount}`);

    say();
    say(checks.failures.length ? `FAILED: ${checks.failures.length} check(s)` : 'all checks passed: nothing lost, nothing taken after the close');
  } finally {
    await stopAll();
  }
  if (checks.failures.length) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
