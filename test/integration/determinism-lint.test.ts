/**
 * The determinism lint (eslint.config.mjs) is what keeps workflow code
 * replayable. These tests hold the rule itself: it must cover every project
 * file the workflow bundle actually contains, and it must refuse a Node
 * built-in (from Node's own list) and `process` in code the bundle pulls in.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { workflowBundlePath } from '../support/temporal';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

jest.setTimeout(120_000);

/** The project files webpack put into the gongkai workflow bundle (development mode names each module). */
function bundledProjectFiles(): string[] {
  const bundle = fs.readFileSync(workflowBundlePath('gongkai'), 'utf8');
  const files = new Set<string>();
  for (const m of bundle.matchAll(/"\.\/((?:workflows|libs|apps|activities)\/[^"]+\.ts)"/g)) files.add(m[1]);
  return [...files].sort();
}

async function restrictedImports(file: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [ESLINT, '--print-config', file], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const config = JSON.parse(stdout) as { rules?: Record<string, unknown[]> };
  const rule = config.rules?.['no-restricted-imports'];
  const options = (rule?.[1] ?? {}) as { paths?: { name: string }[] };
  return (options.paths ?? []).map((p) => p.name);
}

describe('the workflow determinism lint', () => {
  it('covers every project file in the workflow bundle', async () => {
    const files = bundledProjectFiles();
    expect(files).toEqual(expect.arrayContaining(['workflows/publication-review.ts', 'libs/contracts/src/publication.ts']));
    for (const file of files) {
      const restricted = await restrictedImports(file);
      expect({ file, refusesFs: restricted.includes('fs'), refusesNodeFs: restricted.includes('node:fs') }).toEqual({
        file,
        refusesFs: true,
        refusesNodeFs: true,
      });
    }
  });

  it('refuses a Node built-in and process in workflow code and in what it imports, and an import against the layers', async () => {
    const probes = {
      'workflows/zz-lint-probe.ts': "import * as fs from 'node:fs';\nexport const size = fs.statSync('x').size;\n",
      // diagnostics_channel was never on the old hand-written list: the rule now takes Node's own.
      'libs/domain/src/zz-lint-probe.ts': "import { channel } from 'diagnostics_channel';\nexport const c = channel('x');\n",
      'libs/contracts/src/zz-lint-probe.ts': 'export const mode = process.env.GONGKAI_MODE;\n',
      // The pure rules may not reach up into persistence (import directions, docs/architecture.md).
      'libs/domain/src/zz-layer-probe.ts': "import { createDataSource } from '../../persistence/src/data-source';\nexport const make = createDataSource;\n",
    };
    const written = Object.keys(probes).map((f) => path.join(ROOT, f));
    try {
      for (const [file, text] of Object.entries(probes)) fs.writeFileSync(path.join(ROOT, file), text);
      const result = await run(process.execPath, [ESLINT, '--format', 'json', ...Object.keys(probes)], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
        (err: { stdout: string }) => ({ stdout: err.stdout }),
      );
      const reports = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
      const byFile = Object.fromEntries(reports.map((r) => [path.relative(ROOT, r.filePath), r.messages.map((m) => m.ruleId)]));
      expect(byFile['workflows/zz-lint-probe.ts']).toContain('no-restricted-imports');
      expect(byFile['libs/domain/src/zz-lint-probe.ts']).toContain('no-restricted-imports');
      expect(byFile['libs/contracts/src/zz-lint-probe.ts']).toContain('no-restricted-globals');
      expect(byFile['libs/domain/src/zz-layer-probe.ts']).toContain('no-restricted-imports');
    } finally {
      for (const file of written) fs.rmSync(file, { force: true });
    }
  });
});
