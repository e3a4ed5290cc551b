/**
 * `npm run test:sdk-suite -- <checkout of temporalio/sdk-typescript> [options]`: runs the Temporal TypeScript SDK's own
 * integration tests (packages/test) against gongkai's embedded engine and prints a per-file pass/fail/skip table.
 * Opt-in: it needs a checkout, which CI does not have. See docs/sdk-suite.md.
 *
 *   --all              also run the files that test mostly the SDK itself or deliberately missing features
 *   --only a,b         just these files (test-update, update, lib/test-update.js all mean test-update)
 *   --out FILE         where to write the JSON report (default: <scratch>/results-<time>.json)
 *   --compare FILE     a previous JSON report: print what changed
 *   --scratch DIR      where to build (default: $TMPDIR/gongkai-sdk-suite)
 *   --port N           the main engine's port (default 7233, the SDK's default address two files rely on)
 *   --file-limit MIN   kill a file's ava after this many minutes (default 20)
 *   --stall MIN        kill a file's ava after this many minutes without a new test result (default 5)
 *   --ava-timeout T    ava's inactivity timeout (default 60s, the suite's own; a loaded machine may need more)
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childProcessEnv } from '@gongkai/config';
import { startSuiteEngines, type SuiteEngines } from './engines';
import { compareReports, formatComparison, formatFailures, formatTable, totalsOf, type FileResult, type SuiteReport } from './report';
import { defaultScratchRoot, prepareScratch, type Scratch } from './scratch';
import { parseTap } from './tap';
import { selectFiles, type SuiteFile } from './test-files';

interface Options {
  checkout: string;
  all: boolean;
  only: string[];
  out?: string;
  compare?: string;
  scratchRoot: string;
  port: number;
  fileLimitMinutes: number;
  stallMinutes: number;
  avaTimeout: string;
}

export function parseOptions(argv: readonly string[]): Options {
  const options: Partial<Options> & { only: string[] } = { all: false, only: [], scratchRoot: defaultScratchRoot(), port: 7233, fileLimitMinutes: 20, stallMinutes: 5, avaTimeout: '60s' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--all') options.all = true;
    else if (arg === '--only') options.only.push(...value().split(',').filter(Boolean));
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--compare') options.compare = path.resolve(value());
    else if (arg === '--scratch') options.scratchRoot = path.resolve(value());
    else if (arg === '--port') options.port = Number(value());
    else if (arg === '--file-limit') options.fileLimitMinutes = Number(value());
    else if (arg === '--stall') options.stallMinutes = Number(value());
    else if (arg === '--ava-timeout') options.avaTimeout = value();
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (options.checkout === undefined) options.checkout = path.resolve(arg);
    else throw new Error(`one checkout only (got ${options.checkout} and ${arg})`);
  }
  if (!options.checkout) throw new Error('usage: npm run test:sdk-suite -- <checkout of temporalio/sdk-typescript> [--all] [--only a,b] [--out FILE] [--compare FILE]');
  if (!Number.isInteger(options.port) || options.port! < 0 || options.port! > 65535) throw new Error('--port must be 0..65535');
  if (!(options.fileLimitMinutes! > 0)) throw new Error('--file-limit must be a positive number of minutes');
  if (!(options.stallMinutes! > 0)) throw new Error('--stall must be a positive number of minutes');
  if (!/^\d+(ms|s|m)$/.test(options.avaTimeout!)) throw new Error('--ava-timeout is a duration such as 60s or 3m');
  return options as Options;
}

const log = (line: string) => process.stderr.write(`[sdk-suite] ${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const repoRoot = path.resolve(__dirname, '..', '..');
  const scratch = prepareScratch({ checkout: options.checkout, repoRoot, scratchRoot: options.scratchRoot, log });
  const files = selectFiles({ all: options.all, only: options.only });
  const engines = await startSuiteEngines({ dataDir: path.join(scratch.root, 'engine-data'), mainPort: options.port, log });
  let current: ReturnType<typeof spawn> | undefined;
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    interrupted = true;
    if (current?.pid) killGroup(current.pid);
    void engines.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const startedAt = new Date().toISOString();
  writeAvaConfig(scratch, engines, options.avaTimeout);
  const logs = path.join(scratch.root, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const results: FileResult[] = [];
  try {
    for (const [i, file] of files.entries()) {
      if (interrupted) break;
      log(`(${i + 1}/${files.length}) ${file.file} on ${file.engine}`);
      const result = await runFile(scratch, engines, file, logs, options, (child) => (current = child));
      results.push(result);
      log(`   ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped${result.status === 'ok' || result.status === 'failed' ? '' : `, ${result.status.toUpperCase()}`} (${Math.round(result.durationMs / 1000)} s)`);
    }
  } finally {
    await engines.stop();
  }

  const report: SuiteReport = { checkout: options.checkout, commit: scratch.commit, sdkVersion: scratch.sdkVersion, startedAt, files: results, totals: totalsOf(results) };
  const out = options.out ?? path.join(scratch.root, `results-${startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(results)}\n\n`);
  const failures = formatFailures(results);
  if (failures) process.stdout.write(`Failures:\n${failures}\n\n`);
  if (options.compare) {
    const before = JSON.parse(fs.readFileSync(options.compare, 'utf8')) as SuiteReport;
    process.stdout.write(`Compared with ${options.compare}:\n${formatComparison(compareReports(before, report))}\n\n`);
  }
  process.stdout.write(`report: ${out}\nlogs: ${logs}\n`);
}

/** ava's options as the suite's own package.json sets them (one file at a time, child processes), the inactivity timeout from --ava-timeout. */
function writeAvaConfig(scratch: Scratch, engines: SuiteEngines, timeout: string): void {
  const ava = { timeout, concurrency: 1, workerThreads: false, require: ['./sdk-suite-preload.js'] };
  fs.writeFileSync(path.join(scratch.testDir, 'package.json'), JSON.stringify({ name: '@temporalio/test', private: true, ava }, null, 2));
  fs.copyFileSync(path.join(__dirname, 'preload.js'), path.join(scratch.testDir, 'sdk-suite-preload.js'));
  fs.writeFileSync(path.join(scratch.testDir, 'sdk-suite.json'), JSON.stringify({ timeSkippingAddress: engines.addresses['time-skipping'], protobufjs: scratch.protobufjs }));
}

