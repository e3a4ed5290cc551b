/**
 * Eager workflow start: a start that asks for it (the SDK asks when a worker
 * on the same connection has reserved a slot for the task queue) gets the
 * run's first workflow task back in its answer, already started, instead of
 * through the queue. Not for a delayed or cron start, whose first task waits.
 */
import { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventTypes, type ConformanceEnv } from './support/env';
import { greet } from './support/workflows';
import { uniqueId } from '../support/temporal';

describe('conformance: eager workflow start', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('eager');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const svc = () => env.connection.workflowService;

  /** A raw start on a queue no SDK worker polls, asking for the first task. */
  const rawStart = (taskQueue: string, extra: Partial<proto.api.workflowservice.v1.IStartWorkflowExecutionRequest> = {}) =>
    svc().startWorkflowExecution({
      namespace: env.namespace,
      workflowId: uniqueId('eager-raw'),
      workflowType: { name: 'greet' },
      taskQueue: { name: taskQueue },
      requestId: uniqueId('req'),
      identity: 'eager-worker',
      requestEagerExecution: true,
      ...extra,
    });

  it('says so in GetSystemInfo', async () => {
    expect((await svc().getSystemInfo({})).capabilities?.eagerWorkflowStart).toBe(true);
  });

  it('runs the first task on the worker that shares the client\'s connection', async () => {
    const client = new Client({ connection: env.nativeConnection, namespace: env.namespace });
    const handle = await client.workflow.start(greet, { taskQueue: env.taskQueue, workflowId: uniqueId('eager'), args: ['陈'], requestEagerStart: true });
    expect(handle.eagerlyStarted).toBe(true);
    expect(await handle.result()).toBe('你好，陈');
    const types = eventTypes(await handle.fetchHistory());
    expect(types.slice(0, 4)).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED']);
  });

  it('answers the start with the task started, whose token completes the run', async () => {
    const taskQueue = uniqueId('eager-queue');
    const started = await rawStart(taskQueue);
    const task = started.eagerWorkflowTask;
    expect(task?.taskToken?.length).toBeGreaterThan(0);
    expect(Number(task?.startedEventId)).toBe(3);
    expect(eventTypes(task!.history!)).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    expect(task?.history?.events?.[2]?.workflowTaskStartedEventAttributes?.identity).toBe('eager-worker');
    const workflowId = task!.workflowExecution!.workflowId!;
    const described = await svc().describeWorkflowExecution({ namespace: env.namespace, execution: { workflowId } });
    expect(described.pendingWorkflowTask?.state).toBe(proto.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED);
    // Its token completes the run, as a polled task's would.
    await svc().respondWorkflowTaskCompleted({
      namespace: env.namespace,
      taskToken: task!.taskToken,
      identity: 'eager-worker',
      commands: [{
        commandType: proto.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: {},
      }],
    });
    const closed = await svc().describeWorkflowExecution({ namespace: env.namespace, execution: { workflowId } });
    expect(closed.workflowExecutionInfo?.status).toBe(proto.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  });

  it('gives no task for a delayed or a cron start (their first task waits), nor for the repeat of a start', async () => {
    const taskQueue = uniqueId('eager-wait');
    const delayedId = uniqueId('eager-delayed');
    const delayed = await rawStart(taskQueue, { workflowId: delayedId, workflowStartDelay: msToTs('1 hour') });
    expect(delayed.eagerWorkflowTask).toBeFalsy();
    const cronId = uniqueId('eager-cron');
    const cron = await rawStart(taskQueue, { workflowId: cronId, cronSchedule: '0 3 * * *' });
    expect(cron.eagerWorkflowTask).toBeFalsy();
    const requestId = uniqueId('req');
    const workflowId = uniqueId('eager-repeat');
    const first = await rawStart(taskQueue, { requestId, workflowId });
    expect(first.eagerWorkflowTask?.taskToken?.length).toBeGreaterThan(0);
    const repeat = await rawStart(taskQueue, { requestId, workflowId });
    expect(repeat.runId).toBe(first.runId);
    expect(repeat.eagerWorkflowTask).toBeFalsy();
    for (const id of [delayedId, cronId, workflowId]) {
      await svc().terminateWorkflowExecution({ namespace: env.namespace, workflowExecution: { workflowId: id } });
    }
  });
});
