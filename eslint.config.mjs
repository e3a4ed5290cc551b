// Lint rules that protect correctness, not taste:
//  - no floating promises anywhere (a lost rejection is a lost decision);
//  - workflows/ and everything its bundle imports must stay deterministic and bundleable: no Node built-ins, no
//    wall clock, randomness or timers except Temporal's, and no activity
//    implementations (only their types, via proxyActivities<typeof …>).
import { builtinModules } from 'node:module';
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
const ACTIVITY_IMPLEMENTATIONS = {
  group: ['**/activities/**', '../activities', '../../activities'], allowTypeImports: true,
  message: 'workflows/ may import activity types only (import type), never implementations',
};
/**
 * Import directions (docs/architecture.md): contracts import nothing of the project, the pure domain rules
 * only contracts. A later config object replaces a rule's options, so each layer repeats the built-ins.
 */
const ABOVE_DOMAIN = ['**/persistence/**', '**/embedded-temporal/**', '**/apps/**', '**/activities/**', '**/workflows/**'];
const deterministicImports = (layer = []) => ['error', { paths: BUILTIN_PATHS, patterns: [ACTIVITY_IMPLEMENTATIONS, ...layer] }];

export default tseslint.config(
  // apps/web: its .ts files are linted with the rules below (typed through apps/web/tsconfig.json); .vue files are
  // checked by vue-tsc (npm run typecheck:web), and its build script is plain Node like scripts/.
  { ignores: ['node_modules/**', 'dist/**', '.gongkai/**', 'scratch/**', 'scripts/**', '*.config.js', 'eslint.config.mjs', 'apps/web/scripts/**'] },
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
  {
    files: DETERMINISTIC_FILES,
    ignores: NOT_BUNDLED,
    rules: {
      'no-restricted-imports': deterministicImports(),
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
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: NOT_BUNDLED,
    rules: {
      'no-restricted-imports': deterministicImports([{ group: ABOVE_DOMAIN, message: 'libs/domain holds pure rules: it imports only libs/contracts' }]),
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    ignores: NOT_BUNDLED,
    rules: {
      'no-restricted-imports': deterministicImports([
        { group: [...ABOVE_DOMAIN, '**/domain/**'], message: 'libs/contracts is the bottom layer: it imports nothing of the project' },
      ]),
    },
  },
);
