/**
 * Temporal's rules for activity timeouts and retries, as pure functions:
 * timeout normalisation when an activity is scheduled, and the retry decision
 * after a failed attempt (RetryState values from temporal.api.enums.v1).
 */
import type { RetryPolicy } from './state';

export const RetryState = {
  IN_PROGRESS: 1,
  NON_RETRYABLE_FAILURE: 2,
  TIMEOUT: 3,
  MAXIMUM_ATTEMPTS_REACHED: 4,
  RETRY_POLICY_NOT_SET: 5,
  CANCEL_REQUESTED: 7,
} as const;

export interface ActivityTimeouts {
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
}

/**
 * Fills unset timeouts the way the Temporal server does. Returns an error
 * message when neither schedule-to-close nor start-to-close is given.
 */
export function normaliseActivityTimeouts(t: ActivityTimeouts, runTimeoutMs: number): ActivityTimeouts | string {
  let { scheduleToCloseMs, scheduleToStartMs, startToCloseMs, heartbeatMs } = t;
  if (scheduleToCloseMs < 0 || scheduleToStartMs < 0 || startToCloseMs < 0 || heartbeatMs < 0) {
    return 'activity timeouts must not be negative';
  }
  if (scheduleToCloseMs > 0) {
    scheduleToStartMs = scheduleToStartMs > 0 ? Math.min(scheduleToStartMs, scheduleToCloseMs) : scheduleToCloseMs;
    startToCloseMs = startToCloseMs > 0 ? Math.min(startToCloseMs, scheduleToCloseMs) : scheduleToCloseMs;
  } else if (startToCloseMs > 0) {
    scheduleToCloseMs = runTimeoutMs;
    if (scheduleToStartMs === 0) scheduleToStartMs = scheduleToCloseMs;
  } else {
    return 'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.';
  }
  if (runTimeoutMs > 0) {
    if (scheduleToCloseMs === 0 || scheduleToCloseMs > runTimeoutMs) scheduleToCloseMs = runTimeoutMs;
    if (scheduleToStartMs === 0 || scheduleToStartMs > runTimeoutMs) scheduleToStartMs = runTimeoutMs;
    if (startToCloseMs > runTimeoutMs) startToCloseMs = runTimeoutMs;
  }
  if (heartbeatMs > startToCloseMs) heartbeatMs = startToCloseMs;
  return { scheduleToCloseMs, scheduleToStartMs, startToCloseMs, heartbeatMs };
}

export function defaultRetryPolicy(p: Partial<RetryPolicy>): RetryPolicy {
  const initialIntervalMs = p.initialIntervalMs && p.initialIntervalMs > 0 ? p.initialIntervalMs : 1000;
  return {
    initialIntervalMs,
    backoffCoefficient: p.backoffCoefficient && p.backoffCoefficient >= 1 ? p.backoffCoefficient : 2,
    maximumIntervalMs: p.maximumIntervalMs && p.maximumIntervalMs > 0 ? p.maximumIntervalMs : 100 * initialIntervalMs,
    maximumAttempts: p.maximumAttempts && p.maximumAttempts > 0 ? p.maximumAttempts : 0,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes ?? [],
  };
}

export interface FailedAttempt {
  /** The attempt that just failed (1-based). */
  attempt: number;
  errorType?: string;
  nonRetryable?: boolean;
  /** A delay asked for by the failure (ApplicationFailure.nextRetryDelay). */
  nextRetryDelayMs?: number;
  /** Timeouts of kind schedule-to-start / schedule-to-close never retry. */
  terminalTimeout?: boolean;
  now: number;
  /** Absolute schedule-to-close deadline, 0 when none. */
  deadline: number;
}

export type RetryDecision = { retry: true; backoffMs: number } | { retry: false; retryState: number };

export function decideRetry(policy: RetryPolicy, f: FailedAttempt): RetryDecision {
  if (f.terminalTimeout) return { retry: false, retryState: RetryState.TIMEOUT };
  if (f.nonRetryable || (f.errorType && policy.nonRetryableErrorTypes.includes(f.errorType))) {
    return { retry: false, retryState: RetryState.NON_RETRYABLE_FAILURE };
  }
  if (policy.maximumAttempts > 0 && f.attempt >= policy.maximumAttempts) {
    return { retry: false, retryState: RetryState.MAXIMUM_ATTEMPTS_REACHED };
  }
  const exponential = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, f.attempt - 1);
  const backoffMs = f.nextRetryDelayMs && f.nextRetryDelayMs > 0 ? f.nextRetryDelayMs : Math.min(exponential, policy.maximumIntervalMs);
  if (f.deadline > 0 && f.now + backoffMs >= f.deadline) return { retry: false, retryState: RetryState.TIMEOUT };
  return { retry: true, backoffMs: Math.round(backoffMs) };
}
