/**
 * Update-with-start (ExecuteMultiOperation) through the SDK's
 * executeUpdateWithStart / startUpdateWithStart: a new run carries the update
 * in its first workflow task; USE_EXISTING updates the running run; FAIL
 * answers "already started"; TERMINATE_EXISTING replaces the run; a repeated
 * update id answers the first outcome; errors come back per operation in a
 * MultiOperationExecutionFailure, as Temporal sends them.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type WorkflowIdConflictPolicy,
} from '@temporalio/client';
import { google, temporal as proto } from '@temporalio/proto';
import { countOf, eventTypes, startConformanceEnv, type ConformanceEnv } from './support/env';
import { setUpdate, updatable, valueQuery } from './support/workflows';
import { uniqueId } from '../support/temporal';

const { MultiOperationExecutionFailure } = proto.api.errordetails.v1;

describe('conformance: update-with-start (ExecuteMultiOperation)', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('uws');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const startOp = (workflowId: string, workflowIdConflictPolicy: WorkflowIdConflictPolicy) =>
    new WithStartWorkflowOperation(updatable, { workflowId, taskQueue: env.taskQueue, workflowIdConflictPolicy });

  it('starts the workflow and runs the update in its first workflow task; the handles work afterwards', async () => {
    const op = startOp(uniqueId('uws'), 'USE_EXISTING');
    const updateHandle = await env.client.workflow.startUpdateWithStart(setUpdate, { args: ['a'], waitForStage: 'ACCEPTED', startWorkflowOperation: op });
    expect(await updateHandle.result()).toBe('set to a');
    const handle = await op.workflowHandle();
    expect(updateHandle.workflowRunId).toBe((await handle.describe()).runId);
    expect(await handle.executeUpdate(setUpdate, { args: ['b'] })).toBe('set to b');
    expect(await handle.query(valueQuery)).toBe('b');
    const types = eventTypes(await handle.fetchHistory());
    // The update came with the start: the first workflow task accepted and completed it.
    expect(types.slice(0, 6)).toEqual([
      'WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED',
      'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
    ]);
    await handle.executeUpdate(setUpdate, { args: ['done'] });
    expect(await handle.result()).toBe('done');
  });

  it('USE_EXISTING updates the running run instead of starting one', async () => {
    const workflowId = uniqueId('uws-existing');
    const first = await env.client.workflow.start(updatable, { workflowId, taskQueue: env.taskQueue });
    const op = startOp(workflowId, 'USE_EXISTING');
    expect(await env.client.workflow.executeUpdateWithStart(setUpdate, { args: ['x'], startWorkflowOperation: op })).toBe('set to x');
    const handle = await op.workflowHandle();
    expect((await handle.describe()).runId).toBe(first.firstExecutionRunId);
    expect(await first.query(valueQuery)).toBe('x');
    expect(countOf(eventTypes(await first.fetchHistory()), 'WORKFLOW_EXECUTION_STARTED')).toBe(1);
    await first.terminate();
  });

  it('answers a repeated update id with the first outcome, applying the update once', async () => {
    const workflowId = uniqueId('uws-repeat');
    const run = (value: string) => env.client.workflow.executeUpdateWithStart(setUpdate, {
      args: [value], updateId: 'only-once', startWorkflowOperation: startOp(workflowId, 'USE_EXISTING'),
    });
    expect(await run('first')).toBe('set to first');
    expect(await run('second')).toBe('set to first');
    const handle = env.client.workflow.getHandle(workflowId);
    expect(await handle.query(valueQuery)).toBe('first');
    expect(countOf(eventTypes(await handle.fetchHistory()), 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toBe(1);
    await handle.terminate();
  });

  it('FAIL on a running workflow answers "already started" for both operations, per operation in the error', async () => {
    const workflowId = uniqueId('uws-fail');
    await env.client.workflow.executeUpdateWithStart(setUpdate, { args: ['a'], startWorkflowOperation: startOp(workflowId, 'FAIL') });
    const second = startOp(workflowId, 'FAIL');
    for (const promise of [env.client.workflow.startUpdateWithStart(setUpdate, { args: ['b'], waitForStage: 'ACCEPTED', startWorkflowOperation: second }), second.workflowHandle()]) {
      await expect(promise).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    }
    expect(await env.client.workflow.getHandle(workflowId).query(valueQuery)).toBe('a');

    // The raw answer: ALREADY_EXISTS, with the start's status and the update's "aborted" status.
    const raw = await env.connection.workflowService.executeMultiOperation({
      namespace: env.namespace,
      operations: [
        { startWorkflow: { namespace: env.namespace, workflowId, workflowType: { name: 'updatable' }, taskQueue: { name: env.taskQueue }, requestId: uniqueId('req') } },
        { updateWorkflow: { namespace: env.namespace, workflowExecution: { workflowId }, request: { meta: { updateId: 'u-raw' }, input: { name: 'set' } } } },
      ],
    }).then(() => undefined, (e: unknown) => e);
    expect(isGrpcServiceError(raw) && raw.code).toBe(GrpcStatus.ALREADY_EXISTS);
    const detail = google.rpc.Status.decode((raw as { metadata: { get(k: string): Buffer[] } }).metadata.get('grpc-status-details-bin')[0]).details[0];
    expect(detail.type_url).toBe('type.googleapis.com/temporal.api.errordetails.v1.MultiOperationExecutionFailure');
    const { statuses } = MultiOperationExecutionFailure.decode(detail.value!);
    expect(statuses.map((s) => s.code)).toEqual([GrpcStatus.ALREADY_EXISTS, GrpcStatus.ABORTED]);
    expect(statuses[0].details?.[0].type_url).toMatch(/WorkflowExecutionAlreadyStartedFailure$/);
    expect(statuses[1].details?.[0].type_url).toMatch(/MultiOperationExecutionAborted$/);
    await env.client.workflow.getHandle(workflowId).terminate();
  });

  it('TERMINATE_EXISTING replaces the running run and updates the new one', async () => {
    const workflowId = uniqueId('uws-terminate');
    const first = await env.client.workflow.start(updatable, { workflowId, taskQueue: env.taskQueue });
    const op = startOp(workflowId, 'TERMINATE_EXISTING');
    expect(await env.client.workflow.executeUpdateWithStart(setUpdate, { args: ['new'], startWorkflowOperation: op })).toBe('set to new');
    const handle = await op.workflowHandle();
    expect((await handle.describe()).runId).not.toBe(first.firstExecutionRunId);
    expect((await env.client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).status.name).toBe('TERMINATED');
    await handle.terminate();
  });

  it('a rejected update still starts the workflow; the update fails', async () => {
    const op = startOp(uniqueId('uws-rejected'), 'USE_EXISTING');
    await expect(env.client.workflow.executeUpdateWithStart(setUpdate, { args: [''], startWorkflowOperation: op })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const handle = await op.workflowHandle();
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate();
  });

  it('refuses a bad start with INVALID_ARGUMENT for both promises', async () => {
    const op = new WithStartWorkflowOperation(updatable, { workflowId: 'x'.repeat(1001), taskQueue: env.taskQueue, workflowIdConflictPolicy: 'FAIL' });
    for (const promise of [env.client.workflow.startUpdateWithStart(setUpdate, { args: ['a'], waitForStage: 'ACCEPTED', startWorkflowOperation: op }), op.workflowHandle()]) {
      const err = await promise.then(() => undefined, (e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect((err as Error).message).toMatch(/workflowid.*length/i);
    }
  });
});
