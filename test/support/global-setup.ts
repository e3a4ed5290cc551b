/**
 * Starts the one PostgreSQL this test run uses (unless GONGKAI_TEST_DATABASE_URL
 * points at one), applies migrations, and hands the URL to the workers through
 * the environment. The server is stopped in global-teardown.ts; if jest dies
 * before that, the `exit` hook in embedded-postgres.ts still stops it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { quietLogger, workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';
import { runMigrations, startEmbeddedPostgres, type RunningPostgres } from '@gongkai/persistence';

declare global {
  var __gongkaiTestPostgres: { pg?: RunningPostgres; dataDir?: string; bundlesDir?: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  let url = process.env.GONGKAI_TEST_DATABASE_URL;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-pg-'));
    fs.chmodSync(dataDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), fast: true });
    globalThis.__gongkaiTestPostgres = { pg, dataDir };
    url = pg.url; // the ordinary role `gongkai`, as in production: tests never hold a superuser
    process.env.GONGKAI_TEST_POSTGRES_PID = String(pg.pid);
  }
  await runMigrations(url);
  process.env.GONGKAI_TEST_DATABASE_URL = url;
  process.env.GONGKAI_TEST_BUNDLES_DIR = await bundleWorkflows();
}

/** Bundles workflow code once per run; workers in tests load the files (workflowBundle.codePath). */
async function bundleWorkflows(): Promise<string> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-bundles-'));
  const root = path.resolve(__dirname, '..', '..');
  const sources: Record<string, string> = {
    conformance: path.join(root, 'test', 'conformance', 'support', 'workflows.ts'),
  };
  const gongkai = path.join(root, 'workflows', 'index.ts');
  if (fs.existsSync(gongkai)) sources.gongkai = gongkai;
  for (const [name, workflowsPath] of Object.entries(sources)) {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger(), ...workflowBundlerOptions() });
    fs.writeFileSync(path.join(dir, `${name}.js`), code);
  }
  globalThis.__gongkaiTestPostgres = { ...(globalThis.__gongkaiTestPostgres ?? {}), bundlesDir: dir };
  return dir;
}
