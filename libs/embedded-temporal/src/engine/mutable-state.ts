/* eslint-disable @typescript-eslint/no-explicit-any -- attributes are protobufjs messages */
/**
 * The transitions of a run's state that several RPC families share (Temporal's
 * mutable state): a new run and its Started event, an event from outside the
 * workflow, the run's close, search attributes. Each works on the change `tx`
 * of a run under its lock; effects outside the run wait for the commit.
 */
import { decodeB64, encodeB64, msToDuration } from '../codec';
import type { EngineClock } from './clock';
import type { HistoryBuilder } from './history-builder';
import type { NamespaceRegistry } from './namespace-registry';
import type { QueryRegistry } from './query-registry';
import type { RunCache, Tx } from './run-cache';
import { decodeSearchAttributes, withTypeMetadata } from './search-attributes';
import { awaitingFirstTask, type ExecutionStatus, type RunState } from './state';
import type { TaskGenerator } from './task-generator';
import type { UpdateRegistry } from './update-registry';

const DEFAULT_TASK_TIMEOUT_MS = 10_000;
/** Temporal's cap on a workflow task's start-to-close timeout. */
const MAX_TASK_TIMEOUT_MS = 120_000;

export interface MutableStateDeps {
  clock: EngineClock;
  history: HistoryBuilder;
  tasks: TaskGenerator;
  namespaces: NamespaceRegistry;
  cache: RunCache;
  updates: UpdateRegistry;
  queries: QueryRegistry;
  /** After a run's close is committed (children and the parent learn of it). */
  onRunClosed: (s: RunState, closeAttributes: any) => void;
}

export interface NewRun {
  namespace: string; workflowId: string; runId: string; firstRunId: string; workflowType: string; taskQueue: string;
  workflowTaskTimeoutMs: number; runTimeoutMs: number; executionTimeoutMs: number; executionDeadline?: number; requestId: string;
  parent?: RunState['parent'];
  root?: RunState['root'];
}

export class MutableState {
  constructor(private readonly deps: MutableStateDeps) {}

  /**
   * An event caused from outside the workflow (signal, activity result, timer,
   * cancel request...). While a worker holds a workflow task it is buffered and
   * appended after that task's completion; otherwise it is appended now and a
   * workflow task is scheduled to deliver it. Returns the event id, or undefined
   * when the event was buffered.
   */
  addExternalEvent(tx: Tx, eventType: string, attributes: object): number | undefined {
    const { history, tasks, clock } = this.deps;
    const wft = tx.s.wft;
    if (wft && wft.startedEventId !== undefined) {
      history.bufferEvent(tx, eventType, attributes);
      return undefined;
    }
    if (wft?.speculative) {
      // The speculative task's Scheduled event was never written: it becomes a real one after this event.
      const eventId = history.addEvent(tx, eventType, attributes);
      wft.speculative = false;
      wft.scheduledEventId = history.addWorkflowTaskScheduled(tx, wft);
      return eventId;
    }
    const eventId = history.addEvent(tx, eventType, attributes);
    // A run still waiting for its first workflow task (start delay, cron or retry backoff) keeps waiting, as in
    // Temporal: the event is in history and the task comes when the wait ends.
    if (awaitingFirstTask(tx.s) && tx.s.executionTime > clock.now()) return eventId;
    tasks.scheduleWorkflowTask(tx);
    return eventId;
  }

  /**
   * An activity's result: ActivityTaskStarted is written together with it, so
   * while a worker holds a workflow task both go to the buffer, in order.
   */
  addActivityResult(tx: Tx, eventType: string, attributes: { startedEventId: number; [field: string]: unknown }): void {
    const wft = tx.s.wft;
    if (wft && wft.startedEventId !== undefined) {
      // The Started event (if the attempt started) was appended directly; move it into the buffer so
      // order is kept. flushBuffered fills in the result's startedEventId once the ids are known.
      if (attributes.startedEventId) {
        this.deps.history.moveActivityStartedToBuffer(tx);
        attributes.startedEventId = 0;
      }
      this.deps.history.bufferEvent(tx, eventType, attributes);
      return;
    }
    this.addExternalEvent(tx, eventType, attributes);
  }

