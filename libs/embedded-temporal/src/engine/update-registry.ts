/* eslint-disable @typescript-eslint/no-explicit-any -- requests and messages are protobufjs messages */
/**
 * Workflow updates in flight (Temporal's update registry). An update is
 * admitted in memory only, as in Temporal: it is delivered in the next
 * workflow task, and only the worker's Acceptance or Response writes history.
 * A Rejection writes nothing; it is remembered for a minute so that the
 * caller's poll still finds its outcome.
 */
import { decodeB64, encodeB64, unpackAny } from '../codec';
import { workflowCompleted } from '../errors';
import type { EngineClock } from './clock';
import type { HistoryBuilder } from './history-builder';
import type { Tx } from './run-cache';
import type { RunState } from './state';

export const UpdateStage = { ADMITTED: 1, ACCEPTED: 2, COMPLETED: 3 } as const;

/**
 * The outcome of an accepted update whose run closed (completed, failed, timed out, was terminated or continued
 * as new) before the update completed: Temporal's AcceptedUpdateCompletedWorkflowFailure, word for word, so a
 * caller waiting on the update gets a failure it can handle rather than waiting for ever.
 */
const ACCEPTED_UPDATE_COMPLETED_WORKFLOW_FAILURE = {
  message: 'Workflow Update failed because the Workflow completed before the Update completed.',
  source: 'Server',
  applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
};

/** How long a rejected update's outcome is kept for its poller. */
const REJECTION_KEPT_MS = 60_000;

export interface AdmittedUpdate {
  updateId: string;
  request: any;
  admittedAt: number;
}

interface UpdateWaiter {
  stage: number;
  resolve: () => void;
}

export interface UpdateRegistryDeps {
  clock: EngineClock;
  history: HistoryBuilder;
  runs: ReadonlyMap<string, RunState>;
  isStopped: () => boolean;
}

export class UpdateRegistry {
  private readonly admitted = new Map<string, Map<string, AdmittedUpdate>>();
  private readonly waiters = new Map<string, UpdateWaiter[]>();
  private readonly rejected = new Map<string, { outcome: any; at: number }>();

  constructor(private readonly deps: UpdateRegistryDeps) {}

  /** Admits an update to the run of `tx`; false when it is already known (a retried request). */
  admit(tx: Tx, updateId: string, request: any): boolean {
    const runId = tx.s.runId;
    if (tx.s.updates[updateId] || this.admitted.get(runId)?.has(updateId)) return false;
    let admitted = this.admitted.get(runId);
    if (!admitted) {
      admitted = new Map();
      this.admitted.set(runId, admitted);
    }
    admitted.set(updateId, { updateId, request, admittedAt: this.deps.clock.now() });
    return true;
  }

  /** Updates to deliver with the run's next workflow task. */
  admittedUpdates(tx: Tx): AdmittedUpdate[] {
    // Answers in this change (a completion that returns the next task) leave the registry only after its commit.
    return [...(this.admitted.get(tx.s.runId)?.values() ?? [])].filter((u) => !tx.handledUpdates?.has(u.updateId));
  }

  /** Admitted updates not yet answered, counting answers in this change. */
  pending(tx: Tx): number {
    const admitted = this.admitted.get(tx.s.runId);
    if (!admitted) return 0;
    let n = 0;
    for (const id of admitted.keys()) if (!tx.handledUpdates?.has(id)) n++;
    return n;
  }

  /** True when an admitted update got no answer in `messages` (the worker never saw it). */
  hasUndelivered(runId: string, messages: any[]): boolean {
    const admitted = this.admitted.get(runId);
    if (!admitted?.size) return false;
    const answered = new Set(messages.map((m) => m.protocolInstanceId));
    return [...admitted.keys()].some((id) => !answered.has(id));
  }

  /**
   * Where an update stands. `known` is the run as the caller loaded it: a closed
   * run (evicted from memory, or never loaded since a restart) still answers
   * for the updates it recorded.
   */
  outcome(runId: string, updateId: string, known?: RunState): { stage: number; outcome?: any } | undefined {
    const rejected = this.rejected.get(`${runId}/${updateId}`);
    if (rejected) return { stage: UpdateStage.COMPLETED, outcome: rejected.outcome };
    const open = this.deps.runs.get(runId);
    const s = open ?? (known?.runId === runId ? known : undefined);
    const durable = s?.updates[updateId];
    if (durable) {
      if (durable.stage === 'completed') return { stage: UpdateStage.COMPLETED, outcome: decodeB64('temporal.api.update.v1.Outcome', durable.outcome) };
      // Every open run is in memory: one that is not there has closed, whatever an older copy says.
      const closed = !open || open.status !== 'Running';
      return closed ? { stage: UpdateStage.COMPLETED, outcome: { failure: ACCEPTED_UPDATE_COMPLETED_WORKFLOW_FAILURE } } : { stage: UpdateStage.ACCEPTED };
    }
    if (this.admitted.get(runId)?.has(updateId)) return { stage: UpdateStage.ADMITTED };
    return undefined;
  }

