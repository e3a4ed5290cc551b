/**
 * The worker's workflow bundle. Bundling takes seconds, so the bundle is
 * cached under GONGKAI_HOME keyed by a hash of every source file it can
 * include; any change to those files makes a new bundle.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';
import { LIB_ALIASES } from '../../../scripts/swc-options';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const WORKFLOWS_ENTRY = path.join(ROOT, 'workflows', 'index.ts');
const BUNDLED_SOURCES = ['workflows', 'libs/contracts', 'libs/domain'];

export async function workflowBundlePath(cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `workflow-bundle-${sourceHash()}.js`);
  if (fs.existsSync(file)) return file;
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, logger: quietLogger(), ...workflowBundlerOptions() });
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  return file;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(ROOT, 'node_modules', '@temporalio', 'worker', 'package.json')));
  for (const dir of BUNDLED_SOURCES) {
    for (const file of listFiles(path.join(ROOT, dir))) {
      hash.update(path.relative(ROOT, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return /\.(ts|js|json)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [full] : [];
  }).sort();
}

/**
 * What every bundle of workflow code needs besides its entry: webpack learns the `@gongkai/<lib>` aliases
 * (tsconfig.json's `paths`; swc rewrites them for Node, webpack resolves them itself).
 */
export function workflowBundlerOptions(): Pick<BundleOptions, 'webpackConfigHook'> {
  return {
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string> | undefined), ...LIB_ALIASES } },
    }),
  };
}

/** The bundler's logger: errors only, so a start or a test run stays readable. */
export function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };
}
