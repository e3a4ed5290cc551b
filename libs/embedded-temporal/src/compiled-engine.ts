/**
 * The standalone engine process runs as plain JavaScript compiled ahead of its
 * start, not through the swc require hook (scripts/register.js): loading the
 * compiler costs an engine process about 58 MB of resident memory it never
 * needs again (123 MB → 65 MB with the engine's modules loaded), and the issue
 * holds the engine to 300 MB with 10,000 open workflows.
 *
 * The files are found by following relative imports from main.ts, compiled
 * with the project's .swcrc (without source maps — they would be kept in
 * memory as source text), and written under a folder named by a hash of the
 * compiler version, its settings and every source, so an edited file makes a
 * new build and concurrent starts (jest workers) share or race harmlessly:
 * each build is written to a private folder and renamed into place.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The project's compiler settings and `@gongkai/<lib>` aliases, shared with the require hook and jest.
import * as project from '../../../scripts/swc-options';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'libs', 'embedded-temporal', 'src', 'main.ts');

/** Local specifiers (relative, or a `@gongkai/<lib>` alias) of `import … from`, `export … from`, `import(…)` and `require(…)`. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]((?:\.{1,2}|@gongkai)\/[^'"]+)['"]/gm;

/** The engine's sources: main.ts and every local file it imports, as paths relative to the repository. */
export function engineSources(entry = MAIN): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) visit(resolveSource(path.dirname(file), m[1], file));
  };
  visit(entry);
  return [...seen].map((f) => path.relative(ROOT, f)).sort();
}

function resolveSource(dir: string, specifier: string, from: string): string {
  const base = specifier.startsWith('.') ? path.resolve(dir, specifier) : aliasTarget(specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (/\.(ts|json)$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`engine build: cannot resolve '${specifier}' imported by ${path.relative(ROOT, from)}`);
}

/** `@gongkai/persistence/x` → …/libs/persistence/src/x; the build writes the relative path swc substitutes. */
function aliasTarget(specifier: string): string {
  const [scope, lib, ...rest] = specifier.split('/');
  const root = project.LIB_ALIASES[`${scope}/${lib}`];
  return root ? path.join(root, ...rest) : specifier;
}

/** Where builds are kept: node_modules/.cache when writable (a read-only install falls back to the temp folder). */
export function defaultEngineCacheDir(): string {
  const preferred = path.join(ROOT, 'node_modules', '.cache', 'gongkai-engine');
  try {
    fs.mkdirSync(preferred, { recursive: true });
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    return path.join(os.tmpdir(), `gongkai-engine-${os.userInfo().uid}`);
  }
}

/** Compiles the engine if this exact source has not been compiled yet; returns the compiled main.js. */
export function compiledEngineMain(cacheDir = defaultEngineCacheDir()): string {
  // Loaded here, not at the top: the compiled engine itself must not pull the compiler in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  const options = { ...project.swcOptions(), sourceMaps: false, swcrc: false, configFile: false } as const;

  const sources = engineSources();
  const hash = createHash('sha256').update(swc.version).update(JSON.stringify(options));
  for (const file of sources) hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file)));
  const buildDir = path.join(cacheDir, hash.digest('hex').slice(0, 16));
  const main = path.join(buildDir, toJs(path.relative(ROOT, MAIN)));
  if (fs.existsSync(main)) return main;

  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheDir, 'tmp-'));
  try {
    for (const file of sources) {
      const target = path.join(tmp, toJs(file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      if (file.endsWith('.json')) {
        fs.writeFileSync(target, source);
        continue;
      }
      const { code } = swc.transformSync(source, { ...options, filename: path.join(ROOT, file) });
      fs.writeFileSync(target, code);
    }
    try {
      fs.renameSync(tmp, buildDir);
    } catch (err) {
      // Another process finished the same build first: use theirs.
      if (!fs.existsSync(main)) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  pruneOldBuilds(cacheDir, buildDir);
  return main;
}

/**
 * After a new build: drop builds of older sources unused for a week (an engine still running one has loaded
 * its modules by then) and half-written builds of processes killed mid-build.
 */
function pruneOldBuilds(cacheDir: string, keep: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (dir === keep) continue;
    try {
      const age = now - fs.statSync(dir).mtimeMs;
      if (age > (name.startsWith('tmp-') ? 3600_000 : 7 * 24 * 3600_000)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

function toJs(file: string): string {
  return file.replace(/\.ts$/, '.js');
}
