/**
 * Builds the checkout's packages/test in a scratch folder outside the repository, against the project's installed
 * @temporalio/* packages instead of the monorepo's own:
 *
 *   <scratch>/node_modules/@temporalio/<pkg>   symlinks to this project's node_modules (one copy of each package:
 *                                               Node follows the link, so their own dependencies resolve there too)
 *   <scratch>/node_modules/protobufjs          the copy @temporalio/proto loads: the suite's compiled test protos and
 *                                               the SDK's own protos must share one protobufjs (preload.js sends every
 *                                               other require of protobufjs in a test process there too)
 *   <scratch>/node_modules/@temporalio/test-helpers   the checkout's packages/test-helpers, compiled
 *   <scratch>/node_modules/{ava,…}              the suite's own test-only tools, from `npm install` there
 *   <scratch>/packages/test/lib                 packages/test/src compiled file by file with TypeScript's own
 *                                               transpiler (no type check: the suite's types are the monorepo's)
 *
 * Nothing here is written into the repository; the project's package.json is never touched.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Installed from npm into the scratch folder: what the suite imports and this project does not ship (no protobufjs among them). */
const TEST_TOOLS: Record<string, string> = {
  ava: '5.3.1',
  'async-retry': '1.3.3',
  arg: '5.0.2',
  dedent: '1.5.3',
  'fs-extra': '11.2.0',
  glob: '10.4.5',
  ms: '3.0.0-canary.1',
  'stack-utils': '2.0.6',
};

/** Taken from this project's node_modules (the versions gongkai runs), linked rather than installed. */
const PROJECT_PACKAGES = [
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/common',
  '@temporalio/core-bridge',
  '@temporalio/envconfig',
  '@temporalio/nexus',
  '@temporalio/proto',
  '@temporalio/testing',
  '@temporalio/worker',
  '@temporalio/workflow',
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'long',
  'nexus-rpc',
  'rxjs',
];

export interface Scratch {
  root: string;
  /** <root>/packages/test: ava's working directory. */
  testDir: string;
  avaCli: string;
  commit: string;
  sdkVersion: string;
  /** The one protobufjs the suite runs with (@temporalio/proto's). */
  protobufjs: string;
}

export function defaultScratchRoot(): string {
  return path.join(os.tmpdir(), 'gongkai-sdk-suite');
}

export function prepareScratch(options: { checkout: string; repoRoot: string; scratchRoot: string; log: (line: string) => void }): Scratch {
  const checkout = path.resolve(options.checkout);
  const testSrc = path.join(checkout, 'packages', 'test', 'src');
  const helpersSrc = path.join(checkout, 'packages', 'test-helpers', 'src');
  if (!fs.existsSync(testSrc)) throw new Error(`${checkout} is not a checkout of temporalio/sdk-typescript (no packages/test/src)`);
  if (!fs.existsSync(helpersSrc)) throw new Error(`${checkout} has no packages/test-helpers/src (a checkout older than the shared test helpers is not supported)`);
  const commit = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const projectModules = fs.realpathSync(path.join(options.repoRoot, 'node_modules'));
  const sdkVersion = (JSON.parse(fs.readFileSync(path.join(projectModules, '@temporalio', 'client', 'package.json'), 'utf8')) as { version: string }).version;

  const root = path.join(options.scratchRoot, `${commit.slice(0, 12)}-${sdkVersion}`);
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(root, { recursive: true });

  installTestTools(root, options.log);
  for (const name of PROJECT_PACKAGES) link(path.join(projectModules, name), path.join(modules, name));
  const protobufjs = protobufjsOf(projectModules, '@temporalio/proto');
  link(protobufjs, path.join(modules, 'protobufjs'));

  const helpersOut = path.join(modules, '@temporalio', 'test-helpers');
  fs.rmSync(helpersOut, { recursive: true, force: true });
  compileTree(helpersSrc, path.join(helpersOut, 'lib'));
  fs.writeFileSync(path.join(helpersOut, 'package.json'), JSON.stringify({ name: '@temporalio/test-helpers', private: true, main: 'lib/index.js' }, null, 2));

  const testDir = path.join(root, 'packages', 'test');
  fs.rmSync(testDir, { recursive: true, force: true });
  fs.mkdirSync(testDir, { recursive: true });
  for (const dir of ['history_files', 'protos', 'tls_certs']) {
    const from = path.join(checkout, 'packages', 'test', dir);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(testDir, dir), { recursive: true });
  }
  compileTree(testSrc, path.join(testDir, 'lib'));
  writeTestProtos(path.join(testDir, 'protos'), path.join(modules, 'protobufjs'));
  options.log(`scratch: ${root} (checkout ${commit.slice(0, 12)}, @temporalio/* ${sdkVersion})`);
  return { root, testDir, avaCli: path.join(modules, 'ava', 'entrypoints', 'cli.mjs'), commit, sdkVersion, protobufjs };
}

