/**
 * The runner's result: one row per SDK test file, printed as a Markdown table (what docs/sdk-suite.md and the
 * issue's closing note quote) and written as JSON so a later run can be compared with this one.
 */
import type { TapFailure } from './tap';

export type FileStatus = 'ok' | 'failed' | 'crashed' | 'stalled' | 'missing';

export interface FileResult {
  /** Test file name without extension, e.g. `test-integration-update`. */
  file: string;
  /** Which engine it ran against: main, codec or time-skipping. */
  engine: string;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  /**
   * ok: every test passed or skipped; failed: some failed; crashed: ava ended without its summary (the worker
   * died, or the runner's per-file limit killed it); stalled: killed by the runner after minutes without a new
   * test result (ava's own 60 s timeout restarts on every line a worker logs, so a test whose worker keeps
   * logging — an activity retried in a loop — would never end); missing: the checkout has no such file.
   */
  status: FileStatus;
  durationMs: number;
  failures: TapFailure[];
}

export interface SuiteReport {
  /** The checkout's path and commit, and the @temporalio/* version the suite ran with. */
  checkout: string;
  commit: string;
  sdkVersion: string;
  startedAt: string;
  files: FileResult[];
  totals: Totals;
}

export interface Totals {
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  /** Files that did not run to ava's summary (crashed, stalled or missing): their untried tests are in no column. */
  unfinished: number;
}

export function totalsOf(files: readonly FileResult[]): Totals {
  const totals: Totals = { files: files.length, passed: 0, failed: 0, skipped: 0, todo: 0, unfinished: 0 };
  for (const f of files) {
    totals.passed += f.passed;
    totals.failed += f.failed;
    totals.skipped += f.skipped;
    totals.todo += f.todo;
    if (f.status !== 'ok' && f.status !== 'failed') totals.unfinished++;
  }
  return totals;
}

/** The per-file table in Markdown, with a totals row; durations in whole seconds. */
export function formatTable(files: readonly FileResult[]): string {
  const rows = files.map((f) => [f.file, f.engine, String(f.passed), String(f.failed), String(f.skipped), statusText(f), `${Math.round(f.durationMs / 1000)}`]);
  const t = totalsOf(files);
  rows.push([`**total (${t.files} files)**`, '', `**${t.passed}**`, `**${t.failed}**`, `**${t.skipped}**`, t.unfinished ? `${t.unfinished} unfinished` : '', `${Math.round(files.reduce((s, f) => s + f.durationMs, 0) / 1000)}`]);
  const header = ['file', 'engine', 'pass', 'fail', 'skip', 'status', 's'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 && i <= 4 || i === 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 4 || i === 6 ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function statusText(f: FileResult): string {
  if (f.status === 'ok' || f.status === 'failed') return f.todo ? `${f.todo} todo` : '';
  return f.status;
}

/** The failing tests, file by file, with their first message line: what a reader classifies. */
export function formatFailures(files: readonly FileResult[]): string {
  const out: string[] = [];
  for (const f of files) {
    if (f.failures.length === 0 && (f.status === 'ok' || f.status === 'failed')) continue;
    out.push(`${f.file}${UNFINISHED[f.status] ?? ''}`);
    for (const failure of f.failures) out.push(`  - ${failure.title}${failure.message ? ` — ${oneLine(failure.message)}` : ''}`);
  }
  return out.join('\n');
}

const UNFINISHED: Partial<Record<FileStatus, string>> = {
  crashed: ' (crashed: ava did not finish)',
  stalled: ' (stalled: no test result for minutes, killed)',
  missing: ' (not in this checkout)',
};

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface FileChange {
  file: string;
  before?: Pick<FileResult, 'passed' | 'failed' | 'skipped'>;
  after?: Pick<FileResult, 'passed' | 'failed' | 'skipped'>;
  /** Tests failing before and passing (or gone) after, and the reverse. */
  fixed: string[];
  broken: string[];
}

/** What changed between two reports, file by file (files whose counts and failures are equal are left out). */
export function compareReports(before: Pick<SuiteReport, 'files'>, after: Pick<SuiteReport, 'files'>): FileChange[] {
  const byName = (r: Pick<SuiteReport, 'files'>) => new Map(r.files.map((f) => [f.file, f]));
  const b = byName(before);
  const a = byName(after);
  const names = [...new Set([...b.keys(), ...a.keys()])];
  const changes: FileChange[] = [];
  for (const file of names) {
    const fb = b.get(file);
    const fa = a.get(file);
    const failedBefore = new Set(fb?.failures.map((x) => x.title) ?? []);
    const failedAfter = new Set(fa?.failures.map((x) => x.title) ?? []);
    const fixed = [...failedBefore].filter((t) => !failedAfter.has(t));
    const broken = [...failedAfter].filter((t) => !failedBefore.has(t));
    const counts = (f?: FileResult) => (f ? { passed: f.passed, failed: f.failed, skipped: f.skipped } : undefined);
    const same = fb && fa && fb.passed === fa.passed && fb.failed === fa.failed && fb.skipped === fa.skipped;
    if (same && fixed.length === 0 && broken.length === 0) continue;
    changes.push({ file, before: counts(fb), after: counts(fa), fixed, broken });
  }
  return changes;
}

export function formatComparison(changes: readonly FileChange[]): string {
  if (changes.length === 0) return 'no change';
  const c = (x?: Pick<FileResult, 'passed' | 'failed' | 'skipped'>) => (x ? `${x.passed}/${x.failed}/${x.skipped}` : '—');
  const out: string[] = ['file: pass/fail/skip before → after'];
  for (const change of changes) {
    out.push(`${change.file}: ${c(change.before)} → ${c(change.after)}`);
    for (const t of change.fixed) out.push(`  + ${t}`);
    for (const t of change.broken) out.push(`  - ${t}`);
  }
  return out.join('\n');
}
