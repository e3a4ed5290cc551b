/**
 * One configuration (libs/config): the lint rule in eslint.config.mjs is what
 * keeps process.env out of shipped code, so every variable is validated at
 * start. These tests lint probe files with the real config: a stray read
 * fails the lint anywhere outside libs/config, tests may read it, and
 * libs/config itself imports nothing above libs/domain.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

jest.setTimeout(120_000);

const PROBES = {
  'apps/api/src/zz-config-probe.ts': 'export const port = process.env.PORT;\n',
  'activities/zz-config-probe.ts': 'const { env } = process;\nexport const url = env.PORTAL_WEBHOOK_URL;\n',
  'libs/persistence/src/zz-config-probe.ts': "import { env } from 'node:process';\nexport const url = env.DATABASE_URL;\n",
  'libs/config/src/zz-config-probe.ts': 'export const port = process.env.PORT;\n',
  'apps/api/src/zz-config-probe.spec.ts': "it('reads its own environment', () => expect(process.env.PORT).toBeUndefined());\n",
  'libs/config/src/zz-layer-probe.ts': "import { createDataSource } from '../../persistence/src/data-source';\nexport const make = createDataSource;\n",
};

async function lint(files: string[]): Promise<Record<string, string[]>> {
  const result = await run(process.execPath, [ESLINT, '--format', 'json', ...files], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
    (err: { stdout: string }) => ({ stdout: err.stdout }),
  );
  const reports = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
  return Object.fromEntries(reports.map((r) => [path.relative(ROOT, r.filePath), r.messages.map((m) => m.ruleId ?? 'parse error')]));
}

describe('the one-configuration lint', () => {
  let byFile: Record<string, string[]>;
  beforeAll(async () => {
    try {
      for (const [file, text] of Object.entries(PROBES)) fs.writeFileSync(path.join(ROOT, file), text);
      byFile = await lint(Object.keys(PROBES));
    } finally {
      for (const file of Object.keys(PROBES)) fs.rmSync(path.join(ROOT, file), { force: true });
    }
  });

  it('refuses process.env in shipped code outside libs/config, however it is reached', () => {
    expect(byFile['apps/api/src/zz-config-probe.ts']).toEqual(['no-restricted-properties']);
    expect(byFile['activities/zz-config-probe.ts']).toEqual(['no-restricted-properties']);
    expect(byFile['libs/persistence/src/zz-config-probe.ts']).toEqual(['no-restricted-syntax']);
  });

  it('lets libs/config and tests read it', () => {
    expect(byFile['libs/config/src/zz-config-probe.ts']).toEqual([]);
    expect(byFile['apps/api/src/zz-config-probe.spec.ts']).toEqual([]);
  });

  it('keeps libs/config below everything that reads it', () => {
    expect(byFile['libs/config/src/zz-layer-probe.ts']).toEqual(['no-restricted-imports']);
  });
});
