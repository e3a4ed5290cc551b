/* eslint-disable @typescript-eslint/no-explicit-any -- requests and events are protobufjs messages decoded by reflection */
/**
 * ResetWorkflowExecution, as Temporal's history service does it: a new run of
 * the same workflow id whose history is the base run's up to the reset point
 * (the event after a workflow task's Scheduled or Started, usually its
 * WorkflowTaskCompleted), then that workflow task failed with cause
 * RESET_WORKFLOW, then the signals the base run received after the point
 * (unless the reapply type is NONE or signals are excluded), then a new
 * workflow task. The workflow id's running run, if any, is terminated in the
 * same commit. The worker replays the copied events with its current code:
 * this is how an operator recovers a workflow after a bug fix.
 */
import { randomUUID } from 'node:crypto';
import { decode, toNumber } from '../codec';
import { invalidArgument } from '../errors';
import type { EngineClock } from './clock';
import type { HistoryBuilder } from './history-builder';
import type { MutableState } from './mutable-state';
import { describeEvent, replayCopiedEvents, type DecodedEvent } from './reset-replay';
import type { RunCache, Tx } from './run-cache';
import type { RunState } from './state';
import type { EngineStore, EventRow } from './store';
import type { TaskGenerator } from './task-generator';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';
/** Temporal's identities for what the reset writes (consts.IdentityHistoryService / IdentityResetter). */
const HISTORY_SERVICE = 'history-service';
const RESETTER = 'history-resetter';
/** temporal.api.enums.v1.ResetReapplyType / ResetReapplyExcludeType */
const REAPPLY_NONE = 2;
const EXCLUDE_SIGNAL = 1;

export interface ResetServiceDeps {
  clock: EngineClock;
  store: EngineStore;
  cache: RunCache;
  history: HistoryBuilder;
  tasks: TaskGenerator;
  state: MutableState;
}

export class ResetService {
  constructor(private readonly deps: ResetServiceDeps) {}

  async reset(req: any): Promise<{ runId: string }> {
    const { cache, store } = this.deps;
    const namespace: string = req.namespace || 'default';
    const base = await cache.findRun(namespace, req.workflowExecution);
    const finishId = toNumber(req.workflowTaskFinishEventId);
    if (finishId <= 1 || finishId >= base.nextEventId) throw invalidArgument('Workflow task finish ID must be > 1 && <= workflow last event ID.');
    return cache.withWorkflowIdLock(namespace, base.workflowId, async () => {
      const current = cache.runningRun(namespace, base.workflowId);
      // A retried reset: the run it created is already the current one.
      if (current && req.requestId && current.startRequestId === req.requestId) return { runId: current.runId };
      const rows = await store.readEvents(base.runId, 1, base.nextEventId);
      const copied = rows.filter((r) => r.eventId < finishId);
      const later = rows.filter((r) => r.eventId >= finishId).map((r) => describeEvent(decode<any>(HISTORY_EVENT, r.data)));
      const reapply = this.reapplies(req) ? later.filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED') : [];
      const runId = randomUUID();
      if (current) {
        await cache.withRun(current.runId, (tx) => {
          // The current run's buffered signals are flushed into its history by the termination; when it is
          // the base run they came after the reset point too.
          const flushedFrom = tx.events.length;
          this.terminate(tx, req);
          const flushed = current.runId === base.runId
            ? tx.events.slice(flushedFrom).map((r) => describeEvent(decode<any>(HISTORY_EVENT, r.data))).filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED')
            : [];
          const next = this.buildRun(base, runId, req, copied, this.reapplies(req) ? [...reapply, ...flushed] : []);
          tx.extra.push({ state: next.s, events: next.events });
          tx.after.push(() => {
            cache.markRunning(next.s);
            for (const fn of next.after) fn();
          });
        });
      } else {
        const next = this.buildRun(base, runId, req, copied, reapply);
        await store.commit([{ state: next.s, events: next.events }]);
        cache.add(next.s, next.events);
        for (const fn of next.after) fn();
      }
      return { runId };
    });
  }

  private reapplies(req: any): boolean {
    const excluded: number[] = (req.resetReapplyExcludeTypes ?? []).map(toNumber);
    return toNumber(req.resetReapplyType) !== REAPPLY_NONE && !excluded.includes(EXCLUDE_SIGNAL);
  }

  /** Terminates the running run for the reset (a workflow task in flight is failed first, as in a terminate). */
  private terminate(tx: Tx, req: any): void {
    const { history, state } = this.deps;
    if (tx.s.wft?.startedEventId !== undefined && !tx.s.wft.speculative) {
      history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
        scheduledEventId: tx.s.wft.scheduledEventId,
        startedEventId: tx.s.wft.startedEventId,
        cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND',
        identity: RESETTER,
      });
    }
    tx.s.wft = undefined;
    history.flushBuffered(tx);
    state.closeRun(tx, 'Terminated', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: req.reason ?? '', identity: RESETTER });
  }

  /** The reset run: copied events, the failed workflow task, reapplied signals, a new workflow task. */
  private buildRun(base: RunState, runId: string, req: any, copied: EventRow[], reapply: DecodedEvent[]): { s: RunState; events: EventRow[]; after: (() => void)[] } {
    const { clock, history, tasks, state } = this.deps;
    const now = clock.now();
    const s = state.newRunState({
      namespace: base.namespace,
      workflowId: base.workflowId,
      runId,
      firstRunId: base.firstRunId,
      workflowType: base.workflowType,
      taskQueue: base.taskQueue,
      workflowTaskTimeoutMs: base.workflowTaskTimeoutMs,
      runTimeoutMs: base.runTimeoutMs,
      executionTimeoutMs: base.executionTimeoutMs,
      executionDeadline: base.executionDeadline,
      requestId: req.requestId || randomUUID(),
      parent: base.parent,
      root: base.root,
    });
    s.retryPolicy = base.retryPolicy;
    s.cronSchedule = base.cronSchedule;
    s.attempt = base.attempt;
    s.userMetadata = base.userMetadata;
    const finishId = copied.length + 1;
    s.nextEventId = finishId;
    s.historySizeBytes = copied.reduce((n, r) => n + r.data.length, 0);
    replayCopiedEvents(s, copied.map((r) => describeEvent(decode<any>(HISTORY_EVENT, r.data))), now, (run, sa) => state.mergeSearchAttributes(run, sa));
    const wft = s.wft;
    if (!wft) throw invalidArgument(`Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: ${finishId}`);

    const tx: Tx = { s, events: [], after: [], extra: [], dirty: true };
    if (wft.startedEventId === undefined) {
      wft.startedEventId = history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: wft.scheduledEventId, identity: HISTORY_SERVICE, requestId: randomUUID(), historySizeBytes: s.historySizeBytes });
    }
    history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      cause: 'WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW',
      failure: { message: req.reason ?? '', source: '', resetWorkflowFailureInfo: {} },
      identity: HISTORY_SERVICE,
      baseRunId: base.runId,
      newRunId: runId,
      forkEventVersion: 0,
    });
    s.wft = undefined;
    for (const signal of reapply) history.addEvent(tx, signal.eventType, signal.attributes);
    tasks.scheduleWorkflowTask(tx);
    for (const id of Object.keys(s.timers)) tasks.armTimer(tx, id);
    for (const id of Object.keys(s.activities)) tasks.armActivity(tx, Number(id));
    tasks.armRunTimeout(tx);
    return { s, events: [...copied, ...tx.events], after: tx.after };
  }
}
