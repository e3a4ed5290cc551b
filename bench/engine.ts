/**
 * The embedded Temporal engine under load, through the real SDK, on a durable
 * PostgreSQL (fsync and synchronous_commit on — the defaults, not the tests'
 * `fast` mode). Targets from issue 3, on a 2-core machine: ≥ 100 workflows/s,
 * update p50 ≤ 15 ms at light load, 10,000 open workflows idle on an update with
 * engine RSS ≤ 300 MB.
 *
 *   npm run bench:engine                         throughput, update latency, Postgres cost
 *   npm run bench:engine -- --workflows 2000 --concurrency 200
 *   npm run bench:engine -- --engine-process     the same with the engine in a child process (its CPU apart)
 *   npm run bench:engine -- --engine-process --driver protocol   the engine's own capacity (no SDK worker)
 *   npm run bench:engine -- --client grpc        the SDK's client on its own grpc-js connection (so no eager start)
 *   npm run bench:engine -- --no-eager-start     first workflow tasks through the task queue
 *   npm run bench:engine -- --local-activities   the two activities as local activities (as DBOS runs its steps)
 *   npm run bench:engine -- --idle 10000         open workflows idle-waiting on an update: engine RSS
 *   npm run bench:engine -- --json               throughput mode's figures as one JSON line on stdout, the
 *                                                report on stderr (what `npm run bench:peers` reads)
 *
 * Throughput mode runs engine, worker and client in this process: approval-shaped
 * workflows (start → activity → three updates → activity → complete), N of them
 * with C in flight. It prints completed workflows/s; update round-trip p50/p99
 * alone (sequential updates, nothing else running) and under that load; Postgres
 * transactions per workflow (pg_stat_database.xact_commit delta ÷ workflows);
 * and the raw single-row commit rate of the same Postgres measured in the same
 * run (autocommit INSERTs on one connection), so the ratio is visible.
 *
 * Two drivers for throughput mode:
 *  - `--driver sdk` (the default): the real Temporal TypeScript SDK, a Worker
 *    running benchApproval in its workflow sandbox and a Client — the end-to-end
 *    figure. On a 2-core machine the SDK alone costs ~12 ms CPU per workflow
 *    (a vm watchdog thread per call into the sandbox, promise-hook stack
 *    capture), so it caps end-to-end throughput whatever the engine does.
 *    The client shares the worker's NativeConnection and starts workflows with
 *    `requestEagerStart`, so a first workflow task goes straight to the worker
 *    (what a DBOS application does by starting a workflow in its own process);
 *    `--client grpc` / `--no-eager-start` measure without. With the engine in
 *    this process, every loaded update is traced phase by phase
 *    (support/update-trace.ts): where the tail waits is printed.
 *  - `--driver protocol`: bench/support/protocol-driver.ts, the same workflow
 *    shape over raw gRPC (@temporalio/client's Connection.workflowService), no
 *    Worker and no sandbox. It makes the calls the SDK makes (sticky queue,
 *    eager activities, updates answered with Acceptance + Response protocol
 *    messages, result by a CLOSE_EVENT history long poll, eager workflow start
 *    unless --no-eager-start), so the engine runs the same paths; what it
 *    measures is the engine's own capacity, labelled so.
 *
 * Idle mode runs the engine as a child process (the standalone CLI), so its RSS
 * is the engine's alone — not the worker's or the client's.
 *
 * Uses DATABASE_URL when set (a throw-away schema, dropped afterwards), else a
 * throw-away embedded PostgreSQL in a temporary folder. To profile the engine:
 * `node --cpu-prof -r ./scripts/register.js bench/engine.ts`.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { startEmbeddedTemporal, type RunningEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { freePort, spawnEngineProcess } from '@gongkai/embedded-temporal/engine-process';
import * as activities from './support/engine-activities';
import { approve, benchApproval, benchApprovalLocal, benchIdle } from './support/engine-workflows';
import { connectProtocolDriver, type ProtocolDriver } from './support/protocol-driver';
import { inParallel } from './support/figures';
import { UpdateTracer } from './support/update-trace';
import { outlierLines, tailOverTimeLine, TimedSamples, watchGcPauses } from './support/latency-outliers';
import { figuresToJson, latencyLine, p50p99, type ApprovalFigures } from './support/approval-figures';
import { freshDurablePostgres, processTreeCpu, rawCommitRate, settledCommits, type FreshPostgres } from './support/postgres-figures';
import { workflowBundlerOptions } from '../apps/worker/src/workflow-bundle';

const WORKFLOWS_PATH = path.join(__dirname, 'support', 'engine-workflows.ts');
const LEVELS = 3;

interface Options {
  workflows: number;
  concurrency: number;
  idle: number;
  lightSamples: number;
  engineProcess: boolean;
  driver: 'sdk' | 'protocol';
  /** The SDK driver's client: on the worker's own NativeConnection (Rust), or a separate grpc-js Connection. */
  client: 'native' | 'grpc';
  /** The SDK driver starts workflows with requestEagerStart (needs the native client). */
  eagerStart: boolean;
  /** The SDK driver's workflow runs its two activities as local activities (the counterpart of DBOS steps). */
  localActivities: boolean;
  /** Throughput mode's figures as JSON on stdout, the report on stderr. */
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { workflows: 1000, concurrency: 100, idle: 0, lightSamples: 20, engineProcess: false, driver: 'sdk', client: 'native', eagerStart: true, localActivities: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${argv[i - 1]} needs a whole number`);
      return v;
    };
    switch (argv[i]) {
      case '--workflows': o.workflows = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      case '--idle': o.idle = n(); break;
      case '--light': o.lightSamples = n(); break;
      case '--engine-process': o.engineProcess = true; break;
      case '--json': o.json = true; break;
      case '--no-eager-start': o.eagerStart = false; break;
      case '--local-activities': o.localActivities = true; break;
      case '--client': {
        const v = argv[++i];
        if (v !== 'native' && v !== 'grpc') throw new Error('--client needs native or grpc');
        o.client = v;
        break;
      }
      case '--driver': {
        const v = argv[++i];
        if (v !== 'sdk' && v !== 'protocol') throw new Error('--driver needs sdk or protocol');
        o.driver = v;
        break;
      }
      default: throw new Error(`unknown option ${argv[i]} (--workflows N --concurrency C --light N --engine-process --driver sdk|protocol --client native|grpc --no-eager-start --local-activities --json | --idle N)`);
    }
  }
  if (o.idle > 0 && o.driver !== 'sdk') throw new Error('--idle runs with the SDK worker only');
  if (o.idle > 0 && o.json) throw new Error('--json is for throughput mode');
  // The SDK starts eagerly only on a connection a worker shares (the protocol driver asks on its own).
  if (o.client !== 'native' && o.driver === 'sdk') o.eagerStart = false;
  if (o.localActivities && o.driver !== 'sdk') throw new Error('--local-activities is for the SDK driver');
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The report: stdout, or stderr when stdout carries the JSON figures. */
let log = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.json) log = (text) => process.stderr.write(`${text}\n`);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);

  let postgres: FreshPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await freshDurablePostgres();
    databaseUrl = postgres.url;
    log('postgres: embedded, durable (fsync on, synchronous_commit on)');
  } else {
    log('postgres: DATABASE_URL');
  }
  const schema = `temporal_bench_${randomBytes(4).toString('hex')}`;
  try {
    if (options.idle > 0) await idleMode(databaseUrl, schema, options);
    else {
      const figures = await throughputMode(databaseUrl, schema, options, postgres?.pid);
      if (options.json) process.stdout.write(`${figuresToJson(figures)}\n`);
    }
  } finally {
    if (postgres) {
      await postgres.stop();
    } else {
      const pg = new Pool({ connectionString: databaseUrl });
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => pg.end());
    }
  }
}

/** What throughput mode drives workflows through: the SDK (worker + client) or the protocol driver. */
interface Driver {
  /** The header line naming it. */
  label: string;
  /** What this process's CPU is, besides the engine when it runs here too. */
  cpuName: string;
  runApproval(workflowId: string, updateTimes: number[], settleMs?: number): Promise<void>;
  /** A line of driver-side counters for the measured run, if it has any. */
  statsLine?(): string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Where the engine listens and the API key it wants (a spawned engine process always wants one). */
interface EngineTarget {
  address: string;
  apiKey?: string;
}

async function connect(
  { address, apiKey }: EngineTarget,
  taskQueue: string,
  workerOptions: { maxCachedWorkflows?: number } = {},
  clientKind: Options['client'] = 'grpc',
) {
  // The SDK worker's native runtime, only when an SDK worker runs (the protocol driver needs none).
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    runtimeInstalled = true;
  }
  const connection = await Connection.connect({ address, apiKey, tls: apiKey ? false : undefined });
  // Loopback: gzip only costs CPU on both ends (the worker's core compresses every request by default).
  const nativeConnection = await NativeConnection.connect({ address, apiKey, tls: apiKey ? false : undefined, grpcCompression: { codec: 'none' } });
  // `native`: the client shares the worker's connection (the SDK's eager workflow start needs that).
  const client = new Client({ connection: clientKind === 'native' ? nativeConnection : connection });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: workflowBundlerOptions(),
    activities,
    ...workerOptions,
  });
  const running = worker.run();
  return {
    client,
    async close() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}

async function runApproval(
  client: Client,
  taskQueue: string,
  workflowId: string,
  updateTimes: number[],
  settleMs = 0,
  tracer?: UpdateTracer,
  shape: { eagerStart: boolean; localActivities: boolean } = { eagerStart: false, localActivities: false },
): Promise<void> {
  const workflow = shape.localActivities ? benchApprovalLocal : benchApproval;
  const handle = await client.workflow.start(workflow, { taskQueue, workflowId, args: [LEVELS], requestEagerStart: shape.eagerStart });
  if (settleMs) await sleep(settleMs);
  for (let level = 1; level <= LEVELS; level++) {
    // Named so the engine's trace of the task that answered it can be found (update-trace.ts).
    const updateId = `${workflowId}/${level}`;
    const sentAt = Date.now();
    const t0 = performance.now();
    const answer = await handle.executeUpdate(approve, { args: [`reviewer-${level}`], updateId });
    updateTimes.push(performance.now() - t0);
    tracer?.record(updateId, sentAt, Date.now());
    if (answer !== `level ${level} approved by reviewer-${level}`) throw new Error(`unexpected update answer ${answer}`);
  }
  const result = await handle.result();
  if (result !== LEVELS) throw new Error(`unexpected result ${result}`);
}

async function sdkDriver(target: EngineTarget, taskQueue: string, o: Options, tracer?: UpdateTracer): Promise<Driver> {
  const { client, close } = await connect(target, taskQueue, {}, o.client);
  return {
    label:
      `driver: sdk (Temporal SDK worker + client; end-to-end, the SDK's own cost included; client on ` +
      `${o.client === 'native' ? "the worker's native connection" : 'a grpc-js connection'}${o.eagerStart ? ', eager workflow start' : ''}` +
      `${o.localActivities ? ', local activities' : ''})`,
    cpuName: 'worker + client',
    runApproval: (workflowId, updateTimes, settleMs) => runApproval(client, taskQueue, workflowId, updateTimes, settleMs, tracer, o),
    close,
  };
}

