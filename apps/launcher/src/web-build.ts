/**
 * Builds the web app (apps/web, Vite) into dist/web when its sources changed:
 * the hash of every source file plus package-lock.json is kept in
 * dist/web/.build-hash, as the worker caches its workflow bundle by a hash of
 * its sources (apps/worker/src/workflow-bundle.ts). `npm start` calls this
 * before the API starts; `npm run build:web` runs it on its own.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const WEB_SOURCE = path.join(ROOT, 'apps', 'web');
export const WEB_OUT = path.join(ROOT, 'dist', 'web');
const HASH_FILE = '.build-hash';
const VITE = 'vite';
/** Not sources: dependencies, build output, test output. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'test-results', 'screenshots']);

export type WebBuildOutcome = 'built' | 'current' | 'no-web-app';

export interface WebBuildOptions {
  source?: string;
  out?: string;
  /** Build even when the hash matches. */
  force?: boolean;
  log?: (line: string) => void;
}

export async function buildWebIfChanged(options: WebBuildOptions = {}): Promise<WebBuildOutcome> {
  const source = path.resolve(options.source ?? WEB_SOURCE);
  const out = path.resolve(options.out ?? WEB_OUT);
  const log = options.log ?? (() => undefined);
  const configFile = path.join(source, 'vite.config.ts');
  if (!fs.existsSync(configFile) || !fs.existsSync(path.join(source, 'index.html'))) {
    log(`网页端源码不存在（${path.relative(ROOT, configFile)}），跳过网页端构建`);
    return 'no-web-app';
  }
  const hash = webSourceHash(source);
  const hashFile = path.join(out, HASH_FILE);
  if (!options.force && fs.existsSync(path.join(out, 'index.html')) && readOrEmpty(hashFile) === hash) return 'current';
  log(`正在构建网页端（${path.relative(ROOT, source)} → ${path.relative(ROOT, out)}）……`);
  const started = Date.now();
  // Vite is ESM only; Node ≥ 20.19 loads it with require(esm), which is what this import() compiles to.
  // (Its types need `moduleResolution: bundler`; the one call used is typed here.)
  const vite = (await import(VITE)) as { build(config: Record<string, unknown>): Promise<unknown> };
  await vite.build({
    configFile,
    root: source,
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true },
  });
  fs.writeFileSync(hashFile, `${hash}\n`);
  log(`网页端已构建（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  return 'built';
}

/** sha256 over apps/web's files (paths and contents, in a fixed order) and package-lock.json. */
export function webSourceHash(source: string = WEB_SOURCE): string {
  const hash = createHash('sha256');
  for (const file of listFiles(source)) {
    hash.update(path.relative(source, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
  }
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listFiles(full);
      return entry.isFile() ? [full] : [];
    });
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

if (require.main === module) {
  buildWebIfChanged({ force: process.argv.includes('--force'), log: (line) => process.stdout.write(`${line}\n`) }).then(
    (outcome) => {
      if (outcome === 'current') process.stdout.write('网页端已是最新（dist/web/.build-hash 与源码一致）\n');
      if (outcome === 'no-web-app') process.exitCode = 0;
    },
    (err: unknown) => {
      process.stderr.write(`网页端构建失败：${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
