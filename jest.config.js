// One jest run, four projects told apart by where a test lives:
//   unit         *.spec.ts beside the code: pure logic, mocks allowed; no PostgreSQL,
//                no engine, no workflow bundle (`npm run test:unit`, seconds)
//   integration  test/{integration,security,reliability,replay,workflows}: real PostgreSQL,
//                real engine, the bundled workflows
//   conformance  test/conformance: the real SDK against the embedded engine (or TEMPORAL_ADDRESS)
//   e2e          test/e2e: real HTTP against the running app
//   browser      test/browser: the built web app in Chromium against the running app
// The non-unit projects share one global setup (test/support/global-setup.ts): jest runs a
// global setup module once per run however many projects name it, and only when a test of
// such a project is selected, so `npm run test:unit` never starts PostgreSQL or bundles.
// The compiler settings (.swcrc plus the @gongkai/<lib> aliases), shared with scripts/register.js.
const { swcOptions } = require('./scripts/swc-options');
const swcrc = swcOptions();
const ESM_ONLY = ['jose', '@fastify/cookie', 'cookie', 'content-disposition', 'htmlparser2', 'domhandler', 'domutils', 'domelementtype', 'dom-serializer', 'entities'].join('|');

/** What every project shares: the swc transform, ESM-only packages compiled too. */
const common = {
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
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.gongkai/', '/scratch/'],
};

/** A project on the run's PostgreSQL, engine and workflow bundles. */
const withPostgres = (displayName, dirs) => ({
  ...common,
  displayName,
  testMatch: dirs.map((dir) => `<rootDir>/test/${dir}/**/*.test.ts`),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
});

const projects = [
  {
    ...common,
    displayName: 'unit',
    testMatch: ['<rootDir>/{apps,libs,workflows,activities,scripts}/**/*.spec.ts'],
    // Even inside a full run (where the others' setup has started PostgreSQL), a unit spec cannot reach it.
    setupFiles: ['<rootDir>/test/support/unit-setup.ts'],
  },
  withPostgres('integration', ['integration', 'security', 'reliability', 'replay', 'workflows']),
  withPostgres('conformance', ['conformance']),
  withPostgres('e2e', ['e2e']),
  // The web app in Debian's Chromium (GONGKAI_CHROMIUM): sign-in, review to catalogue, the dashboard.
  withPostgres('browser', ['browser']),
];

// `npm run test:<project>` names its project here rather than with --selectProjects, which would
// swallow the paths that follow it (`npm run test:unit -- libs/domain` must filter, not select).
const only = process.env.GONGKAI_TEST_PROJECT?.split(',').filter(Boolean);
const unknown = only?.filter((name) => !projects.some((p) => p.displayName === name)) ?? [];
if (unknown.length) throw new Error(`GONGKAI_TEST_PROJECT: no project ${unknown.join(', ')} (${projects.map((p) => p.displayName).join(', ')})`);

module.exports = {
  projects: only ? projects.filter((p) => only.includes(p.displayName)) : projects,
  testTimeout: 60_000,
  maxWorkers: 2,
};
