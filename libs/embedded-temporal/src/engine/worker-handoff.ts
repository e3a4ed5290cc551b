/**
 * When a run's worker may be handed its next task. The SDK's core takes in
 * the answer to what it sent back (a workflow task's completion, a query's
 * answer) on one path and newly polled tasks on another. A task for the same
 * run polled before it has taken in that answer finds the old one still
 * outstanding: core logs "Trying to send a new WFT for a run which already
 * has one!" and loses track of one of the two, and a workflow task lost that
 * way waits out its start-to-close timeout (an update riding on it answers
 * 504 first). Temporal leaves that window to chance; the engine closes it
 * where a task would otherwise go out at the very moment of an answer:
 * - the next workflow task a completion calls for is returned with the
 *   completion's answer, never queued (workflow-task-service.ts);
 * - a query task goes out only once the run's last answer has settled, and
 *   one at a time (query-registry.ts);
 * - a workflow task is offered only when no query of its run is at the
 *   worker and the last query answer has settled.
 * Nothing else waits: an update or signal sent after a task's answer has
 * come back through its client, which is settling time enough.
 *
 * Times are the wall clock's (never virtual time: they are about a live
 * worker process).
 */

/** How long after an answer is sent the worker may still be taking it in. */
export const ANSWER_SETTLE_MS = 100;
/** Bookkeeping of runs whose last answer has settled is dropped once there are this many. */
const SWEEP_AT = 4096;

interface RunHandoff {
  /** Query tasks handed to a worker and not yet answered or timed out. */
  queriesOut: number;
  /** Before this instant the worker may still be taking in a workflow task's answer. */
  taskSettles: number;
  /** Before this instant the worker may still be taking in a query's answer. */
  querySettles: number;
  /** Workflow-task offers held while a query is at the worker. */
  held: Array<() => void>;
  timer?: NodeJS.Timeout;
  /** When `timer` fires. */
  wakeAt?: number;
}

export class WorkerHandoff {
  private readonly runs = new Map<string, RunHandoff>();

  /** @param settled called when a run's worker may be handed a query again (the registry dispatches then). */
  constructor(private readonly settled: (runId: string) => void) {}

  /** A workflow task's completion for this run is being answered. */
  taskAnswered(runId: string): void {
    if (this.runs.size >= SWEEP_AT) this.sweep();
    this.entry(runId).taskSettles = Date.now() + ANSWER_SETTLE_MS;
  }

  /** Whether a query task for this run may go to a worker now. If not, `settled` is called when it may. */
  queryMayGo(runId: string): boolean {
    const h = this.runs.get(runId);
    if (!h) return true;
    if (h.queriesOut > 0) return false; // its answer wakes the run
    const wait = Math.max(h.taskSettles, h.querySettles) - Date.now();
    if (wait <= 0) return true;
    this.wakeIn(runId, h, wait);
    return false;
  }

  /**
   * queryMayGo, and if so the query task counts as at the worker until `queryAnswered` (checked again when a poll
   * takes the task: two offered together must not both go).
   */
  claimForQuery(runId: string): boolean {
    if (!this.queryMayGo(runId)) return false;
    this.entry(runId).queriesOut = 1;
    return true;
  }

  /** A query task claimed with claimForQuery was answered (or timed out, or its poll went away). */
  queryAnswered(runId: string): void {
    const h = this.runs.get(runId);
    if (!h || h.queriesOut === 0) return;
    h.queriesOut -= 1;
    h.querySettles = Date.now() + ANSWER_SETTLE_MS;
    this.wakeIn(runId, h, ANSWER_SETTLE_MS);
  }

  /** Offers a workflow task now, or once no query of its run is at the worker and the last answer settled. */
  offerWorkflowTask(runId: string, offer: () => void): void {
    const h = this.runs.get(runId);
    if (!h || (h.queriesOut === 0 && Date.now() >= h.querySettles)) {
      offer();
      return;
    }
    h.held.push(offer);
    if (h.queriesOut === 0) this.wakeIn(runId, h, h.querySettles - Date.now());
  }

  /** The engine stops: nothing more goes out. */
  clear(): void {
    for (const h of this.runs.values()) clearTimeout(h.timer);
    this.runs.clear();
  }

  private entry(runId: string): RunHandoff {
    let h = this.runs.get(runId);
    if (!h) {
      h = { queriesOut: 0, taskSettles: 0, querySettles: 0, held: [] };
      this.runs.set(runId, h);
    }
    return h;
  }

  /** Wakes the run in `ms`, or sooner if a wake is already due sooner (wake reschedules what is left then). */
  private wakeIn(runId: string, h: RunHandoff, ms: number): void {
    const at = Date.now() + Math.max(0, ms);
    if (h.timer && h.wakeAt! <= at) return;
    clearTimeout(h.timer);
    h.wakeAt = at;
    h.timer = setTimeout(() => this.wake(runId, h), at - Date.now());
    h.timer.unref?.();
  }

  private wake(runId: string, h: RunHandoff): void {
    h.timer = undefined;
    h.wakeAt = undefined;
    if (h.queriesOut > 0) return;
    const wait = Math.max(h.taskSettles, h.querySettles) - Date.now();
    if (Date.now() >= h.querySettles) {
      const held = h.held;
      h.held = [];
      for (const offer of held) offer();
    }
    if (wait > 0) this.wakeIn(runId, h, wait);
    else this.settled(runId);
  }

  /** Drops the bookkeeping of runs nothing waits on any more. */
  private sweep(): void {
    const now = Date.now();
    for (const [runId, h] of this.runs) {
      if (h.queriesOut === 0 && !h.held.length && !h.timer && now >= h.taskSettles && now >= h.querySettles) this.runs.delete(runId);
    }
  }
}
