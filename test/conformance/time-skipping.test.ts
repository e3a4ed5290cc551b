/**
 * Time skipping through the TestService: a workflow sleeping 30 days
 * completes in seconds, and Sleep / GetCurrentTime / Lock / Unlock move and
 * read the engine's virtual clock. Skips itself when the server has no
 * TestService (a real Temporal cluster).
 */
import { msToTs } from '@temporalio/common/lib/time';
import { startConformanceEnv, type ConformanceEnv } from './support/env';
import { sleeper, timerThenDone } from './support/workflows';
import { uniqueId } from '../support/temporal';

const DAY_MS = 24 * 3600 * 1000;

function seconds(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(ts?.seconds ?? 0) + (ts?.nanos ?? 0) / 1e9;
}

describe('conformance: time skipping', () => {
  let env: ConformanceEnv | undefined;

  beforeAll(async () => {
    const candidate = await startConformanceEnv('time-skipping', { timeSkipping: true });
    if (!candidate.temporal.timeSkipping) {
      await candidate.stop();
      return;
    }
    env = candidate;
  });

  afterAll(async () => {
    await env?.stop();
  });

  const maybe = (name: string, fn: () => Promise<void>) => it(name, async () => {
    if (!env) {
      console.warn(`skipped (server has no time skipping): ${name}`);
      return;
    }
    await fn();
  });

  maybe('a workflow sleeping 30 days completes in seconds', async () => {
    const testService = env!.connection.testService!;
    const before = seconds((await testService.getCurrentTime({})).time);
    const started = Date.now();
    const elapsed = await env!.client.workflow.execute(timerThenDone, { taskQueue: env!.taskQueue, workflowId: uniqueId('30-days'), args: [30 * DAY_MS] });
    expect(Date.now() - started).toBeLessThan(10_000);
    // workflow time moved 30 days
    expect(elapsed).toBeGreaterThanOrEqual(30 * DAY_MS);
    const after = seconds((await testService.getCurrentTime({})).time);
    expect(after - before).toBeGreaterThanOrEqual(30 * 24 * 3600);
  });

  maybe('Sleep advances the locked clock and fires due timers on the way', async () => {
    const testService = env!.connection.testService!;
    await testService.lockTimeSkipping({});
    try {
      const handle = await env!.client.workflow.start(sleeper, { taskQueue: env!.taskQueue, workflowId: uniqueId('sleep'), args: [2 * 3600 * 1000] });
      // let the first workflow task start the timer
      await new Promise((r) => setTimeout(r, 500));
      const t0 = seconds((await testService.getCurrentTime({})).time);
      await testService.sleep({ duration: msToTs('3 hours') });
      const t1 = seconds((await testService.getCurrentTime({})).time);
      expect(t1 - t0).toBeGreaterThanOrEqual(3 * 3600);
      expect(t1 - t0).toBeLessThan(3 * 3600 + 60);
      expect(await handle.result()).toBe('woke');
    } finally {
      await testService.unlockTimeSkipping({});
    }
  });

  maybe('UnlockTimeSkippingWithSleep unlocks and advances', async () => {
    const testService = env!.connection.testService!;
    await testService.lockTimeSkipping({});
    const t0 = seconds((await testService.getCurrentTime({})).time);
    await testService.unlockTimeSkippingWithSleep({ duration: msToTs('10 minutes') });
    const t1 = seconds((await testService.getCurrentTime({})).time);
    expect(t1 - t0).toBeGreaterThanOrEqual(600);
  });
});
