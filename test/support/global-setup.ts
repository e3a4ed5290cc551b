/**
 * Starts the one PostgreSQL this test run uses (unless GONGKAI_TEST_DATABASE_URL
 * points at one), applies migrations, and hands the URL to the workers through
 * the environment. The server is stopped in global-teardown.ts; if jest dies
 * before that, the `exit` hook in embedded-postgres.ts still stops it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMigrations, startEmbeddedPostgres, type RunningPostgres } from '../../libs/persistence/src';

declare global {
  // eslint-disable-next-line no-var
  var __gongkaiTestPostgres: { pg?: RunningPostgres; dataDir?: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  let url = process.env.GONGKAI_TEST_DATABASE_URL;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-pg-'));
    fs.chmodSync(dataDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), fast: true });
    globalThis.__gongkaiTestPostgres = { pg, dataDir };
    url = pg.url;
    process.env.GONGKAI_TEST_POSTGRES_PID = String(pg.pid);
  }
  await runMigrations(url);
  process.env.GONGKAI_TEST_DATABASE_URL = url;
}
