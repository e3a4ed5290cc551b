/* eslint-disable @typescript-eslint/no-explicit-any -- queries are protobufjs messages */
/**
 * Queries waiting for a worker (Temporal's query registry). They go out as
 * legacy query tasks on the run's normal queue, and only while no workflow
 * task is outstanding: the worker answers a query from the state the last
 * completed task left, never from one half-applied. A query task is handed
 * to a worker only once the run's last answer has settled, one at a time
 * (worker-handoff.ts says why).
 */
import type { Matching } from './matching';
import type { RunState } from './state';
import { WorkerHandoff } from './worker-handoff';

export type QueryAnswer = { result?: any; error?: string; failure?: any };

export interface PendingQuery {
  id: string;
  runId: string;
  namespace: string;
  query: any;
  resolve: (r: QueryAnswer) => void;
  dispatched: boolean;
  /** Handed to a worker (claimed from the handoff) and not answered yet. */
  atWorker?: boolean;
}

export class QueryRegistry {
  private readonly queries = new Map<string, PendingQuery>();
  /** When the runs' workers may be handed a task again; the task generator offers workflow tasks through it. */
  readonly handoff = new WorkerHandoff((runId) => this.dispatch(runId));

  constructor(
    private readonly matching: Matching,
    private readonly runs: ReadonlyMap<string, RunState>,
  ) {}

  /** Registers a query and offers it; the answer comes from the worker or, after `waitMs`, a timeout. */
  ask(id: string, s: RunState, namespace: string, query: any, waitMs: number): Promise<QueryAnswer> {
    return new Promise<QueryAnswer>((resolve) => {
      const q: PendingQuery = {
        id,
        runId: s.runId,
        namespace,
        query,
        dispatched: false,
        resolve: (r) => {
          clearTimeout(timer);
          this.queries.delete(id);
          if (q.atWorker) this.handoff.queryAnswered(q.runId);
          resolve(r);
        },
      };
      const timer = setTimeout(() => q.resolve({ error: 'query timed out: no worker answered (is a worker polling the task queue?)' }), waitMs);
      this.queries.set(id, q);
      this.dispatch(s.runId, s);
    });
  }

  /** Whether a polled query task may go to its worker now (it then counts as at the worker); if not, it is offered again later. */
  claimForWorker(q: PendingQuery): boolean {
    if (!this.handoff.claimForQuery(q.runId)) {
      q.dispatched = false;
      return false;
    }
    q.atWorker = true;
    return true;
  }

  /** A workflow task's completion for the run is being answered: its queries go out once the answer settles. */
  taskAnswered(runId: string): void {
    this.handoff.taskAnswered(runId);
    this.dispatch(runId);
  }

  get(id: string): PendingQuery | undefined {
    return this.queries.get(id);
  }

  /**
   * Offers the run's undispatched queries, unless a workflow task is outstanding or the run's worker may not be
   * handed a query yet (it is called again after either).
   */
  dispatch(runId: string, known?: RunState): void {
    const s = this.runs.get(runId) ?? known;
    if (!s || s.wft) return;
    const waiting = [...this.queries.values()].filter((q) => q.runId === runId && !q.dispatched);
    // Asked only when a query waits: most calls (every task completion) have none, and set no timer.
    if (!waiting.length || !this.handoff.queryMayGo(runId)) return;
    for (const q of waiting) {
      q.dispatched = true;
      this.matching.offer(q.namespace, 'workflow', s.taskQueue, { runId, eventId: 0, token: 0, queryId: q.id });
    }
  }

  /** On shutdown every waiting query answers at once. */
  failAll(error: string): void {
    for (const q of this.queries.values()) q.resolve({ error });
    this.handoff.clear();
  }
}
