// Lint rules that protect correctness, not taste:
//  - no floating promises anywhere (a lost rejection is a lost decision);
//  - workflows/ and everything its bundle imports must stay deterministic and bundleable: no Node built-ins, no
//    wall clock, randomness or timers except Temporal's, and no activity
//    implementations (only their types, via proxyActivities<typeof …>);
//  - one configuration: process.env is read in libs/config only, validated there (tests and benches set up their own);
//  - import directions between the folders (docs/architecture.md), libs reached through their @gongkai/<lib> aliases.
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's own list, not a hand-written one: a built-in added to Node is refused without anyone noticing.
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];

// Everything the workflow bundle pulls in, not only workflows/: the contracts and the pure domain rules
// (their command-line tools live in apps/cli). test/integration/determinism-lint.test.ts holds this list to the bundle.
export const DETERMINISTIC_FILES = ['workflows/**/*.ts', 'libs/contracts/**/*.ts', 'libs/domain/src/**/*.ts'];
const NOT_BUNDLED = ['**/*.spec.ts'];

const BUILTIN_PATHS = nodeBuiltins.flatMap((m) => [
  { name: m, message: 'workflow code (and what it imports) is deterministic: no Node built-ins' },
  { name: `node:${m}`, message: 'workflow code (and what it imports) is deterministic: no Node built-ins' },
]);
/**
 * Import directions (docs/architecture.md), one rule object per layer: apps → activities / workflows → libs, with
 * libs/domain and libs/contracts at the bottom. A later config object replaces a rule's options, so each layer's
 * object carries everything that layer may not import (and, for bundled code, the built-ins).
 */
