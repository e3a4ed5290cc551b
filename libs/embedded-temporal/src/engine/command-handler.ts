/* eslint-disable @typescript-eslint/no-explicit-any -- commands are protobufjs messages decoded by reflection */
/**
 * Applies the commands of a completed workflow task to the run (Temporal's
 * workflow task completed handler): each command writes its event(s) and
 * changes the run's state; tasks and timers it calls for are armed after the
 * commit, by the task generator.
 */
import { decodeB64, durationMs, encodeB64, msToDuration, toNumber } from '../codec';
import { invalidArgument } from '../errors';
import type { ActivityTaskService } from './activity-task-service';
import { defaultRetryPolicy, normaliseActivityTimeouts } from './activity-rules';
import type { ChildWorkflows } from './children';
import type { EngineClock } from './clock';
import type { EngineContext } from './engine-context';
import type { ExternalWorkflows } from './externals';
import type { HistoryBuilder } from './history-builder';
import type { MutableState } from './mutable-state';
import { closeForNextCronRun, continueAsNew, failOrRetry } from './next-run';
import type { Tx } from './run-cache';
import type { TaskGenerator } from './task-generator';

/** Commands that close the run: refused while events wait in the buffer (see WorkflowTaskService). */
export const CLOSING_COMMANDS = new Set([
  'completeWorkflowExecutionCommandAttributes',
  'failWorkflowExecutionCommandAttributes',
  'cancelWorkflowExecutionCommandAttributes',
  'continueAsNewWorkflowExecutionCommandAttributes',
]);

/** The attributes field a command carries (`scheduleActivityTaskCommandAttributes`, …). */
export function commandName(command: any): string {
  return command.attributes ?? Object.keys(command).find((k) => k.endsWith('CommandAttributes') && command[k]) ?? '';
}

export interface CommandHandlerDeps {
  clock: EngineClock;
  history: HistoryBuilder;
  tasks: TaskGenerator;
  state: MutableState;
  activities: ActivityTaskService;
  children: ChildWorkflows;
  externals: ExternalWorkflows;
  /** For the next run of a retry, cron or continue-as-new (next-run.ts). */
  host: EngineContext;
}

export class CommandHandler {
  constructor(private readonly deps: CommandHandlerDeps) {}

