import { temporal as proto } from '@temporalio/proto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './support/activities';
import { approval, approveUpdate, greet, nudgeSignal, stateQuery } from './support/workflows';
import { startTestTemporal, uniqueId, workflowBundlePath, type TestTemporal } from '../support/temporal';

describe('conformance: basics through the real SDK', () => {
  let temporal: TestTemporal;
  let client: Client;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueId('basics');

  beforeAll(async () => {
    temporal = await startTestTemporal();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
    nativeConnection = await NativeConnection.connect({ address: temporal.address });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: { codePath: workflowBundlePath('conformance') },
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
    await temporal?.stop();
  });

  it('runs a workflow with an activity to its result', async () => {
    const result = await client.workflow.execute(greet, { taskQueue, workflowId: uniqueId('greet'), args: ['世界'] });
    expect(result).toBe('你好，世界');
  });

  it('runs the approval shape: signal, query, accepted and rejected updates', async () => {
    const handle = await client.workflow.start(approval, { taskQueue, workflowId: uniqueId('approval'), args: [3] });
    await handle.signal(nudgeSignal, '请尽快审核');
    expect(await handle.executeUpdate(approveUpdate, { args: ['lina'] })).toBe('level 1 approved by lina');
    await expect(handle.executeUpdate(approveUpdate, { args: ['lina'] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await handle.query(stateQuery)).toEqual({ approvals: ['lina'], nudges: ['请尽快审核'] });
    await handle.executeUpdate(approveUpdate, { args: ['wangqiang'] });
    await handle.executeUpdate(approveUpdate, { args: ['chenjun'] });
    expect(await handle.result()).toEqual(['lina', 'wangqiang', 'chenjun']);

    const history = await handle.fetchHistory();
    const types = history.events!.map((e) => e.eventType);
    // three accepted updates and their completions are recorded; the rejected one left no trace
    expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(3);
    expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toHaveLength(3);
    const ids = history.events!.map((e) => Number(e.eventId));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
  });
});
