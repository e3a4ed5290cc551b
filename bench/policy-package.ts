/**
 * Publish latency of a policy package (政策解读, issue 11) through HTTP, on the
 * whole app booted the way `npm start` boots it (durable embedded PostgreSQL,
 * migrations, the demo organisation, the engine in-process, the worker on the
 * bundled workflows, the API on a free port). Prints figures; asserts nothing.
 *
 *   npm run bench:policy
 *   npm run bench:policy -- --packages 100 --concurrency 5
 *   BENCH_POLICY_PACKAGES=20 npm run bench:policy
 *
 * Each package: a 规范性文件 led by 张伟 (基础教育科) with three
 * interpretations — 文字解读 (张伟), 政策问答 (孙丽, 政策法规科), 图解 (刘洋) —
 * driven over HTTP (apps/launcher/src/policy-package-driver.ts, the demo
 * content's driver) to its last step: create, save + ready each interpretation
 * as its owner, submit, approve levels 1 and 2. Prepared with 8 in flight, then
 * measured:
 *   - the last approve's round trip (POST /publications/:policyId/approve → 200;
 *     it answers once the publish activity's transaction committed);
 *   - publish latency: from sending that approve until GET /policies/:id reads
 *     `published` with every interpretation `published` (polled every 10 ms, so
 *     figures carry up to 10 ms plus one GET of resolution).
 * Once one package at a time (latency), once with C in flight (throughput).
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ActorSigner } from '@gongkai/persistence';
import { createApiApp } from '../apps/api/src/api-app';
import { signToken } from '../apps/api/src/auth/tokens';
import { loadApiConfig } from '../apps/api/src/config';
import { PolicyPackageDriver, publishedWhole, type PackageView, type PolicyView } from '../apps/launcher/src/policy-package-driver';
import { registerSearchAttributes } from '../apps/launcher/src/search-attributes';
import { createGongkaiWorker, installWorkerRuntime, runWorker } from '../apps/worker/src/gongkai-worker';
import { workflowBundlePath } from '../apps/worker/src/workflow-bundle';
import { GONGKAI_SEARCH_ATTRIBUTES } from '@gongkai/contracts';
import { startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { createDataSource, runMigrations } from '@gongkai/persistence/data-source';
import { startEmbeddedPostgres } from '@gongkai/persistence/embedded-postgres';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { inParallel, percentile, say } from './support/figures';

interface Options {
  packages: number;
  concurrency: number;
}

function parseArgs(argv: string[]): Options {
  const fromEnv = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive whole number`);
    return v;
  };
  const o: Options = { packages: fromEnv('BENCH_POLICY_PACKAGES', 50), concurrency: fromEnv('BENCH_POLICY_CONCURRENCY', 5) };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${argv[i - 1]} needs a positive whole number`);
      return v;
    };
    switch (argv[i]) {
      case '--packages': o.packages = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      default: throw new Error(`unknown option ${argv[i]} (--packages N --concurrency C)`);
    }
  }
  return o;
}

function line(label: string, samples: number[], note = ''): string {
  const s = [...samples].sort((a, b) => a - b);
  const cols = [50, 99].map((p) => `p${p} ${percentile(s, p).toFixed(1).padStart(7)} ms`).join('   ');
  return `  ${label.padEnd(62)} ${cols}   max ${s[s.length - 1].toFixed(1).padStart(7)} ms   (n=${s.length})${note ? `  ${note}` : ''}`;
}

// ------------------------------------------------------------------ the package

const POLICY_BODY = [
  '各区教育局、各直属学校：',
  '为规范中小学课后服务，减轻家庭负担，根据国家和省有关规定，结合本市实际，制定本办法。',
  '第一条 本办法适用于本市义务教育阶段公办学校开展的课后服务。',
  '第二条 课后服务坚持学生自愿、家长申请、学校组织的原则，不得强制或变相强制参加。',
  '第三条 课后服务结束时间原则上不早于当地正常下班时间，对有特殊需要的学生提供延时托管。',
  '第四条 课后服务经费按照成本分担原则，通过财政补助、服务性收费或代收费等方式筹措。',
  '第五条 本办法自发布之日起施行。',
].join('\n');

const TEXTS: Record<string, { title?: string; body: string }> = {
  text: {
    body: [
      '一、背景依据：为落实国家关于减轻义务教育阶段学生作业负担和校外培训负担的部署，依据省有关规定制定。',
      '二、目标任务：实现义务教育学校课后服务全覆盖，满足家长按时接送的需要。',
      '三、主要内容：明确服务对象、服务时间、服务内容和经费保障方式。',
      '四、适用范围：本市义务教育阶段公办学校。',
      '五、执行标准：每周五天、每天不少于两小时，结束时间与下班时间相衔接。',
      '六、注意事项：家长自愿申请，学校不得以任何形式强制参加。',
      '七、新旧政策差异：与以往做法相比，新增延时托管，明确经费分担方式。',
    ].join('\n'),
  },
  qa: { body: '问：课后服务是否必须参加？\n答：不是。课后服务坚持学生自愿，由家长申请。\n问：课后服务怎么收费？\n答：按成本分担原则，由财政补助和服务性收费共同保障。' },
  graphic: { body: '【图解】一图读懂课后服务：服务对象 → 服务时间（每周五天、每天不少于两小时）→ 服务内容（作业辅导、文体活动）→ 经费保障。' },
};

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => say(`stop: ${(err as Error).message}`));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-policy-'));
  fs.chmodSync(home, 0o755);
  stops.push(async () => fs.rmSync(home, { recursive: true, force: true }));
  try {
    say(`policy package bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    const t0 = performance.now();
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

    // 'error': the SDK's "query not found" warnings (the API's live query gave up on a busy workflow and read the
    // read model instead) would bury the figures.
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
    say(`booted in ${((performance.now() - t0) / 1000).toFixed(1)} s: PostgreSQL (durable), engine ${engine.address}, API ${baseUrl}`);

    const tokens = new Map<string, string>();
    for (const u of DEMO_USERS) tokens.set(u.id, await signToken({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles }, secret, '2h'));
    const driver = new PolicyPackageDriver(baseUrl, (u) => tokens.get(u)!);

    /** Packages waiting at their last step, each with the policy as its last approver sees it. */
    const prepare = async (n: number, tag: string) => {
      const ready: { pkg: PackageView; policy: PolicyView }[] = [];
      const t = performance.now();
      await inParallel(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
        const pkg = await driver.create('zhangwei', {
          title: `示范市义务教育学校课后服务管理办法（${tag}第${i + 1}号）`,
          body: POLICY_BODY,
          category: '规范性文件',
          attribute: 'proactive',
          writtenDate: new Date().toISOString().slice(0, 10),
          interpretations: [
            { form: 'text', ownerId: 'zhangwei' },
            { form: 'qa', ownerId: 'sunli', title: '课后服务政策问答' },
            { form: 'graphic', ownerId: 'liuyang', title: '一图读懂课后服务' },
          ],
        });
        await driver.draftAll(pkg, (it) => TEXTS[it.form]);
        const policy = await driver.approveAllButLast('zhangwei', await driver.submit('zhangwei', pkg));
        if (policy.stage?.level !== policy.route.length) throw new Error(`policy ${policy.id} is not at its last step: ${JSON.stringify(policy.stage)}`);
        ready.push({ pkg, policy });
      });
      say(`  prepared ${n} packages at their last step in ${((performance.now() - t) / 1000).toFixed(1)} s (create, 3 × save + ready, submit, 2 approvals; 8 in flight)`);
      return ready;
    };

    /** Sends the last approve; answers its round trip and the time until the whole package reads published. */
    const publishOne = async ({ pkg, policy }: { pkg: PackageView; policy: PolicyView }) => {
      const sent = performance.now();
      const approved = await driver.approveCurrent(policy, '同意发布');
      const roundTrip = approved.ms;
      const done = await driver.waitForPackage('zhangwei', pkg.id, publishedWhole, 60_000, 10);
      const total = performance.now() - sent;
      const serials = [done.indexNumber!, ...done.interpretations.map((i) => i.indexNumber!)].map((s) => Number(s.split('-').pop()));
      if (serials.some((s, k) => s !== serials[0] + k) || done.interpretations.some((i) => i.publishedAt !== done.publishedAt)) {
        throw new Error(`package ${pkg.id} not published together: ${JSON.stringify(done)}`);
      }
      return { roundTrip, total };
    };

    say();
    const warm = await prepare(5, '预热');
    say(`policy package with 3 interpretations (文字解读 张伟, 政策问答 孙丽/政策法规科, 图解 刘洋), review route of ${warm[0].policy.route.length} levels`);
    for (const w of warm) await publishOne(w);

    say();
    say(`(a) one package at a time — ${options.packages} packages`);
    const sequential = await prepare(options.packages, '甲');
    const seqRoundTrips: number[] = [];
    const seqTotals: number[] = [];
    const seqStart = performance.now();
    for (const p of sequential) {
      const { roundTrip, total } = await publishOne(p);
      seqRoundTrips.push(roundTrip);
      seqTotals.push(total);
    }
    const seqWall = (performance.now() - seqStart) / 1000;
    say(line('last approve round trip (POST …/approve → 200)', seqRoundTrips));
    say(line('publish: approve sent → package + 3 interpretations published', seqTotals));
    say(`  throughput ${(options.packages / seqWall).toFixed(2)} packages/s (${options.packages} in ${seqWall.toFixed(1)} s, one at a time)`);

    say();
    say(`(b) ${options.concurrency} packages in flight — ${options.packages} packages`);
    const concurrent = await prepare(options.packages, '乙');
    const conRoundTrips: number[] = [];
    const conTotals: number[] = [];
    const conStart = performance.now();
    await inParallel(concurrent, options.concurrency, async (p) => {
      const { roundTrip, total } = await publishOne(p);
      conRoundTrips.push(roundTrip);
      conTotals.push(total);
    });
    const conWall = (performance.now() - conStart) / 1000;
    say(line(`last approve round trip, ${options.concurrency} in flight`, conRoundTrips));
    say(line(`publish, ${options.concurrency} in flight`, conTotals));
    say(`  throughput ${(options.packages / conWall).toFixed(2)} packages/s (${options.packages} in ${conWall.toFixed(1)} s, ${options.concurrency} in flight)`);
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
