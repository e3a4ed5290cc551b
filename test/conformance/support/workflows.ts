/**
 * Workflows the conformance suite runs through the real SDK. Each exercises
 * one piece of Temporal semantics; they are bundled once per test run.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '50ms', backoffCoefficient: 2, maximumAttempts: 5 } });

export const approveUpdate = defineUpdate<string, [string]>('approve');
export const nudgeSignal = defineSignal<[string]>('nudge');
export const stateQuery = defineQuery<{ approvals: string[]; nudges: string[] }>('state');

export async function greet(name: string): Promise<string> {
  return acts.echo(`你好，${name}`);
}

/** The approval shape gongkai's reviews use: activity, three updates, activity. */
export async function approval(levels: number): Promise<string[]> {
  const approvals: string[] = [];
  const nudges: string[] = [];
  setHandler(stateQuery, () => ({ approvals, nudges }));
  setHandler(nudgeSignal, (n) => void nudges.push(n));
  setHandler(
    approveUpdate,
    (who) => {
      approvals.push(who);
      return `level ${approvals.length} approved by ${who}`;
    },
    {
      validator: (who) => {
        if (!who) throw new Error('approver required');
        if (approvals.includes(who)) throw new Error(`${who} already approved`);
      },
    },
  );
  await acts.echo('submitted');
  await condition(() => approvals.length >= levels);
  await acts.echo('published');
  return approvals;
}

export async function timerThenDone(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

export async function failing(): Promise<never> {
  throw ApplicationFailure.nonRetryable('稿件不合规', 'ReviewRefused');
}

export async function flakyActivity(failures: number): Promise<number> {
  return acts.flaky(workflowInfo().workflowId, failures);
}

export async function nonRetryableActivity(): Promise<string> {
  return acts.refuse();
}

export async function cancellableActivity(): Promise<string> {
  try {
    return await acts.heartbeatUntilCancelled();
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => acts.echo('cleaned up'));
      return 'cancelled';
    }
    throw err;
  }
}

export async function waitForever(): Promise<void> {
  await condition(() => false);
}

export async function counter(n: number): Promise<number> {
  if (n > 0) await continueAsNew<typeof counter>(n - 1);
  return workflowInfo().continuedFromExecutionRunId ? 0 : -1;
}

export async function tagged(stage: string): Promise<string> {
  upsertSearchAttributes({ GongkaiStage: [stage] });
  await sleep(10);
  return stage;
}

// ---------------------------------------------------------------- reliability (test/reliability/engine-crash.test.ts)

export const crashSignal = defineSignal<[string]>('crashSignal');
export const crashUpdate = defineUpdate<string, [string]>('crashUpdate');

/**
 * Activities, a timer, a signal and an update in one run: the crash test runs
 * 200 of these while the engine is SIGKILLed. The result lists everything the
 * run saw, so a lost or duplicated delivery changes it.
 */
export async function crashMix(n: number, timerMs: number): Promise<string> {
  const signals: string[] = [];
  const updates: string[] = [];
  setHandler(crashSignal, (s) => void signals.push(s));
  setHandler(crashUpdate, (u) => {
    updates.push(u);
    return `update ${u} accepted by ${n}`;
  }, {
    validator: (u) => {
      if (!u) throw new Error('update value required');
    },
  });
  const first = await acts.echo(`a${n}`);
  await sleep(timerMs);
  await condition(() => signals.length > 0 && updates.length > 0);
  const [second, third] = await Promise.all([acts.echo(`b${n}`), acts.echo(`c${n}`)]);
  await sleep(20);
  return [first, signals.join('+'), updates.join('+'), second, third].join('|');
}

export * from './more-workflows';
export * from './feature-workflows';
export * from './fidelity-workflows';
export * from './local-activity-workflows';
