/**
 * The lockout rule, as pure functions: `maxFailures` consecutive failures of
 * one normalised username lock it for `lockMinutes`; a success clears the
 * count; a failure after a lock has run out starts counting again from one.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export interface LockoutState {
  failures: number;
  lockedUntil: Date | null;
}

export const NO_FAILURES: LockoutState = { failures: 0, lockedUntil: null };

/** The username as counted and looked up: trimmed, Unicode-normalised, lower case. */

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failed attempt; `lockedUntil` is new when this failure started a lock. */
export function afterFailure(state: LockoutState, now: Date, policy: LockoutPolicy): LockoutState {
  const lapsed = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failures = (lapsed ? 0 : state.failures) + 1;
  if (failures >= policy.maxFailures) return { failures, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  return { failures, lockedUntil: null };
}

/** Whole minutes until the lock ends (at least 1), for the message. */
export function minutesLeft(state: LockoutState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
}
