/**
 * What the approval benchmarks (bench/engine.ts, bench/peers/dbos/approval.ts)
 * measure about Postgres and CPU, in one place so both sides of `npm run
 * bench:peers` measure them the same way: a fresh durable embedded Postgres,
 * its raw single-row commit rate, pg_stat_database.xact_commit once settled,
 * and the CPU of a process tree read from /proc.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { startEmbeddedPostgres } from '@gongkai/persistence/embedded-postgres';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FreshPostgres {
  url: string;
  /** The postmaster: its children are the backends (see processTreeCpu). */
  pid: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A throw-away embedded PostgreSQL in a temporary folder with the durable defaults (fsync and synchronous_commit on). */
export async function freshDurablePostgres(): Promise<FreshPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  try {
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') }); // durable defaults, not `fast`
    return {
      url: postgres.url,
      pid: postgres.pid,
      async stop() {
        await postgres.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Single-row autocommit INSERTs on one connection: what one durable commit costs on this disk. */
export async function rawCommitRate(databaseUrl: string, schema: string, ms = 3000): Promise<number> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await pg.query(`CREATE TABLE IF NOT EXISTS "${schema}".bench_commit (id bigserial PRIMARY KEY, v text NOT NULL)`);
    const until = performance.now() + ms;
    const t0 = performance.now();
    let n = 0;
    while (performance.now() < until) {
      await pg.query(`INSERT INTO "${schema}".bench_commit (v) VALUES ($1)`, ['x']);
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await pg.end();
  }
}

/**
 * pg_stat_database.xact_commit once every backend has reported: a backend
 * flushes its counters at most every second while busy and ~10 s after going
 * idle (or when it exits), so wait until the benchmark's connections are idle.
 */
export async function settledCommits(databaseUrl: string): Promise<number> {
  await sleep(11_500);
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const res = await pg.query('SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(res.rows[0].n);
  } finally {
    await pg.end();
  }
}

/**
 * CPU seconds (user + system) used so far by a process, its children still
 * alive (Postgres backends) and the children it has already reaped (backends
 * that exited), read from /proc; NaN when the process is not there.
 */
export function processTreeCpu(rootPid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  let rootSeen = false;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const isRoot = Number(entry) === rootPid;
      if (!isRoot && ppid !== rootPid) continue;
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
      if (isRoot) {
        rootSeen = true;
        total += (Number(fields[13]) + Number(fields[14])) / tick; // cutime, cstime: reaped children
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return rootSeen ? total : NaN;
}
