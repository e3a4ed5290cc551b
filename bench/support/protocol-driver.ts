/**
 * A thin protocol-level driver for bench/engine.ts: the approval workflow shape
 * (start → activity → three updates → activity → complete) driven over raw gRPC,
 * with no SDK Worker and no workflow sandbox, so what it measures is the
 * engine's own capacity rather than the SDK's (whose worker + client cost
 * ~18-20 ms CPU per workflow on a 2-core machine).
 *
 * It makes the same calls the SDK makes for this shape, so the engine runs the
 * same paths:
 *  - client: StartWorkflowExecution; per level an UpdateWorkflowExecution
 *    (wait stage COMPLETED, repeated while below ACCEPTED, then
 *    PollWorkflowExecutionUpdate if no outcome yet — as WorkflowClient does);
 *    then GetWorkflowExecutionHistory(waitNewEvent, CLOSE_EVENT) for the result.
 *  - worker: long polls on the normal queue and on a sticky queue (answering
 *    every task with stickyAttributes, so follow-up tasks carry only new events),
 *    and on the activity queue; activities are requested eagerly and run from
 *    the RespondWorkflowTaskCompleted response, as sdk-core does; updates are
 *    answered on their task with an Acceptance and a Response protocol message,
 *    each referenced by a PROTOCOL_MESSAGE command (sdk-core's update machine).
 *
 * The "workflow" is a deterministic function of the events seen so far (kept per
 * run id) and the update requests in the task — the same decisions benchApproval
 * in engine-workflows.ts makes. A sticky task for a run it does not know is failed
 * with RESET_STICKY_TASK_QUEUE, as sdk-core does on a cache miss; the engine then
 * sends the full history on the normal queue.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

const NAMESPACE = 'default';
const WORKFLOW_TYPE = 'benchApproval';
const UPDATE_NAME = 'approve';
const ACTIVITY_TYPE = 'record';

const { EventType, CommandType, TaskQueueKind, UpdateWorkflowExecutionLifecycleStage: Stage, HistoryEventFilterType, WorkflowTaskFailedCause } =
  temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;
type Command = temporal.api.command.v1.ICommand;
type ProtocolMessage = temporal.api.protocol.v1.IMessage;
type WorkflowTask = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type ActivityTask = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;

export interface ProtocolDriverOptions {
  address: string;
  /** The engine's API key, when it requires one. */
  apiKey?: string;
  taskQueue: string;
  /** Approval levels (updates) per workflow. */
  levels: number;
  /** Concurrent long polls on each of: the normal workflow queue, the sticky queue, the activity queue. */
  pollers?: number;
  /** false: no sticky queue, every workflow task carries the full history (a check of the replay path). */
  sticky?: boolean;
  /** Ask for each run's first workflow task in the start's answer (eager workflow start), as the SDK driver does. */
  eagerStart?: boolean;
}

export interface ProtocolDriver {
  runApproval(workflowId: string, updateTimes: number[], settleMs?: number): Promise<void>;
  /** Counters since the last call (workflow tasks by queue, activities eager/polled, cache misses, errors). */
  takeStats(): ProtocolDriverStats;
  close(): Promise<void>;
}

export interface ProtocolDriverStats {
  normalTasks: number;
  stickyTasks: number;
  /** First workflow tasks that came with the start's answer. */
  eagerStarts: number;
  eagerActivities: number;
  polledActivities: number;
  cacheMisses: number;
  /** UpdateWorkflowExecution answered below ACCEPTED (sent again), and PollWorkflowExecutionUpdate calls. */
  updateResends: number;
  updatePolls: number;
  errors: number;
}

// ---------------------------------------------------------------- payloads (json/plain, as the SDK's default converter)

const JSON_PLAIN = Buffer.from('json/plain');

function toPayload(value: unknown): Payload {
  return { metadata: { encoding: JSON_PLAIN }, data: Buffer.from(JSON.stringify(value)) };
}

function fromPayload(p: Payload | null | undefined): unknown {
  const encoding = p?.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString() : '';
  if (encoding !== 'json/plain') throw new Error(`unexpected payload encoding ${encoding || '(none)'}`);
  return JSON.parse(Buffer.from(p!.data ?? []).toString());
}

