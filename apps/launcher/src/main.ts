/**
 * `npm start`: the whole of gongkai in one terminal on embedded defaults —
 * PostgreSQL (unless DATABASE_URL), migrations, the Temporal engine (unless
 * TEMPORAL_ADDRESS), the worker and the API. Ctrl-C stops all of it, in the
 * reverse order, and leaves no process behind.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApiApp } from '../../api/src/api-app';
import {
  ActorSigner,
  loadOrCreateInstallationSecret,
  createDataSource,
  runMigrations,
  startEmbeddedPostgres,
  SystemStart,
  OrganisationRecord,
  seedDemoOrganisation,
  assignDemoPasswords,
} from '@gongkai/persistence';
import { createGongkaiWorker, installWorkerRuntime, nativeConnectionOptions, runWorker } from '../../worker/src/gongkai-worker';
import { workflowBundlePath } from '../../worker/src/workflow-bundle';
import { ENGINE_API_KEY_FILE, startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { GONGKAI_SEARCH_ATTRIBUTES } from '@gongkai/contracts';
import { loadOrCreateAuthSecret } from '../../api/src/auth/auth-secret';
import { demoTokens } from '../../api/src/auth/demo-tokens';
import { ConfigError, loadLauncherConfig, readProcessEnv } from '@gongkai/config';
import { civilDateInShanghai } from '@gongkai/domain';
import { demoContentDue, seedDemoContent } from './demo-content';
import { buildWebIfChanged } from './web-build';
import { registerSearchAttributes } from './search-attributes';

type Step = () => Promise<void>;

async function main(): Promise<void> {
  const started = Date.now();
  let config: ReturnType<typeof loadLauncherConfig>;
  try {
    config = loadLauncherConfig(readProcessEnv());
  } catch (err) {
    say(err instanceof ConfigError ? err.message : `配置错误：${(err as Error).message}`);
    process.exit(1);
  }
  const cleanups: Step[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => say(`停止时出错：${(err as Error).message}`));
    }
    process.exit(code);
  };
  process.once('SIGINT', () => {
    say('正在停止 gongkai……（再按一次 Ctrl-C 强制退出）');
    process.once('SIGINT', () => process.exit(130));
    void shutdown(0);
  });
  process.once('SIGTERM', () => void shutdown(0));

  try {
    fs.mkdirSync(config.gongkaiHome, { recursive: true, mode: 0o755 });
    // Bundling the workflows takes seconds on a first start: overlap it with the database start.
    const bundle = workflowBundlePath(path.join(config.gongkaiHome, 'cache'));
    bundle.catch(() => undefined);
    // The web app too (when apps/web changed since the last build); the API serves what it finds at start.
    const webBuild = !config.buildWeb ? Promise.resolve() : buildWebIfChanged({ log: say }).then(
      () => undefined,
      (err: unknown) => say(`网页端构建失败（接口服务照常启动）：${(err as Error).message}`),
    );

    let databaseUrl = config.externalDatabaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.gongkaiHome, 'postgres') });
      cleanups.push(() => pg.stop());
      databaseUrl = pg.url;
      say(`内置 PostgreSQL 已启动（数据目录 ${path.join(config.gongkaiHome, 'postgres')}）`);
    }
    const applied = await runMigrations(databaseUrl);
    if (applied.length) say(`已执行数据库迁移：${applied.join(', ')}`);

    const dataSource = createDataSource(databaseUrl);
    await dataSource.initialize();
    cleanups.push(() => dataSource.destroy());
    const previousStarts = await dataSource.getRepository(SystemStart).count();
    const demo = config.seedDemo && (await seedDemoIfWanted(dataSource));
    const initialPasswords = demo ? await assignDemoPasswords(dataSource) : [];
    await dataSource.getRepository(SystemStart).insert({ component: 'launcher', version: packageVersion() });

    let temporalAddress = config.externalTemporalAddress;
    // An external cluster takes its API key from TEMPORAL_API_KEY; the embedded engine requires the installation's own.
    let temporalConnection = config.api.temporal.connection;
    if (!temporalAddress) {
      const port = (await portFree(config.enginePort)) ? config.enginePort : 0;
      const apiKey = loadOrCreateInstallationSecret(path.join(config.gongkaiHome, ENGINE_API_KEY_FILE));
      // The drill clock: a virtual clock, locked from the first moment (before any workflow runs), so real time
      // passes at its pace until POST /dev/clock/advance moves it; unlocked, the engine would skip whenever idle.
      const drill = config.devClock ? { timeSkipping: true, timeSkippingLocked: true } : {};
      const engine = await startEmbeddedTemporal({ databaseUrl, port, schema: 'temporal', apiKey, ...drill });
      cleanups.push(() => engine.stop());
      temporalAddress = engine.address;
      // Plain gRPC on loopback: the SDK would otherwise turn TLS on because an API key is set.
      temporalConnection = { ...temporalConnection, apiKey, tls: false };
      if (config.devClock) {
        say(`演练时钟已开启（GONGKAI_DEV_CLOCK）：内置引擎使用虚拟时钟，政务公开办可用 POST /dev/clock/advance {"days": N} 推进时间；切勿用于正式环境`);
      }
    }
    const client = await connectTemporal(temporalAddress, temporalConnection);
    cleanups.push(() => client.close());
    await registerSearchAttributes(client, config.api.temporal.namespace, GONGKAI_SEARCH_ATTRIBUTES);

    installWorkerRuntime(config.api.logLevel);
    const nativeConnection = await NativeConnection.connect(nativeConnectionOptions(temporalAddress, temporalConnection));
    cleanups.push(() => nativeConnection.close());
    const worker = runWorker(
      await createGongkaiWorker({
        connection: nativeConnection,
        namespace: config.api.temporal.namespace,
        dataSource,
        workflowBundlePath: await bundle,
        actorKey: ActorSigner.forInstallation(config.gongkaiHome, config.api.auth.actorSigningKey).publicKey,
        portalWebhookUrl: config.portalWebhookUrl,
        interpretations: config.interpretations,
        consultationFeedback: config.consultationFeedback,
        drillClock: config.devClock,
      }),
    );
    cleanups.push(() => worker.stop());
    worker.done.catch((err: unknown) => {
      say(`worker 异常退出：${(err as Error).message}`);
      void shutdown(1);
    });

    const apiConfig = { ...config.api, databaseUrl, temporal: { ...config.api.temporal, address: temporalAddress, connection: temporalConnection } };
    await webBuild;
    const app = await createApiApp(apiConfig, { dataSource });
    await app.listen({ port: apiConfig.port, host: apiConfig.host });
    cleanups.push(() => app.close());

    const base = `http://${apiConfig.host === '0.0.0.0' ? '127.0.0.1' : apiConfig.host}:${apiConfig.port}`;
    say('');
    say(`gongkai 已启动（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    say(`  网页端       ${base}/`);
    say(`  接口文档     ${base}/api/docs`);
    say(`  健康检查     ${base}/healthz   就绪检查 ${base}/readyz`);
    say(`  Temporal    ${temporalAddress}（命名空间 ${config.api.temporal.namespace}${config.externalTemporalAddress ? '' : '，内置引擎'}）`);
    say(`  数据库       ${config.externalDatabaseUrl ? '外部 DATABASE_URL' : `内置，数据目录 ${config.gongkaiHome}`}${previousStarts ? `，此前已启动 ${previousStarts} 次` : '，首次启动'}`);
    // Decided before the banner (one count), made after it: a restart never races a second copy.
    const makeDemoContent = demo && (await demoContentDue(dataSource));
    const tokens = demo ? await demoTokens(loadOrCreateAuthSecret(config.gongkaiHome, { AUTH_JWT_SECRET: config.api.auth.jwtSecret })) : [];
    if (demo) {
      say('  演示用户令牌（请求头 Authorization: Bearer <令牌>；随时可用 npm run token -- <用户名> 重新获取）：');
      for (const t of tokens) say(`    ${t.username.padEnd(10)} ${t.label}\n      ${t.token}`);
    }
    if (initialPasswords.length) {
      say('  演示账号的初始密码（只显示这一次，数据库只存其 Argon2id 散列；可用 npm run -s password -- <用户名> 重设）：');
      for (const p of initialPasswords) say(`    演示账号 ${p.username} 初始密码 ${p.password}`);
    }
    say('按 Ctrl-C 停止。');
    // After the banner, not before it: the API already answers while the demo packages go through their review.
    if (makeDemoContent) {
      // Stopping aborts the demo driver first (cleanups run in reverse): its requests must not keep the API draining.
      const stop = new AbortController();
      cleanups.push(async () => stop.abort());
      void demoContent(base, dataSource, tokens, stop.signal);
    }
  } catch (err) {
    say(err instanceof ConfigError ? err.message : `gongkai 启动失败：${(err as Error).message}`);
    await shutdown(1);
  }
}

/**
 * The demo organisation (示范市教育局) is seeded into a database that has no
 * organisation yet, and kept up to date in one that has only it. A production
 * database with real organisations is never touched; GONGKAI_SEED_DEMO=false
 * (config.seedDemo) turns seeding off entirely.
 */
