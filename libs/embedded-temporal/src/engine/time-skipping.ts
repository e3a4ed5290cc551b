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

  /** Advances the virtual clock by `ms`, firing every deadline on the way in order. */
  async sleepVirtual(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      const next = this.timers.next();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      this.timers.runDue();
      await this.settle();
    }
    this.clock.advanceTo(target);
    this.timers.runDue();
  }

  /** Waits briefly until no workflow task or activity is running (bounded). */
  private async settle(): Promise<void> {
    const until = Date.now() + SETTLE_LIMIT_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      let busy = this.clock.held;
      for (const s of this.runs.values()) {
        if (s.status !== 'Running') continue;
        if (s.wft || this.activityInFlight(s)) busy = true;
        if (busy) break;
      }
      if (!busy) return;
    }
  }

  /** An activity running, or due to be offered: its result may come any moment. */
  private activityInFlight(s: RunState): boolean {
    return Object.values(s.activities).some((a) => a.startedAt !== undefined || a.scheduledAt <= this.clock.now());
  }
}
