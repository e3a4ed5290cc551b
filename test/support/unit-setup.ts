/**
 * Runs before every unit spec (jest.config.js, project `unit`). Unit specs get
 * no database, engine or workflow bundle: in a full run the other projects'
 * global setup has put them in the environment, so they are taken out of this
 * spec's copy of it (jest gives each test file its own `process.env`), and a
 * spec that reaches for them fails here as it would under `npm run test:unit`.
 */
for (const name of ['GONGKAI_TEST_DATABASE_URL', 'GONGKAI_TEST_BUNDLES_DIR', 'GONGKAI_TEST_POSTGRES_PID']) {
  delete process.env[name];
}
export {};
