/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The activity-task RPCs: PollActivityTaskQueue and the worker's answers
 * (RespondActivityTaskCompleted/Failed/Canceled, by token or by id,
 * RecordActivityTaskHeartbeat), with retries and activity timeouts. An
 * attempt leaves no trace in history until it ends: ActivityTaskStarted is
 * written together with the final result, so retries are invisible.
 */
import { randomUUID } from 'node:crypto';
import { decodeB64, durationMs, encodeB64, msToDuration, msToTimestamp } from '../codec';
import { notFound } from '../errors';
import { decideRetry } from './activity-rules';
import type { EngineClock } from './clock';
import type { HistoryBuilder } from './history-builder';
import { pollTaskQueue } from './long-poll';
import type { Matching, QueuedTask } from './matching';
import type { MutableState } from './mutable-state';
import type { NamespaceRegistry } from './namespace-registry';
import type { RunCache, Tx } from './run-cache';
import type { ActivityState } from './state';
import type { TaskGenerator } from './task-generator';
import { activityTaskRef, tokenBytes, type TaskRef } from './task-token';

export interface ActivityTaskServiceDeps {
  clock: EngineClock;
  matching: Matching;
  namespaces: NamespaceRegistry;
  cache: RunCache;
  history: HistoryBuilder;
  tasks: TaskGenerator;
  state: MutableState;
  isStopped: () => boolean;
}

/** The by-id variants (RespondActivityTaskCompletedById…) name the activity instead of giving its token. */
type ActivityRequest = { taskToken?: Uint8Array; namespace: string; workflowId: string; runId: string; activityId: string };

export class ActivityTaskService {
  constructor(private readonly deps: ActivityTaskServiceDeps) {}

  pollActivityTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    this.deps.namespaces.get(namespace);
    return pollTaskQueue(this.deps.matching, this.deps.isStopped, { namespace, kind: 'activity', queue, signal }, (task) => this.startActivityTask(task, identity));
  }

  private async startActivityTask(task: QueuedTask, identity: string): Promise<object | undefined> {
    if (!this.deps.cache.runs.has(task.runId)) return undefined;
    return this.deps.cache.withRun(task.runId, (tx) => {
      const s = tx.s;
      const act = s.activities[task.eventId];
      if (s.status !== 'Running' || !act || act.token !== task.token || act.startedAt !== undefined) return undefined;
      return this.startActivity(tx, act, identity);
    });
  }

  /** Marks an attempt of an activity started (by a poll, or eagerly) and builds the task handed to the worker. */
  startActivity(tx: Tx, act: ActivityState, identity: string): object {
    const s = tx.s;
    act.startedAt = this.deps.clock.now();
    act.startedIdentity = identity;
    act.requestId = randomUUID();
    act.lastHeartbeatAt = undefined;
    tx.dirty = true;
    this.deps.tasks.armActivityTimeouts(tx, act.scheduledEventId);
    const attrs = decodeB64<any>('temporal.api.history.v1.ActivityTaskScheduledEventAttributes', act.attributes)!;
    return {
      taskToken: tokenBytes({ k: 'a', r: s.runId, e: act.scheduledEventId, t: act.token, n: act.attempt }),
      workflowNamespace: s.namespace,
      workflowType: { name: s.workflowType },
      workflowExecution: { workflowId: s.workflowId, runId: s.runId },
      activityType: attrs.activityType,
      activityId: act.activityId,
      header: attrs.header,
      input: attrs.input,
      heartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', act.heartbeatDetails),
      scheduledTime: msToTimestamp(act.firstScheduledAt),
      currentAttemptScheduledTime: msToTimestamp(act.scheduledAt),
      startedTime: msToTimestamp(act.startedAt),
      attempt: act.attempt,
      scheduleToCloseTimeout: msToDuration(act.scheduleToCloseMs),
      startToCloseTimeout: msToDuration(act.startToCloseMs),
      heartbeatTimeout: msToDuration(act.heartbeatMs),
      retryPolicy: attrs.retryPolicy,
      priority: attrs.priority,
    };
  }

  async completeActivity(req: any, byId = false): Promise<void> {
    await this.withActivity(await this.resolve(req, byId), (tx, act) => {
      const startedEventId = this.addActivityStarted(tx, act);
      this.deps.state.addActivityResult(tx, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', { result: req.result, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity });
      this.deps.tasks.removeActivity(tx, act.scheduledEventId);
    });
  }

  async failActivity(req: any, byId = false): Promise<void> {
    await this.withActivity(await this.resolve(req, byId), (tx, act) => {
      if (req.lastHeartbeatDetails?.payloads?.length) act.heartbeatDetails = encodeB64('temporal.api.common.v1.Payloads', req.lastHeartbeatDetails);
      const failure = req.failure;
      const info = failure?.applicationFailureInfo;
      const decision = decideRetry(act.retry, {
        attempt: act.attempt,
        errorType: info?.type,
        nonRetryable: !!info?.nonRetryable,
        nextRetryDelayMs: durationMs(info?.nextRetryDelay),
        now: this.deps.clock.now(),
        deadline: act.scheduleToCloseMs > 0 ? act.firstScheduledAt + act.scheduleToCloseMs : 0,
      });
      if (decision.retry) {
        this.retryActivity(tx, act, decision.backoffMs, failure);
        return;
      }
      const startedEventId = this.addActivityStarted(tx, act, failure);
      this.deps.state.addActivityResult(tx, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', { failure, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity, retryState: decision.retryState });
      this.deps.tasks.removeActivity(tx, act.scheduledEventId);
    });
  }

  async cancelActivity(req: any, byId = false): Promise<void> {
    await this.withActivity(await this.resolve(req, byId), (tx, act) => {
      const startedEventId = this.addActivityStarted(tx, act);
      this.deps.state.addActivityResult(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', { details: req.details, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity, latestCancelRequestedEventId: 0 });
      this.deps.tasks.removeActivity(tx, act.scheduledEventId);
    });
  }

  async heartbeat(req: any, byId = false): Promise<{ cancelRequested: boolean }> {
    return this.withActivity(await this.resolve(req, byId), (tx, act) => {
      act.lastHeartbeatAt = this.deps.clock.now();
      if (req.details?.payloads?.length) act.heartbeatDetails = encodeB64('temporal.api.common.v1.Payloads', req.details);
      tx.dirty = true;
      this.deps.tasks.armActivityTimeouts(tx, act.scheduledEventId);
      return { cancelRequested: act.cancelRequested };
    });
  }

  /** A deadline of an activity fired (timer task): retry the activity, or record its timeout. */
  async activityTimeout(runId: string, scheduledEventId: number, token: number, kind: string): Promise<void> {
    if (!this.deps.cache.runs.has(runId)) return;
    await this.deps.cache.withRun(runId, (tx) => {
      const act = tx.s.activities[scheduledEventId];
      if (tx.s.status !== 'Running' || !act || act.token !== token) return;
      const now = this.deps.clock.now();
      // A heartbeat may have moved the deadline since this timer was armed.
      if (kind === 'HEARTBEAT' && act.startedAt !== undefined && (act.lastHeartbeatAt ?? act.startedAt) + act.heartbeatMs > now) return;
      if (kind === 'SCHEDULE_TO_START' && act.startedAt !== undefined) return;
      if ((kind === 'START_TO_CLOSE' || kind === 'HEARTBEAT') && act.startedAt === undefined) return;
      const lastFailure = decodeB64('temporal.api.failure.v1.Failure', act.lastFailure);
      const failure = {
        message: `activity ${kind.replace(/_/g, '').toLowerCase()} timeout`,
        source: 'Server',
        cause: lastFailure,
        timeoutFailureInfo: {
          timeoutType: `TIMEOUT_TYPE_${kind}`,
          lastHeartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', act.heartbeatDetails),
        },
      };
      const terminal = kind === 'SCHEDULE_TO_START' || kind === 'SCHEDULE_TO_CLOSE';
      const decision = decideRetry(act.retry, {
        attempt: act.attempt,
        terminalTimeout: terminal,
        now,
        deadline: act.scheduleToCloseMs > 0 ? act.firstScheduledAt + act.scheduleToCloseMs : 0,
      });
      if (decision.retry) {
        this.retryActivity(tx, act, decision.backoffMs, failure);
        return;
      }
      let startedEventId = 0;
      if (act.startedAt !== undefined) startedEventId = this.addActivityStarted(tx, act, lastFailure);
      this.deps.state.addActivityResult(tx, 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', { failure, scheduledEventId, startedEventId, retryState: decision.retryState });
      this.deps.tasks.removeActivity(tx, scheduledEventId);
    });
  }

  private async resolve(req: ActivityRequest, byId: boolean): Promise<TaskRef> {
    if (!byId) return activityTaskRef(req.taskToken);
    const s = await this.deps.cache.findRunningRun(req.namespace, { workflowId: req.workflowId, runId: req.runId });
    const act = Object.values(s.activities).find((a) => a.activityId === req.activityId);
    if (!act) throw notFound('activity not found');
    return { runId: s.runId, eventId: act.scheduledEventId, token: act.token };
  }

  /** Runs `fn` on a started activity of a running run, or answers NOT_FOUND (stale token). */
  private async withActivity<T>(ref: TaskRef, fn: (tx: Tx, act: ActivityState) => T): Promise<T> {
    if (!this.deps.cache.runs.has(ref.runId)) throw notFound('workflow execution already completed');
    return this.deps.cache.withRun(ref.runId, (tx) => {
      const act = tx.s.activities[ref.eventId];
      if (tx.s.status !== 'Running') throw notFound('workflow execution already completed');
      if (!act || act.token !== ref.token || act.startedAt === undefined) throw notFound('activity task not found');
      return fn(tx, act);
    });
  }

  private addActivityStarted(tx: Tx, act: ActivityState, lastFailure?: any): number {
    return this.deps.history.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', {
      scheduledEventId: act.scheduledEventId,
      identity: act.startedIdentity,
      requestId: act.requestId,
      attempt: act.attempt,
      lastFailure,
    });
  }

  private retryActivity(tx: Tx, act: ActivityState, backoffMs: number, failure: any): void {
    act.attempt += 1;
    act.scheduledAt = this.deps.clock.now() + backoffMs;
    act.startedAt = undefined;
    act.startedIdentity = undefined;
    act.lastHeartbeatAt = undefined;
    act.lastFailure = encodeB64('temporal.api.failure.v1.Failure', failure);
    act.token += 1;
    tx.dirty = true;
    const runId = tx.s.runId;
    tx.after.push(() => this.deps.tasks.clearActivityTimers(runId, act.scheduledEventId));
    this.deps.tasks.armActivity(tx, act.scheduledEventId);
  }
}
