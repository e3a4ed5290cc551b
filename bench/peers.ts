/**
 * gongkai's embedded engine beside its closest npm peer, DBOS Transact
 * (durable workflows on Postgres), on the same approval shape (start → activity
 * → three decisions → activity → complete), N workflows with C in flight, each
 * run in a fresh process on a fresh durable embedded Postgres (issue 14).
 *
 *   npm run bench:peers                                    3 alternated pairs, 1000 workflows, 100 in flight
 *   npm run bench:peers -- --pairs 5 --workflows 2000 --concurrency 200
 *   npm run bench:peers -- --pairs 1 --workflows 100 --concurrency 10    a quick check that both sides run
 *   npm run bench:peers -- --driver protocol               the engine side without the SDK (its own capacity)
 *   npm run bench:peers -- --engine-process                the engine in its own child process (its CPU apart in each run's report)
 *   npm run bench:peers -- --client grpc --no-eager-start  the SDK driver as before issue 14's last round (see bench/engine.ts)
 *   npm run bench:peers -- --local-activities               the engine's activities as local activities, as DBOS runs steps
 *
 * The engine side is `bench/engine.ts --json` (throughput mode, the real
 * Temporal SDK worker and client in the engine's process unless --driver
 * protocol); the DBOS side is bench/peers/dbos/approval.ts --json (send/recv +
 * setEvent/getEvent in place of updates, steps for activities). The order
 * alternates pair by pair (engine first, then DBOS first, …) so a drift in the
 * machine's load falls on both. Each prints its report on stderr (passed
 * through) and its figures as JSON; this prints every run, then the medians over
 * pairs and the median of the per-pair ratios engine ÷ DBOS.
 *
 * DBOS (@dbos-inc/dbos-sdk, pinned with its lock file in bench/peers/dbos) is not
 * a product dependency: it is installed into bench/peers/dbos/node_modules with
 * `npm ci` the first time this runs (or when the installed version differs).
 * Figures from a busy machine mean little: take them on a quiet one.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figuresFromJson, type ApprovalFigures } from './support/approval-figures';
import { say } from './support/figures';

const ROOT = path.resolve(__dirname, '..');
const DBOS_DIR = path.join(__dirname, 'peers', 'dbos');
const REGISTER = path.join(ROOT, 'scripts', 'register.js');

interface Options {
  pairs: number;
  workflows: number;
  concurrency: number;
  lightSamples: number;
  driver: 'sdk' | 'protocol';
  engineProcess: boolean;
  /** The SDK driver's options, passed on to bench/engine.ts as they are (--client native|grpc, --no-eager-start, --local-activities). */
  sdkOptions: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { pairs: 3, workflows: 1000, concurrency: 100, lightSamples: 20, driver: 'sdk', engineProcess: false, sdkOptions: [] };
  for (let i = 0; i < argv.length; i++) {
    const n = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${argv[i - 1]} needs a whole number ≥ 1`);
      return v;
    };
    switch (argv[i]) {
      case '--pairs': o.pairs = n(); break;
      case '--workflows': o.workflows = n(); break;
      case '--concurrency': o.concurrency = n(); break;
      case '--light': o.lightSamples = n(); break;
      case '--engine-process': o.engineProcess = true; break;
      case '--no-eager-start': o.sdkOptions.push('--no-eager-start'); break;
      case '--local-activities': o.sdkOptions.push('--local-activities'); break;
      case '--client': o.sdkOptions.push('--client', argv[++i] ?? ''); break;
      case '--driver': {
        const v = argv[++i];
        if (v !== 'sdk' && v !== 'protocol') throw new Error('--driver needs sdk or protocol');
        o.driver = v;
        break;
      }
      default: throw new Error(`unknown option ${argv[i]} (--pairs N --workflows N --concurrency C --light N --driver sdk|protocol --client native|grpc --no-eager-start --local-activities --engine-process)`);
    }
  }
  return o;
}

/** DBOS into bench/peers/dbos/node_modules from its lock file, unless the pinned version is there already. */
function ensureDbosInstalled(): void {
  const wanted = (JSON.parse(fs.readFileSync(path.join(DBOS_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
    .dependencies['@dbos-inc/dbos-sdk'];
  const manifest = path.join(DBOS_DIR, 'node_modules', '@dbos-inc', 'dbos-sdk', 'package.json');
  const installed = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
  if (installed === wanted) return;
  say(`installing DBOS Transact ${wanted} into ${path.relative(ROOT, DBOS_DIR)}/node_modules (npm ci; not a product dependency)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', DBOS_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci in ${DBOS_DIR} failed (status ${result.status ?? result.signal})`);
}

type Side = 'engine' | 'dbos';