async function protocolDriver(target: EngineTarget, taskQueue: string, eagerStart: boolean): Promise<Driver> {
  const driver: ProtocolDriver = await connectProtocolDriver({ ...target, taskQueue, levels: LEVELS, eagerStart });
  return {
    label: "driver: protocol (no SDK worker; measures the engine's own capacity)",
    cpuName: 'driver',
    runApproval: (workflowId, updateTimes, settleMs) => driver.runApproval(workflowId, updateTimes, settleMs),
    statsLine() {
      const s = driver.takeStats();
      return (
        `protocol driver: workflow tasks ${s.normalTasks} normal + ${s.stickyTasks} sticky + ${s.eagerStarts} with the start; activities ${s.eagerActivities} eager + ` +
        `${s.polledActivities} polled; sticky cache misses ${s.cacheMisses}; updates sent again ${s.updateResends}, ` +
        `polled for their outcome ${s.updatePolls}; errors ${s.errors}`
      );
    },
    close: () => driver.close(),
  };
}

async function throughputMode(databaseUrl: string, schema: string, o: Options, postgresPid?: number): Promise<ApprovalFigures> {
  // In-process by default (as `npm start` runs it); --engine-process puts it in a child to measure its CPU apart.
  let target: EngineTarget;
  let enginePid: number | undefined;
  let stopEngine: () => Promise<void>;
  // With the engine in this process, the SDK driver's updates are traced phase by phase (update-trace.ts).
  const tracer = !o.engineProcess && o.driver === 'sdk' ? new UpdateTracer() : undefined;
  if (o.engineProcess) {
    // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the engine alone.
    const nodeArgs = process.env.BENCH_ENGINE_NODE_ARGS?.split(/\s+/).filter(Boolean);
    const child = await spawnEngineProcess({ databaseUrl, schema, port: await freePort(), nodeArgs });
    target = { address: child.address, apiKey: child.apiKey };
    enginePid = child.pid;
    stopEngine = () => child.stop();
  } else {
    const engine: RunningEmbeddedTemporal = await startEmbeddedTemporal({ databaseUrl, schema, onWorkflowTaskCompleted: tracer?.sink });
    target = { address: engine.address };
    stopEngine = () => engine.stop();
  }
  const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
  const driver = o.driver === 'protocol' ? await protocolDriver(target, taskQueue, o.eagerStart) : await sdkDriver(target, taskQueue, o, tracer);
  log(driver.label);
  try {
    const commitRate = await rawCommitRate(databaseUrl, schema);
    log(`raw single-row commit rate (1 connection, autocommit INSERT): ${commitRate.toFixed(0)} commits/s`);

    // Warm up (JIT, worker bundle, connection pools).
    await inParallel(Array.from({ length: 20 }, (_, i) => i), 10, (i) => driver.runApproval(`warm-${i}`, []));

    // Light load: one workflow at a time, updates one after another once the first activity is done.
    const light = new TimedSamples();
    const gc = watchGcPauses();
    for (let i = 0; i < o.lightSamples; i++) await driver.runApproval(`light-${i}`, light, 150);
    log(latencyLine('update round-trip, light load', light));
    // p99 of these few samples is the slowest one: say what it overlapped (issue 14).
    log('light-load outliers:');
    for (const text of outlierLines(light, gc.stop())) log(text);

    const before = await settledCommits(databaseUrl);
    const loaded = new TimedSamples();
    const cpu0 = process.cpuUsage();
    const pgCpu0 = postgresPid ? processTreeCpu(postgresPid) : NaN;
    const engineCpu0 = enginePid ? processTreeCpu(enginePid) : NaN;
    driver.statsLine?.(); // counters from here on
    tracer?.start();
    const t0 = performance.now();
    await inParallel(Array.from({ length: o.workflows }, (_, i) => i), o.concurrency, (i) => driver.runApproval(`load-${i}`, loaded));
    tracer?.stop();
    const seconds = (performance.now() - t0) / 1000;
    const rate = o.workflows / seconds;
    const cpu = process.cpuUsage(cpu0);
    const ownCpu = (cpu.user + cpu.system) / 1e6;
    const pgCpu = postgresPid ? processTreeCpu(postgresPid) - pgCpu0 : NaN;
    const engineCpu = enginePid ? processTreeCpu(enginePid) - engineCpu0 : NaN;
    log(latencyLine(`update round-trip, ${o.concurrency} workflows in flight`, loaded));
    // Where in the pass the tail falls: a start-up burst, or all along (issue 14).
    log(tailOverTimeLine(loaded, t0));
    for (const line of tracer?.lines() ?? []) log(line);
    log(`throughput: ${o.workflows} approval workflows in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} workflows/s (${o.concurrency} in flight)`);
    if (driver.statsLine) log(driver.statsLine());
    const ms = (s: number) => (Number.isNaN(s) ? 'n/a' : `${((s * 1000) / o.workflows).toFixed(1)} ms`);
    log(
      `CPU per workflow: ${enginePid ? `engine ${ms(engineCpu)}, ${driver.cpuName} ${ms(ownCpu)}` : `engine + ${driver.cpuName} ${ms(ownCpu)}`}, ` +
        `Postgres ${ms(pgCpu)}; ${((ownCpu + (engineCpu || 0) + (pgCpu || 0)) / seconds).toFixed(2)} of ${os.cpus().length} cores busy`,
    );
    const after = await settledCommits(databaseUrl);
    const perWorkflow = (after - before) / o.workflows;
    log(`postgres: ${perWorkflow.toFixed(1)} transactions per workflow (xact_commit delta ${after - before}, read-only ones included)`);
    log(
      `  i.e. ${(perWorkflow * rate).toFixed(0)} transactions/s at that throughput, against a raw single-row commit rate of ` +
        `${commitRate.toFixed(0)}/s (ratio ${((perWorkflow * rate) / commitRate).toFixed(2)})`,
    );
    const l50 = p50p99(light).p50;
    log(
      `targets${o.driver === 'protocol' ? ' (engine capacity, protocol driver)' : ''}: throughput ≥ 100/s ${rate >= 100 ? 'MET' : 'MISSED'}; ` +
        `light-load update p50 ≤ 15 ms ${l50 <= 15 ? 'MET' : 'MISSED'}`,
    );
    const perWorkflowMs = (s: number) => (s * 1000) / o.workflows;
    const loadedFigures = p50p99(loaded);
    return {
      side: 'engine',
      label: driver.label,
      workflows: o.workflows,
      concurrency: o.concurrency,
      workflowsPerSecond: rate,
      lightP50Ms: l50,
      lightP99Ms: p50p99(light).p99,
      loadedP50Ms: loadedFigures.p50,
      loadedP99Ms: loadedFigures.p99,
      transactionsPerWorkflow: perWorkflow,
      processCpuMsPerWorkflow: perWorkflowMs(ownCpu),
      engineCpuMsPerWorkflow: perWorkflowMs(engineCpu),
      postgresCpuMsPerWorkflow: perWorkflowMs(pgCpu),
      rawCommitsPerSecond: commitRate,
    };
  } finally {
    await driver.close();
    await stopEngine();
  }
}