/** `npm install` of the test tools, only when their list changed since the last install in this folder. */
function installTestTools(root: string, log: (line: string) => void): void {
  const manifest = JSON.stringify({ name: 'gongkai-sdk-suite-scratch', private: true, dependencies: TEST_TOOLS }, null, 2);
  const stamp = path.join(root, 'node_modules', '.gongkai-sdk-suite');
  const hash = crypto.createHash('sha256').update(manifest).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  // Our links would be extraneous to npm: remove them first, they are made again after the install.
  for (const name of [...PROJECT_PACKAGES, 'protobufjs', '@temporalio/test-helpers']) fs.rmSync(path.join(root, 'node_modules', name), { recursive: true, force: true });
  fs.writeFileSync(path.join(root, 'package.json'), manifest);
  log(`npm install (test tools: ${Object.keys(TEST_TOOLS).join(', ')}) in ${root}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, hash);
}

function link(target: string, at: string): void {
  if (!fs.existsSync(target)) throw new Error(`missing ${target}: is the project's node_modules installed?`);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at, 'dir');
}

/** The protobufjs a package resolves (its own nested copy when npm nested one). */
function protobufjsOf(projectModules: string, pkg: string): string {
  const dir = fs.realpathSync(path.join(projectModules, pkg));
  const manifest = require.resolve('protobufjs/package.json', { paths: [dir] });
  return path.dirname(manifest);
}

/**
 * tsc's emit, not swc's: the suite relies on tsc semantics, e.g. test-helpers' wrappers.ts reassigns an imported
 * binding inside workflow code (`RealTestWorkflowEnvironment = class {}`), which tsc turns into a property write on
 * the module object and swc leaves as a write to an undeclared variable (every bundle with the helpers then fails).
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
  inlineSources: true,
};

/** Every .ts under `from` compiled to .js under `to` (declarations skipped); other files copied as they are. */
function compileTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      compileTree(source, path.join(to, entry.name));
      continue;
    }
    fs.mkdirSync(to, { recursive: true });
    if (entry.name.endsWith('.d.ts')) continue;
    if (entry.name.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: source });
      fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), outputText);
    } else {
      fs.copyFileSync(source, path.join(to, entry.name));
    }
  }
}

/**
 * protos/json-module.js, as the monorepo's `pbjs -t json-module -w commonjs -r test` would write it, made with the
 * shared protobufjs instead of protobufjs-cli (which would bring a second protobufjs along).
 */
function writeTestProtos(protosDir: string, protobufjsDir: string): void {
  const files = fs.existsSync(protosDir) ? fs.readdirSync(protosDir).filter((f) => f.endsWith('.proto')).map((f) => path.join(protosDir, f)) : [];
  if (files.length === 0) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the scratch folder's protobufjs, chosen at run time
  const protobuf = require(protobufjsDir) as typeof import('protobufjs');
  const root = new protobuf.Root().loadSync(files);
  const json = root.toJSON().nested ?? {};
  const code = [
    '/*eslint-disable*/',
    '"use strict";',
    'var $protobuf = require("protobufjs/light");',
    'var $root = ($protobuf.roots["test"] || ($protobuf.roots["test"] = new $protobuf.Root()))',
    `.addJSON(${JSON.stringify(json, null, 2)});`,
    'module.exports = $root;',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(protosDir, 'json-module.js'), code);
}
