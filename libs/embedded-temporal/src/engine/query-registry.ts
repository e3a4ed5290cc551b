/* eslint-disable @typescript-eslint/no-explicit-any -- queries are protobufjs messages */
/**
 * Queries waiting for a worker (Temporal's query registry). They go out as
 * legacy query tasks on the run's normal queue, and only while no workflow
 * task is outstanding: the worker answers a query from the state the last
 * completed task left, never from one half-applied.
 */
import type { Matching } from './matching';
import type { RunState } from './state';

export type QueryAnswer = { result?: any; error?: string; failure?: any };

export interface PendingQuery {
  id: string;
  runId: string;
  namespace: string;
  query: any;
  resolve: (r: QueryAnswer) => void;
  dispatched: boolean;
}

export class QueryRegistry {
  private readonly queries = new Map<string, PendingQuery>();

  constructor(
    private readonly matching: Matching,
    private readonly runs: ReadonlyMap<string, RunState>,
  ) {}

  /** Registers a query and offers it; the answer comes from the worker or, after `waitMs`, a timeout. */
  ask(id: string, s: RunState, namespace: string, query: any, waitMs: number): Promise<QueryAnswer> {
    return new Promise<QueryAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.queries.delete(id);
        resolve({ error: 'query timed out: no worker answered (is a worker polling the task queue?)' });
      }, waitMs);
      this.queries.set(id, {
        id,
        runId: s.runId,
        namespace,
        query,
        dispatched: false,
        resolve: (r) => {
          clearTimeout(timer);
          this.queries.delete(id);
          resolve(r);
        },
      });
      this.dispatch(s.runId, s);
    });
  }

  get(id: string): PendingQuery | undefined {
    return this.queries.get(id);
  }

  /** Offers the run's undispatched queries, unless a workflow task is outstanding (it is called again after). */
  dispatch(runId: string, known?: RunState): void {
    const s = this.runs.get(runId) ?? known;
    if (!s || s.wft) return;
    for (const q of this.queries.values()) {
      if (q.runId !== runId || q.dispatched) continue;
      q.dispatched = true;
      this.matching.offer(q.namespace, 'workflow', s.taskQueue, { runId, eventId: 0, token: 0, queryId: q.id });
    }
  }

  /** On shutdown every waiting query answers at once. */
  failAll(error: string): void {
    for (const q of this.queries.values()) q.resolve({ error });
  }
}
