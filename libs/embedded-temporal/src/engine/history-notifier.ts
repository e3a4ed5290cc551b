/**
 * Wakes history long-polls (GetWorkflowExecutionHistory with waitNewEvent)
 * when a run's history grows. Kept apart from the run cache so that reads can
 * wait without holding, or even knowing about, a run's lock.
 */
export class HistoryNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Called after a change to the run is committed. */
  wake(runId: string): void {
    const waiters = this.waiters.get(runId);
    if (!waiters) return;
    this.waiters.delete(runId);
    for (const w of waiters) w();
  }

  /** Resolves on the next committed change to the run, or after `ms`. */
  wait(runId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(runId);
      if (!set) {
        set = new Set();
        this.waiters.set(runId, set);
      }
      const done = () => {
        clearTimeout(timer);
        set!.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /** On shutdown every long poll answers at once. */
  wakeAll(): void {
    for (const waiters of this.waiters.values()) for (const w of waiters) w();
  }
}
