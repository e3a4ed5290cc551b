/**
 * Records the histories that test/replay/replay.test.ts replays: runs a set of
 * conformance workflows (test/conformance/support/workflows.ts) through the
 * real SDK against the embedded engine and writes each history as JSON to
 * test/replay/histories/<name>.json. Commit the files.
 *
 *   node -r ./scripts/register.js test/replay/record-histories.ts [name...]
 *
 * Uses DATABASE_URL when set (in a throw-away schema, dropped afterwards),
 * otherwise a throw-away embedded PostgreSQL in a temporary folder. Re-record
 * only when a workflow is changed on purpose (and then think about the
 * workflows already running in production: that is what replay guards).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { startEmbeddedPostgres, type RunningPostgres } from '@gongkai/persistence/embedded-postgres';
import * as activities from '../conformance/support/activities';
import {
  approval,
  approveUpdate,
  cancellableActivity,
  counter,
  crashMix,
  crashSignal,
  crashUpdate,
  flakyActivity,
  greet,
  nonRetryableActivity,
  nudgeSignal,
  stateQuery,
  timerThenDone,
} from '../conformance/support/workflows';
import { workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';

export const HISTORIES_DIR = path.join(__dirname, 'histories');
const WORKFLOWS_PATH = path.join(__dirname, '..', 'conformance', 'support', 'workflows.ts');

type Scenario = (client: Client, taskQueue: string, workflowId: string) => Promise<WorkflowHandle>;

/** name → how to run it; the returned handle's run is the history recorded. */
const scenarios: Record<string, Scenario> = {
  // an activity
  greet: async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(greet, { taskQueue, workflowId, args: ['世界'] });
    await handle.result();
    return handle;
  },
  // signal, query, accepted and rejected updates, condition
  approval: async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(approval, { taskQueue, workflowId, args: [3] });
    await handle.signal(nudgeSignal, '请尽快审核');
    await handle.executeUpdate(approveUpdate, { args: ['lina'] });
    await handle.executeUpdate(approveUpdate, { args: ['lina'] }).catch((err) => {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    });
    await handle.query(stateQuery);
    await handle.executeUpdate(approveUpdate, { args: ['wangqiang'] });
    await handle.executeUpdate(approveUpdate, { args: ['chenjun'] });
    await handle.result();
    return handle;
  },
  // a durable timer
  timer: async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(timerThenDone, { taskQueue, workflowId, args: [300] });
    await handle.result();
    return handle;
  },
  // activity retries (the attempts leave no trace but the final Started attempt)
  'flaky-activity': async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(flakyActivity, { taskQueue, workflowId, args: [2] });
    await handle.result();
    return handle;
  },
  // a non-retryable activity failure failing the workflow
  'non-retryable-activity': async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(nonRetryableActivity, { taskQueue, workflowId });
    await handle.result().catch((err) => {
      if (!(err instanceof WorkflowFailedError)) throw err;
    });
    return handle;
  },
  // workflow cancellation reaching a heartbeating activity, then cleanup
  'cancelled-activity': async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(cancellableActivity, { taskQueue, workflowId });
    await new Promise((r) => setTimeout(r, 800));
    await handle.cancel();
    await handle.result();
    return handle;
  },
  // timers, a signal, an update and parallel activities in one run
  'crash-mix': async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(crashMix, { taskQueue, workflowId, args: [7, 100] });
    await handle.signal(crashSignal, 's7');
    await handle.executeUpdate(crashUpdate, { args: ['u7'] });
    await handle.result();
    return handle;
  },
  // the first run of a continue-as-new chain
  'continue-as-new': async (client, taskQueue, workflowId) => {
    const handle = await client.workflow.start(counter, { taskQueue, workflowId, args: [1] });
    await handle.result();
    return client.workflow.getHandle(workflowId, handle.firstExecutionRunId);
  },
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !scenarios[n]);
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });

  let postgres: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-replay-pg-'));
    fs.chmodSync(dataDir, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), fast: true });
    databaseUrl = postgres.url;
  }
  const schema = `temporal_record_${randomBytes(4).toString('hex')}`;
  const engine = await startEmbeddedTemporal({ databaseUrl, schema });
  const connection = await Connection.connect({ address: engine.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: engine.address });
  const taskQueue = `record-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, bundlerOptions: workflowBundlerOptions(), activities });
  try {
    await worker.runUntil(async () => {
      fs.mkdirSync(HISTORIES_DIR, { recursive: true });
      for (const [name, scenario] of Object.entries(scenarios)) {
        if (only.length && !only.includes(name)) continue;
        const handle = await scenario(client, taskQueue, `replay-${name}`);
        const history = await handle.fetchHistory();
        const file = path.join(HISTORIES_DIR, `${name}.json`);
        // protobufjs JSON (enum names, int64 as strings, bytes as base64); read back with History.fromObject.
        // (@temporalio/common's historyToJSON fails in this install: two protobufjs copies.)
        const json = proto.api.history.v1.History.fromObject(history).toJSON();
        fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
        console.log(`${name}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), file)}`);
      }
    });
  } finally {
    await nativeConnection.close();
    await connection.close();
    await engine.stop();
    if (postgres) {
      await postgres.stop();
      fs.rmSync(dataDir!, { recursive: true, force: true });
    } else {
      const pool = new Pool({ connectionString: databaseUrl });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => pool.end());
    }
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