async function seedDemoIfWanted(dataSource: import('typeorm').DataSource): Promise<boolean> {
  const organisations = await dataSource.getRepository(OrganisationRecord).find({ select: { id: true } });
  if (organisations.some((o) => o.id !== 'demo')) return false;
  await seedDemoOrganisation(dataSource);
  return true;
}

/**
 * The demo policy packages and consultation (demo-content.ts), made over the API once the
 * worker and the API are up; a failure is logged and the launcher runs on.
 */
async function demoContent(
  baseUrl: string,
  dataSource: import('typeorm').DataSource,
  tokens: { username: string; token: string }[],
  stopped: AbortSignal,
): Promise<void> {
  const byUser = new Map(tokens.map((t) => [t.username, t.token]));
  try {
    const result = await seedDemoContent({
      baseUrl,
      dataSource,
      tokenOf: (username) => byUser.get(username) ?? '',
      writtenDate: civilDateInShanghai(new Date()),
      stopped,
    });
    if (result.created) {
      const parts = [
        ...(result.published || result.drafting ? [`政策解读包已发布 ${result.published} 个、共同起草中 ${result.drafting} 个`] : []),
        ...(result.consultation ? [`征求意见进行中 1 个（意见 ${result.consultation.comments} 条）`] : []),
      ];
      say(`演示内容：${parts.join('，')}（用时 ${(result.ms / 1000).toFixed(1)} 秒）`);
    }
  } catch (err) {
    if (stopped.aborted) return;
    say(`警告：演示政策解读包或征求意见未能生成（gongkai 照常运行）：${(err as Error).message}`);
  }
}

async function connectTemporal(address: string, options: Pick<ConnectionOptions, 'apiKey' | 'tls' | 'metadata'>): Promise<Connection> {
  try {
    const connection = await Connection.connect({ address, ...options, connectTimeout: 5_000 });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (err) {
    throw new Error(`无法连接 Temporal（TEMPORAL_ADDRESS=${address}）：${(err as Error).message.split('\n')[0]}；不设置 TEMPORAL_ADDRESS 即使用内置引擎`);
  }
}

function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

void main();
