/**
 * The test service's time skipping: with skipping on, the virtual clock jumps
 * to the next deadline whenever nothing is in flight (no workflow task out, no
 * activity running or due), as Temporal's test server does.
 */
import type { EngineClock } from './clock';
import type { RunState } from './state';
import type { TimerWheel } from './timer-wheel';

/**
 * How long sleepVirtual waits for the work a fired deadline caused to finish before moving on. Temporal's
 * test server does not move time while a task is out; a bound still keeps a sleep with no worker from
 * hanging. 5 s proved too short on a loaded 2-core machine: a cron run's first workflow task was still out
 * when the clock passed its 10-minute run timeout, so the run timed out.
 */
const SETTLE_LIMIT_MS = 30_000;
const SETTLE_POLL_MS = 20;

export class TimeSkipper {
  constructor(
    private readonly clock: EngineClock,
    private readonly timers: TimerWheel,
    private readonly runs: ReadonlyMap<string, RunState>,
  ) {}

  /** Jumps the virtual clock to the next deadline when nothing is in flight. */
  skipTimeIfIdle(): boolean {
    if (!this.clock.canSkip() || this.clock.held) return false;
    for (const s of this.runs.values()) {
      if (s.status !== 'Running') continue;
      if (s.wft && !(s.wft.notBefore && s.wft.notBefore > this.clock.now())) return false;
      if (this.activityInFlight(s)) return false;
    }
    const next = this.timers.next();
    if (next === undefined) return false;
    this.clock.advanceTo(next);
    this.timers.runDue();
    return true;
  }

  /**
   * Advances the virtual clock by `ms`, firing every deadline on the way in order. `awaitActivities` false: after
   * a deadline fires, wait only for workflow tasks, not running activities (the caller is one of them).
   */
  async sleepVirtual(ms: number, awaitActivities = true): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      const next = this.timers.next();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      this.timers.runDue();
      await this.settle(awaitActivities);
    }
    this.clock.advanceTo(target);
    this.timers.runDue();
  }

  /** Waits briefly until no workflow task (nor, with `activities`, activity) is running (bounded). */
  private async settle(activities: boolean): Promise<void> {
    const until = Date.now() + SETTLE_LIMIT_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      if (!this.workInFlight(activities)) return;
    }
  }

  /**
   * A workflow task out or (with `activities`) an activity running or due. In Temporal's test server such work
   * holds a lock on skipping of its own, which is why an activity may sleep (UnlockTimeSkippingWithSleep) while
   * the client waiting on the result has let go of its lock.
   */
  workInFlight(activities = true): boolean {
    // A schedule taking its actions holds the clock (EngineClock.hold) as a workflow task does.
    if (this.clock.held) return true;
    for (const s of this.runs.values()) {
      if (s.status !== 'Running') continue;
      if (s.wft || (activities && this.activityInFlight(s))) return true;
    }
    return false;
  }

  /** An activity running, or due to be offered: its result may come any moment. */
  private activityInFlight(s: RunState): boolean {
    return Object.values(s.activities).some((a) => a.startedAt !== undefined || a.scheduledAt <= this.clock.now());
  }
}
