/**
 * Activities for the topic suites (activities, children, describe…). Each
 * records what it saw in probes.ts under a key the test chooses.
 */
import { ApplicationFailure, CancelledFailure, Context, sleep } from '@temporalio/activity';
import { recordAttempt, recordEvent } from './probes';

function track(key: string): number {
  const info = Context.current().info;
  recordAttempt(key, { attempt: info.attempt, at: Date.now(), heartbeatDetails: info.heartbeatDetails });
  return info.attempt;
}

/** Fails every attempt with a retryable error of `type`. */
export async function alwaysFail(key: string, type: string): Promise<never> {
  const attempt = track(key);
  throw ApplicationFailure.create({ message: `attempt ${attempt} failed`, type, nonRetryable: false });
}

/** Fails the first `failures` attempts with `type`, then returns the attempt number. */
export async function failTimes(key: string, failures: number, type: string): Promise<number> {
  const attempt = track(key);
  if (attempt <= failures) throw ApplicationFailure.create({ message: `attempt ${attempt} failed`, type });
  return attempt;
}

/** Sleeps `ms` (in the first `slowAttempts` attempts), then returns the attempt number. */
export async function slow(key: string, ms: number, slowAttempts: number): Promise<number> {
  const attempt = track(key);
  if (attempt <= slowAttempts) {
    try {
      await sleep(ms);
    } catch {
      // cancelled after the server timed the attempt out: the result is ignored anyway
    }
  }
  return attempt;
}

/**
 * Attempt 1 heartbeats `checkpoint` and then goes silent (heartbeat timeout);
 * attempt 2 returns the heartbeat details it was given.
 */
export async function heartbeatThenStall(key: string, checkpoint: string, stallMs: number): Promise<unknown> {
  const attempt = track(key);
  if (attempt === 1) {
    Context.current().heartbeat(checkpoint);
    try {
      await sleep(stallMs);
    } catch {
      // cancelled locally once the server gave up on this attempt
    }
    return 'stalled attempt finished';
  }
  return Context.current().info.heartbeatDetails;
}

/** Heartbeats until cancelled; records the cancellation it received through the heartbeat response. */
export async function heartbeatUntilCancelledRecorded(key: string): Promise<string> {
  track(key);
  recordEvent(key, 'started');
  try {
    for (;;) {
      Context.current().heartbeat('beating');
      await sleep(50);
    }
  } catch (err) {
    if (err instanceof CancelledFailure) recordEvent(key, `cancelled:${err.message}`);
    throw err;
  }
}