const LIBS = fs.readdirSync(path.join(import.meta.dirname, 'libs')).filter((lib) => fs.existsSync(path.join(import.meta.dirname, 'libs', lib, 'src', 'index.ts')));
/** What a lib offers the rest of the project: its barrel, the barrels of its areas (folders with an index.ts) and named side entries. */
const SIDE_ENTRIES = ['persistence/embedded', 'domain/calendar/chinese-days-source'];
const LIB_ENTRIES = LIBS.flatMap((lib) => {
  const src = path.join(import.meta.dirname, 'libs', lib, 'src');
  const areas = fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(src, e.name, 'index.ts')));
  return [lib, ...areas.map((e) => `${lib}/${e.name}`)];
}).concat(SIDE_ENTRIES);
// Lib names are lower-case words and hyphens; only the dot needs escaping (the rule compiles with the u flag).
const escape = (text) => text.replace(/\./g, '\\.');
const THROUGH_ENTRIES = [
  { regex: '^(\\.\\.?/)+(.*/)?libs/', message: 'import a lib through its alias (@gongkai/<lib>), not a relative path' },
  { regex: `^(\\.\\./)+(${LIBS.map(escape).join('|')})/src(/|$)`, message: 'import another lib through its alias (@gongkai/<lib>), not a relative path' },
  { regex: `^@gongkai/(?!(${LIB_ENTRIES.map(escape).join('|')})$)`, message: 'import a lib, one of its areas (a folder with index.ts) or a side entry — never a file inside it' },
];
const noLibs = (libs, who) => libs.length === 0 ? [] : [{ regex: `^@gongkai/(${libs.map(escape).join('|')})(/|$)`, message: `${who} may not import ${libs.map((l) => `libs/${l}`).join(', ')}` }];
const noDirs = (dirs, who) => [{ regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`, message: `${who} may not import ${dirs.join('/, ')}/` }];
const ACTIVITY_IMPLEMENTATIONS = {
  group: ['**/activities/**', '../activities', '../../activities'], allowTypeImports: true,
  message: 'workflows/ may import activity types only (import type), never implementations',
};
/** The rule for one layer: the libs it may import (others refused), the project folders it may not reach, built-ins if bundled. */
function importDirections({ who, mayImport = LIBS, notDirs = [], deterministic = false, extra = [] }) {
  const patterns = [...THROUGH_ENTRIES, ...noLibs(LIBS.filter((lib) => !mayImport.includes(lib)), who), ...(notDirs.length ? noDirs(notDirs, who) : []), ...extra];
  return ['error', { paths: deterministic ? BUILTIN_PATHS : [], patterns }];
}
/** Layer by layer, general first: a later object wins for the files it names. */
const LAYERS = [
  { files: ['apps/**/*.ts'], rule: importDirections({ who: 'apps' }) },
  { files: ['apps/api/**/*.ts'], rule: importDirections({ who: 'apps/api', notDirs: ['activities', 'workflows', 'worker', 'launcher', 'cli'] }) },
  { files: ['apps/worker/**/*.ts'], rule: importDirections({ who: 'apps/worker', notDirs: ['api', 'launcher', 'cli'] }) },
  { files: ['apps/cli/**/*.ts'], rule: importDirections({ who: 'apps/cli', mayImport: LIBS.filter((l) => l !== 'embedded-temporal'), notDirs: ['activities', 'workflows', 'api', 'worker', 'launcher'] }) },
  { files: ['activities/**/*.ts'], rule: importDirections({ who: 'activities/', mayImport: ['contracts', 'domain', 'config', 'persistence'], notDirs: ['apps', 'workflows'] }) },
  { files: ['workflows/**/*.ts'], rule: importDirections({ who: 'workflows/', mayImport: ['contracts', 'domain'], notDirs: ['apps'], deterministic: true, extra: [ACTIVITY_IMPLEMENTATIONS] }) },
  { files: ['libs/**/*.ts'], rule: importDirections({ who: 'libs/', notDirs: ['apps', 'activities', 'workflows'] }) },
  { files: ['libs/embedded-temporal/**/*.ts'], rule: importDirections({ who: 'libs/embedded-temporal', mayImport: ['contracts', 'config', 'persistence'], notDirs: ['apps', 'activities', 'workflows'] }) },
  { files: ['libs/persistence/**/*.ts'], rule: importDirections({ who: 'libs/persistence', mayImport: ['contracts', 'domain', 'config'], notDirs: ['apps', 'activities', 'workflows'] }) },
  { files: ['libs/config/**/*.ts'], rule: importDirections({ who: 'libs/config', mayImport: ['contracts', 'domain'], notDirs: ['apps', 'activities', 'workflows'] }) },
  { files: ['libs/domain/**/*.ts'], rule: importDirections({ who: 'libs/domain (pure rules)', mayImport: ['contracts'], notDirs: ['apps', 'activities', 'workflows'], deterministic: true }) },
  { files: ['libs/contracts/**/*.ts'], rule: importDirections({ who: 'libs/contracts (the bottom layer)', mayImport: [], notDirs: ['apps', 'activities', 'workflows'], deterministic: true }) },
];
/** Tests and benches reach anything (white-box tests import a lib's files), so the layer rules skip them. */
const NOT_LAYERED = ['**/*.spec.ts', 'test/**', 'bench/**'];

/** Where process.env may be read: the one configuration, and code that is not shipped. test/integration/config-lint.test.ts holds this. */
export const PROCESS_ENV_READERS = ['libs/config/**', 'test/**', 'bench/**', '**/*.spec.ts'];
const PROCESS_ENV = 'configuration is read and validated in libs/config: take a section from load…Config(readProcessEnv()), not process.env';

export default tseslint.config(
  // apps/web: its .ts files are linted with the rules below (typed through apps/web/tsconfig.json); .vue files are
  // checked by vue-tsc (npm run typecheck:web), and its build script is plain Node like scripts/. test/support/*.mjs are
  // plain Node scripts the tests run as child processes (for ESM-only packages such as pdfjs-dist).
  { ignores: ['node_modules/**', 'dist/**', '.gongkai/**', 'scratch/**', 'scripts/**', '*.config.js', 'eslint.config.mjs', 'apps/web/scripts/**', 'test/support/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  // Before the determinism block: its no-restricted-properties replaces this one there, where `process` is refused outright.
  {
    ignores: PROCESS_ENV_READERS,
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: PROCESS_ENV }],
      'no-restricted-syntax': ['error',
        { selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']", message: PROCESS_ENV },
      ],
    },
  },
  {
    files: DETERMINISTIC_FILES,
    ignores: NOT_BUNDLED,
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setImmediate', message: 'not deterministic' },
        { name: 'process', message: 'workflow code (and what it imports) is deterministic: no process' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'use workflow time (Date in workflow is replay-safe) or pass timestamps in' },
        { object: 'Math', property: 'random', message: 'use uuid4()/randomness from @temporalio/workflow' },
      ],
    },
  },
  ...LAYERS.map(({ files, rule }) => ({ files, ignores: NOT_LAYERED, rules: { 'no-restricted-imports': rule } })),
);