/**
 * The engines a file's `TestWorkflowEnvironment.createLocal()` calls get, in turn: its own first, then the
 * other. Temporal's helper starts a dev server per call, and the suite's multi-codec files create two
 * environments at once, one with a payload codec, whose workers poll task queues of the same names: on one
 * shared server each would take the other's tasks.
 */
export function localServers(engines: Pick<SuiteEngines, 'addresses'>, file: Pick<SuiteFile, 'engine'>): string[] {
  const own = file.engine === 'codec' ? 'codec' : 'main';
  return [engines.addresses[own], engines.addresses[own === 'main' ? 'codec' : 'main']];
}

function runFile(
  scratch: Scratch,
  engines: SuiteEngines,
  file: SuiteFile,
  logs: string,
  limits: Pick<Options, 'fileLimitMinutes' | 'stallMinutes'>,
  onSpawn: (child: ReturnType<typeof spawn>) => void,
): Promise<FileResult> {
  const started = Date.now();
  const base = { file: file.file, engine: file.engine, passed: 0, failed: 0, skipped: 0, todo: 0, failures: [] };
  const script = path.join('lib', `${file.file}.js`);
  if (!fs.existsSync(path.join(scratch.testDir, script))) return Promise.resolve({ ...base, status: 'missing', durationMs: 0 });
  const env = childProcessEnv({
    RUN_INTEGRATION_TESTS: 'true',
    // Not TEMPORAL_SERVICE_ADDRESS: with it, test-helpers hands every environment the same server and drops the
    // client's options (codec, interceptors). The preload answers createLocal instead, one engine per call in turn.
    GONGKAI_SDK_SUITE_SERVERS: localServers(engines, file).join(','),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
  const child = spawn(process.execPath, [scratch.avaCli, '--tap', script], { cwd: scratch.testDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn(child);
  // Five other people share this machine's two cores: the suite yields to them.
  if (child.pid) {
    try {
      os.setPriority(child.pid, 10);
    } catch {
      // not permitted here: run at normal priority
    }
  }
  const logFile = fs.createWriteStream(path.join(logs, `${file.file}.log`));
  let stdout = '';
  let lastResultAt = Date.now();
  let stalled = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    if (/^(not )?ok\b/m.test(text)) lastResultAt = Date.now();
    logFile.write(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => logFile.write(chunk));
  const kill = (why: string) => {
    logFile.write(`\n[sdk-suite] killed: ${why}\n`);
    if (child.pid) killGroup(child.pid);
  };
  const limit = setTimeout(() => kill(`after ${limits.fileLimitMinutes} min`), limits.fileLimitMinutes * 60_000);
  const watchdog = setInterval(() => {
    if (Date.now() - lastResultAt < limits.stallMinutes * 60_000) return;
    stalled = true;
    kill(`no test result for ${limits.stallMinutes} min`);
  }, 5_000);
  return new Promise((resolve) => {
    child.on('close', () => {
      clearTimeout(limit);
      clearInterval(watchdog);
      logFile.end();
      const counts = parseTap(stdout);
      const status = stalled ? 'stalled' : !counts.complete ? 'crashed' : counts.failed > 0 ? 'failed' : 'ok';
      resolve({ ...base, passed: counts.passed, failed: counts.failed, skipped: counts.skipped, todo: counts.todo, failures: counts.failures, status, durationMs: Date.now() - started });
    });
  });
}

/** The ava process and the workers it forked (it runs detached, in a process group of its own). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
