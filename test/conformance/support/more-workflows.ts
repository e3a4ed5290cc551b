/**
 * Workflows of the topic suites (test/conformance/*.test.ts), re-exported by
 * workflows.ts so they land in the one conformance bundle. Deterministic.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  TimeoutFailure,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type * as activities from './activities';

// ---------------------------------------------------------------- failures as data

export interface FailureSummary {
  name: string;
  message: string;
  type?: string;
  nonRetryable?: boolean;
  timeoutType?: string;
  retryState?: string;
  cause?: FailureSummary;
}

function summarise(err: unknown): FailureSummary {
  const e = err as Error & { type?: string; nonRetryable?: boolean; timeoutType?: string; retryState?: string; cause?: unknown };
  return {
    name: e?.name ?? typeof err,
    message: e?.message ?? String(err),
    type: e?.type ?? undefined,
    nonRetryable: e?.nonRetryable ?? undefined,
    timeoutType: e instanceof TimeoutFailure ? String(e.timeoutType) : undefined,
    retryState: e instanceof ActivityFailure || e instanceof ChildWorkflowFailure ? String(e.retryState) : undefined,
    cause: e?.cause ? summarise(e.cause) : undefined,
  };
}

// ---------------------------------------------------------------- activities

export type ActivityOutcome = { ok: unknown } | { failure: FailureSummary };

/** Calls one activity with the given options; returns its result or its failure as data. */
export async function runActivity(name: keyof typeof activities, args: unknown[], options: ActivityOptions): Promise<ActivityOutcome> {
  const acts = proxyActivities<Record<string, (...a: unknown[]) => Promise<unknown>>>(options);
  try {
    return { ok: await acts[name](...args) };
  } catch (err) {
    return { failure: summarise(err) };
  }
}

/** Starts a heartbeating activity, cancels it after `afterMs`, and waits for the activity to confirm. */
export async function cancelRunningActivity(key: string, afterMs: number): Promise<ActivityOutcome> {
  const { heartbeatUntilCancelledRecorded } = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '2s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const scope = new CancellationScope();
  const running = scope.run(() => heartbeatUntilCancelledRecorded(key));
  await sleep(afterMs);
  scope.cancel();
  try {
    return { ok: await running };
  } catch (err) {
    return { failure: summarise(err) };
  }
}

// ---------------------------------------------------------------- timers, signals, queries

/** Lets one timer fire and cancels another; returns what happened. */
export async function timers(): Promise<string[]> {
  const seen: string[] = [];
  await sleep(50);
  seen.push('fired');
  const scope = new CancellationScope();
  const long = scope.run(() => sleep('1 hour'));
  await sleep(10);
  scope.cancel();
  try {
    await long;
  } catch (err) {
    if (isCancellation(err)) seen.push('cancelled');
  }
  return seen;
}

export const addSignal = defineSignal<[string]>('add');
export const itemsQuery = defineQuery<string[]>('items');
export const failingQuery = defineQuery<string>('failing');

/** Collects `n` signals in order, answering queries about them, then returns them. */
export async function collect(n: number): Promise<string[]> {
  const items: string[] = [];
  setHandler(addSignal, (item) => void items.push(item));
  setHandler(itemsQuery, () => items);
  setHandler(failingQuery, () => {
    throw new Error('查询失败');
  });
  await condition(() => items.length >= n);
  return items;
}

// ---------------------------------------------------------------- updates

export const setUpdate = defineUpdate<string, [string]>('set');
export const slowUpdate = defineUpdate<string, [string]>('slow');
export const releaseSignal = defineSignal('release');
export const valueQuery = defineQuery<string>('value');

/**
 * `set` validates (non-empty) and sets a value; `slow` is accepted at once but
 * completes only after the `release` signal; the run ends on `done`.
 */
export async function updatable(): Promise<string> {
  let value = '';
  let released = false;
  setHandler(valueQuery, () => value);
  setHandler(releaseSignal, () => void (released = true));
  setHandler(
    setUpdate,
    (v) => {
      value = v;
      return `set to ${v}`;
    },
    {
      validator: (v) => {
        if (!v) throw new Error('value required');
      },
    },
  );
  setHandler(slowUpdate, async (v) => {
    await condition(() => released);
    value = v;
    return `slowly set to ${v}`;
  });
  await condition(() => value === 'done');
  return value;
}

// ---------------------------------------------------------------- lifecycle, memo, search attributes

export async function sleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'woke';
}

/** Fails on the first `failures` attempts (workflow retry policy), then returns the attempt. */
export async function failUntilAttempt(failures: number): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt <= failures) throw ApplicationFailure.create({ message: `workflow attempt ${attempt} failed`, type: 'Transient' });
  return attempt;
}