  closeRun(tx: Tx, status: ExecutionStatus, eventType: string, attributes: object): void {
    const s = tx.s;
    s.closeEventId = this.deps.history.addEvent(tx, eventType, attributes);
    s.status = status;
    s.closeTime = this.deps.clock.now();
    s.wft = undefined;
    s.buffered = [];
    const runId = s.runId;
    const activityIds = Object.keys(s.activities).map(Number);
    s.activities = {};
    s.timers = {};
    this.deps.tasks.clearRun(tx, activityIds);
    tx.after.push(() => {
      this.deps.cache.forgetClosed(s);
      this.deps.updates.onRunClosed(runId);
      this.deps.queries.dispatch(runId);
      this.deps.onRunClosed(s, attributes);
    });
  }

  newRunState(p: NewRun): RunState {
    const now = this.deps.clock.now();
    const runTimeoutMs = p.runTimeoutMs || p.executionTimeoutMs;
    return {
      namespace: p.namespace,
      workflowId: p.workflowId,
      runId: p.runId,
      firstRunId: p.firstRunId,
      workflowType: p.workflowType,
      taskQueue: p.taskQueue,
      status: 'Running',
      nextEventId: 1,
      startTime: now,
      executionTime: now,
      workflowTaskTimeoutMs: Math.min(p.workflowTaskTimeoutMs || DEFAULT_TASK_TIMEOUT_MS, MAX_TASK_TIMEOUT_MS),
      runTimeoutMs,
      executionTimeoutMs: p.executionTimeoutMs,
      runDeadline: runTimeoutMs ? now + runTimeoutMs : 0,
      executionDeadline: p.executionDeadline ?? (p.executionTimeoutMs ? now + p.executionTimeoutMs : 0),
      startRequestId: p.requestId,
      requestIds: [],
      previousStartedEventId: 0,
      buffered: [],
      activities: {},
      timers: {},
      updates: {},
      children: {},
      externals: {},
      cancelRequested: false,
      searchAttributes: {},
      attempt: 1,
      parent: p.parent,
      root: p.root,
      historySizeBytes: 0,
      stateTransitions: 0,
    };
  }

  /** WorkflowExecutionStarted (+ first workflow task, unless delayed). */
  writeStarted(tx: Tx, attributes: any, memo: any, searchAttributes: any, delayMs = 0, beforeTask?: (tx: Tx) => void): void {
    const s = tx.s;
    if (memo) s.memo = encodeB64('temporal.api.common.v1.Memo', memo);
    if (attributes.searchAttributes) attributes.searchAttributes = this.typed(s.namespace, attributes.searchAttributes);
    if (searchAttributes) this.mergeSearchAttributes(s, searchAttributes);
    if (delayMs > 0) {
      attributes.firstWorkflowTaskBackoff = msToDuration(delayMs);
      s.executionTime = s.startTime + delayMs;
      // The run timeout counts from the end of the wait, not from the start.
      if (s.runTimeoutMs) s.runDeadline = s.executionTime + s.runTimeoutMs;
    }
    this.deps.history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', attributes);
    beforeTask?.(tx);
    if (delayMs > 0) this.deps.tasks.armFirstTask(tx);
    else this.deps.tasks.scheduleWorkflowTask(tx);
    this.deps.tasks.armRunTimeout(tx);
  }

  /** Search attributes as Temporal sends them: each payload names its type (see withTypeMetadata). */
  typed<T>(namespace: string, sa: T): T {
    return withTypeMetadata(sa, this.deps.namespaces.typeMap(namespace));
  }

  /** Upserts search attributes: the raw payloads for describe and the decoded values for visibility. */
  mergeSearchAttributes(s: RunState, sa: any): void {
    if (!sa?.indexedFields) return;
    const raw = decodeB64<any>('temporal.api.common.v1.SearchAttributes', s.searchAttributesRaw) ?? { indexedFields: {} };
    const decoded = decodeSearchAttributes(sa, this.deps.namespaces.customSearchAttributes(s.namespace));
    for (const [name, payload] of Object.entries<any>(this.typed(s.namespace, sa).indexedFields)) {
      const value = decoded[name];
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
        delete raw.indexedFields[name];
        delete s.searchAttributes[name];
      } else {
        raw.indexedFields[name] = payload;
        s.searchAttributes[name] = value;
      }
    }
    s.searchAttributesRaw = encodeB64('temporal.api.common.v1.SearchAttributes', raw);
  }
}
