import { normaliseUsername } from '@gongkai/domain';
import { afterFailure, isLocked, minutesLeft, NO_FAILURES, type LockoutState } from './login-lockout';

const policy = { maxFailures: 5, lockMinutes: 15 };
const t0 = new Date('2026-03-02T01:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('the lockout rule', () => {
  it('locks on the fifth consecutive failure, for fifteen minutes', () => {
    let state: LockoutState = NO_FAILURES;
    for (let i = 1; i <= 4; i++) {
      state = afterFailure(state, t0, policy);
      expect(state).toEqual({ failures: i, lockedUntil: null });
      expect(isLocked(state, t0)).toBe(false);
    }
    state = afterFailure(state, t0, policy);
    expect(state.lockedUntil).toEqual(at(15));
    expect(isLocked(state, at(14.9))).toBe(true);
    expect(minutesLeft(state, at(0.5))).toBe(15);
    expect(isLocked(state, at(15))).toBe(false);
  });

  it('counts again from one after a lock ran out', () => {
    const locked: LockoutState = { failures: 5, lockedUntil: at(15) };
    expect(afterFailure(locked, at(16), policy)).toEqual({ failures: 1, lockedUntil: null });
  });

  it('counts a name however it is typed', () => {
    expect(normaliseUsername('  LiNa ')).toBe('lina');
    expect(normaliseUsername('ｌｉｎａ')).toBe('lina');
  });
});