/** One side in a fresh process; its report passes through on stderr, its figures come back as JSON on stdout. */
function runSide(side: Side, o: Options): Promise<ApprovalFigures> {
  const script = side === 'engine' ? path.join(__dirname, 'engine.ts') : path.join(DBOS_DIR, 'approval.ts');
  const args = ['--json', '--workflows', String(o.workflows), '--concurrency', String(o.concurrency), '--light', String(o.lightSamples)];
  if (side === 'engine') args.push('--driver', o.driver, ...(o.engineProcess ? ['--engine-process'] : []), ...o.sdkOptions);
  // A fresh embedded Postgres for each run, never a DATABASE_URL from the shell.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER, script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${side} run ended with ${code ?? signal}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(figuresFromJson(line));
      } catch {
        reject(new Error(`${side} run printed no figures: ${out.slice(0, 500)}`));
      }
    });
  });
}

function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

interface Column {
  title: string;
  value(f: ApprovalFigures): number;
  digits: number;
}

const COLUMNS: Column[] = [
  { title: 'workflows/s', value: (f) => f.workflowsPerSecond, digits: 1 },
  { title: 'light p50 ms', value: (f) => f.lightP50Ms, digits: 1 },
  { title: 'light p99 ms', value: (f) => f.lightP99Ms, digits: 1 },
  { title: 'loaded p50 ms', value: (f) => f.loadedP50Ms, digits: 0 },
  { title: 'loaded p99 ms', value: (f) => f.loadedP99Ms, digits: 0 },
  { title: 'PG xacts/wf', value: (f) => f.transactionsPerWorkflow, digits: 1 },
  // Everything but Postgres: with --engine-process the engine's child is added, so both sides sum the same parts.
  { title: 'CPU/wf ms (process)', value: (f) => f.processCpuMsPerWorkflow + (Number.isNaN(f.engineCpuMsPerWorkflow) ? 0 : f.engineCpuMsPerWorkflow), digits: 1 },
  { title: 'CPU/wf ms (Postgres)', value: (f) => f.postgresCpuMsPerWorkflow, digits: 1 },
  { title: 'raw commits/s', value: (f) => f.rawCommitsPerSecond, digits: 0 },
];

function table(rows: { name: string; cells: string[] }[]): string[] {
  const head = ['', ...COLUMNS.map((c) => c.title)];
  const body = rows.map((r) => [r.name, ...r.cells]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)];
}

const fmt = (v: number, digits: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  ensureDbosInstalled();
  say(`bench:peers — ${o.pairs} alternated pair(s), ${o.workflows} workflows, ${o.concurrency} in flight, engine driver ${o.driver}${o.engineProcess ? ', engine in its own process' : ''}`);
  say(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const pairs: { engine: ApprovalFigures; dbos: ApprovalFigures }[] = [];
  for (let p = 0; p < o.pairs; p++) {
    const order: Side[] = p % 2 === 0 ? ['engine', 'dbos'] : ['dbos', 'engine'];
    const got: Partial<Record<Side, ApprovalFigures>> = {};
    for (const side of order) {
      say(`\n— pair ${p + 1}/${o.pairs}: ${side} —`);
      got[side] = await runSide(side, o);
    }
    pairs.push({ engine: got.engine!, dbos: got.dbos! });
  }

  say(`\nEvery run (${pairs[0].engine.label}; ${pairs[0].dbos.label}):`);
  const runRows = pairs.flatMap((pair, i) =>
    (['engine', 'dbos'] as const).map((side) => ({
      name: `${i + 1} ${side === 'engine' ? 'embedded engine' : 'DBOS Transact'}`,
      cells: COLUMNS.map((c) => fmt(c.value(pair[side]), c.digits)),
    })),
  );
  for (const l of table(runRows)) say(l);

  say(`\nMedian over ${pairs.length} pair(s), and the median of the per-pair ratios:`);
  const medianRow = (side: Side, name: string) => ({ name, cells: COLUMNS.map((c) => fmt(median(pairs.map((pair) => c.value(pair[side]))), c.digits)) });
  const ratioRow = {
    name: 'engine ÷ DBOS',
    cells: COLUMNS.map((c) => fmt(median(pairs.map((pair) => c.value(pair.engine) / c.value(pair.dbos))), 2)),
  };
  for (const l of table([medianRow('engine', `embedded engine (${o.driver === 'sdk' ? 'with the Temporal SDK' : 'protocol driver, no SDK'})`), medianRow('dbos', 'DBOS Transact'), ratioRow])) say(l);
  say('\nThroughput ratio > 1: the engine is faster; latency, transaction and CPU ratios < 1: the engine is cheaper.');
  if (os.loadavg()[0] > os.cpus().length * 0.5) say(`warning: load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores — other work shared the machine; take figures on a quiet one`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
