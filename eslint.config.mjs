// Lint rules that protect correctness, not taste:
//  - no floating promises anywhere (a lost rejection is a lost decision);
//  - workflows/ must stay deterministic and bundleable: no Node built-ins, no
//    wall clock, randomness or timers except Temporal's, and no activity
//    implementations (only their types, via proxyActivities<typeof …>).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers',
  'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.gongkai/**', 'scratch/**', 'scripts/**', '*.config.js', 'eslint.config.mjs'] },
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
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [
          { name: m, message: 'workflows/ is deterministic: no Node built-ins' },
          { name: `node:${m}`, message: 'workflows/ is deterministic: no Node built-ins' },
        ]),
        patterns: [
          { group: ['**/activities/**', '../activities', '../../activities'], allowTypeImports: true,
            message: 'workflows/ may import activity types only (import type), never implementations' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setImmediate', message: 'not deterministic' },
        { name: 'process', message: 'workflows/ is deterministic: no process' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'use workflow time (Date in workflow is replay-safe) or pass timestamps in' },
        { object: 'Math', property: 'random', message: 'use uuid4()/randomness from @temporalio/workflow' },
      ],
    },
  },
);
