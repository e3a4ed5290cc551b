/**
 * The DBOS Transact side of `npm run bench:peers` (issue 14): the approval shape
 * of bench/engine.ts (start → step → three decisions → step → complete), N
 * workflows with C in flight, on a fresh durable embedded Postgres, with the
 * same figures measured the same way (bench/support/postgres-figures.ts,
 * bench/support/approval-figures.ts).
 *
 * Where the engine's workflow takes an update and answers it, this one takes a
 * message (`DBOS.recv`, sent by `DBOS.send`) and answers with an event
 * (`DBOS.setEvent`, read by `DBOS.getEvent`): a decision's round trip is send →
 * getEvent returning the answer. The two activities are DBOS steps. DBOS runs
 * with its defaults (system database pool of 10, LISTEN/NOTIFY on), its system
 * database the fresh Postgres's only database.
 *
 * Run by bench/peers.ts in its own process, with DBOS installed into
 * bench/peers/dbos/node_modules on demand (not part of the product's install):
 *   node -r ./scripts/register.js bench/peers/dbos/approval.ts --json --workflows 1000 --concurrency 100
 * Typechecked on its own: npx tsc -p bench/peers/dbos (the product's tsconfig leaves it out).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { inParallel } from '../../support/figures';
import { figuresToJson, latencyLine, p50p99, type ApprovalFigures } from '../../support/approval-figures';
import { freshDurablePostgres, processTreeCpu, rawCommitRate, settledCommits } from '../../support/postgres-figures';

const LEVELS = 3;
const DECISION_TOPIC = 'approve';
/** How long a decision or its answer may take before the run is called broken. */
const WAIT_SECONDS = 120;

