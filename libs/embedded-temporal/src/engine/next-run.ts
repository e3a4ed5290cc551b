/* eslint-disable @typescript-eslint/no-explicit-any -- payloads and attributes are protobufjs messages */
/**
 * Runs that follow a closed run under the same workflow id: continue-as-new,
 * the workflow's own retry policy, and its cron schedule. The closing run's last event names the
 * new run (`newExecutionRunId`), both are committed in one transaction, and
 * the new run starts with `firstWorkflowTaskBackoff` when it must wait.
 */
import { randomUUID } from 'node:crypto';
import { decode, decodeB64, durationMs, msToDuration, msToTimestamp, optionalDuration } from '../codec';
import { decideRetry, defaultRetryPolicy, RetryState } from './activity-rules';
import { CronError, nextCronTime, parseCron, type CronSchedule } from './cron';
import { invalidArgument } from '../errors';
import type { EngineContext, Tx } from './engine-context';
import type { RunState } from './state';

/** temporal.api.enums.v1.ContinueAsNewInitiator */
export const Initiator = { WORKFLOW: 1, RETRY: 2, CRON: 3 } as const;

export interface NextRunSpec {
  initiator: number;
  workflowType: string;
  taskQueue: string;
  input?: any;
  header?: any;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  backoffMs: number;
  /** Instead of backoffMs: when the first workflow task is due (a cron fire time), exact to the new run's start. */
  fireAt?: number;
  attempt: number;
  failure?: any;
  lastCompletionResult?: any;
  /** Explicit memo / search attributes; undefined inherits the closing run's. */
  memo?: any;
  searchAttributes?: any;
}

/**
 * Creates the next run (in `tx.extra`, committed with the closing run) and
 * makes it the workflow id's running run after commit. The caller has already
 * written the closing event naming `newRunId`.
 */
export function createNextRun(engine: EngineContext, tx: Tx, spec: NextRunSpec, newRunId: string): RunState {
  const s = tx.s;
  const next = engine.newRunState({
    namespace: s.namespace,
    workflowId: s.workflowId,
    runId: newRunId,
    firstRunId: s.firstRunId,
    workflowType: spec.workflowType,
    taskQueue: spec.taskQueue,
    workflowTaskTimeoutMs: spec.taskTimeoutMs,
    runTimeoutMs: spec.runTimeoutMs,
    executionTimeoutMs: s.executionTimeoutMs,
    executionDeadline: s.executionDeadline,
    requestId: randomUUID(),
    parent: s.parent,
    root: s.root,
  });
  next.attempt = spec.attempt;
  next.retryPolicy = s.retryPolicy;
  next.cronSchedule = s.cronSchedule;
  const inheritedSearchAttributes = decodeB64('temporal.api.common.v1.SearchAttributes', s.searchAttributesRaw);
  const searchAttributes = spec.searchAttributes ?? inheritedSearchAttributes;
  const memo = spec.memo ?? decodeB64('temporal.api.common.v1.Memo', s.memo);
  const ntx: Tx = { s: next, events: [], after: [], extra: [], dirty: true };
  engine.writeStarted(ntx, {
    workflowType: { name: next.workflowType },
    taskQueue: { name: next.taskQueue, kind: 1 },
    input: spec.input,
    header: spec.header,
    workflowRunTimeout: optionalDuration(next.runTimeoutMs),
    workflowTaskTimeout: msToDuration(next.workflowTaskTimeoutMs),
    workflowExecutionTimeout: optionalDuration(next.executionTimeoutMs),
    continuedExecutionRunId: s.runId,
    initiator: spec.initiator,
    continuedFailure: spec.failure,
    lastCompletionResult: spec.lastCompletionResult,
    originalExecutionRunId: newRunId,
    firstExecutionRunId: s.firstRunId,
    attempt: spec.attempt,
    retryPolicy: decodeB64('temporal.api.common.v1.RetryPolicy', s.retryPolicy),
    cronSchedule: s.cronSchedule,
    workflowExecutionExpirationTime: next.executionDeadline ? msToTimestamp(next.executionDeadline) : undefined,
    memo,
    searchAttributes,
    workflowId: s.workflowId,
    ...parentAttributes(engine, s.parent),
    rootWorkflowExecution: next.root,
  }, memo, searchAttributes, spec.fireAt !== undefined ? Math.max(0, spec.fireAt - next.startTime) : spec.backoffMs);
  tx.extra.push({ state: next, events: ntx.events });
  tx.after.push(() => {
    engine.markRunning(next);
    for (const fn of ntx.after) fn();
  });
  return next;
}

