/**
 * The embedded Temporal engine as a standalone server, so any Temporal client
 * (the SDK, the `temporal` CLI, another machine's worker) can connect:
 *
 *   npm run engine -- --port 7233 [--host 127.0.0.1] [--database-url postgres://…]
 *                     [--schema temporal] [--time-skipping [--time-skipping-unlocked]]
 *
 * Without --database-url (or DATABASE_URL) it starts its own PostgreSQL under
 * $GONGKAI_HOME/postgres (default ./.gongkai). Every call must carry the
 * installation's API key (`authorization: Bearer <key>`): GONGKAI_ENGINE_API_KEY,
 * else the key kept in $GONGKAI_HOME/engine-api-key (created on first start,
 * owner-only); `--insecure-no-auth` turns the check off for a throw-away
 * experiment. When ready it prints one line,
 * `temporal engine listening on <host:port>`, to stdout; SIGINT/SIGTERM stop it
 * cleanly; SIGUSR2 prints its memory use to stderr. The crash test spawns this file as a child process and SIGKILLs it.
 */
import * as path from 'node:path';
import { ConfigError, loadEngineConfig, type EngineConfig, readProcessEnv } from '@gongkai/config';
import { startEmbeddedPostgres, type RunningPostgres, loadOrCreateInstallationSecret } from '@gongkai/persistence/embedded';
import { ENGINE_API_KEY_FILE } from './engine-api-key';
import { startEmbeddedTemporal, type RunningEmbeddedTemporal } from './server';

export interface EngineCliOptions {
  port: number;
  host: string;
  databaseUrl?: string;
  schema: string;
  timeSkipping: boolean;
  /** With timeSkipping: start with no lock held (the default is one lock, as Temporal's test server). */
  timeSkippingUnlocked: boolean;
  verbose: boolean;
  /** Serve without an API key (local experiments only). */
  insecureNoAuth: boolean;
}

const USAGE = `usage: npm run engine -- [--port 7233] [--host 127.0.0.1] [--database-url URL] [--schema temporal] [--time-skipping [--time-skipping-unlocked]] [--verbose] [--insecure-no-auth]
  --database-url  PostgreSQL to keep engine state in (default: $DATABASE_URL, else an embedded
                  PostgreSQL under $GONGKAI_HOME/postgres, GONGKAI_HOME defaulting to ./.gongkai)
  --schema        Postgres schema of the engine's tables (default temporal)
  --time-skipping serve the TestService on a virtual clock (tests only); it starts with skipping
                  locked, as Temporal's test server does (--time-skipping-unlocked: it skips at once)
  API key: clients send authorization: Bearer <key>; the key is $GONGKAI_ENGINE_API_KEY, else
  $GONGKAI_HOME/engine-api-key (created on first start); --insecure-no-auth serves without one`;

export function parseArgs(argv: string[], config: Pick<EngineConfig, 'databaseUrl'> = {}): EngineCliOptions {
  const options: EngineCliOptions = {
    port: 7233,
    host: '127.0.0.1',
    databaseUrl: config.databaseUrl,
    schema: 'temporal',
    timeSkipping: false,
    timeSkippingUnlocked: false,
    verbose: false,
    insecureNoAuth: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535\n${USAGE}`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--database-url':
        options.databaseUrl = value();
        break;
      case '--schema':
        options.schema = value();
        break;
      case '--time-skipping':
        options.timeSkipping = true;
        break;
      case '--time-skipping-unlocked':
        options.timeSkippingUnlocked = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--insecure-no-auth':
        options.insecureNoAuth = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let config: EngineConfig;
  try {
    config = loadEngineConfig(readProcessEnv());
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  }
  let options: EngineCliOptions;
  try {
    options = parseArgs(process.argv.slice(2), config);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = options.verbose
    ? (msg: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), msg, ...fields })}\n`)
    : undefined;

  let postgres: RunningPostgres | undefined;
  let engine: RunningEmbeddedTemporal | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`temporal engine stopping (${signal})\n`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await engine?.stop();
      await postgres?.stop();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`temporal engine stop failed: ${(err as Error).message}\n`);
      process.exit(1);
    }
  };
  // Diagnostics: `kill -USR2 <pid>` prints the process's memory use (MB) as one JSON line on stderr;
  // started with node --expose-gc, it also runs a full garbage collection and reports after it.
  process.on('SIGUSR2', () => {
    const mb = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]));
    const before = mb();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    process.stderr.write(`memory ${JSON.stringify(gc ? { ...before, afterGc: mb() } : before)}\n`);
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started by a parent that owns it (npm run engine, a test, the benchmark): when that parent dies, even by
  // SIGKILL, this process is handed to another parent; stop then rather than hold the port and the database.
  const { parentPid } = config;
  if (parentPid !== undefined) {
    setInterval(() => {
      if (process.ppid !== parentPid) void stop('parent exited');
    }, 1000).unref();
  }

  try {
    const home = config.gongkaiHome;
    const apiKey = options.insecureNoAuth
      ? undefined
      : config.apiKey ?? loadOrCreateInstallationSecret(path.join(home, ENGINE_API_KEY_FILE));
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres') });
      databaseUrl = postgres.url;
    }
    engine = await startEmbeddedTemporal({
      databaseUrl,
      schema: options.schema,
      port: options.port,
      host: options.host,
      timeSkipping: options.timeSkipping,
      timeSkippingLocked: !options.timeSkippingUnlocked,
      apiKey,
      log,
    });
  } catch (err) {
    process.stderr.write(`temporal engine failed to start: ${(err as Error).stack ?? err}\n`);
    await engine?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    process.exit(1);
  }
  if (stopping) return;
  process.stdout.write(`temporal engine listening on ${engine.address}\n`);
}

if (require.main === module) void main();
