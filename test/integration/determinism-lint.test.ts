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
import { lintProbeRules } from '../support/lint-probes';
import { workflowBundlePath } from '../support/temporal';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

jest.setTimeout(120_000);

/** The project files webpack put into the gongkai workflow bundle (development mode names each module). */
function bundledProjectFiles(): string[] {
  const bundle = fs.readFileSync(workflowBundlePath('gongkai'), 'utf8');
  const files = new Set<string>();
  for (const m of bundle.matchAll(/"\.\/((?:workflows|libs|apps|activities)\/[^"]+\.ts)"/g)) files.add(m[1]);
  return [...files].sort();
}

/**
 * The built-ins `no-restricted-imports` refuses in each file, as ESLint resolves its config. One child process
 * for every file (ESLint's own calculateConfigForFile), not one `eslint --print-config` per file: a process per
 * file cost seconds each on a loaded machine.
 */
async function restrictedImports(files: string[]): Promise<Record<string, string[]>> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const file of JSON.parse(process.argv[1])) {
        const config = await eslint.calculateConfigForFile(file);
        const rule = config.rules && config.rules['no-restricted-imports'];
        out[file] = ((rule && rule[1] && rule[1].paths) || []).map((p) => p.name);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, string[]>;
}

describe('the workflow determinism lint', () => {
  it('covers every project file in the workflow bundle', async () => {
    const files = bundledProjectFiles();
    expect(files).toEqual(expect.arrayContaining(['workflows/publication-review.ts', 'libs/contracts/src/publication.ts']));
    const byFile = await restrictedImports(files);
    for (const file of files) {
      const restricted = byFile[file] ?? [];
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
    const byFile = await lintProbeRules(probes);
    expect(byFile['workflows/zz-lint-probe.ts']).toContain('no-restricted-imports');
    expect(byFile['libs/domain/src/zz-lint-probe.ts']).toContain('no-restricted-imports');
    expect(byFile['libs/contracts/src/zz-lint-probe.ts']).toContain('no-restricted-globals');
    expect(byFile['libs/domain/src/zz-layer-probe.ts']).toContain('no-restricted-imports');
  });
});
