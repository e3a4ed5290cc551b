import { decideRetry, defaultRetryPolicy, normaliseActivityTimeouts, RetryState } from './activity-rules';

describe('activity timeout normalisation', () => {
  it('derives start-to-close and schedule-to-start from schedule-to-close', () => {
    expect(normaliseActivityTimeouts({ scheduleToCloseMs: 60_000, scheduleToStartMs: 0, startToCloseMs: 0, heartbeatMs: 0 }, 0)).toEqual({
      scheduleToCloseMs: 60_000, scheduleToStartMs: 60_000, startToCloseMs: 60_000, heartbeatMs: 0,
    });
  });
  it('caps heartbeat at start-to-close and everything at the run timeout', () => {
    expect(normaliseActivityTimeouts({ scheduleToCloseMs: 0, scheduleToStartMs: 0, startToCloseMs: 30_000, heartbeatMs: 90_000 }, 20_000)).toEqual({
      scheduleToCloseMs: 20_000, scheduleToStartMs: 20_000, startToCloseMs: 20_000, heartbeatMs: 20_000,
    });
  });
  it('refuses an activity without start-to-close or schedule-to-close', () => {
    expect(typeof normaliseActivityTimeouts({ scheduleToCloseMs: 0, scheduleToStartMs: 5, startToCloseMs: 0, heartbeatMs: 0 }, 0)).toBe('string');
  });
});

describe('activity retry decision', () => {
  const policy = defaultRetryPolicy({ initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 5000, maximumAttempts: 4 });

  it('backs off exponentially up to the maximum interval', () => {
    const backoffs = [1, 2, 3].map((attempt) => decideRetry(policy, { attempt, now: 0, deadline: 0 }));
    expect(backoffs).toEqual([{ retry: true, backoffMs: 1000 }, { retry: true, backoffMs: 2000 }, { retry: true, backoffMs: 4000 }]);
    const capped = decideRetry({ ...policy, maximumAttempts: 0 }, { attempt: 10, now: 0, deadline: 0 });
    expect(capped).toEqual({ retry: true, backoffMs: 5000 });
  });
  it('stops at the maximum attempts', () => {
    expect(decideRetry(policy, { attempt: 4, now: 0, deadline: 0 })).toEqual({ retry: false, retryState: RetryState.MAXIMUM_ATTEMPTS_REACHED });
  });
  it('does not retry non-retryable failures or listed error types', () => {
    expect(decideRetry(policy, { attempt: 1, nonRetryable: true, now: 0, deadline: 0 })).toEqual({ retry: false, retryState: RetryState.NON_RETRYABLE_FAILURE });
    const typed = defaultRetryPolicy({ nonRetryableErrorTypes: ['ValidationError'] });
    expect(decideRetry(typed, { attempt: 1, errorType: 'ValidationError', now: 0, deadline: 0 })).toEqual({ retry: false, retryState: RetryState.NON_RETRYABLE_FAILURE });
  });
  it('gives up when the next attempt would start after the schedule-to-close deadline', () => {
    expect(decideRetry(policy, { attempt: 1, now: 10_000, deadline: 10_500 })).toEqual({ retry: false, retryState: RetryState.TIMEOUT });
  });
  it('honours a delay requested by the failure', () => {
    expect(decideRetry(policy, { attempt: 1, nextRetryDelayMs: 7000, now: 0, deadline: 0 })).toEqual({ retry: true, backoffMs: 7000 });
  });
});