/** Parent fields of WorkflowExecutionStartedEventAttributes for a child run. */
export function parentAttributes(engine: EngineContext, parent: RunState['parent']): object {
  if (!parent) return {};
  return {
    parentWorkflowNamespace: parent.namespace,
    parentWorkflowNamespaceId: engine.namespace(parent.namespace).id,
    parentWorkflowExecution: { workflowId: parent.workflowId, runId: parent.runId },
    parentInitiatedEventId: parent.initiatedEventId,
  };
}

/** The continue-as-new command: close this run and start the next one. */
export function continueAsNew(engine: EngineContext, tx: Tx, a: any, completedId: number): void {
  const s = tx.s;
  const newRunId = randomUUID();
  const taskQueue = a.taskQueue?.name || s.taskQueue;
  s.newExecutionRunId = newRunId;
  engine.closeRun(tx, 'ContinuedAsNew', 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
    newExecutionRunId: newRunId,
    workflowType: a.workflowType?.name ? a.workflowType : { name: s.workflowType },
    taskQueue: { name: taskQueue, kind: 1 },
    header: a.header,
    input: a.input,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    workflowTaskCompletedEventId: completedId,
    backoffStartInterval: a.backoffStartInterval,
    initiator: a.initiator,
    failure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
    memo: a.memo,
    searchAttributes: a.searchAttributes,
  });
  createNextRun(engine, tx, {
    initiator: Initiator.WORKFLOW,
    workflowType: a.workflowType?.name || s.workflowType,
    taskQueue,
    input: a.input,
    header: a.header,
    runTimeoutMs: durationMs(a.workflowRunTimeout) || s.runTimeoutMs,
    taskTimeoutMs: durationMs(a.workflowTaskTimeout) || s.workflowTaskTimeoutMs,
    backoffMs: durationMs(a.backoffStartInterval),
    // A new chain of attempts: continue-as-new resets the workflow retry attempt.
    attempt: 1,
    failure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
    memo: a.memo,
    searchAttributes: a.searchAttributes,
  }, newRunId);
}

/** Whether the workflow's retry policy gives a failed (or run-timed-out) run another attempt. */
export function workflowRetryDecision(s: RunState, failure: any, now: number): { retry: true; backoffMs: number } | { retry: false; retryState: number } {
  if (!s.retryPolicy) return { retry: false, retryState: RetryState.RETRY_POLICY_NOT_SET };
  const rp = decodeB64<any>('temporal.api.common.v1.RetryPolicy', s.retryPolicy)!;
  const policy = defaultRetryPolicy({
    initialIntervalMs: durationMs(rp.initialInterval),
    backoffCoefficient: rp.backoffCoefficient,
    maximumIntervalMs: durationMs(rp.maximumInterval),
    maximumAttempts: rp.maximumAttempts,
    nonRetryableErrorTypes: rp.nonRetryableErrorTypes ?? [],
  });
  const info = failure?.applicationFailureInfo;
  return decideRetry(policy, {
    attempt: s.attempt,
    errorType: info?.type,
    nonRetryable: !!info?.nonRetryable,
    nextRetryDelayMs: durationMs(info?.nextRetryDelay),
    now,
    deadline: s.executionDeadline,
  });
}

/**
 * The attributes of WorkflowExecutionStarted (input and header for a retry).
 * Read before taking the run's lock: the event never changes.
 */
export async function readStartedAttributes(engine: EngineContext, runId: string): Promise<any | undefined> {
  const data = await engine.store.readEvent(runId, 1);
  if (!data) return undefined;
  return decode<any>('temporal.api.history.v1.HistoryEvent', data).workflowExecutionStartedEventAttributes ?? undefined;
}

/**
 * Closes a run as Failed (fail command) or TimedOut (run timeout); with a
 * retry policy that allows another attempt, the close event names the next
 * run, which starts after the backoff with the same input.
 */
