// One jest run, three tiers told apart by where a spec lives:
//   unit         *.spec.ts beside the code (pure logic; mocks allowed)
//   integration  test/integration, test/conformance (real Postgres, real engine)
//   e2e          test/e2e (real HTTP against the running app)
// One embedded Postgres serves the whole run (test/support/global-setup.ts).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
const ESM_ONLY = ['jose', '@fastify/cookie', 'cookie', 'content-disposition', 'htmlparser2', 'domhandler', 'domutils', 'domelementtype', 'dom-serializer', 'entities'].join('|');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    // jose and sanitize-html's parser (htmlparser2 and its dom* / entities packages) ship ESM only, and
    // @fastify/cookie loads its ESM-only `cookie` with import() (compiled to require here), and
    // @fastify/static requires the ESM-only content-disposition;
    // Node loads them with require(esm), jest's CommonJS runtime needs them compiled like our own code.
    [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: ['@swc/jest', { ...swcrc, swcrc: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/{apps,libs,workflows,activities}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.gongkai/', '/scratch/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
