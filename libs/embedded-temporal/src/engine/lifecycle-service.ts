/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The RPCs that start and end a workflow from outside: StartWorkflowExecution
 * (and SignalWithStart, and a child's start), SignalWorkflowExecution,
 * RequestCancelWorkflowExecution and TerminateWorkflowExecution. Workflow id
 * reuse and conflict policies are decided here, under a lock per workflow id.
 */
import { randomUUID } from 'node:crypto';
import { durationMs, encodeB64, msToDuration, msToTimestamp, optionalDuration, toNumber } from '../codec';
import { alreadyStarted, invalidArgument, workflowCompleted } from '../errors';
import type { EngineClock } from './clock';
import { nextCronTime } from './cron';
import type { EngineContext, StartSignal } from './engine-context';
import type { HistoryBuilder } from './history-builder';
import type { MutableState } from './mutable-state';
import type { NamespaceRegistry } from './namespace-registry';
import { cronSchedule, parentAttributes } from './next-run';
import type { RunCache, Tx } from './run-cache';
import type { RunState } from './state';
import type { EngineStore, RunChange } from './store';
import { recordStartMetadata } from './user-metadata';

/** Signals' request ids kept per run to drop a retried SignalWorkflowExecution. */
const MAX_SIGNAL_REQUEST_IDS = 200;

/** temporal.api.enums.v1.WorkflowIdConflictPolicy / WorkflowIdReusePolicy values used here. */
const CONFLICT_FAIL = 1;
const CONFLICT_USE_EXISTING = 2;
const CONFLICT_TERMINATE_EXISTING = 3;
const REUSE_ALLOW_DUPLICATE_FAILED_ONLY = 2;
const REUSE_REJECT_DUPLICATE = 3;
const REUSE_TERMINATE_IF_RUNNING = 4;

export interface LifecycleServiceDeps {
  clock: EngineClock;
  store: EngineStore;
  namespaces: NamespaceRegistry;
  cache: RunCache;
  history: HistoryBuilder;
  state: MutableState;
  /** For a child's parent attributes (next-run.ts). */
  host: EngineContext;
}

export class LifecycleService {
  constructor(private readonly deps: LifecycleServiceDeps) {}

  /**
   * Starts a run (StartWorkflowExecution, SignalWithStart, or a child for `parent`). `onStarting` is told of a
   * new run's change before it commits (update-with-start admits its update there); it is not called when no
   * new run starts (an existing run used, or a retried start deduplicated).
   */
  async startWorkflow(req: any, signal?: StartSignal, parent?: RunState['parent'], onStarting?: (tx: Tx) => void): Promise<{ runId: string; started: boolean }> {
    const { cache, store, state, history } = this.deps;
    const namespace = req.namespace || 'default';
    this.deps.namespaces.get(namespace);
    const workflowId: string = req.workflowId;
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (!req.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
    if (workflowId.length > 1000) throw invalidArgument('WorkflowId exceeds length limit.');
    this.deps.namespaces.validateSearchAttributes(namespace, req.searchAttributes);
    const startDelay = this.startDelay(req);
    return cache.withWorkflowIdLock(namespace, workflowId, async () => {
      const requestId: string = req.requestId || randomUUID();
      const current = cache.runningRun(namespace, workflowId);
      const conflict = toNumber(req.workflowIdConflictPolicy);
      const reuse = toNumber(req.workflowIdReusePolicy);
      const extra: RunChange[] = [];
      let terminated: RunState | undefined;
      if (current) {
        if (current.startRequestId === requestId) return { runId: current.runId, started: true };
        // Signal-with-start signals the running run unless told to fail or to replace it (Temporal's SignalWithStartWorkflow).
        const replaceOrFail = conflict === CONFLICT_FAIL || conflict === CONFLICT_TERMINATE_EXISTING || reuse === REUSE_TERMINATE_IF_RUNNING;
        if (signal && !replaceOrFail) {
          // The running run may continue as new meanwhile: the signal then goes to its follower, as the answer says.
          const signalled = await cache.withOpenRun(namespace, { workflowId }, (tx) => {
            this.addSignal(tx, signal.name, signal.input, signal.header, signal.identity, signal.requestId);
            return tx.s.runId;
          });
          return { runId: signalled, started: false };
        }
        if (conflict === CONFLICT_USE_EXISTING) return { runId: current.runId, started: false };
        if (conflict === CONFLICT_TERMINATE_EXISTING || reuse === REUSE_TERMINATE_IF_RUNNING) {
          terminated = current;
        } else {
          throw alreadyStarted(workflowId, current.startRequestId, current.runId);
        }
      } else {
        const last = await store.loadLatestRun(namespace, workflowId);
        if (last) {
          if (last.startRequestId === requestId) return { runId: last.runId, started: true };
          if (reuse === REUSE_REJECT_DUPLICATE) throw alreadyStarted(workflowId, last.startRequestId, last.runId);
          if (reuse === REUSE_ALLOW_DUPLICATE_FAILED_ONLY && (last.status === 'Completed' || last.status === 'ContinuedAsNew')) {
            throw alreadyStarted(workflowId, last.startRequestId, last.runId);
          }
        }
      }
      if (terminated) {
        await cache.withRun(terminated.runId, (tx) => {
          if (tx.s.status !== 'Running') return;
          state.closeRun(tx, 'Terminated', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: 'terminated by a new start (conflict policy)', identity: req.identity });
        });
      }
      const runId = randomUUID();
      const executionTimeoutMs = durationMs(req.workflowExecutionTimeout);
      const s = state.newRunState({
        namespace,
        workflowId,
        runId,
        firstRunId: runId,
        workflowType: req.workflowType.name,
        taskQueue: req.taskQueue.name,
        workflowTaskTimeoutMs: durationMs(req.workflowTaskTimeout),
        runTimeoutMs: durationMs(req.workflowRunTimeout),
        executionTimeoutMs,
        requestId,
        parent,
        // A child's root is its parent's root; a top-level run is its own.
        root: parent ? cache.runs.get(parent.runId)?.root ?? { workflowId: parent.workflowId, runId: parent.runId } : undefined,
      });
      if (req.retryPolicy) s.retryPolicy = encodeB64('temporal.api.common.v1.RetryPolicy', req.retryPolicy);
      if (req.cronSchedule) s.cronSchedule = req.cronSchedule;
      const tx: Tx = { s, events: [], after: [], extra, dirty: true };
      state.writeStarted(tx, {
        workflowType: req.workflowType,
        taskQueue: { name: s.taskQueue, kind: 1 },
        input: req.input,
        header: req.header,
        workflowExecutionTimeout: optionalDuration(executionTimeoutMs),
        workflowRunTimeout: optionalDuration(s.runTimeoutMs),
        workflowTaskTimeout: msToDuration(s.workflowTaskTimeoutMs),
        originalExecutionRunId: runId,
        identity: req.identity,
        firstExecutionRunId: runId,
        retryPolicy: req.retryPolicy,
        attempt: 1,
        workflowExecutionExpirationTime: s.executionDeadline ? msToTimestamp(s.executionDeadline) : undefined,
        cronSchedule: req.cronSchedule,
        memo: req.memo,
        searchAttributes: req.searchAttributes,
        workflowId,
        priority: req.priority,
        // a schedule passes its previous run's outcome on (the request's fields, as Temporal copies them)
        lastCompletionResult: req.lastCompletionResult,
        continuedFailure: req.continuedFailure,
        ...parentAttributes(this.deps.host, parent),
        rootWorkflowExecution: s.root,
      }, req.memo, req.searchAttributes, startDelay(s.startTime), signal ? (t) => {
        history.addEvent(t, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', { signalName: signal.name, input: signal.input, identity: signal.identity, header: signal.header });
        if (signal.requestId) t.s.requestIds.push(signal.requestId);
      } : undefined);
      recordStartMetadata(tx, req.userMetadata);
      onStarting?.(tx);
      try {
        await store.commit([{ state: s, events: tx.events }]);
      } catch (err) {
        // Another engine process (or a lost race) started the id first: the unique index says so.
        if ((err as { code?: string }).code === '23505') throw alreadyStarted(workflowId, requestId, '');
        throw err;
      }
      cache.add(s, tx.events);
      for (const fn of tx.after) fn();
      return { runId, started: true };
    });
  }

  /**
   * How long the first workflow task of a run started at `startTime` waits: the start delay, or for a cron
   * workflow until its first fire time. Checked before the start; the schedule is read again for the delay.
   */
  private startDelay(req: any): (startTime: number) => number {
    if (!req.cronSchedule) {
      const delayMs = durationMs(req.workflowStartDelay);
      return () => delayMs;
    }
    if (durationMs(req.workflowStartDelay) > 0) throw invalidArgument('CronSchedule and WorkflowStartDelay may not be used together.');
    const schedule = cronSchedule(req.cronSchedule);
    if (nextCronTime(schedule, this.deps.clock.now()) === undefined) throw invalidArgument(`Invalid CronSchedule: "${req.cronSchedule}" never fires.`);
    return (startTime) => (nextCronTime(schedule, startTime) ?? startTime) - startTime;
  }

  async signal(req: any): Promise<void> {
    await this.deps.cache.withOpenRun(req.namespace, req.workflowExecution, (tx) =>
      this.addSignal(tx, req.signalName, req.input, req.header, req.identity, req.requestId),
    );
  }

  /** `external` names the workflow that sent the signal (SignalExternalWorkflowExecution). */
  async signalRun(runId: string, name: string, input: any, header: any, identity: string, requestId: string, external?: { externalWorkflowExecution: object }): Promise<void> {
    await this.deps.cache.withRun(runId, (tx) => {
      if (tx.s.status !== 'Running') throw workflowCompleted();
      this.addSignal(tx, name, input, header, identity, requestId, external);
    });
  }

  /** A signal to an open run; a retried request (same request id) is dropped. */
  private addSignal(tx: Tx, name: string, input: any, header: any, identity: string, requestId: string, external?: { externalWorkflowExecution: object }): void {
    if (requestId && tx.s.requestIds.includes(requestId)) return;
    if (requestId) {
      tx.s.requestIds.push(requestId);
      if (tx.s.requestIds.length > MAX_SIGNAL_REQUEST_IDS) tx.s.requestIds.shift();
    }
    this.deps.state.addExternalEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', { signalName: name, input, identity, header, externalWorkflowExecution: external?.externalWorkflowExecution });
  }

  /** `external` names the workflow that asked (RequestCancelExternalWorkflowExecution). */
  async requestCancel(req: any, external?: { externalWorkflowExecution: object; externalInitiatedEventId: number }): Promise<void> {
    await this.deps.cache.withOpenRun(req.namespace, req.workflowExecution, (tx) => {
      if (tx.s.cancelRequested) return;
      tx.s.cancelRequested = true;
      this.deps.state.addExternalEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED', { cause: req.reason, identity: req.identity, ...external });
    });
  }

  async terminate(req: any): Promise<void> {
    const { cache, history, state } = this.deps;
    await cache.withOpenRun(req.namespace, req.workflowExecution, (tx) => {
      // A workflow task in flight is failed first, so the history says why its answer will be refused.
      if (tx.s.wft?.startedEventId !== undefined && !tx.s.wft.speculative) {
        history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
          scheduledEventId: tx.s.wft.scheduledEventId,
          startedEventId: tx.s.wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND',
          identity: req.identity,
        });
      }
      tx.s.wft = undefined;
      history.flushBuffered(tx);
      state.closeRun(tx, 'Terminated', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: req.reason, details: req.details, identity: req.identity });
    });
  }
}
