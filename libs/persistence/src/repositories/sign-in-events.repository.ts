import type { DataSource } from 'typeorm';
import type { SignInLockoutRecord } from '../entities/sign-in.entities';

export type SignInOutcome = 'success' | 'failure' | 'locked';

export interface SignInEvent {
  username: string;
  userId: string | null;
  outcome: SignInOutcome;
  /** Set on the failure that started a lock. */
  lockedUntil?: Date | null;
  ip: string | null;
}

export type Lockout = Pick<SignInLockoutRecord, 'failures' | 'lockedUntil'>;

/** The sign-in audit (`sign_in_events`) and the failure counters (`sign_in_lockouts`), by normalised username. */
export class SignInEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(e: SignInEvent): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO sign_in_events (username, user_id, outcome, locked_until, ip) VALUES ($1, $2, $3, $4, $5)',
      [e.username, e.userId, e.outcome, e.lockedUntil ?? null, e.ip],
    );
  }

  async lockout(username: string): Promise<Lockout> {
    const rows: { failures: number; locked_until: Date | null }[] = await this.dataSource.query(
      'SELECT failures, locked_until FROM sign_in_lockouts WHERE username = $1',
      [username],
    );
    return rows[0] ? { failures: rows[0].failures, lockedUntil: rows[0].locked_until } : { failures: 0, lockedUntil: null };
  }

  /**
   * Counts one failure: `next` turns the stored state into the new one, under
   * the row's lock, so concurrent failures each count.
   */
  async countFailure(username: string, next: (state: Lockout, now: Date) => Lockout): Promise<Lockout> {
    return this.dataSource.transaction(async (m) => {
      await m.query('INSERT INTO sign_in_lockouts (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [username]);
      const rows: { failures: number; locked_until: Date | null; now: Date }[] = await m.query(
        'SELECT failures, locked_until, now() AS now FROM sign_in_lockouts WHERE username = $1 FOR UPDATE',
        [username],
      );
      const state = next({ failures: rows[0].failures, lockedUntil: rows[0].locked_until }, rows[0].now);
      await m.query('UPDATE sign_in_lockouts SET failures = $2, locked_until = $3, last_failure_at = now() WHERE username = $1', [
        username,
        state.failures,
        state.lockedUntil,
      ]);
      return state;
    });
  }

  async clearFailures(username: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sign_in_lockouts WHERE username = $1', [username]);
  }
}