interface Options {
  workflows: number;
  concurrency: number;
  lightSamples: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { workflows: 1000, concurrency: 100, lightSamples: 20, json: false };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${argv[i - 1]} needs a whole number`);
      return v;
    };
    switch (argv[i]) {
      case '--workflows': o.workflows = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      case '--light': o.lightSamples = n(); break;
      case '--json': o.json = true; break;
      default: throw new Error(`unknown option ${argv[i]} (--workflows N --concurrency C --light N --json)`);
    }
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The report: stdout, or stderr when stdout carries the JSON figures. */
let log = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

// ------------------------------------------------------------------ the workflow (registered before launch)

/** No work, as bench/support/engine-activities.ts: DBOS's own cost is what is measured. */
const record = DBOS.registerStep(async (stage: string): Promise<string> => stage, { name: 'record' });

const answerKey = (level: number) => `level-${level}`;

/** start → step → `levels` decisions (each answered by an event) → step → complete. */
const benchApproval = DBOS.registerWorkflow(
  async (levels: number): Promise<number> => {
    const approvals: string[] = [];
    await record('submitted');
    while (approvals.length < levels) {
      const who = await DBOS.recv<string>(DECISION_TOPIC, WAIT_SECONDS);
      if (who === null) throw new Error(`no decision ${approvals.length + 1} within ${WAIT_SECONDS} s`);
      approvals.push(who);
      await DBOS.setEvent(answerKey(approvals.length), `level ${approvals.length} approved by ${who}`);
    }
    await record('published');
    return approvals.length;
  },
  { name: 'benchApproval' },
);

// ------------------------------------------------------------------ the client side

async function runApproval(workflowId: string, decisionTimes: number[], settleMs = 0): Promise<void> {
  const handle = await DBOS.startWorkflow(benchApproval, { workflowID: workflowId })(LEVELS);
  if (settleMs) await sleep(settleMs);
  for (let level = 1; level <= LEVELS; level++) {
    const t0 = performance.now();
    await DBOS.send(workflowId, `reviewer-${level}`, DECISION_TOPIC);
    const answer = await DBOS.getEvent<string>(workflowId, answerKey(level), WAIT_SECONDS);
    decisionTimes.push(performance.now() - t0);
    if (answer !== `level ${level} approved by reviewer-${level}`) throw new Error(`unexpected answer ${answer}`);
  }
  const result = await handle.getResult();
  if (result !== LEVELS) throw new Error(`unexpected result ${result}`);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.json) log = (text) => process.stderr.write(`${text}\n`);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const postgres = await freshDurablePostgres();
  log('postgres: embedded, durable (fsync on, synchronous_commit on)');
  try {
    DBOS.setConfig({ name: 'gongkai-bench', systemDatabaseUrl: postgres.url, logLevel: 'error' });
    await DBOS.launch();
    const label = `DBOS Transact ${dbosVersion()} (send/recv + setEvent/getEvent for the decisions, steps for the activities)`;
    log(label);
    try {
      const figures = await throughput(o, label, postgres.url, postgres.pid);
      if (o.json) process.stdout.write(`${figuresToJson(figures)}\n`);
    } finally {
      await DBOS.shutdown();
    }
  } finally {
    await postgres.stop();
  }
}

function dbosVersion(): string {
  // Its package.json, beside the code this process loaded: the version that ran, not the one asked for.
  const manifest = path.join(__dirname, 'node_modules', '@dbos-inc', 'dbos-sdk', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function throughput(o: Options, label: string, databaseUrl: string, postgresPid: number): Promise<ApprovalFigures> {
  const commitRate = await rawCommitRate(databaseUrl, 'bench_raw_commit');
  log(`raw single-row commit rate (1 connection, autocommit INSERT): ${commitRate.toFixed(0)} commits/s`);

  // Warm up (JIT, connection pool), as bench/engine.ts does.
  await inParallel(Array.from({ length: 20 }, (_, i) => i), 10, (i) => runApproval(`warm-${i}`, []));

  const light: number[] = [];
  for (let i = 0; i < o.lightSamples; i++) await runApproval(`light-${i}`, light, 150);
  log(latencyLine('decision round-trip, light load', light));

  const before = await settledCommits(databaseUrl);
  const loaded: number[] = [];
  const cpu0 = process.cpuUsage();
  const pgCpu0 = processTreeCpu(postgresPid);
  const t0 = performance.now();
  await inParallel(Array.from({ length: o.workflows }, (_, i) => i), o.concurrency, (i) => runApproval(`load-${i}`, loaded));
  const seconds = (performance.now() - t0) / 1000;
  const rate = o.workflows / seconds;
  const cpu = process.cpuUsage(cpu0);
  const ownCpu = (cpu.user + cpu.system) / 1e6;
  const pgCpu = processTreeCpu(postgresPid) - pgCpu0;
  log(latencyLine(`decision round-trip, ${o.concurrency} workflows in flight`, loaded));
  log(`throughput: ${o.workflows} approval workflows in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} workflows/s (${o.concurrency} in flight)`);
  const perWorkflowMs = (s: number) => (s * 1000) / o.workflows;
  log(
    `CPU per workflow: DBOS + client ${perWorkflowMs(ownCpu).toFixed(1)} ms, Postgres ${perWorkflowMs(pgCpu).toFixed(1)} ms; ` +
      `${((ownCpu + pgCpu) / seconds).toFixed(2)} of ${os.cpus().length} cores busy`,
  );
  const after = await settledCommits(databaseUrl);
  const perWorkflow = (after - before) / o.workflows;
  log(`postgres: ${perWorkflow.toFixed(1)} transactions per workflow (xact_commit delta ${after - before}, read-only ones included)`);
  const light5099 = p50p99(light);
  const loaded5099 = p50p99(loaded);
  return {
    side: 'dbos',
    label,
    workflows: o.workflows,
    concurrency: o.concurrency,
    workflowsPerSecond: rate,
    lightP50Ms: light5099.p50,
    lightP99Ms: light5099.p99,
    loadedP50Ms: loaded5099.p50,
    loadedP99Ms: loaded5099.p99,
    transactionsPerWorkflow: perWorkflow,
    processCpuMsPerWorkflow: perWorkflowMs(ownCpu),
    engineCpuMsPerWorkflow: NaN,
    postgresCpuMsPerWorkflow: perWorkflowMs(pgCpu),
    rawCommitsPerSecond: commitRate,
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
