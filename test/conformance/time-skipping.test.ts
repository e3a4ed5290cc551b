/**
 * Time skipping through the TestService: a workflow sleeping 30 days
 * completes in seconds, and Sleep / GetCurrentTime / Lock / Unlock move and
 * read the engine's virtual clock. Reported as skipped when the server has
 * no TestService (a real Temporal cluster without TEMPORAL_TIME_SKIPPING=1).
 */
import { msToTs } from '@temporalio/common/lib/time';
import { eventually, startConformanceEnv, type ConformanceEnv } from './support/env';
import { cronCount, sleeper, timerThenDone } from './support/workflows';
import { describeWithTimeSkipping, uniqueId } from '../support/temporal';

const DAY_MS = 24 * 3600 * 1000;

function seconds(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(ts?.seconds ?? 0) + (ts?.nanos ?? 0) / 1e9;
}

/** Moves the locked virtual clock to the next half past the hour, so hourly steps stay clear of fire times. */
async function lockAtHalfPast(testService: NonNullable<ConformanceEnv['connection']['testService']>): Promise<void> {
  await testService.lockTimeSkipping({});
  const now = seconds((await testService.getCurrentTime({})).time) * 1000;
  const halfPast = Math.ceil(now / 3_600_000) * 3_600_000 + 1_800_000;
  await testService.sleep({ duration: msToTs(halfPast - now) });
}

