/**
 * ResetWorkflowExecution through the SDK's workflowService, as an operator
 * recovers a workflow: the new run's history is the old one's up to the reset
 * point, then the workflow task failed with cause RESET_WORKFLOW, then the
 * signals received after the point (unless the reapply type is NONE); the old
 * run is terminated; a closed workflow can be reset too; a retried request
 * answers the same run; a bad reset point is INVALID_ARGUMENT.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import Long from 'long';
import { eventTypes, idsAreDense, startConformanceEnv, eventually, type ConformanceEnv } from './support/env';
import { greet, longSleeper, noteCollector, noteSignal } from './support/workflows';
import { uniqueId } from '../support/temporal';

const EventType = proto.api.enums.v1.EventType;
const ResetReapplyType = proto.api.enums.v1.ResetReapplyType;

describe('conformance: ResetWorkflowExecution', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('reset');
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function history(workflowId: string, runId?: string) {
    return env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  }

  /** The id of the first WorkflowTaskCompleted event: the usual reset point ("first workflow task"). */
  async function firstTaskCompleted(workflowId: string): Promise<number> {
    const { events } = await history(workflowId);
    return Number(events!.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)!.eventId);
  }

  function reset(
    workflowId: string,
    runId: string,
    workflowTaskFinishEventId: number,
    extra: Partial<proto.api.workflowservice.v1.IResetWorkflowExecutionRequest> = {},
  ): Promise<{ runId: string }> {
    return env.client.workflowService.resetWorkflowExecution({
      namespace: env.namespace,
      workflowExecution: { workflowId, runId },
      reason: 'bug fixed in the worker',
      workflowTaskFinishEventId: Long.fromNumber(workflowTaskFinishEventId),
      requestId: uniqueId('reset-req'),
      ...extra,
    }).then((res) => ({ runId: res.runId ?? '' }));
  }

  it('terminates the running run and starts one from the reset point, reapplying later signals', async () => {
    const workflowId = uniqueId('reset');
    const handle = await env.client.workflow.start(noteCollector, { taskQueue: env.taskQueue, workflowId, args: [2] });
    await handle.signal(noteSignal, 'a');
    // The activity has run and the signal was handled: the workflow waits for a second note.
    await eventually(async () => expect(eventTypes(await handle.fetchHistory())).toContain('ACTIVITY_TASK_COMPLETED'));
    const point = await firstTaskCompleted(workflowId);
    const requestId = uniqueId('reset-req');
    const { runId } = await reset(workflowId, handle.firstExecutionRunId, point, { requestId });
    expect(runId).toBeTruthy();
    expect(runId).not.toBe(handle.firstExecutionRunId);
    // A retried request answers the run the first one made.
    expect((await reset(workflowId, handle.firstExecutionRunId, point, { requestId })).runId).toBe(runId);

    const old = await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    expect(old.status.name).toBe('TERMINATED');
    const oldHistory = await history(workflowId, handle.firstExecutionRunId);
    const terminated = oldHistory.events!.at(-1)!;
    expect(terminated.workflowExecutionTerminatedEventAttributes?.reason).toBe('bug fixed in the worker');

    const fresh = await history(workflowId, runId);
    expect(idsAreDense(fresh)).toBe(true);
    const types = eventTypes(fresh);
    expect(types.slice(0, point - 1)).toEqual(eventTypes(oldHistory).slice(0, point - 1));
    expect(types.slice(point - 1, point + 1)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_EXECUTION_SIGNALED']);
    const failed = fresh.events![point - 1].workflowTaskFailedEventAttributes!;
    expect(failed.cause).toBe(proto.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    expect(failed.baseRunId).toBe(handle.firstExecutionRunId);
    expect(failed.newRunId).toBe(runId);
    expect(failed.failure?.message).toBe('bug fixed in the worker');
    const reapplied = fresh.events![point].workflowExecutionSignaledEventAttributes!;
    expect(reapplied.signalName).toBe('note');
    expect(defaultPayloadConverter.fromPayload(reapplied.input!.payloads![0])).toBe('a');

    // The new run is the workflow's current run: it runs the activity again, and finishes with one more note.
    const current = env.client.workflow.getHandle(workflowId);
    expect((await current.describe()).runId).toBe(runId);
    await current.signal(noteSignal, 'b');
    expect(await current.result()).toEqual(['received', 'a', 'b']);
  });

  it('reapplies no signal with reset reapply type NONE', async () => {
    const workflowId = uniqueId('reset-none');
    const handle = await env.client.workflow.start(noteCollector, { taskQueue: env.taskQueue, workflowId, args: [1] });
    await eventually(async () => expect(eventTypes(await handle.fetchHistory())).toContain('ACTIVITY_TASK_COMPLETED'));
    await handle.signal(noteSignal, 'lost');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    const point = await firstTaskCompleted(workflowId);
    // The workflow completed: a closed run can be reset too (no run to terminate).
    const { runId } = await reset(workflowId, handle.firstExecutionRunId, point, { resetReapplyType: ResetReapplyType.RESET_REAPPLY_TYPE_NONE });
    const types = eventTypes(await history(workflowId, runId));
    expect(types.slice(point - 1)).not.toContain('WORKFLOW_EXECUTION_SIGNALED');
    const current = env.client.workflow.getHandle(workflowId);
    await current.signal(noteSignal, 'again');
    expect(await current.result()).toEqual(['received', 'again']);
  });

  it('recovers a completed workflow by running it again from its first workflow task', async () => {
    const workflowId = uniqueId('reset-closed');
    const handle = await env.client.workflow.start(greet, { taskQueue: env.taskQueue, workflowId, args: ['重置'] });
    const first = await handle.result();
    const { runId } = await reset(workflowId, handle.firstExecutionRunId, await firstTaskCompleted(workflowId));
    const again = env.client.workflow.getHandle(workflowId, runId);
    expect(await again.result()).toBe(first);
    expect((await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe()).status.name).toBe('COMPLETED');
  });

  it('keeps a timer pending at the reset point in the new run', async () => {
    const workflowId = uniqueId('reset-timer');
    const handle = await env.client.workflow.start(longSleeper, { taskQueue: env.taskQueue, workflowId });
    await handle.signal(noteSignal, 'later reset point');
    // The timer started in the first workflow task; the note's task completed after it: reset there.
    const point = await eventually(async () => {
      const { events } = await handle.fetchHistory();
      const completed = events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      if (completed.length < 2) throw new Error('the note is not handled yet');
      return Number(completed[1].eventId);
    });
    const { runId } = await reset(workflowId, handle.firstExecutionRunId, point);
    // Cancelling the new run cancels the timer: only a timer the new run knows about can be cancelled.
    const current = env.client.workflow.getHandle(workflowId, runId);
    await current.cancel();
    expect(await current.result()).toBe('cancelled');
    const types = eventTypes(await current.fetchHistory());
    expect(types.slice(0, point - 1)).toContain('TIMER_STARTED');
    expect(types.slice(point - 1)).toContain('TIMER_CANCELED');
  });

  it('refuses a reset point outside the history, or one that is not after a workflow task', async () => {
    const workflowId = uniqueId('reset-bad');
    const handle = await env.client.workflow.start(greet, { taskQueue: env.taskQueue, workflowId, args: ['x'] });
    await handle.result();
    const { events } = await handle.fetchHistory();
    const activityScheduled = Number(events!.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!.eventId);
    for (const point of [1, events!.length + 1, activityScheduled + 1]) {
      const err = await reset(workflowId, handle.firstExecutionRunId, point).then(() => undefined, (e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    }
  });
});