  /** Applies one command; returns true when it requires a new workflow task. */
  apply(tx: Tx, name: string, a: any, completedId: number, req: any): boolean {
    const s = tx.s;
    const { history, tasks, state, host } = this.deps;
    switch (name) {
      case 'scheduleActivityTaskCommandAttributes':
        this.scheduleActivity(tx, a, completedId);
        return false;
      case 'requestCancelActivityTaskCommandAttributes': {
        const scheduledEventId = toNumber(a.scheduledEventId);
        const act = s.activities[scheduledEventId];
        if (!act) return false;
        const requestedId = history.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED', { scheduledEventId, workflowTaskCompletedEventId: completedId });
        if (act.startedAt === undefined) {
          history.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', { scheduledEventId, startedEventId: 0, latestCancelRequestedEventId: requestedId, identity: req.identity });
          tasks.removeActivity(tx, scheduledEventId);
          return true;
        }
        // A started attempt learns of the request from its next heartbeat.
        act.cancelRequested = true;
        return false;
      }
      case 'startTimerCommandAttributes': {
        const timeout = durationMs(a.startToFireTimeout);
        const startedEventId = history.addEvent(tx, 'EVENT_TYPE_TIMER_STARTED', { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId });
        s.timers[a.timerId] = { timerId: a.timerId, startedEventId, fireAt: this.deps.clock.now() + timeout };
        tasks.armTimer(tx, a.timerId);
        return false;
      }
      case 'cancelTimerCommandAttributes': {
        const timer = s.timers[a.timerId];
        // Fired while this task was in flight: its buffered TimerFired gives way to the cancel, as in Temporal.
        const startedEventId = timer?.startedEventId ?? history.takeBufferedTimerFired(tx, a.timerId);
        if (startedEventId === undefined) return false;
        history.addEvent(tx, 'EVENT_TYPE_TIMER_CANCELED', { timerId: a.timerId, startedEventId, workflowTaskCompletedEventId: completedId, identity: req.identity });
        if (timer) {
          delete s.timers[a.timerId];
          tasks.cancelTimer(tx, a.timerId);
        }
        return false;
      }
      case 'recordMarkerCommandAttributes':
        history.addEvent(tx, 'EVENT_TYPE_MARKER_RECORDED', { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedId });
        return false;
      case 'upsertWorkflowSearchAttributesCommandAttributes':
        history.addEvent(tx, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', { searchAttributes: state.typed(s.namespace, a.searchAttributes), workflowTaskCompletedEventId: completedId });
        state.mergeSearchAttributes(s, a.searchAttributes);
        return false;
      case 'modifyWorkflowPropertiesCommandAttributes': {
        history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', { upsertedMemo: a.upsertedMemo, workflowTaskCompletedEventId: completedId });
        const memo = decodeB64<any>('temporal.api.common.v1.Memo', s.memo) ?? { fields: {} };
        for (const [k, v] of Object.entries(a.upsertedMemo?.fields ?? {})) {
          if (isNilOrEmptyPayload(v)) delete memo.fields[k];
          else memo.fields[k] = v;
        }
        s.memo = encodeB64('temporal.api.common.v1.Memo', memo);
        return false;
      }
      case 'completeWorkflowExecutionCommandAttributes': {
        const closing = { result: a.result, workflowTaskCompletedEventId: completedId };
        if (!closeForNextCronRun(host, tx, 'Completed', 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', closing, tx.started, { result: a.result })) {
          state.closeRun(tx, 'Completed', 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', closing);
        }
        return false;
      }
      case 'failWorkflowExecutionCommandAttributes':
        failOrRetry(host, tx, 'failed', a.failure, completedId, tx.started);
        return false;
      case 'cancelWorkflowExecutionCommandAttributes':
        state.closeRun(tx, 'Canceled', 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', { details: a.details, workflowTaskCompletedEventId: completedId });
        return false;
      case 'continueAsNewWorkflowExecutionCommandAttributes':
        continueAsNew(host, tx, a, completedId);
        return false;
      case 'startChildWorkflowExecutionCommandAttributes':
        this.deps.children.command(tx, a, completedId);
        return false;
      case 'signalExternalWorkflowExecutionCommandAttributes':
        this.deps.externals.signalCommand(tx, a, completedId);
        return false;
      case 'requestCancelExternalWorkflowExecutionCommandAttributes':
        this.deps.externals.cancelCommand(tx, a, completedId);
        return false;
      default:
        throw invalidArgument(`command ${name.replace(/CommandAttributes$/, '')} is not supported by the embedded engine`);
    }
  }

  /** ScheduleActivityTask: timeouts and retry policy filled in as Temporal does, then offered (or started eagerly). */
  private scheduleActivity(tx: Tx, a: any, completedId: number): void {
    const s = tx.s;
    const timeouts = normaliseActivityTimeouts(
      {
        scheduleToCloseMs: durationMs(a.scheduleToCloseTimeout),
        scheduleToStartMs: durationMs(a.scheduleToStartTimeout),
        startToCloseMs: durationMs(a.startToCloseTimeout),
        heartbeatMs: durationMs(a.heartbeatTimeout),
      },
      s.runTimeoutMs,
    );
    if (typeof timeouts === 'string') throw invalidArgument(timeouts);
    const rp = a.retryPolicy;
    const retry = defaultRetryPolicy({
      initialIntervalMs: durationMs(rp?.initialInterval),
      backoffCoefficient: rp?.backoffCoefficient,
      maximumIntervalMs: durationMs(rp?.maximumInterval),
      maximumAttempts: rp?.maximumAttempts,
      nonRetryableErrorTypes: rp?.nonRetryableErrorTypes ?? [],
    });
    const taskQueue = a.taskQueue?.name || s.taskQueue;
    const attributes = {
      activityId: a.activityId,
      activityType: a.activityType,
      taskQueue: { name: taskQueue, kind: 1 },
      header: a.header,
      input: a.input,
      scheduleToCloseTimeout: msToDuration(timeouts.scheduleToCloseMs),
      scheduleToStartTimeout: msToDuration(timeouts.scheduleToStartMs),
      startToCloseTimeout: msToDuration(timeouts.startToCloseMs),
      heartbeatTimeout: msToDuration(timeouts.heartbeatMs),
      workflowTaskCompletedEventId: completedId,
      retryPolicy: {
        initialInterval: msToDuration(retry.initialIntervalMs),
        backoffCoefficient: retry.backoffCoefficient,
        maximumInterval: msToDuration(retry.maximumIntervalMs),
        maximumAttempts: retry.maximumAttempts,
        nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
      },
      priority: a.priority,
    };
    const scheduledEventId = this.deps.history.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', attributes);
    const now = this.deps.clock.now();
    s.activities[scheduledEventId] = {
      scheduledEventId,
      activityId: a.activityId,
      activityType: a.activityType?.name ?? '',
      taskQueue,
      attributes: encodeB64('temporal.api.history.v1.ActivityTaskScheduledEventAttributes', attributes)!,
      attempt: 1,
      firstScheduledAt: now,
      scheduledAt: now,
      ...timeouts,
      retry,
      cancelRequested: false,
      token: Math.floor(Math.random() * 1e9),
    };
    if (tx.eager && a.requestEagerExecution && taskQueue === s.taskQueue) {
      tx.eager.tasks.push(this.deps.activities.startActivity(tx, s.activities[scheduledEventId], tx.eager.identity));
    } else this.deps.tasks.armActivity(tx, scheduledEventId);
  }
}

/** As Temporal merges memo upserts: a null payload or an empty JSON list removes the key. */
function isNilOrEmptyPayload(p: any): boolean {
  const data = p?.data ? Buffer.from(p.data).toString('utf8') : '';
  const encoding = p?.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString('utf8') : '';
  if (!encoding) return data.length === 0;
  if (encoding === 'binary/null') return true;
  return encoding === 'json/plain' && (data === '[]' || data === 'null');
}