async function idleMode(databaseUrl: string, schema: string, o: Options): Promise<void> {
  const port = await freePort();
  let memoryLine = '';
  // --expose-gc only lets the engine's SIGUSR2 report also show memory after a full collection.
  const nodeArgs = ['--expose-gc', ...(process.env.BENCH_ENGINE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])];
  const engine = await spawnEngineProcess({
    databaseUrl,
    schema,
    port,
    nodeArgs,
    onStderr: (text) => {
      const line = text.split('\n').find((l) => l.startsWith('memory '));
      if (line) memoryLine = line.slice('memory '.length);
    },
  });
  const engineMemory = async (): Promise<string> => {
    memoryLine = '';
    engine.child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !memoryLine; i++) await sleep(20);
    return memoryLine;
  };
  const taskQueue = `bench-idle-${randomBytes(4).toString('hex')}`;
  // A small workflow cache: the worker's memory is not what is measured, and evicted runs cost the engine nothing.
  const { client, close } = await connect({ address: engine.address, apiKey: engine.apiKey }, taskQueue, { maxCachedWorkflows: 500 });
  try {
    const baseline = rssMb(engine.pid);
    log(`engine process ${engine.pid}: RSS at start ${baseline.rss.toFixed(0)} MB; memoryUsage (MB) ${await engineMemory()}`);
    const ids = Array.from({ length: o.idle }, (_, i) => `idle-${i}`);
    const t0 = performance.now();
    await inParallel(ids, 200, async (workflowId) => {
      await client.workflow.start(benchIdle, { taskQueue, workflowId });
    });
    log(`started ${o.idle} workflows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Wait until every one has run its first workflow task and is idle on the update.
    for (;;) {
      let busy = 0;
      await inParallel(ids, 100, async (workflowId) => {
        const d = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
        if (d.pendingWorkflowTask) busy++;
      });
      if (!busy) break;
      await sleep(1000);
    }
    log(`all ${o.idle} idle after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const open = rssMb(engine.pid);
    log(`engine RSS with ${o.idle} open idle workflows: ${open.rss.toFixed(0)} MB (${(open.rss - baseline.rss).toFixed(0)} MB above start; peak ${open.peak.toFixed(0)} MB)`);
    log(`  engine memoryUsage (MB), then after a full GC: ${await engineMemory()}`);
    await sleep(1000);
    const collected = rssMb(engine.pid);
    log(`engine RSS after that GC: ${collected.rss.toFixed(0)} MB (${(collected.rss - baseline.rss).toFixed(0)} MB above start)`);
    log(`target: engine RSS ≤ 300 MB ${open.rss <= 300 ? 'MET' : 'MISSED'} (as found) / ${collected.rss <= 300 ? 'MET' : 'MISSED'} (after GC)`);
    // They are alive: update a few and see them finish.
    const times: number[] = [];
    for (const workflowId of ids.filter((_, i) => i % Math.max(1, Math.floor(o.idle / 20)) === 0)) {
      const handle = client.workflow.getHandle(workflowId);
      const t = performance.now();
      await handle.executeUpdate(approve, { args: ['chief'] });
      times.push(performance.now() - t);
      if ((await handle.result()) !== 'chief') throw new Error(`${workflowId}: unexpected result`);
    }
    log(latencyLine(`update round-trip among ${o.idle} idle`, times));
  } finally {
    await close();
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