  /** Waits until the update reaches `stage`, its run closes before accepting it, or `waitMs` passes. */
  async waitFor(runId: string, updateId: string, stage: number, waitMs: number, known?: RunState): Promise<void> {
    const k = `${runId}/${updateId}`;
    const deadline = Date.now() + waitMs;
    while (!this.deps.isStopped()) {
      const current = this.outcome(runId, updateId, known);
      const closed = (this.deps.runs.get(runId)?.status ?? 'Closed') !== 'Running';
      if (!current || current.stage >= stage || (closed && current.stage < UpdateStage.ACCEPTED)) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        const list = this.waiters.get(k) ?? [];
        list.push({ stage, resolve: () => { clearTimeout(timer); resolve(); } });
        this.waiters.set(k, list);
      });
    }
  }

  /** The UpdateWorkflowExecution / PollWorkflowExecutionUpdate answer for where the update stands now. */
  response(s: RunState, updateId: string): object {
    const current = this.outcome(s.runId, updateId, s);
    if (!current) {
      const run = this.deps.runs.get(s.runId);
      if (!run || run.status !== 'Running') throw workflowCompleted();
    }
    return {
      updateRef: { workflowExecution: { workflowId: s.workflowId, runId: s.runId }, updateId },
      outcome: current?.outcome,
      stage: current?.stage ?? UpdateStage.ADMITTED,
    };
  }

  /** A protocol message from the worker (update acceptance, rejection or response). */
  applyMessage(tx: Tx, m: any): void {
    const s = tx.s;
    const body = unpackAny<any>(m.body);
    if (!body) return;
    const updateId: string = m.protocolInstanceId;
    const admitted = this.admitted.get(s.runId);
    (tx.handledUpdates ??= new Set()).add(updateId);
    const runId = s.runId;
    switch (body.typeName) {
      case 'temporal.api.update.v1.Acceptance': {
        const request = admitted?.get(updateId)?.request ?? body.message.acceptedRequest;
        const acceptedEventId = this.deps.history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
          protocolInstanceId: updateId,
          acceptedRequestMessageId: body.message.acceptedRequestMessageId,
          acceptedRequestSequencingEventId: body.message.acceptedRequestSequencingEventId,
          acceptedRequest: request,
        });
        s.updates[updateId] = { updateId, stage: 'accepted', acceptedEventId };
        tx.after.push(() => {
          this.admitted.get(runId)?.delete(updateId);
          this.wake(runId, updateId);
        });
        return;
      }
      case 'temporal.api.update.v1.Response': {
        const accepted = s.updates[updateId];
        const completedEventId = this.deps.history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
          meta: body.message.meta,
          acceptedEventId: accepted?.acceptedEventId ?? 0,
          outcome: body.message.outcome,
        });
        s.updates[updateId] = {
          updateId,
          stage: 'completed',
          acceptedEventId: accepted?.acceptedEventId,
          completedEventId,
          outcome: encodeB64('temporal.api.update.v1.Outcome', body.message.outcome),
        };
        tx.after.push(() => this.wake(runId, updateId));
        return;
      }
      case 'temporal.api.update.v1.Rejection': {
        tx.after.push(() => {
          this.admitted.get(runId)?.delete(updateId);
          const k = `${runId}/${updateId}`;
          this.rejected.set(k, { outcome: { failure: body.message.failure }, at: Date.now() });
          setTimeout(() => this.rejected.delete(k), REJECTION_KEPT_MS).unref?.();
          this.wake(runId, updateId);
        });
        return;
      }
    }
  }

  /** The run closed: admitted updates will never be delivered, and every waiter answers now. */
  onRunClosed(runId: string): void {
    const admitted = this.admitted.get(runId);
    this.admitted.delete(runId);
    if (admitted) for (const id of admitted.keys()) this.wake(runId, id);
    for (const k of [...this.waiters.keys()]) if (k.startsWith(`${runId}/`)) this.wake(runId, k.slice(runId.length + 1));
  }

  /** On shutdown every waiting caller answers at once. */
  wakeAll(): void {
    for (const list of this.waiters.values()) for (const w of list) w.resolve();
  }

  private wake(runId: string, updateId: string): void {
    const k = `${runId}/${updateId}`;
    const list = this.waiters.get(k);
    this.waiters.delete(k);
    for (const w of list ?? []) w.resolve();
  }
}
