/* eslint-disable @typescript-eslint/no-explicit-any -- payloads and attributes are protobufjs messages */
/**
 * SIGNAL_EXTERNAL_WORKFLOW_EXECUTION and REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
 * the command writes the …Initiated event and a pending entry in `externals`;
 * after that commit the target is signalled (deduplicated by a request id
 * derived from the initiating event, so redoing it after a crash is harmless)
 * or asked to cancel (idempotent), and the initiator records
 * ExternalWorkflowExecutionSignaled / ExternalWorkflowExecutionCancelRequested,
 * or the …Failed event when the target is not an open run.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { decodeB64, encodeB64, toNumber } from '../codec';
import { invalidArgument, ServiceError } from '../errors';
import type { EngineContext, Tx } from './engine-context';
import type { PendingExternal, RunState } from './state';

const SIGNAL_INITIATED = 'temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes';
const CANCEL_INITIATED = 'temporal.api.history.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes';
/** Both failure causes: EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND, NAMESPACE_NOT_FOUND. */
const NOT_FOUND = 1;
const NAMESPACE_NOT_FOUND = 2;

export class ExternalWorkflows {
  constructor(private readonly engine: EngineContext) {}

  signalCommand(tx: Tx, a: any, completedId: number): void {
    if (!a.execution?.workflowId) throw invalidArgument('WorkflowId is not set on SignalExternalWorkflowExecutionCommand.');
    if (!a.signalName) throw invalidArgument('SignalName is not set on SignalExternalWorkflowExecutionCommand.');
    const namespace = a.namespace || tx.s.namespace;
    const attributes = {
      workflowTaskCompletedEventId: completedId,
      namespace,
      namespaceId: this.namespaceId(namespace),
      workflowExecution: { workflowId: a.execution.workflowId, runId: a.execution.runId ?? '' },
      signalName: a.signalName,
      input: a.input,
      control: a.control,
      childWorkflowOnly: !!a.childWorkflowOnly,
      header: a.header,
    };
    const initiatedEventId = this.engine.addEvent(tx, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', attributes);
    this.pend(tx, { initiatedEventId, kind: 'signal', attributes: encodeB64(SIGNAL_INITIATED, attributes) });
  }

  cancelCommand(tx: Tx, a: any, completedId: number): void {
    if (!a.workflowId) throw invalidArgument('WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.');
    const namespace = a.namespace || tx.s.namespace;
    const attributes = {
      workflowTaskCompletedEventId: completedId,
      namespace,
      namespaceId: this.namespaceId(namespace),
      workflowExecution: { workflowId: a.workflowId, runId: a.runId ?? '' },
      control: a.control,
      childWorkflowOnly: !!a.childWorkflowOnly,
      reason: a.reason,
    };
    const initiatedEventId = this.engine.addEvent(tx, 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', attributes);
    this.pend(tx, { initiatedEventId, kind: 'cancel', attributes: encodeB64(CANCEL_INITIATED, attributes) });
  }

  private pend(tx: Tx, pending: PendingExternal): void {
    tx.s.externals[pending.initiatedEventId] = pending;
    const runId = tx.s.runId;
    tx.after.push(() => this.deliver(runId, pending.initiatedEventId));
  }

  /** After a restart: redo every delivery that was not recorded. */
  recover(s: RunState): void {
    for (const p of Object.values(s.externals)) this.deliver(s.runId, p.initiatedEventId);
  }

  deliver(runId: string, initiatedEventId: number): void {
    void this.deliverOnce(runId, initiatedEventId).catch((err) => {
      this.engine.logError('delivering to an external workflow failed; retrying', err);
      if (!this.engine.isStopped()) setTimeout(() => this.deliver(runId, initiatedEventId), 1000).unref?.();
    });
  }

  private async deliverOnce(runId: string, initiatedEventId: number): Promise<void> {
    const source = this.engine.runs.get(runId);
    const pending = source?.externals[initiatedEventId];
    if (!source || source.status !== 'Running' || !pending) return;
    const a = decodeB64<any>(pending.kind === 'signal' ? SIGNAL_INITIATED : CANCEL_INITIATED, pending.attributes)!;
    const namespace: string = a.namespace;
    const requested = { workflowId: a.workflowExecution.workflowId as string, runId: (a.workflowExecution.runId as string) || undefined };
    const external = { externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId }, externalInitiatedEventId: initiatedEventId };
    let failedCause = 0;
    let targetRunId = requested.runId ?? '';
    try {
      const target = await this.engine.findRun(namespace, requested);
      targetRunId = target.runId;
      if (target.status !== 'Running') failedCause = NOT_FOUND;
      else if (a.childWorkflowOnly && target.parent?.runId !== source.runId) failedCause = NOT_FOUND;
      else if (pending.kind === 'signal') {
        await this.engine.signalRun(target.runId, a.signalName, a.input, a.header, `workflow:${source.workflowId}`, externalRequestId(runId, initiatedEventId), external);
      } else {
        await this.engine.requestCancel({ namespace, workflowExecution: { workflowId: target.workflowId, runId: target.runId }, reason: a.reason, identity: `workflow:${source.workflowId}` }, external);
      }
    } catch (err) {
      if (!(err instanceof ServiceError) || err.code !== GrpcStatus.NOT_FOUND) throw err;
      failedCause = /Namespace .* not found/i.test(err.message) ? NAMESPACE_NOT_FOUND : NOT_FOUND;
    }
    await this.engine.withRun(runId, (tx) => {
      if (tx.s.status !== 'Running' || !tx.s.externals[initiatedEventId]) return;
      delete tx.s.externals[initiatedEventId];
      tx.dirty = true;
      const common = {
        namespace,
        namespaceId: this.namespaceId(namespace),
        workflowExecution: { workflowId: requested.workflowId, runId: failedCause ? requested.runId ?? '' : targetRunId },
        initiatedEventId,
      };
      if (pending.kind === 'signal') {
        if (failedCause) {
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
            ...common,
            cause: failedCause,
            workflowTaskCompletedEventId: toNumber(a.workflowTaskCompletedEventId),
            control: a.control,
          });
        } else {
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED', { ...common, control: a.control });
        }
      } else if (failedCause) {
        this.engine.addExternalEvent(tx, 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
          ...common,
          cause: failedCause,
          workflowTaskCompletedEventId: toNumber(a.workflowTaskCompletedEventId),
          control: a.control,
        });
      } else {
        this.engine.addExternalEvent(tx, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED', common);
      }
    });
  }

  private namespaceId(namespace: string): string {
    try {
      return this.engine.namespace(namespace).id;
    } catch {
      return '';
    }
  }
}

/** The signal request id of an external signal: the same for every redelivery. */
export function externalRequestId(runId: string, initiatedEventId: number): string {
  return `external:${runId}:${initiatedEventId}`;
}
