/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * QueryWorkflow and RespondQueryTaskCompleted, and the legacy query task a
 * workflow-task poll hands out for a pending query.
 */
import { randomUUID } from 'node:crypto';
import { decode, toNumber } from '../codec';
import { invalidArgument, notFound, ServiceError } from '../errors';
import type { QueuedTask } from './matching';
import type { QueryRegistry } from './query-registry';
import type { RunCache } from './run-cache';
import { STATUS_ENUM } from './state';
import type { EngineStore } from './store';
import { parseToken, tokenBytes } from './task-token';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';

export class QueryService {
  constructor(
    private readonly cache: RunCache,
    private readonly store: EngineStore,
    private readonly queries: QueryRegistry,
  ) {}

  async query(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.cache.findRun(namespace, req.execution);
    const condition = toNumber(req.queryRejectCondition);
    // QueryRejectCondition: 1 NONE, 2 NOT_OPEN, 3 NOT_COMPLETED_CLEANLY.
    if (condition === 2 && s.status !== 'Running') return { queryRejected: { status: STATUS_ENUM[s.status] } };
    if (condition === 3 && s.status !== 'Running' && s.status !== 'Completed') return { queryRejected: { status: STATUS_ENUM[s.status] } };
    const answer = await this.queries.ask(randomUUID(), s, namespace, req.query, waitMs);
    if (answer.error !== undefined) {
      if (answer.error.startsWith('query timed out')) throw new ServiceError(4 /* DEADLINE_EXCEEDED */, answer.error);
      throw invalidArgument(answer.error);
    }
    return { queryResult: answer.result };
  }

  /** The query task for a polled query, with the run's full history (Core replays it to answer). */
  async startQueryTask(task: QueuedTask): Promise<object | undefined> {
    const q = this.queries.get(task.queryId!);
    if (!q) return undefined;
    const s = await this.cache.load(q.namespace, q.runId);
    if (!s) return undefined;
    if (s.wft && s.status === 'Running') {
      // A workflow task got in first: send the query after it.
      q.dispatched = false;
      return undefined;
    }
    // Another query of the run is at the worker, or its last answer has not settled: sent later.
    if (!this.queries.claimForWorker(q)) return undefined;
    const stored = await this.store.readEvents(s.runId, 1, 1_000_000);
    return {
      taskToken: tokenBytes({ k: 'q', q: q.id }),
      workflowExecution: { workflowId: s.workflowId, runId: s.runId },
      workflowType: { name: s.workflowType },
      previousStartedEventId: s.previousStartedEventId,
      startedEventId: 0,
      history: { events: stored.map((e) => decode(HISTORY_EVENT, e.data)) },
      query: q.query,
      workflowExecutionTaskQueue: { name: s.taskQueue, kind: 1 },
    };
  }

  respondQueryTaskCompleted(req: any): void {
    const t = parseToken(req.taskToken);
    if (t?.k !== 'q') throw invalidArgument('invalid query task token');
    const q = this.queries.get(t.q);
    if (!q) throw notFound('query not found or already timed out');
    if (toNumber(req.completedType) === 1) q.resolve({ result: req.queryResult });
    else q.resolve({ error: req.errorMessage || req.failure?.message || 'query failed', failure: req.failure });
  }
}