/** int64 fields decode to Long objects. */
function num(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function packAny(typeName: string, bytes: Uint8Array) {
  return { type_url: `type.googleapis.com/${typeName}`, value: bytes };
}

// ---------------------------------------------------------------- the workflow, as a function of its history

/** What a run's history says so far: enough for benchApproval's decisions. */
interface RunProgress {
  lastEventId: number;
  scheduled: number;
  completed: number;
  /** Arguments of accepted updates, in order (the workflow's `approvals`). */
  approvals: string[];
}

function applyEvents(run: RunProgress, events: HistoryEvent[]): void {
  for (const ev of events) {
    const id = num(ev.eventId);
    if (id <= run.lastEventId) continue;
    run.lastEventId = id;
    switch (ev.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        run.scheduled++;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        run.completed++;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const args = ev.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [];
        run.approvals.push(String(fromPayload(args[0])));
        break;
      }
    }
  }
}

function scheduleActivity(activityId: string, taskQueue: string, stage: string): Command {
  return {
    commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
    scheduleActivityTaskCommandAttributes: {
      activityId,
      activityType: { name: ACTIVITY_TYPE },
      taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: { payloads: [toPayload(stage)] },
      startToCloseTimeout: msToTs('30s'),
      requestEagerExecution: true,
    },
  };
}

/**
 * benchApproval's decisions for one workflow task: commands and protocol messages. `run` is not changed: what
 * the commands do comes back as events (the next sticky task starts right after this task's Started event).
 */
function decide(run: RunProgress, messages: ProtocolMessage[], taskQueue: string, levels: number, identity: string) {
  const commands: Command[] = [];
  const outgoing: ProtocolMessage[] = [];
  const approvals = [...run.approvals];
  let scheduled = run.scheduled;
  // The workflow function up to its first await: `acts.record('submitted')`.
  if (scheduled === 0) {
    commands.push(scheduleActivity('1', taskQueue, 'submitted'));
    scheduled = 1;
  }
  // Update handlers: accept and complete at once (sdk-core's "completed immediately" path).
  for (const m of messages) {
    const url = m.body?.type_url ?? '';
    if (!url.endsWith('/temporal.api.update.v1.Request')) throw new Error(`unexpected protocol message ${url}`);
    const request = temporal.api.update.v1.Request.decode(m.body!.value!);
    if (request.input?.name !== UPDATE_NAME) throw new Error(`unexpected update ${request.input?.name}`);
    const who = String(fromPayload(request.input.args?.payloads?.[0]));
    approvals.push(who);
    const answer = `level ${approvals.length} approved by ${who}`;
    const acceptId = `${m.id}/accept`;
    const completeId = `${m.id}/complete`;
    const acceptance = temporal.api.update.v1.Acceptance.encode({
      acceptedRequestMessageId: m.id,
      acceptedRequestSequencingEventId: m.eventId,
      acceptedRequest: request,
    }).finish();
    const response = temporal.api.update.v1.Response.encode({
      meta: request.meta ?? { updateId: m.protocolInstanceId, identity },
      outcome: { success: { payloads: [toPayload(answer)] } },
    }).finish();
    outgoing.push(
      { id: acceptId, protocolInstanceId: m.protocolInstanceId, body: packAny('temporal.api.update.v1.Acceptance', acceptance) },
      { id: completeId, protocolInstanceId: m.protocolInstanceId, body: packAny('temporal.api.update.v1.Response', response) },
    );
    commands.push(
      { commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: acceptId } },
      { commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: completeId } },
    );
  }
  // `await condition(() => approvals.length >= levels)` then `acts.record('published')`, then return.
  let closes = false;
  if (run.completed >= 1 && approvals.length >= levels && scheduled === 1) {
    commands.push(scheduleActivity('2', taskQueue, 'published'));
  } else if (run.completed >= 2) {
    commands.push({
      commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
      completeWorkflowExecutionCommandAttributes: { result: { payloads: [toPayload(approvals.length)] } },
    });
    closes = true;
  }
  return { commands, messages: outgoing, closes };
}

// ---------------------------------------------------------------- the driver

