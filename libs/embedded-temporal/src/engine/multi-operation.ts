/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * ExecuteMultiOperation: update-with-start, the only multi-operation Temporal
 * has (the SDK's `executeUpdateWithStart` / `startUpdateWithStart`). Exactly
 * [StartWorkflow, UpdateWorkflow] on one workflow id:
 *
 *  - an update already completed on the workflow's current run answers with its outcome;
 *  - a running run that is the same start (request id), already knows the update, or may be used
 *    (conflict policy USE_EXISTING) gets the update;
 *  - otherwise the start runs under its own policies (FAIL answers ALREADY_EXISTS, TERMINATE_EXISTING
 *    replaces the run) and the new run admits the update in the change that starts it, so its first
 *    workflow task carries the update.
 *
 * Errors come back as Temporal shapes them: a MultiOperationExecutionFailure detail with one status per
 * operation, the one that did not fail marked aborted (MultiOperationExecutionAborted) or OK, and the call's
 * code that of the operation that failed.
 */
import { status } from '@grpc/grpc-js';
import { durationMs, packAny, toNumber } from '../codec';
import { invalidArgument, ServiceError } from '../errors';
import type { LifecycleService } from './lifecycle-service';
import type { NamespaceRegistry } from './namespace-registry';
import type { RunCache } from './run-cache';
import { STATUS_ENUM, type RunState } from './state';
import { UpdateStage, type UpdateRegistry } from './update-registry';
import type { UpdateService } from './update-service';

/** temporal.api.enums.v1.WorkflowIdConflictPolicy */
const CONFLICT_USE_EXISTING = 2;
const MAX_WORKFLOW_ID_LENGTH = 1000;

/** How one operation ended, for the error: aborted (the other one failed), OK (it succeeded), or its error. */
type Outcome = 'aborted' | 'ok' | unknown;

export interface MultiOperationDeps {
  namespaces: NamespaceRegistry;
  cache: RunCache;
  lifecycle: LifecycleService;
  updates: UpdateRegistry;
  updateService: UpdateService;
}

export class MultiOperationService {
  constructor(private readonly deps: MultiOperationDeps) {}

  async execute(req: any, waitMs: number): Promise<object> {
    const ops: any[] = req.operations ?? [];
    if (ops.length !== 2 || !ops[0]?.startWorkflow || !ops[1]?.updateWorkflow) throw invalidArgument('Operations have to be exactly [Start, Update].');
    const namespace: string = req.namespace || 'default';
    this.deps.namespaces.get(namespace);
    const start = ops[0].startWorkflow;
    const update = ops[1].updateWorkflow;
    const startProblem = this.checkStart(start, namespace);
    if (startProblem) throw multiOperationError([startProblem, 'aborted']);
    const updateProblem = this.checkUpdate(update, namespace, start.workflowId);
    if (updateProblem) throw multiOperationError(['aborted', updateProblem]);
    start.namespace = namespace;
    update.namespace = namespace;

    const workflowId: string = start.workflowId;
    const updateId: string = update.request.meta.updateId;
    const current = await this.currentRun(namespace, workflowId);
    if (current) {
      if (this.deps.updates.outcome(current.runId, updateId, current)?.stage === UpdateStage.COMPLETED) {
        return response(current.runId, false, STATUS_ENUM[current.status], this.deps.updates.response(current, updateId));
      }
      if (current.status === 'Running' && this.mayUpdate(current, start, updateId)) return this.updateRun(current.runId, update, waitMs);
    }
    return this.startAndUpdate(start, update, waitMs);
  }

  /** The frontend's checks of the start operation (Temporal refuses these before anything happens). */
  private checkStart(start: any, namespace: string): ServiceError | undefined {
    if (start.namespace && start.namespace !== namespace) return invalidArgument("Operation namespace did not match request's namespace.");
    if (!start.workflowId) return invalidArgument('WorkflowId is not set on request.');
    if (start.workflowId.length > MAX_WORKFLOW_ID_LENGTH) return invalidArgument(`WorkflowId exceeds length limit (${start.workflowId.length}/${MAX_WORKFLOW_ID_LENGTH}).`);
    if (!start.workflowType?.name) return invalidArgument('WorkflowType is not set on request.');
    if (!start.taskQueue?.name) return invalidArgument('TaskQueue is not set on request.');
    if (start.cronSchedule) return invalidArgument('CronSchedule is not allowed.');
    if (start.requestEagerExecution) return invalidArgument('RequestEagerExecution is not supported.');
    if (durationMs(start.workflowStartDelay) > 0) return invalidArgument('WorkflowStartDelay is not supported.');
    return undefined;
  }

  private checkUpdate(update: any, namespace: string, workflowId: string): ServiceError | undefined {
    if (update.namespace && update.namespace !== namespace) return invalidArgument("Operation namespace did not match request's namespace.");
    if (update.firstExecutionRunId) return invalidArgument('FirstExecutionRunId is not allowed.');
    if (update.workflowExecution?.runId) return invalidArgument('RunId is not allowed.');
    if ((update.workflowExecution?.workflowId ?? '') !== workflowId) return invalidArgument('WorkflowId is not consistent with previous operation(s).');
    if (!update.request?.meta?.updateId) return invalidArgument('Update ID is not set on request.');
    if (!update.request?.input?.name) return invalidArgument('Update name is not set on request.');
    return undefined;
  }

  /** The workflow id's running run, else its latest closed one; undefined when it never ran. */
  private async currentRun(namespace: string, workflowId: string): Promise<RunState | undefined> {
    try {
      return await this.deps.cache.findRun(namespace, { workflowId });
    } catch (err) {
      if (err instanceof ServiceError && err.code === status.NOT_FOUND) return undefined;
      throw multiOperationError([err, 'aborted']);
    }
  }

  /** A running run takes the update when it is this very start (a retry), already knows the update, or may be used. */
  private mayUpdate(s: RunState, start: any, updateId: string): boolean {
    return (!!start.requestId && s.startRequestId === start.requestId)
      || this.deps.updates.outcome(s.runId, updateId, s) !== undefined
      || toNumber(start.workflowIdConflictPolicy) === CONFLICT_USE_EXISTING;
  }

  private async updateRun(runId: string, update: any, waitMs: number, started = false): Promise<object> {
    update.workflowExecution = { workflowId: update.workflowExecution.workflowId, runId };
    let answer: object;
    try {
      answer = await this.deps.updateService.update(update, waitMs);
    } catch (err) {
      // The start succeeded when it started a run: its status is OK, not aborted.
      throw multiOperationError([started ? 'ok' : 'aborted', err]);
    }
    return response(runId, started, STATUS_ENUM.Running, answer);
  }

  private async startAndUpdate(start: any, update: any, waitMs: number): Promise<object> {
    const updateId: string = update.request.meta.updateId;
    let admitted = false;
    let started: { runId: string; started: boolean };
    try {
      started = await this.deps.lifecycle.startWorkflow(start, undefined, undefined, (tx) => {
        admitted = this.deps.updates.admit(tx, updateId, update.request);
      });
    } catch (err) {
      throw multiOperationError([err, 'aborted']);
    }
    if (admitted) return this.updateRun(started.runId, update, waitMs, true);
    // No new run: another start got the id between our look and the start's lock (the start used the running
    // run under USE_EXISTING, or it was this same start retried). That run takes the update.
    const s = this.deps.cache.runs.get(started.runId);
    if (s?.status === 'Running' && this.mayUpdate(s, start, updateId)) return this.updateRun(started.runId, update, waitMs);
    // As Temporal: the client retries the whole operation on UNAVAILABLE.
    throw multiOperationError([new ServiceError(status.UNAVAILABLE, 'Workflow was not started: a concurrent start got there first'), 'aborted']);
  }
}

function response(runId: string, started: boolean, runStatus: number, update: object): object {
  return { responses: [{ startWorkflow: { runId, started, status: runStatus } }, { updateWorkflow: update }] };
}

/** Temporal's MultiOperationExecution error: the code of the first operation that failed, one status per operation. */
function multiOperationError(outcomes: Outcome[]): ServiceError {
  const statuses = outcomes.map((o) => {
    if (o === 'ok') return { code: status.OK, message: '' };
    if (o === 'aborted') {
      return { code: status.ABORTED, message: 'Operation was aborted.', details: [packAny('temporal.api.failure.v1.MultiOperationExecutionAborted', {})] };
    }
    if (o instanceof ServiceError) return { code: o.code, message: o.message, details: o.detail ? [packAny(o.detail.typeName, o.detail.value)] : [] };
    return { code: status.INTERNAL, message: o instanceof Error ? o.message : String(o) };
  });
  const failed = statuses.find((_, i) => outcomes[i] !== 'ok' && outcomes[i] !== 'aborted');
  return new ServiceError(failed?.code ?? status.ABORTED, 'Update-with-Start could not be executed.', {
    typeName: 'temporal.api.errordetails.v1.MultiOperationExecutionFailure',
    value: { statuses },
  });
}