export const proceedSignal = defineSignal('proceed');

/** A typed search attribute update as JSON (Datetime values as ISO strings; null removes). */
export interface AttributeUpdate {
  name: string;
  type: SearchAttributeType;
  value: unknown;
}

/** Upserts the given memo and typed search attributes, then waits for `proceed`. */
export async function annotate(memo: Record<string, unknown>, attributes: AttributeUpdate[]): Promise<string> {
  let proceed = false;
  setHandler(proceedSignal, () => void (proceed = true));
  await sleep(1);
  if (Object.keys(memo).length) upsertMemo(memo);
  if (attributes.length) {
    upsertSearchAttributes(attributes.map((a) => ({
      key: defineSearchAttributeKey(a.name, a.type),
      value: a.type === SearchAttributeType.DATETIME && typeof a.value === 'string' ? new Date(a.value) : a.value,
    }) as SearchAttributeUpdatePair));
  }
  await condition(() => proceed);
  return 'annotated';
}

// ---------------------------------------------------------------- children and external workflows

/** Runs a child workflow to its result. */
export async function parentOfGreet(name: string): Promise<string> {
  return executeChild('greet', { args: [name], workflowId: `${workflowInfo().workflowId}-child` });
}

/** Two children with ids the SDK makes up: one started and awaited later, one run at once (the SDK suite's child-workflow-invoke). */
export async function parentOfTwoUnnamed(name: string): Promise<{ started: string; executed: string; childId: string }> {
  const child = await startChild('greet', { args: [name] });
  const executed = await executeChild('greet', { args: [name] });
  return { started: await child.result(), executed, childId: child.workflowId };
}

/** Runs a failing child; returns the failure as data. */
export async function parentOfFailing(): Promise<FailureSummary> {
  try {
    await executeChild('failing', { workflowId: `${workflowInfo().workflowId}-child` });
    return { name: 'none', message: 'child did not fail' };
  } catch (err) {
    return summarise(err);
  }
}

/** Starts a child that waits forever, then completes at once: the policy decides the child's fate. */
export async function parentThatLeaves(childId: string, policy: ParentClosePolicy): Promise<string> {
  const child = await startChild('waitForever', { workflowId: childId, parentClosePolicy: policy });
  return child.firstExecutionRunId;
}

/** Starts a child that waits forever, and waits forever itself (for DescribeWorkflowExecution). */
export async function parentThatWaits(childId: string): Promise<void> {
  await startChild('waitForever', { workflowId: childId, parentClosePolicy: ParentClosePolicy.TERMINATE });
  await condition(() => false);
}

/** Starts a child, cancels it, and reports how the child ended. */
export async function parentCancelsChild(): Promise<FailureSummary> {
  const scope = new CancellationScope();
  const child = await scope.run(() => startChild('waitForever', { workflowId: `${workflowInfo().workflowId}-child` }));
  await sleep(10);
  scope.cancel();
  try {
    await child.result();
    return { name: 'none', message: 'child completed' };
  } catch (err) {
    return summarise(err);
  }
}

/** Starts a child under an id that is already in use; returns the failure as data. */
export async function parentOfDuplicate(childId: string): Promise<FailureSummary> {
  try {
    await startChild('waitForever', { workflowId: childId });
    return { name: 'none', message: 'child started' };
  } catch (err) {
    return summarise(err);
  }
}

/** Signals another workflow (by id); returns 'sent' or the failure. */
export async function signalOther(workflowId: string, item: string): Promise<string> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(addSignal, item);
    return 'sent';
  } catch (err) {
    return `failed: ${(err as Error).name}`;
  }
}

/** Requests cancellation of another workflow (by id); returns 'requested' or the failure. */
export async function cancelOther(workflowId: string): Promise<string> {
  try {
    await getExternalWorkflowHandle(workflowId).cancel();
    return 'requested';
  } catch (err) {
    return `failed: ${(err as Error).name}`;
  }
}

/**
 * A cron workflow: each run returns one more than the last successful run
 * (`lastResult`); a run whose count is `failAt` fails instead, and the next
 * run still sees the last successful result and this failure.
 */
export async function cronCount(failAt = 0, retryable = false): Promise<number> {
  const info = workflowInfo();
  const count = ((info.lastResult as number | undefined) ?? 0) + 1;
  if (count === failAt && !info.lastFailure) {
    const message = `run ${count} fails on purpose`;
    throw retryable ? ApplicationFailure.retryable(message, 'CronRunFailed') : ApplicationFailure.nonRetryable(message, 'CronRunFailed');
  }
  return count;
}
