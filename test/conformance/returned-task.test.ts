/**
 * A workflow task returned in the completion's answer (returnNewWorkflowTask,
 * which the SDK's core always asks for when it caches the run): when the
 * completion calls for another task (events or an update arrived while the
 * worker ran this one, or it asked for one), Temporal starts that task at once
 * for the same worker and returns it, with only the events after the task the
 * worker just completed. Queued instead, a sticky poll could hand it to the
 * worker before the worker has taken in the completion's answer; its core then
 * holds two tasks for one run and the later one is stranded.
 */
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventTypes, type ConformanceEnv } from './support/env';
import { uniqueId } from '../support/temporal';

const { CommandType, PendingWorkflowTaskState, WorkflowExecutionStatus, UpdateWorkflowExecutionLifecycleStage: Stage } = proto.api.enums.v1;

describe('conformance: the next workflow task returned with the completion', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('returned-task');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const svc = () => env.connection.workflowService;
  const identity = 'returning-worker';

  /** A run on a queue no SDK worker polls, and its first task, polled by hand. */
  async function runWithFirstTask() {
    const taskQueue = uniqueId('returned-queue');
    const workflowId = uniqueId('returned');
    await svc().startWorkflowExecution({
      namespace: env.namespace,
      workflowId,
      workflowType: { name: 'handRun' },
      taskQueue: { name: taskQueue },
      requestId: uniqueId('req'),
      identity,
    });
    const task = await svc().pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity });
    expect(task.workflowExecution?.workflowId).toBe(workflowId);
    return { workflowId, taskQueue, task };
  }

  const sticky = (taskQueue: string) => ({ workerTaskQueue: { name: `${taskQueue}-sticky` }, scheduleToStartTimeout: msToTs('5 seconds') });

  /** Completes a task as the SDK's core does when it caches the run: asking for the next task in the answer. */
  const completeAsking = (taskQueue: string, taskToken: Uint8Array | null | undefined, extra: Partial<proto.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest> = {}) =>
    svc().respondWorkflowTaskCompleted({ namespace: env.namespace, taskToken, identity, returnNewWorkflowTask: true, stickyAttributes: sticky(taskQueue), ...extra });

  async function pendingTaskState(workflowId: string) {
    const d = await svc().describeWorkflowExecution({ namespace: env.namespace, execution: { workflowId } });
    return d.pendingWorkflowTask?.state;
  }

  /** An update (nobody's handler: the test answers for the worker) that waits for `stage`. */
  const sendUpdate = (workflowId: string, updateId: string, stage: proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage) =>
    svc().updateWorkflowExecution({
      namespace: env.namespace,
      workflowExecution: { workflowId },
      waitPolicy: { lifecycleStage: stage },
      request: { meta: { updateId, identity: 'someone' }, input: { name: 'approve' } },
    });

  /** Until a poll without a stage finds the update (the engine answers NOT_FOUND before it is admitted). */
  async function waitAdmitted(workflowId: string, updateId: string) {
    const updateRef = { workflowExecution: { workflowId }, updateId };
    for (let i = 0; i < 100; i++) {
      if (await svc().pollWorkflowExecutionUpdate({ namespace: env.namespace, updateRef, identity }).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`update ${updateId} was never admitted`);
  }

  async function complete(workflowId: string, taskToken: Uint8Array) {
    await svc().respondWorkflowTaskCompleted({
      namespace: env.namespace,
      taskToken,
      identity,
      commands: [{ commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }],
    });
    const d = await svc().describeWorkflowExecution({ namespace: env.namespace, execution: { workflowId } });
    expect(d.workflowExecutionInfo?.status).toBe(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  it('returns the task a signal during the task calls for, started, with only the events after the completed task', async () => {
    const { workflowId, taskQueue, task } = await runWithFirstTask();
    await svc().signalWorkflowExecution({ namespace: env.namespace, workflowExecution: { workflowId }, signalName: 'nudge', identity: 'someone', requestId: uniqueId('sig') });
    const answer = await completeAsking(taskQueue, task.taskToken);
    const next = answer.workflowTask;
    expect(next?.taskToken?.length).toBeGreaterThan(0);
    expect(Number(next?.previousStartedEventId)).toBe(3);
    expect(Number(next?.startedEventId)).toBe(7);
    expect(eventTypes(next!.history!)).toEqual(['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    expect(Number(next!.history!.events![0].eventId)).toBe(4);
    expect(next!.history!.events![3].workflowTaskStartedEventAttributes?.identity).toBe(identity);
    // Started already: nothing waits in a queue for another poll to take.
    expect(await pendingTaskState(workflowId)).toBe(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED);
    await complete(workflowId, next!.taskToken!);
  });

  it('returns the task the worker asks for (forceCreateNewWorkflowTask, as while local activities run)', async () => {
    const { workflowId, taskQueue, task } = await runWithFirstTask();
    const answer = await completeAsking(taskQueue, task.taskToken, { forceCreateNewWorkflowTask: true });
    expect(eventTypes(answer.workflowTask!.history!)).toEqual(['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    await complete(workflowId, answer.workflowTask!.taskToken!);
  });

  it('returns the speculative task of an update admitted during the task, carrying the update', async () => {
    const { workflowId, taskQueue, task } = await runWithFirstTask();
    const updateId = uniqueId('upd');
    const update = sendUpdate(workflowId, updateId, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED).catch((e: unknown) => e);
    await waitAdmitted(workflowId, updateId);
    const answer = await completeAsking(taskQueue, task.taskToken);
    const next = answer.workflowTask!;
    expect(next.messages?.map((m) => m.protocolInstanceId)).toEqual([updateId]);
    // A speculative task: its Scheduled and Started events are sent, not stored.
    expect(eventTypes(next.history!)).toEqual(['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    const stored = await svc().getWorkflowExecutionHistory({ namespace: env.namespace, execution: { workflowId } });
    expect(eventTypes(stored.history!).slice(-1)).toEqual(['WORKFLOW_TASK_COMPLETED']);
    // Closing now would leave the update unhandled (refused as such): the run is ended from outside instead.
    await svc().terminateWorkflowExecution({ namespace: env.namespace, workflowExecution: { workflowId } });
    await update;
  });

  it('does not send again an update the completing task accepted', async () => {
    const { workflowId, taskQueue, task } = await runWithFirstTask();
    const updateId = uniqueId('upd');
    const update = sendUpdate(workflowId, updateId, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    await waitAdmitted(workflowId, updateId);
    // The update comes with the speculative task that follows the first one.
    const first = await completeAsking(taskQueue, task.taskToken);
    const carrying = first.workflowTask!;
    const request = carrying.messages![0];
    expect(request.protocolInstanceId).toBe(updateId);
    const acceptance = proto.api.update.v1.Acceptance.encode({
      acceptedRequestMessageId: request.id,
      acceptedRequestSequencingEventId: request.eventId,
      acceptedRequest: proto.api.update.v1.Request.decode(request.body!.value!),
    }).finish();
    // Accepted (its handler goes on), and the worker asks for another task in the same answer.
    const second = await completeAsking(taskQueue, carrying.taskToken, {
      forceCreateNewWorkflowTask: true,
      messages: [{ id: `${updateId}/accept`, protocolInstanceId: updateId, body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Acceptance', value: acceptance } }],
      commands: [{ commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: `${updateId}/accept` } }],
    });
    expect((await update).stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    const next = second.workflowTask!;
    // The speculative task's own events, now stored, the worker has already seen.
    expect(eventTypes(next.history!)).toEqual(['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    // Sent once is enough: a second request would run the workflow's validator again on state its handler changed.
    expect(next.messages ?? []).toEqual([]);
    await svc().terminateWorkflowExecution({ namespace: env.namespace, workflowExecution: { workflowId } });
  });

  it('queues the next task as before when the worker does not ask for it', async () => {
    const { workflowId, taskQueue, task } = await runWithFirstTask();
    await svc().signalWorkflowExecution({ namespace: env.namespace, workflowExecution: { workflowId }, signalName: 'nudge', identity: 'someone', requestId: uniqueId('sig') });
    const answer = await svc().respondWorkflowTaskCompleted({ namespace: env.namespace, taskToken: task.taskToken, identity });
    expect(answer.workflowTask).toBeFalsy();
    expect(await pendingTaskState(workflowId)).toBe(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED);
    const polled = await svc().pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity });
    expect(polled.workflowExecution?.workflowId).toBe(workflowId);
    await complete(workflowId, polled.taskToken!);
  });
});
