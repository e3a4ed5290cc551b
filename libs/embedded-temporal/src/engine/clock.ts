/**
 * The engine's notion of "now". Wall clock by default; with time skipping on
 * (the TestService), a virtual clock that jumps forward to the next timer
 * whenever nothing is running and no client holds a lock on skipping — so a
 * test can run a 30-day window in seconds.
 */
export class EngineClock {
  private offsetMs = 0;
  private locks: number;

  /** `initialLocks`: locks held from the start (see EngineOptions.timeSkippingLocked). */
  constructor(readonly skippingEnabled = false, initialLocks = 0) {
    this.locks = initialLocks;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advanceTo(target: number): void {
    const delta = target - this.now();
    if (delta > 0) this.offsetMs += delta;
  }

  lock(): void {
    this.locks += 1;
  }

  unlock(): void {
    if (this.locks === 0) throw new Error('time skipping is not locked');
    this.locks -= 1;
  }

  /** True while some client holds a lock on skipping (real time passes at its own pace). */
  get locked(): boolean {
    return this.locks > 0;
  }

  private holds = 0;

  /**
   * Engine work that virtual time must wait for, as it waits for a workflow task (a schedule taking its
   * actions: the runs it starts do not exist yet). Returns the release; releasing twice is harmless.
   */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
    };
  }

  /** True while engine work holds virtual time (see hold). */
  get held(): boolean {
    return this.holds > 0;
  }

  /** True when the engine may jump to the next timer. */
  canSkip(): boolean {
    return this.skippingEnabled && this.locks === 0;
  }
}
