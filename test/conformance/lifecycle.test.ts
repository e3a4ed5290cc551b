/**
 * How runs end and begin: cancel, terminate, failure, execution and run
 * timeouts, workflow-id reuse and conflict policies, continue-as-new, the
 * workflow retry policy, and memo.
 */
import {
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
} from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventTypes, eventually, type ConformanceEnv } from './support/env';
import { annotate, counter, cronCount, failing, failUntilAttempt, greet, proceedSignal, sleeper, waitForever } from './support/workflows';
import { uniqueId } from '../support/temporal';

async function failureOf(p: Promise<unknown>): Promise<WorkflowFailedError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return err as WorkflowFailedError;
}

describe('conformance: workflow lifecycle', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('lifecycle');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const opts = (prefix: string) => ({ taskQueue: env.taskQueue, workflowId: uniqueId(prefix) });

  describe('cancel, terminate, fail', () => {
    it('cancels a workflow on request', async () => {
      const handle = await env.client.workflow.start(waitForever, opts('cancel'));
      await handle.cancel();
      const err = await failureOf(handle.result());
      expect(err.cause).toBeInstanceOf(CancelledFailure);
      const types = eventTypes(await handle.fetchHistory());
      expect(types).toContain('WORKFLOW_EXECUTION_CANCEL_REQUESTED');
      expect(types[types.length - 1]).toBe('WORKFLOW_EXECUTION_CANCELED');
      expect((await handle.describe()).status.name).toBe('CANCELLED');
    });

    it('terminates a workflow with a reason', async () => {
      const handle = await env.client.workflow.start(waitForever, opts('terminate'));
      await handle.terminate('不再需要');
      const err = await failureOf(handle.result());
      expect(err.cause).toBeInstanceOf(TerminatedFailure);
      const history = await handle.fetchHistory();
      const last = history.events![history.events!.length - 1];
      expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('不再需要');
      expect((await handle.describe()).status.name).toBe('TERMINATED');
      await expect(handle.terminate('again')).rejects.toThrow();
    });

    it('reports a workflow failure with its application error', async () => {
      const handle = await env.client.workflow.start(failing, opts('fail'));
      const err = await failureOf(handle.result());
      expect(err.cause).toBeInstanceOf(ApplicationFailure);
      expect((err.cause as ApplicationFailure).type).toBe('ReviewRefused');
      expect(err.cause?.message).toBe('稿件不合规');
      expect((await handle.describe()).status.name).toBe('FAILED');
    });
  });

  describe('timeouts', () => {
    it('times out a run that exceeds its execution timeout', async () => {
      const handle = await env.client.workflow.start(waitForever, { ...opts('exec-timeout'), workflowExecutionTimeout: '1s' });
      const err = await failureOf(handle.result());
      expect(err.cause).toBeInstanceOf(TimeoutFailure);
      const types = eventTypes(await handle.fetchHistory());
      expect(types[types.length - 1]).toBe('WORKFLOW_EXECUTION_TIMED_OUT');
      expect((await handle.describe()).status.name).toBe('TIMED_OUT');
    });

    it('times out a run that exceeds its run timeout, while its timer is still pending', async () => {
      // The timer outlives the test's own timeout: the run can only end here by timing out.
      const handle = await env.client.workflow.start(sleeper, { ...opts('run-timeout'), args: [10 * 60_000], workflowRunTimeout: '1s' });
      const err = await failureOf(handle.result());
      expect(err.cause).toBeInstanceOf(TimeoutFailure);
      const history = await handle.fetchHistory();
      const started = history.events![0].workflowExecutionStartedEventAttributes!;
      expect(Number(started.workflowRunTimeout?.seconds)).toBe(1);
      expect(Number(started.workflowExecutionTimeout?.seconds ?? 0)).toBe(0); // the run timeout, not the execution timeout
      const types = eventTypes(history);
      expect(types).toContain('TIMER_STARTED');
      expect(types).not.toContain('TIMER_FIRED');
      expect(types[types.length - 1]).toBe('WORKFLOW_EXECUTION_TIMED_OUT');
      expect((await handle.describe()).status.name).toBe('TIMED_OUT');
    });
  });

  it('times out a workflow task the worker never answers, and schedules it again', async () => {
    // A queue no SDK worker polls: this test holds the task itself and says nothing.
    const taskQueue = uniqueId('stuck-queue');
    const handle = await env.client.workflow.start(greet, { taskQueue, workflowId: uniqueId('task-timeout'), args: ['x'], workflowTaskTimeout: '1s' });
    const task = await env.connection.workflowService.pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity: 'silent' });
    expect(task.taskToken?.length).toBeGreaterThan(0);
    await eventually(async () => {
      const types = eventTypes(await handle.fetchHistory());
      expect(types.slice(0, 5)).toEqual([
        'WORKFLOW_EXECUTION_STARTED',
        'WORKFLOW_TASK_SCHEDULED',
        'WORKFLOW_TASK_STARTED',
        'WORKFLOW_TASK_TIMED_OUT',
        'WORKFLOW_TASK_SCHEDULED',
      ]);
    }, 10_000, 200);
    // the stale token is refused
    await expect(env.connection.workflowService.respondWorkflowTaskCompleted({ namespace: env.namespace, taskToken: task.taskToken, commands: [] })).rejects.toThrow();
    await handle.terminate();
  });

  describe('workflow id reuse and conflict policies', () => {
    it('refuses a second start while the first run is open (conflict policy FAIL)', async () => {
      const o = opts('conflict-fail');
      const first = await env.client.workflow.start(waitForever, o);
      const err = await env.client.workflow.start(waitForever, o).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      expect((err as WorkflowExecutionAlreadyStartedError).workflowId).toBe(o.workflowId);
      await first.terminate();
    });

    it('REJECT_DUPLICATE refuses an id that was used before, even after the run closed', async () => {
      const o = opts('reject-dup');
      await env.client.workflow.execute(greet, { ...o, args: ['一'] });
      await expect(env.client.workflow.start(greet, { ...o, args: ['二'], workflowIdReusePolicy: 'REJECT_DUPLICATE' }))
        .rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    });

    it('ALLOW_DUPLICATE (the default) starts a new run after a closed one', async () => {
      const o = opts('allow-dup');
      const first = await env.client.workflow.start(greet, { ...o, args: ['一'] });
      await first.result();
      const second = await env.client.workflow.start(greet, { ...o, args: ['二'] });
      expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
      expect(await second.result()).toBe('你好，二');
    });

    it('ALLOW_DUPLICATE_FAILED_ONLY refuses after success and allows after failure', async () => {
      const ok = opts('dup-failed-only-ok');
      await env.client.workflow.execute(greet, { ...ok, args: ['一'] });
      await expect(env.client.workflow.start(greet, { ...ok, args: ['二'], workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' }))
        .rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

      const failed = opts('dup-failed-only-failed');
      await failureOf(env.client.workflow.execute(failing, failed));
      const again = await env.client.workflow.start(greet, { ...failed, args: ['三'], workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' });
      expect(await again.result()).toBe('你好，三');
    });

    it('USE_EXISTING returns the running run instead of starting another', async () => {
      const o = opts('use-existing');
      const first = await env.client.workflow.start(waitForever, o);
      const second = await env.client.workflow.start(waitForever, { ...o, workflowIdConflictPolicy: 'USE_EXISTING' });
      expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
      await first.terminate();
    });

    it('TERMINATE_EXISTING terminates the running run and starts a new one', async () => {
      const o = opts('terminate-existing');
      const first = await env.client.workflow.start(waitForever, o);
      const second = await env.client.workflow.start(greet, { ...o, args: ['新'], workflowIdConflictPolicy: 'TERMINATE_EXISTING' });
      expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
      const err = await failureOf(env.client.workflow.getHandle(o.workflowId, first.firstExecutionRunId).result());
      expect(err.cause).toBeInstanceOf(TerminatedFailure);
      expect(await second.result()).toBe('你好，新');
    });
  });

  describe('continue-as-new and retries', () => {
    it('continues as new; result() follows the chain to the last run', async () => {
      const handle = await env.client.workflow.start(counter, { ...opts('can'), args: [3] });
      expect(await handle.result()).toBe(0);
      const firstHistory = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
      const types = eventTypes(firstHistory);
      expect(types[types.length - 1]).toBe('WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
      const described = await env.client.workflow.getHandle(handle.workflowId).describe();
      expect(described.runId).not.toBe(handle.firstExecutionRunId);
      expect(described.status.name).toBe('COMPLETED');
    });

    /** The raw worker's answer to a workflow task of `waitForever`: continue as new into another `waitForever`. */
    const continueAsNewWaitForever = (taskToken: Uint8Array | null | undefined, taskQueue: string) =>
      env.connection.workflowService.respondWorkflowTaskCompleted({
        namespace: env.namespace,
        taskToken,
        identity: 'raw-worker',
        commands: [{
          commandType: proto.api.enums.v1.CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
          continueAsNewWorkflowExecutionCommandAttributes: { workflowType: { name: 'waitForever' }, taskQueue: { name: taskQueue } },
        }],
      });

    it('a signal naming only the workflow id, sent while the run continues as new, reaches the new run', async () => {
      // A queue no SDK worker polls: this test answers the task itself, and signals while that answer commits.
      // The SDK suite's continue-as-new tests signal that way (handle.signal without a run id).
      const taskQueue = uniqueId('can-signal-queue');
      const svc = env.connection.workflowService;
      for (let round = 0; round < 5; round++) {
        const handle = await env.client.workflow.start(waitForever, { taskQueue, workflowId: uniqueId('can-signal') });
        const task = await svc.pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity: 'raw-worker' });
        const continued = continueAsNewWaitForever(task.taskToken, taskQueue);
        await new Promise((resolve) => setImmediate(resolve));
        await expect(handle.signal(proceedSignal)).resolves.toBeUndefined();
        const answer = await continued.then(() => 'ok', (err: unknown) => err);
        const first = eventTypes(await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory());
        const latest = env.client.workflow.getHandle(handle.workflowId);
        if ((await latest.describe()).runId === handle.firstExecutionRunId) {
          // The signal came first: the run must see it, so its continue-as-new was refused.
          expect(first).toEqual(expect.arrayContaining(['WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_FAILED']));
          expect(answer).toMatchObject({ details: 'UnhandledCommand' });
        } else {
          expect(answer).toBe('ok');
          expect(first).not.toContain('WORKFLOW_EXECUTION_SIGNALED');
          expect(eventTypes(await latest.fetchHistory())).toContain('WORKFLOW_EXECUTION_SIGNALED');
        }
        await latest.terminate();
      }
    });

    it('refuses a continue-as-new that did not see a signal with INVALID_ARGUMENT "UnhandledCommand", as Temporal does', async () => {
      // The SDK's core drops its cached run on exactly this answer; told OK instead, it keeps a copy that thinks it closed.
      const taskQueue = uniqueId('unhandled-queue');
      const svc = env.connection.workflowService;
      const handle = await env.client.workflow.start(waitForever, { taskQueue, workflowId: uniqueId('unhandled') });
      const task = await svc.pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity: 'raw-worker' });
      await handle.signal(proceedSignal);
      const refused = await continueAsNewWaitForever(task.taskToken, taskQueue).then(() => undefined, (err: unknown) => err as { code?: number; details?: string });
      expect(refused).toMatchObject({ code: 3, details: 'UnhandledCommand' });
      const types = eventTypes(await handle.fetchHistory());
      expect(types.slice(3)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED']);
      expect((await handle.describe()).runId).toBe(handle.firstExecutionRunId);
      await handle.terminate();
    });

    it('retries a failed workflow by its retry policy in a new run', async () => {
      const handle = await env.client.workflow.start(failUntilAttempt, {
        ...opts('wf-retry'),
        args: [2],
        retry: { initialInterval: '100ms', maximumAttempts: 5 },
      });
      expect(await handle.result()).toBe(3);
      const first = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
      const last = first.events![first.events!.length - 1];
      expect(last.workflowExecutionFailedEventAttributes?.newExecutionRunId).toBeTruthy();
    });

    it('stops retrying a failed workflow at maximum attempts', async () => {
      const handle = await env.client.workflow.start(failUntilAttempt, {
        ...opts('wf-retry-max'),
        args: [5],
        retry: { initialInterval: '50ms', maximumAttempts: 2 },
      });
      const err = await failureOf(handle.result());
      expect(err.cause?.message).toBe('workflow attempt 2 failed');
    });
  });

  describe('cron schedules', () => {
    it('refuses a cron schedule that cannot be read, saying so', async () => {
      const err = await env.client.workflow.start(cronCount, { ...opts('cron-bad'), cronSchedule: '61 * * * *' }).catch((e: unknown) => e);
      // the client wraps the server's answer: "Failed to start Workflow", caused by the gRPC error
      const grpc = (err as { cause?: { code?: number; details?: string; message?: string } }).cause;
      expect(grpc?.code).toBe(3); // INVALID_ARGUMENT
      expect(grpc?.details ?? grpc?.message).toMatch(/Invalid CronSchedule/);
    });

    it('waits for the first fire time and names the schedule in the run', async () => {
      const handle = await env.client.workflow.start(cronCount, { ...opts('cron-wait'), cronSchedule: '0 0 1 1 *' });
      const started = (await handle.fetchHistory()).events![0].workflowExecutionStartedEventAttributes!;
      expect(started.cronSchedule).toBe('0 0 1 1 *');
      const backoffSeconds = Number(started.firstWorkflowTaskBackoff?.seconds ?? 0);
      expect(backoffSeconds).toBeGreaterThan(0);
      expect(backoffSeconds).toBeLessThanOrEqual(366 * 24 * 3600);
      const described = await handle.describe();
      expect(described.status.name).toBe('RUNNING');
      expect(described.executionTime!.getTime()).toBe(described.startTime.getTime() + backoffSeconds * 1000 + Math.round((started.firstWorkflowTaskBackoff?.nanos ?? 0) / 1e6));
      expect(new Date(described.executionTime!).getUTCMonth()).toBe(0);
      await handle.terminate('cron test over');
    });

    it('records a signal to a cron run that waits, without running it early', async () => {
      const handle = await env.client.workflow.start(cronCount, { ...opts('cron-signal'), cronSchedule: '0 0 1 1 *' });
      await env.connection.workflowService.signalWorkflowExecution({
        namespace: env.namespace, workflowExecution: { workflowId: handle.workflowId }, signalName: 'early', identity: 'test',
      });
      await new Promise((r) => setTimeout(r, 1000));
      const types = eventTypes(await handle.fetchHistory());
      expect(types).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_EXECUTION_SIGNALED']);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('cron test over');
    });
  });

  describe('memo', () => {
    it('keeps the memo given at start and merges upserts', async () => {
      const handle = await env.client.workflow.start(annotate, {
        ...opts('memo'),
        args: [{ reviewer: '王强', removed: null }, []],
        memo: { department: '规划局', removed: 'soon' },
      });
      expect((await handle.describe()).memo).toMatchObject({ department: '规划局' });
      await handle.signal(proceedSignal);
      await handle.result();
      const memo = (await handle.describe()).memo;
      expect(memo).toMatchObject({ department: '规划局', reviewer: '王强' });
      expect(memo).not.toHaveProperty('removed');
    });
  });
});
