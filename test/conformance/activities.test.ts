/**
 * Activities: retry policy (backoff, maximum interval, maximum attempts,
 * non-retryable error types), the four timeouts, heartbeat details carried to
 * the next attempt, cancellation of a running activity through the heartbeat
 * response, and DescribeWorkflowExecution's pending activities.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { startConformanceEnv, countOf, eventTypes, eventually, idsAreDense, type ConformanceEnv } from './support/env';
import { attemptsOf, eventsOf } from './support/probes';
import { cancelRunningActivity, runActivity, type ActivityOutcome } from './support/workflows';
import { uniqueId } from '../support/temporal';

describe('conformance: activities', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('activities');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const run = (args: Parameters<typeof runActivity>) =>
    env.client.workflow.start(runActivity, { taskQueue: env.taskQueue, workflowId: uniqueId('act'), args });

  it('retries with exponential backoff up to the maximum interval, then succeeds', async () => {
    const key = uniqueId('backoff');
    const handle = await run(['failTimes', [key, 3, 'Transient'], {
      startToCloseTimeout: '5s',
      // Uncapped, the intervals would be 200 ms, 200 s, 200 000 s: only a capped engine lets this
      // run finish before the test's own timeout, so finishing is what proves the cap.
      retry: { initialInterval: '200ms', backoffCoefficient: 1000, maximumInterval: '300ms', maximumAttempts: 10 },
    }]);
    expect(await handle.result()).toEqual({ ok: 4 });
    const attempts = attemptsOf(key);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    // Each retry waits at least its interval: 200 ms, then the 300 ms cap. Lower bounds only —
    // a slower machine makes the gaps longer, never shorter.
    expect(gaps[0]).toBeGreaterThanOrEqual(180);
    expect(gaps[1]).toBeGreaterThanOrEqual(280);
    expect(gaps[2]).toBeGreaterThanOrEqual(280);
    // retries leave no trace in history: one Scheduled, one Started, one Completed
    const types = eventTypes(await handle.fetchHistory());
    expect(countOf(types, 'ACTIVITY_TASK_SCHEDULED')).toBe(1);
    expect(countOf(types, 'ACTIVITY_TASK_STARTED')).toBe(1);
    expect(countOf(types, 'ACTIVITY_TASK_COMPLETED')).toBe(1);
  });

  it('stops at maximum attempts with MAXIMUM_ATTEMPTS_REACHED', async () => {
    const key = uniqueId('max');
    const handle = await run(['alwaysFail', [key, 'Transient'], {
      startToCloseTimeout: '5s',
      retry: { initialInterval: '20ms', maximumAttempts: 3 },
    }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.name).toBe('ActivityFailure');
    expect(outcome.failure.retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
    expect(outcome.failure.cause).toMatchObject({ name: 'ApplicationFailure', type: 'Transient', message: 'attempt 3 failed' });
    expect(attemptsOf(key)).toHaveLength(3);
    const history = await handle.fetchHistory();
    const types = eventTypes(history);
    expect(countOf(types, 'ACTIVITY_TASK_FAILED')).toBe(1);
    const started = history.events!.find((e) => e.activityTaskStartedEventAttributes)!;
    expect(started.activityTaskStartedEventAttributes!.attempt).toBe(3);
  });

  it('does not retry error types the policy lists as non-retryable', async () => {
    const key = uniqueId('nonretryable-type');
    const handle = await run(['alwaysFail', [key, 'InvalidIdNumber'], {
      startToCloseTimeout: '5s',
      retry: { initialInterval: '20ms', maximumAttempts: 5, nonRetryableErrorTypes: ['InvalidIdNumber'] },
    }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.retryState).toBe('NON_RETRYABLE_FAILURE');
    expect(outcome.failure.cause).toMatchObject({ type: 'InvalidIdNumber' });
    expect(attemptsOf(key)).toHaveLength(1);
  });

  it('does not retry a failure the activity marks non-retryable', async () => {
    const handle = await run(['refuse', [], { startToCloseTimeout: '5s', retry: { initialInterval: '20ms', maximumAttempts: 5 } }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.retryState).toBe('NON_RETRYABLE_FAILURE');
    expect(outcome.failure.cause).toMatchObject({ type: 'InvalidIdNumber', nonRetryable: true, message: '身份证号校验失败' });
  });

  it('times out a slow attempt (start-to-close) and retries it', async () => {
    const key = uniqueId('stc');
    const handle = await run(['slow', [key, 3000, 1], {
      startToCloseTimeout: '400ms',
      retry: { initialInterval: '50ms', maximumAttempts: 3 },
    }]);
    expect(await handle.result()).toEqual({ ok: 2 });
    expect(attemptsOf(key).map((a) => a.attempt)).toEqual([1, 2]);
  });

  it('fails with a START_TO_CLOSE timeout when no attempt is left', async () => {
    const key = uniqueId('stc-final');
    const handle = await run(['slow', [key, 3000, 1], { startToCloseTimeout: '300ms', retry: { maximumAttempts: 1 } }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.name).toBe('ActivityFailure');
    expect(outcome.failure.cause).toMatchObject({ name: 'TimeoutFailure', timeoutType: 'START_TO_CLOSE' });
    expect(countOf(eventTypes(await handle.fetchHistory()), 'ACTIVITY_TASK_TIMED_OUT')).toBe(1);
  });

  it('fails with a SCHEDULE_TO_CLOSE timeout while the attempt is still running, never retried', async () => {
    const key = uniqueId('s2c');
    // The attempt sleeps past the test's own timeout: the outcome can only arrive if the server
    // times the activity out on its own, not when the attempt reports back.
    const handle = await run(['slow', [key, 10 * 60_000, 10], { scheduleToCloseTimeout: '600ms', retry: { initialInterval: '20ms' } }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.cause).toMatchObject({ name: 'TimeoutFailure', timeoutType: 'SCHEDULE_TO_CLOSE' });
    expect(attemptsOf(key)).toHaveLength(1);
    const types = eventTypes(await handle.fetchHistory());
    expect(countOf(types, 'ACTIVITY_TASK_TIMED_OUT')).toBe(1);
    expect(countOf(types, 'ACTIVITY_TASK_COMPLETED')).toBe(0);
    expect(types.indexOf('ACTIVITY_TASK_SCHEDULED')).toBeLessThan(types.indexOf('ACTIVITY_TASK_TIMED_OUT'));
  });

  it('fails with a SCHEDULE_TO_START timeout when no worker polls the queue', async () => {
    const handle = await run(['echo', ['nobody'], {
      taskQueue: uniqueId('no-worker'),
      scheduleToStartTimeout: '300ms',
      startToCloseTimeout: '5s',
    }]);
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.cause).toMatchObject({ name: 'TimeoutFailure', timeoutType: 'SCHEDULE_TO_START' });
    // schedule-to-start is not retried, and the activity never started
    expect(countOf(eventTypes(await handle.fetchHistory()), 'ACTIVITY_TASK_STARTED')).toBe(0);
  });

  it('times out a silent attempt (heartbeat) and hands its last heartbeat details to the next attempt', async () => {
    const key = uniqueId('hb');
    const handle = await run(['heartbeatThenStall', [key, 'checkpoint-7', 2500], {
      startToCloseTimeout: '10s',
      heartbeatTimeout: '500ms',
      retry: { initialInterval: '50ms', maximumAttempts: 3 },
    }]);
    expect(await handle.result()).toEqual({ ok: 'checkpoint-7' });
    const attempts = attemptsOf(key);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(attempts[1].heartbeatDetails).toBe('checkpoint-7');
  });

  it('delivers cancellation of a running activity through the heartbeat response', async () => {
    const key = uniqueId('cancel');
    const handle = await env.client.workflow.start(cancelRunningActivity, { taskQueue: env.taskQueue, workflowId: uniqueId('act-cancel'), args: [key, 500] });
    const outcome = (await handle.result()) as Extract<ActivityOutcome, { failure: unknown }>;
    expect(outcome.failure.name).toBe('ActivityFailure');
    expect(outcome.failure.cause).toMatchObject({ name: 'CancelledFailure' });
    // the activity itself saw the cancellation (WAIT_CANCELLATION_COMPLETED waited for it)
    expect(eventsOf(key)[0]).toBe('started');
    expect(eventsOf(key).some((e) => e.startsWith('cancelled'))).toBe(true);
    const history = await handle.fetchHistory();
    const types = eventTypes(history);
    expect(types).toEqual(expect.arrayContaining(['ACTIVITY_TASK_CANCEL_REQUESTED', 'ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_CANCELED']));
    expect(types.indexOf('ACTIVITY_TASK_CANCEL_REQUESTED')).toBeLessThan(types.indexOf('ACTIVITY_TASK_CANCELED'));
    expect(idsAreDense(history)).toBe(true);
  });

  it('lists pending activities in DescribeWorkflowExecution, with attempt and heartbeat details', async () => {
    const key = uniqueId('describe');
    const handle = await run(['heartbeatUntilCancelledRecorded', [key], { startToCloseTimeout: '30s', heartbeatTimeout: '5s' }]);
    const pending = await eventually(async () => {
      const { raw } = await handle.describe();
      const activity = raw.pendingActivities?.[0];
      if (!activity?.heartbeatDetails) throw new Error('activity not started yet');
      return activity;
    });
    expect(pending.activityType?.name).toBe('heartbeatUntilCancelledRecorded');
    expect(pending.attempt).toBe(1);
    expect(String(pending.state)).toMatch(/STARTED|2/);
    await handle.terminate('done looking');
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const { raw } = await handle.describe();
    expect(raw.pendingActivities ?? []).toHaveLength(0);
  });
});
