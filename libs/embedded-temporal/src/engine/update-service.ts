/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * UpdateWorkflowExecution and PollWorkflowExecutionUpdate. An update is
 * admitted in memory and delivered by a speculative workflow task when none
 * is outstanding: if the worker rejects it, the task and the update leave no
 * trace in history.
 */
import { toNumber } from '../codec';
import { invalidArgument, notFound, workflowCompleted } from '../errors';
import type { RunCache } from './run-cache';
import type { RunState } from './state';
import type { TaskGenerator } from './task-generator';
import { UpdateStage, type UpdateRegistry } from './update-registry';

export class UpdateService {
  constructor(
    private readonly cache: RunCache,
    private readonly tasks: TaskGenerator,
    private readonly updates: UpdateRegistry,
  ) {}

  async update(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.cache.findRun(namespace, req.workflowExecution);
    const updateId: string = req.request?.meta?.updateId;
    if (!updateId) throw invalidArgument('Update ID is not set on request.');
    if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    const waitStage = Math.max(toNumber(req.waitPolicy?.lifecycleStage) || UpdateStage.ACCEPTED, UpdateStage.ACCEPTED);
    const known = this.updates.outcome(s.runId, updateId, s);
    if (!known && s.status !== 'Running') throw workflowCompleted();
    if (!known) {
      await this.cache.withRun(s.runId, (tx) => {
        if (tx.s.status !== 'Running') throw workflowCompleted();
        if (!this.updates.admit(tx, updateId, req.request)) return;
        if (!tx.s.wft) {
          this.tasks.scheduleWorkflowTask(tx, { speculative: true });
          // Admission is in memory (as in Temporal) and a speculative task writes nothing: no commit.
          // After a crash the client's retry admits the update again.
          tx.dirty = false;
        }
      });
    }
    await this.updates.waitFor(s.runId, updateId, waitStage, waitMs, s);
    return this.updates.response(await this.latest(namespace, s), updateId);
  }

  /**
   * The run as it is now. The copy found at the request's start predates what happened while it waited: a run
   * that closed in the same workflow task that completed the update is read back from the store, where the
   * update's outcome is (answering "already completed" instead lost the caller an update that had completed).
   */
  private async latest(namespace: string, s: RunState): Promise<RunState> {
    return this.cache.runs.get(s.runId) ?? (await this.cache.findRun(namespace, { workflowId: s.workflowId, runId: s.runId }));
  }

  async pollUpdate(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.cache.findRun(namespace, req.updateRef?.workflowExecution);
    const updateId: string = req.updateRef?.updateId;
    if (!this.updates.outcome(s.runId, updateId, s)) throw notFound(`update ${updateId} not found`);
    // No stage asked for (UNSPECIFIED): where the update stands now, without waiting — as Temporal answers, and
    // how clients (the SDK's tests among them) ask whether an update has been admitted.
    const waitStage = toNumber(req.waitPolicy?.lifecycleStage);
    if (waitStage > 0) await this.updates.waitFor(s.runId, updateId, waitStage, waitMs, s);
    return this.updates.response(await this.latest(namespace, s), updateId);
  }
}
