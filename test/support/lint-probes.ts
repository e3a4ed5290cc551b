/**
 * Lints probe files with the project's real ESLint config: each probe is
 * written into the tree (so the file-pattern rules apply to it), linted, and
 * removed. Answers the rule ids and messages per probe path.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

export interface ProbeFinding {
  ruleId: string;
  message: string;
}

export async function lintProbes(probes: Record<string, string>): Promise<Record<string, ProbeFinding[]>> {
  try {
    for (const [file, text] of Object.entries(probes)) fs.writeFileSync(path.join(ROOT, file), text);
    const result = await run(process.execPath, [ESLINT, '--format', 'json', ...Object.keys(probes)], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
      (err: { stdout: string }) => ({ stdout: err.stdout }),
    );
    const reports = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    return Object.fromEntries(
      reports.map((r) => [path.relative(ROOT, r.filePath), r.messages.map((m) => ({ ruleId: m.ruleId ?? 'parse error', message: m.message }))]),
    );
  } finally {
    for (const file of Object.keys(probes)) fs.rmSync(path.join(ROOT, file), { force: true });
  }
}

/** Only the rule ids, for tests that care which rule fired. */
export async function lintProbeRules(probes: Record<string, string>): Promise<Record<string, string[]>> {
  const found = await lintProbes(probes);
  return Object.fromEntries(Object.entries(found).map(([file, findings]) => [file, findings.map((f) => f.ruleId)]));
}