describeWithTimeSkipping('conformance: time skipping', () => {
  let env: ConformanceEnv | undefined;

  beforeAll(async () => {
    env = await startConformanceEnv('time-skipping', { timeSkipping: true, timeSkippingLocked: false });
  });

  afterAll(async () => {
    await env?.stop();
  });

  const maybe = (name: string, fn: () => Promise<void>) => it(name, fn);

  // Without skipping it would sleep 30 real days: the test's own timeout is the bound on wall time.
  maybe('a workflow sleeping 30 days completes, its clock 30 days on', async () => {
    const testService = env!.connection.testService!;
    const before = seconds((await testService.getCurrentTime({})).time);
    const elapsed = await env!.client.workflow.execute(timerThenDone, { taskQueue: env!.taskQueue, workflowId: uniqueId('30-days'), args: [30 * DAY_MS] });
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

  maybe('UnlockTimeSkippingWithSleep advances and takes the lock back', async () => {
    const testService = env!.connection.testService!;
    await testService.lockTimeSkipping({});
    const t0 = seconds((await testService.getCurrentTime({})).time);
    await testService.unlockTimeSkippingWithSleep({ duration: msToTs('10 minutes') });
    const t1 = seconds((await testService.getCurrentTime({})).time);
    expect(t1 - t0).toBeGreaterThanOrEqual(600);
    // The count is back at one (the drill clock relies on it): one unlock balances it, a second is unbalanced.
    await testService.unlockTimeSkipping({});
    await expect(testService.unlockTimeSkipping({})).rejects.toThrow(/not locked/);
    // Without a lock to let go of, it is refused like an unbalanced unlock.
    await expect(testService.unlockTimeSkippingWithSleep({ duration: msToTs('1 minute') })).rejects.toThrow(/not locked/);
  });

  maybe('a cron workflow runs on its schedule, each run starting the next with its result', async () => {
    const testService = env!.connection.testService!;
    const workflowId = uniqueId('cron');
    const list = async () => {
      const runs = [];
      for await (const w of env!.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
      return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    };
    await lockAtHalfPast(testService);
    try {
      // hourly; the second run fails on purpose (no retry policy), the chain goes on
      await env!.client.workflow.start(cronCount, { taskQueue: env!.taskQueue, workflowId, cronSchedule: '0 * * * *', args: [2] });
      for (let closed = 1; closed <= 4; closed++) {
        await testService.sleep({ duration: msToTs('1 hour') });
        await eventually(async () => expect((await list()).filter((r) => r.status.name !== 'RUNNING')).toHaveLength(closed));
      }
      expect((await list()).map((r) => r.status.name)).toEqual(['COMPLETED', 'FAILED', 'COMPLETED', 'COMPLETED', 'RUNNING']);
      // terminating the waiting run ends the chain (before time may skip again)
      await env!.client.workflow.getHandle(workflowId).terminate('cron test over');
    } finally {
      await testService.unlockTimeSkipping({});
    }
    const runs = await list();
    expect(runs.map((r) => r.status.name)).toEqual(['COMPLETED', 'FAILED', 'COMPLETED', 'COMPLETED', 'TERMINATED']);
    const results: unknown[] = [];
    for (const run of runs) {
      const history = await env!.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      const events = history.events!;
      const started = events[0].workflowExecutionStartedEventAttributes!;
      expect(started.cronSchedule).toBe('0 * * * *');
      // every run waits for the top of an hour
      expect(seconds(started.firstWorkflowTaskBackoff)).toBeGreaterThan(0);
      expect(run.executionTime!.getTime() % 3_600_000).toBe(0);
      const last = events[events.length - 1];
      const closing = last.workflowExecutionCompletedEventAttributes ?? last.workflowExecutionFailedEventAttributes;
      if (run.status.name === 'TERMINATED') continue;
      // the close names the next run, started by the schedule
      const nextRun = runs[runs.indexOf(run) + 1];
      expect(closing?.newExecutionRunId).toBe(nextRun.runId);
      const nextStarted = (await env!.client.workflow.getHandle(workflowId, nextRun.runId).fetchHistory()).events![0].workflowExecutionStartedEventAttributes!;
      expect(nextStarted.initiator).toBe(3); // CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE
      expect(nextStarted.continuedExecutionRunId).toBe(run.runId);
      if (run.status.name === 'FAILED') expect(nextStarted.continuedFailure?.message).toMatch(/run 2 fails on purpose/);
      const result = last.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
      results.push(result ? JSON.parse(Buffer.from(result.data!).toString()) : 'failed');
    }
    // run 3 was given run 1's result (the last success) and run 2's failure
    expect(results).toEqual([1, 'failed', 2, 3]);
    // and nothing follows a terminated run
    await testService.sleep({ duration: msToTs('2 hours') });
    await new Promise((r) => setTimeout(r, 300));
    expect(await list()).toHaveLength(5);
  });

  /** Runs of a workflow id, oldest first, once `closed` of them have closed (time locked, moved an hour per step). */
  async function cronRuns(workflowId: string, hours: number, closedAfter: (hour: number) => number) {
    const testService = env!.connection.testService!;
    const list = async () => {
      const runs = [];
      for await (const w of env!.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
      return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    };
    for (let hour = 1; hour <= hours; hour++) {
      await testService.sleep({ duration: msToTs('1 hour') });
      await eventually(async () => expect((await list()).filter((r) => r.status.name !== 'RUNNING')).toHaveLength(closedAfter(hour)));
    }
    return list();
  }

  maybe('a cron run\'s run timeout counts from its fire time, not from while it waited', async () => {
    const testService = env!.connection.testService!;
    const workflowId = uniqueId('cron-timeout');
    await lockAtHalfPast(testService);
    try {
      await env!.client.workflow.start(cronCount, { taskQueue: env!.taskQueue, workflowId, cronSchedule: '0 * * * *', workflowRunTimeout: '10 minutes' });
      const runs = await cronRuns(workflowId, 2, (hour) => hour);
      expect(runs.map((r) => r.status.name)).toEqual(['COMPLETED', 'COMPLETED', 'RUNNING']);
      await env!.client.workflow.getHandle(workflowId).terminate('cron test over');
    } finally {
      await testService.unlockTimeSkipping({});
    }
  });

  maybe('a cron run retried by its retry policy still sees the last successful result', async () => {
    const testService = env!.connection.testService!;
    const workflowId = uniqueId('cron-retry');
    await lockAtHalfPast(testService);
    try {
      // run 2 fails once, its retry (after 1 s) succeeds with 2: it was given run 1's result
      await env!.client.workflow.start(cronCount, {
        taskQueue: env!.taskQueue, workflowId, cronSchedule: '0 * * * *', args: [2, true], retry: { maximumAttempts: 2, initialInterval: '1 second' },
      });
      await cronRuns(workflowId, 1, () => 1);
      // hour 2: run 2 fails, and its retry runs after its 1 s backoff
      await testService.sleep({ duration: msToTs('1 hour') });
      await testService.sleep({ duration: msToTs('2 seconds') });
      let runs = await cronRuns(workflowId, 0, () => 0);
      await eventually(async () => {
        runs = await cronRuns(workflowId, 0, () => 0);
        expect(runs.map((r) => r.status.name)).toEqual(['COMPLETED', 'FAILED', 'COMPLETED', 'RUNNING']);
      });
      const result = async (runId: string) => {
        const events = (await env!.client.workflow.getHandle(workflowId, runId).fetchHistory()).events!;
        const payload = events[events.length - 1].workflowExecutionCompletedEventAttributes!.result!.payloads![0];
        return JSON.parse(Buffer.from(payload.data!).toString());
      };
      expect(await result(runs[0].runId)).toBe(1);
      expect(await result(runs[2].runId)).toBe(2);
      await env!.client.workflow.getHandle(workflowId).terminate('cron test over');
    } finally {
      await testService.unlockTimeSkipping({});
    }
  });
});
