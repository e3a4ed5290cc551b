/**
 * Workflows of the local-activity suite (test/conformance/local-activities.test.ts):
 * the shape gongkai's review uses (an update answered after local steps, some
 * side by side), a step that outlives the workflow task, and a retry long
 * enough to need a timer. Deterministic.
 */
import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

export const localStepUpdate = defineUpdate<number[], [string]>('localStep');
export const localDoneSignal = defineSignal('localDone');

const quick = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/**
 * Each `localStep` update runs three local steps — two side by side, then one — and answers with their
 * attempt numbers, as a review decision projects, assigns and projects again. Ends on `localDone`.
 */
export async function localSteps(key: string): Promise<number[]> {
  const answers: number[] = [];
  let done = false;
  setHandler(localStepUpdate, async (step) => {
    const [a, b] = await Promise.all([quick.failTimes(`${key}:${step}:a`, 0, 'None'), quick.failTimes(`${key}:${step}:b`, 0, 'None')]);
    const c = await quick.failTimes(`${key}:${step}:c`, 0, 'None');
    answers.push(a + b + c);
    return [a, b, c];
  });
  setHandler(localDoneSignal, () => {
    done = true;
  });
  await condition(() => done);
  return answers;
}

/** One local step that runs `ms` — longer than the workflow task timeout the test starts this with. */
export async function longLocalStep(key: string, ms: number): Promise<number> {
  return proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30 seconds' }).slow(key, ms, 1);
}

/** A local step that fails `failures` times with backoff above the local retry threshold (the SDK then sleeps on a timer). */
export async function localRetryOnTimer(key: string, failures: number): Promise<number> {
  return proxyLocalActivities<typeof activities>({
    startToCloseTimeout: '5 seconds',
    localRetryThreshold: '100 milliseconds',
    retry: { initialInterval: '300 milliseconds', backoffCoefficient: 1, maximumAttempts: 5 },
  }).failTimes(key, failures, 'Transient');
}

/** A local step that fails for good: the workflow catches the failure and answers with it. */
export async function localRefusal(): Promise<string> {
  try {
    await proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5 seconds' }).refuse();
    return 'no failure';
  } catch (err) {
    // The TypeScript SDK hands a local activity's failure to the workflow as the failure itself (a normal
    // activity's comes wrapped in an ActivityFailure).
    return `${(err as Error).name}: ${(err as { type?: string }).type} ${(err as Error).message}`;
  }
}