export function failOrRetry(
  engine: EngineContext,
  tx: Tx,
  kind: 'failed' | 'timedOut',
  failure: any,
  completedId: number | undefined,
  started: any | undefined,
): void {
  const s = tx.s;
  const decision = started ? workflowRetryDecision(s, failure, engine.clock.now()) : { retry: false as const, retryState: s.retryPolicy ? RetryState.TIMEOUT : RetryState.RETRY_POLICY_NOT_SET };
  const failedKind = kind === 'failed';
  const eventType = failedKind ? 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED' : 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT';
  const status = failedKind ? 'Failed' : 'TimedOut';
  const base = failedKind ? { failure, workflowTaskCompletedEventId: completedId } : {};
  if (!decision.retry) {
    const closing = { ...base, retryState: decision.retryState };
    if (!closeForNextCronRun(engine, tx, status, eventType, closing, started, { failure: failedKind ? failure : timedOutFailure() })) {
      engine.closeRun(tx, status, eventType, closing);
    }
    return;
  }
  const newRunId = randomUUID();
  s.newExecutionRunId = newRunId;
  engine.closeRun(tx, status, eventType, { ...base, retryState: RetryState.IN_PROGRESS, newExecutionRunId: newRunId });
  createNextRun(engine, tx, {
    initiator: Initiator.RETRY,
    ...sameWorkflowAgain(s, started),
    backoffMs: decision.backoffMs,
    attempt: s.attempt + 1,
    // The next attempt (and a cron run after the last one) still sees the last successful run's result.
    lastCompletionResult: started.lastCompletionResult,
    failure: failedKind ? failure : timedOutFailure(),
  }, newRunId);
}

/** What a retry or the next cron run repeats: the type, queue, timeouts and the first run's input. */
function sameWorkflowAgain(s: RunState, started: any) {
  return {
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    input: started.input,
    header: started.header,
    runTimeoutMs: s.runTimeoutMs,
    taskTimeoutMs: s.workflowTaskTimeoutMs,
  };
}

function timedOutFailure(): object {
  return { message: 'workflow run timed out', source: 'Server', timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' } };
}

/** When a closing cron run's successor starts: the next fire time, or undefined when the chain ends here. */
export function nextCronStart(s: RunState, now: number): number | undefined {
  if (!s.cronSchedule) return undefined;
  // `@every` counts from this run's fire time, so the time runs take does not shift the schedule.
  const next = nextCronTime(parseCron(s.cronSchedule), now, s.executionTime);
  // The execution timeout bounds the whole chain of runs.
  if (next === undefined || (s.executionDeadline && next >= s.executionDeadline)) return undefined;
  return next;
}

/**
 * A cron workflow's run closing as Completed, Failed (no retry left) or
 * TimedOut: the close event names the next run, which starts at the next fire
 * time with the same input, the last successful result and this run's
 * failure, if any (initiator CRON_SCHEDULE). Cancel and terminate end the
 * chain, so they never come here. False when there is no next run.
 */
export function closeForNextCronRun(
  engine: EngineContext,
  tx: Tx,
  status: 'Completed' | 'Failed' | 'TimedOut',
  eventType: string,
  closing: object,
  started: any | undefined,
  outcome: { result?: any; failure?: any },
): boolean {
  const s = tx.s;
  const now = engine.clock.now();
  const next = started ? nextCronStart(s, now) : undefined;
  if (next === undefined) return false;
  const newRunId = randomUUID();
  s.newExecutionRunId = newRunId;
  engine.closeRun(tx, status, eventType, { ...closing, newExecutionRunId: newRunId });
  createNextRun(engine, tx, {
    initiator: Initiator.CRON,
    ...sameWorkflowAgain(s, started),
    backoffMs: 0,
    fireAt: next,
    attempt: 1,
    failure: outcome.failure,
    // A failed run passes on the last successful result it was given.
    lastCompletionResult: status === 'Completed' ? outcome.result : started.lastCompletionResult,
  }, newRunId);
  return true;
}

/** A cron schedule from a request; a bad one answers INVALID_ARGUMENT naming the problem. */
export function cronSchedule(expression: string): CronSchedule {
  try {
    return parseCron(expression);
  } catch (err) {
    if (err instanceof CronError) throw invalidArgument(`Invalid CronSchedule: ${err.message}.`);
    throw err;
  }
}