export async function connectProtocolDriver(o: ProtocolDriverOptions): Promise<ProtocolDriver> {
  const pollers = o.pollers ?? 10;
  const identity = `${process.pid}@${os.hostname()}`;
  const stickyQueue = `${identity}-${randomUUID()}`;
  // Two channels, as with the SDK (its client on grpc-js, its worker on its own connection).
  const clientConnection = await Connection.connect({ address: o.address, apiKey: o.apiKey, tls: o.apiKey ? false : undefined });
  const workerConnection = await Connection.connect({ address: o.address, apiKey: o.apiKey, tls: o.apiKey ? false : undefined });
  const client = clientConnection.workflowService;
  const worker = workerConnection.workflowService;
  // One AbortController per long poll, aborted at close: Connection.withAbortSignal adds an 'abort' listener per
  // call and never removes it, so one shared signal would collect a listener per poll ever made.
  const polls = new Set<AbortController>();
  const longPoll = async <T>(call: () => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    polls.add(controller);
    try {
      return await workerConnection.withAbortSignal(controller.signal, call);
    } finally {
      polls.delete(controller);
    }
  };
  let stopping = false;
  const runs = new Map<string, RunProgress>();
  const inFlight = new Set<Promise<void>>();
  const sticky = o.sticky ?? true;
  const empty = (): ProtocolDriverStats => ({
    normalTasks: 0, stickyTasks: 0, eagerStarts: 0, eagerActivities: 0, polledActivities: 0, cacheMisses: 0, updateResends: 0, updatePolls: 0, errors: 0,
  });
  let stats = empty();

  const reportError = (what: string, err: unknown) => {
    if (stopping) return;
    stats.errors++;
    if (stats.errors <= 5) console.error(`protocol driver: ${what}:`, err instanceof Error ? err.message : err);
  };
  const track = (p: Promise<void>, what: string) => {
    const tracked = p.catch((err) => reportError(what, err)).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const runActivity = async (task: ActivityTask) => {
    // record(stage) returns its argument.
    const stage = fromPayload(task.input?.payloads?.[0]);
    await worker.respondActivityTaskCompleted({ namespace: NAMESPACE, taskToken: task.taskToken, identity, result: { payloads: [toPayload(stage)] } });
  };

  const handleWorkflowTask = async (task: WorkflowTask) => {
    const runId = task.workflowExecution?.runId ?? '';
    const events = task.history?.events ?? [];
    const first = events.length ? num(events[0].eventId) : 0;
    let run = runs.get(runId);
    if (first === 1) {
      // Full history (the normal queue): replay from scratch, whatever is cached.
      run = { lastEventId: 0, scheduled: 0, completed: 0, approvals: [] };
    } else if (!run || first > run.lastEventId + 1) {
      // Only new events, for a run not (fully) known here: as sdk-core, fail the task so the full history comes again.
      stats.cacheMisses++;
      runs.delete(runId);
      await worker.respondWorkflowTaskFailed({
        namespace: NAMESPACE,
        taskToken: task.taskToken,
        identity,
        cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
      });
      return;
    }
    applyEvents(run, events);
    const { commands, messages, closes } = decide(run, task.messages ?? [], o.taskQueue, o.levels, identity);
    if (closes) runs.delete(runId);
    else runs.set(runId, run);
    let response: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse;
    try {
      response = await worker.respondWorkflowTaskCompleted({
        namespace: NAMESPACE,
        taskToken: task.taskToken,
        identity,
        commands,
        messages,
        stickyAttributes: sticky
          ? {
              workerTaskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY },
              scheduleToStartTimeout: msToTs('10s'), // the SDK's default
            }
          : undefined,
      });
    } catch (err) {
      // The engine did not take it (a timed-out task, say): forget the run; its next task has the full history.
      runs.delete(runId);
      throw err;
    }
    for (const activity of response.activityTasks ?? []) {
      stats.eagerActivities++;
      await runActivity(activity);
    }
  };

  const workflowPoller = async (onSticky: boolean) => {
    const taskQueue = onSticky
      ? { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: o.taskQueue }
      : { name: o.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL };
    while (!stopping) {
      let task: WorkflowTask;
      try {
        task = await longPoll(() => worker.pollWorkflowTaskQueue({ namespace: NAMESPACE, taskQueue, identity }));
      } catch (err) {
        reportError('workflow task poll failed', err);
        if (!stopping) await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!task.taskToken?.length) continue;
      if (onSticky) stats.stickyTasks++;
      else stats.normalTasks++;
      // Handled apart, so the next poll is outstanding at once (sdk-core also polls ahead of its workflow code).
      track(handleWorkflowTask(task), 'workflow task failed');
    }
  };

  const activityPoller = async () => {
    while (!stopping) {
      let task: ActivityTask;
      try {
        task = await longPoll(() =>
          worker.pollActivityTaskQueue({ namespace: NAMESPACE, taskQueue: { name: o.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL }, identity }),
        );
      } catch (err) {
        reportError('activity task poll failed', err);
        if (!stopping) await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!task.taskToken?.length) continue;
      stats.polledActivities++;
      track(runActivity(task), 'activity task failed');
    }
  };

  const loops = [
    ...Array.from({ length: pollers }, () => workflowPoller(false)),
    ...Array.from({ length: sticky ? pollers : 0 }, () => workflowPoller(true)),
    ...Array.from({ length: pollers }, () => activityPoller()),
  ];

  const update = async (workflowId: string, runId: string, level: number): Promise<unknown> => {
    const request = {
      namespace: NAMESPACE,
      workflowExecution: { workflowId },
      firstExecutionRunId: runId,
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
      request: {
        meta: { updateId: randomUUID(), identity },
        input: { header: { fields: {} }, name: UPDATE_NAME, args: { payloads: [toPayload(`reviewer-${level}`)] } },
      },
    };
    // As WorkflowClient.executeUpdate: again until durable (ACCEPTED), then poll for the outcome if it is not there yet.
    let response = await client.updateWorkflowExecution(request);
    while ((response.stage ?? 0) < Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) {
      stats.updateResends++;
      response = await client.updateWorkflowExecution(request);
    }
    let outcome = response.outcome;
    while (!outcome) {
      stats.updatePolls++;
      const polled = await client.pollWorkflowExecutionUpdate({
        namespace: NAMESPACE,
        updateRef: { workflowExecution: { workflowId, runId: response.updateRef?.workflowExecution?.runId }, updateId: request.request.meta.updateId },
        identity,
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
      });
      outcome = polled.outcome;
    }
    if (outcome.failure) throw new Error(`update failed: ${outcome.failure.message}`);
    return fromPayload(outcome.success?.payloads?.[0]);
  };

  const result = async (workflowId: string): Promise<unknown> => {
    const request = {
      namespace: NAMESPACE,
      execution: { workflowId },
      skipArchival: true,
      waitNewEvent: true,
      historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      nextPageToken: undefined as Uint8Array | undefined,
    };
    for (;;) {
      const res = await client.getWorkflowExecutionHistory(request);
      const events = res.history?.events ?? [];
      if (!events.length) {
        request.nextPageToken = res.nextPageToken ?? undefined;
        continue;
      }
      const completed = events[0].workflowExecutionCompletedEventAttributes;
      if (!completed) throw new Error(`${workflowId} closed with ${EventType[events[0].eventType ?? 0]}`);
      return fromPayload(completed.result?.payloads?.[0]);
    }
  };

  return {
    async runApproval(workflowId, updateTimes, settleMs = 0) {
      const started = await client.startWorkflowExecution({
        namespace: NAMESPACE,
        workflowId,
        workflowType: { name: WORKFLOW_TYPE },
        taskQueue: { name: o.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        input: { payloads: [toPayload(o.levels)] },
        identity,
        requestId: randomUUID(),
        // As the SDK driver's client does (bench/engine.ts): the first task comes back with the start.
        requestEagerExecution: o.eagerStart ?? false,
      });
      if (started.eagerWorkflowTask?.taskToken?.length) {
        stats.eagerStarts++;
        track(handleWorkflowTask(started.eagerWorkflowTask), 'eager workflow task failed');
      }
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
      for (let level = 1; level <= o.levels; level++) {
        const t0 = performance.now();
        const answer = await update(workflowId, started.runId ?? '', level);
        updateTimes.push(performance.now() - t0);
        if (answer !== `level ${level} approved by reviewer-${level}`) throw new Error(`unexpected update answer ${answer}`);
      }
      const value = await result(workflowId);
      if (value !== o.levels) throw new Error(`unexpected result ${value}`);
    },
    takeStats() {
      const s = stats;
      stats = empty();
      return s;
    },
    async close() {
      stopping = true;
      for (const controller of polls) controller.abort();
      await Promise.allSettled(loops);
      await Promise.allSettled([...inFlight]);
      await workerConnection.close();
      await clientConnection.close();
    },
  };
}
