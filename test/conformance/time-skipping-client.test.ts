/**
 * The SDK's time-skipping client against a time-skipping server, as
 * @temporalio/testing drives Temporal's test server: the server starts with
 * skipping locked, one lock count per server; TimeSkippingWorkflowClient lets
 * go of the lock around each result() and takes it back; an activity may
 * sleep on the virtual clock (TestWorkflowEnvironment.sleep) while the client
 * waits. Skips itself when the server has no TestService.
 */
import { msToTs } from '@temporalio/common/lib/time';
import { TimeSkippingWorkflowClient } from '@temporalio/testing';
import { eventually, eventTypes, startConformanceEnv, type ConformanceEnv } from './support/env';
import * as activities from './support/activities';
import { raceActivityAndTimer, sleeper, timerThenDone } from './support/workflows';
import { describeWithTimeSkipping, uniqueId } from '../support/temporal';

const DAY_MS = 24 * 3600 * 1000;

function ms(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(ts?.seconds ?? 0) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
}

describeWithTimeSkipping('conformance: the SDK time-skipping client', () => {
  let env: ConformanceEnv | undefined;
  let client: TimeSkippingWorkflowClient;
  let testService: NonNullable<ConformanceEnv['connection']['testService']>;

  beforeAll(async () => {
    // The activity TestWorkflowEnvironment.sleep stands for, bound to this file's connection once it exists.
    let sleepVirtually: (durationMs: number) => Promise<void> = () => Promise.reject(new Error('no connection yet'));
    // No timeSkippingLocked: the server's own default is what the SDK expects.
    const candidate = await startConformanceEnv('ts-client', {
      timeSkipping: true,
      worker: { activities: { ...activities, sleepVirtually: (durationMs: number) => sleepVirtually(durationMs) } },
    });
    env = candidate;
    testService = env.connection.testService!;
    sleepVirtually = async (durationMs) => {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(durationMs) });
    };
    client = new TimeSkippingWorkflowClient({ connection: env.connection, namespace: env.namespace });
  });

  afterAll(async () => {
    await env?.stop();
  });

  const maybe = (name: string, fn: () => Promise<void>) => it(name, fn);

  const now = async () => ms((await testService.getCurrentTime({})).time);

  maybe('starts with skipping locked, one lock for the whole server', async () => {
    const before = await now();
    const handle = await env!.client.workflow.start(sleeper, { taskQueue: env!.taskQueue, workflowId: uniqueId('locked'), args: [10 * DAY_MS] });
    await eventually(async () => {
      expect(eventTypes(await handle.fetchHistory())).toContain('TIMER_STARTED');
      expect((await handle.describe()).raw.pendingWorkflowTask ?? null).toBeNull();
    });
    // Nothing holds time still but the server's own lock: an unlocked server would be 10 days on.
    expect(await now() - before).toBeLessThan(DAY_MS);
    // That lock is the only one: one unlock is accepted, a second is not.
    await testService.unlockTimeSkipping({});
    await expect(testService.unlockTimeSkipping({})).rejects.toThrow(/not locked/);
    await testService.lockTimeSkipping({});
    expect(await client.result(handle.workflowId)).toBe('woke');
    expect(await now() - before).toBeGreaterThanOrEqual(10 * DAY_MS);
  });

  maybe('result() skips time and gives the lock back', async () => {
    const elapsed = await client.execute(timerThenDone, { taskQueue: env!.taskQueue, workflowId: uniqueId('execute'), args: [30 * DAY_MS] });
    expect(elapsed).toBeGreaterThanOrEqual(30 * DAY_MS);
    await testService.unlockTimeSkipping({});
    await expect(testService.unlockTimeSkipping({})).rejects.toThrow(/not locked/);
    await testService.lockTimeSkipping({});
  });

  maybe('an activity sleeps on the virtual clock while the client waits on the result', async () => {
    for (const expected of ['activity', 'timer'] as const) {
      const winner = await client.execute(raceActivityAndTimer, { taskQueue: env!.taskQueue, workflowId: uniqueId(`race-${expected}`), args: [expected] });
      expect(winner).toBe(expected);
    }
  });
});
