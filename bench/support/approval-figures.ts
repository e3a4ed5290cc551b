/**
 * The figures one run of the approval shape (start → activity → three
 * decisions → activity → complete) yields, whichever system ran it: bench/engine.ts
 * (the embedded engine) and bench/peers/dbos/approval.ts (DBOS Transact) both
 * print them as one JSON object with `--json`, and bench/peers.ts sets them side by side.
 */
import { percentile } from './figures';

export interface ApprovalFigures {
  /** Which system: 'engine' or 'dbos'. */
  side: string;
  /** The header line naming what ran. */
  label: string;
  workflows: number;
  concurrency: number;
  workflowsPerSecond: number;
  /** Decision round trip (update / send + getEvent) one workflow at a time. */
  lightP50Ms: number;
  lightP99Ms: number;
  /** The same with `concurrency` workflows in flight. */
  loadedP50Ms: number;
  loadedP99Ms: number;
  /** pg_stat_database.xact_commit delta ÷ workflows (read-only transactions included). */
  transactionsPerWorkflow: number;
  /** CPU of the benchmark's own process per workflow (engine + SDK worker + client, or DBOS + client). */
  processCpuMsPerWorkflow: number;
  /** The engine's CPU when it runs in a child process (--engine-process), else NaN (it is in processCpuMsPerWorkflow). */
  engineCpuMsPerWorkflow: number;
  /** Postgres (postmaster and backends) CPU per workflow; NaN when Postgres is not a child here (DATABASE_URL). */
  postgresCpuMsPerWorkflow: number;
  /** Single-row autocommit INSERTs per second on one connection to the same Postgres. */
  rawCommitsPerSecond: number;
}

/** p50 and p99 (nearest rank) of latency samples in ms. */
export function p50p99(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function latencyLine(label: string, samples: number[]): string {
  const { p50, p99 } = p50p99(samples);
  return `${label.padEnd(38)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms   (n=${samples.length})`;
}

/** One JSON line (NaN as null, which JSON has no NaN for). */
export function figuresToJson(figures: ApprovalFigures): string {
  return JSON.stringify(figures, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
}

export function figuresFromJson(text: string): ApprovalFigures {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) out[key] = value === null ? NaN : value;
  return out as unknown as ApprovalFigures;
}
