/* eslint-disable @typescript-eslint/no-explicit-any -- payloads and attributes are protobufjs messages */
/**
 * Child workflows. The parent's START_CHILD_WORKFLOW_EXECUTION command writes
 * StartChildWorkflowExecutionInitiated and a pending entry in `children`;
 * after that commit the child run is started (idempotently: its start request
 * id is derived from the parent run and the initiated event) and the parent
 * records ChildWorkflowExecutionStarted, or StartChildWorkflowExecutionFailed
 * when the id is taken. When the child's chain closes (after any
 * continue-as-new or retry), the parent records the child's
 * Completed/Failed/Canceled/TimedOut/Terminated event. When the parent closes,
 * each open child gets the parent-close policy (TERMINATE by default,
 * REQUEST_CANCEL, ABANDON).
 *
 * Every step is derivable from stored state, so `recover` redoes whatever a
 * crash interrupted: unstarted children are started, closed children are
 * reported, and a running child whose parent closed gets its policy.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { decode, decodeB64, encodeB64, toNumber } from '../codec';
import { invalidArgument, ServiceError } from '../errors';
import type { EngineContext, Tx } from './engine-context';
import { cronSchedule, parentAttributes } from './next-run';
import type { ChildState, ExecutionStatus, RunState } from './state';

const INITIATED = 'temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes';

/** temporal.api.enums.v1.ParentClosePolicy */
export const ParentClosePolicy = { TERMINATE: 1, ABANDON: 2, REQUEST_CANCEL: 3 } as const;

const RETRY_LATER_MS = 1000;

export class ChildWorkflows {
  constructor(private readonly engine: EngineContext) {}

  /** START_CHILD_WORKFLOW_EXECUTION: the initiated event and a pending child; the start follows the commit. */
  command(tx: Tx, a: any, completedId: number): void {
    const s = tx.s;
    const namespace = a.namespace || s.namespace;
    this.engine.namespace(namespace);
    if (!a.workflowId) throw invalidArgument('WorkflowId is not set on StartChildWorkflowExecutionCommand.');
    if (!a.workflowType?.name) throw invalidArgument('WorkflowType is not set on StartChildWorkflowExecutionCommand.');
    if (a.cronSchedule) cronSchedule(a.cronSchedule);
    const parentClosePolicy = toNumber(a.parentClosePolicy) || ParentClosePolicy.TERMINATE;
    const attributes = {
      namespace,
      namespaceId: this.engine.namespace(namespace).id,
      workflowId: a.workflowId,
      workflowType: a.workflowType,
      taskQueue: { name: a.taskQueue?.name || s.taskQueue, kind: 1 },
      input: a.input,
      workflowExecutionTimeout: a.workflowExecutionTimeout,
      workflowRunTimeout: a.workflowRunTimeout,
      workflowTaskTimeout: a.workflowTaskTimeout,
      parentClosePolicy,
      control: a.control,
      workflowTaskCompletedEventId: completedId,
      workflowIdReusePolicy: a.workflowIdReusePolicy,
      retryPolicy: a.retryPolicy,
      cronSchedule: a.cronSchedule,
      header: a.header,
      memo: a.memo,
      searchAttributes: a.searchAttributes,
      priority: a.priority,
    };
    this.engine.validateSearchAttributes(namespace, a.searchAttributes);
    const initiatedEventId = this.engine.addEvent(tx, 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED', attributes);
    s.children[initiatedEventId] = {
      initiatedEventId,
      namespace,
      workflowId: a.workflowId,
      workflowType: a.workflowType.name,
      parentClosePolicy,
      attributes: encodeB64(INITIATED, attributes),
    };
    const runId = s.runId;
    tx.after.push(() => this.start(runId, initiatedEventId));
  }

  /** Starts a pending child and records the outcome in the parent. */
  start(parentRunId: string, initiatedEventId: number): void {
    void this.startChild(parentRunId, initiatedEventId).catch((err) => {
      this.engine.logError('starting a child workflow failed; retrying', err);
      this.later(() => this.start(parentRunId, initiatedEventId));
    });
  }

  private async startChild(parentRunId: string, initiatedEventId: number): Promise<void> {
    const parent = this.engine.runs.get(parentRunId);
    const child = parent?.children[initiatedEventId];
    if (!parent || parent.status !== 'Running' || !child || child.runId) return;
    const a = decodeB64<any>(INITIATED, child.attributes)!;
    let started: { runId: string } | { cause: number };
    try {
      const result = await this.engine.startWorkflow(
        {
          namespace: child.namespace,
          workflowId: child.workflowId,
          workflowType: a.workflowType,
          taskQueue: a.taskQueue,
          input: a.input,
          workflowExecutionTimeout: a.workflowExecutionTimeout,
          workflowRunTimeout: a.workflowRunTimeout,
          workflowTaskTimeout: a.workflowTaskTimeout,
          identity: `parent:${parent.workflowId}`,
          requestId: childRequestId(parentRunId, initiatedEventId),
          workflowIdReusePolicy: a.workflowIdReusePolicy,
          retryPolicy: a.retryPolicy,
          cronSchedule: a.cronSchedule,
          memo: a.memo,
          searchAttributes: a.searchAttributes,
          header: a.header,
          priority: a.priority,
          userMetadata: decodeB64('temporal.api.sdk.v1.UserMetadata', child.userMetadata),
        },
        undefined,
        {
          namespace: parent.namespace,
          workflowId: parent.workflowId,
          runId: parent.runId,
          initiatedEventId,
          closePolicy: child.parentClosePolicy,
        },
      );
      started = { runId: result.runId };
    } catch (err) {
      if (err instanceof ServiceError && err.code === GrpcStatus.ALREADY_EXISTS) started = { cause: 1 };
      else if (err instanceof ServiceError && /Namespace .* not found/i.test(err.message)) started = { cause: 2 };
      else throw err;
    }
    await this.engine.withRun(parentRunId, (tx) => {
      const c = tx.s.children[initiatedEventId];
      if (tx.s.status !== 'Running' || !c || c.runId) return;
      if ('runId' in started) {
        this.recordStarted(tx, c, started.runId, a.header);
        return;
      }
      this.engine.addExternalEvent(tx, 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED', {
        namespace: c.namespace,
        namespaceId: this.engine.namespace(c.namespace).id,
        workflowId: c.workflowId,
        workflowType: { name: c.workflowType },
        cause: started.cause,
        control: a.control,
        initiatedEventId,
        workflowTaskCompletedEventId: toNumber(a.workflowTaskCompletedEventId),
      });
      delete tx.s.children[initiatedEventId];
    });
  }

  private recordStarted(tx: Tx, c: ChildState, runId: string, header?: any): void {
    c.runId = runId;
    c.startedEventId = this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED', {
      namespace: c.namespace,
      namespaceId: this.engine.namespace(c.namespace).id,
      initiatedEventId: c.initiatedEventId,
      workflowExecution: { workflowId: c.workflowId, runId },
      workflowType: { name: c.workflowType },
      header,
    });
    tx.dirty = true;
  }

  /** A buffered ChildWorkflowExecutionStarted got its event id. */
  onBufferedEventAppended(tx: Tx, event: any, eventId: number): void {
    const initiatedEventId = toNumber(event.childWorkflowExecutionStartedEventAttributes?.initiatedEventId);
    const c = initiatedEventId ? tx.s.children[initiatedEventId] : undefined;
    if (c) c.startedEventId = eventId;
  }

  /**
   * After a run closed (committed): tell its parent when the child's chain
   * ended, and apply this run's parent-close policy to its own open children.
   */
  onRunClosed(s: RunState, closeAttributes: any): void {
    if (s.parent && !s.newExecutionRunId) this.reportToParent(s, s.status, closeAttributes);
    for (const c of Object.values(s.children)) this.applyParentClosePolicy(s, c);
  }

  private reportToParent(child: RunState, status: ExecutionStatus, closeAttributes: any): void {
    const parent = child.parent!;
    void this.deliverClose(parent.runId, parent.initiatedEventId, child, status, closeAttributes).catch((err) => {
      this.engine.logError('reporting a child result to its parent failed; retrying', err);
      this.later(() => this.reportToParent(child, status, closeAttributes));
    });
  }

  private async deliverClose(parentRunId: string, initiatedEventId: number, child: RunState, status: ExecutionStatus, a: any): Promise<void> {
    if (!this.engine.runs.has(parentRunId)) return;
    await this.engine.withRun(parentRunId, (tx) => {
      const c = tx.s.children[initiatedEventId];
      if (tx.s.status !== 'Running' || !c || c.workflowId !== child.workflowId) return;
      // The child may finish before its start was recorded (a fast child, or a crash in between).
      if (!c.runId) this.recordStarted(tx, c, child.firstRunId);
      const common = {
        namespace: c.namespace,
        namespaceId: this.engine.namespace(c.namespace).id,
        workflowExecution: { workflowId: child.workflowId, runId: child.runId },
        workflowType: { name: c.workflowType },
        initiatedEventId,
        startedEventId: c.startedEventId ?? 0,
      };
      switch (status) {
        case 'Completed':
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED', { ...common, result: a?.result });
          break;
        case 'Failed':
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', { ...common, failure: a?.failure, retryState: a?.retryState });
          break;
        case 'Canceled':
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED', { ...common, details: a?.details });
          break;
        case 'TimedOut':
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT', { ...common, retryState: a?.retryState });
          break;
        case 'Terminated':
          this.engine.addExternalEvent(tx, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED', common);
          break;
        default:
          return;
      }
      delete tx.s.children[initiatedEventId];
    });
  }

  private applyParentClosePolicy(parent: RunState, c: ChildState): void {
    if (c.parentClosePolicy === ParentClosePolicy.ABANDON) return;
    void this.applyPolicy(parent, c.namespace, c.workflowId, c.parentClosePolicy).catch((err) =>
      this.engine.logError('applying a parent-close policy failed', err),
    );
  }

  private async applyPolicy(parent: Pick<RunState, 'runId' | 'workflowId'>, namespace: string, workflowId: string, policy: number): Promise<void> {
    const child = await this.engine.findRun(namespace, { workflowId }).catch(() => undefined);
    // Only the child's own chain: the id may have been reused by an unrelated run.
    if (!child || child.status !== 'Running' || child.parent?.runId !== parent.runId) return;
    const execution = { workflowId, runId: child.runId };
    try {
      if (policy === ParentClosePolicy.REQUEST_CANCEL) {
        await this.engine.requestCancel({ namespace, workflowExecution: execution, reason: 'by parent close policy', identity: 'history-service' });
      } else {
        await this.engine.terminate({ namespace, workflowExecution: execution, reason: 'by parent close policy', identity: 'history-service' });
      }
    } catch (err) {
      // Closed meanwhile: nothing left to do.
      if (!(err instanceof ServiceError && err.code === GrpcStatus.NOT_FOUND)) throw err;
    }
  }

  /**
   * After a restart, for a running run: start children whose start was not
   * recorded, report children that closed while the report was not recorded,
   * and (for a child) apply the policy if the parent closed meanwhile.
   */
  recover(s: RunState): void {
    void this.recoverRun(s).catch((err) => this.engine.logError('recovering child workflows failed', err));
  }

  private async recoverRun(s: RunState): Promise<void> {
    for (const c of Object.values(s.children)) {
      if (!c.runId) {
        this.start(s.runId, c.initiatedEventId);
        continue;
      }
      const latest = await this.engine.store.loadLatestRun(c.namespace, c.workflowId);
      if (!latest || latest.status === 'Running' || latest.status === 'ContinuedAsNew' || latest.newExecutionRunId) continue;
      if (latest.parent?.runId !== s.runId || latest.parent.initiatedEventId !== c.initiatedEventId) continue;
      const closeAttributes = latest.closeEventId ? await this.readCloseAttributes(latest) : undefined;
      await this.deliverClose(s.runId, c.initiatedEventId, latest, latest.status, closeAttributes);
    }
    const parent = s.parent;
    if (parent && parent.closePolicy !== ParentClosePolicy.ABANDON) {
      const p = await this.engine.store.loadRun(parent.namespace, parent.runId);
      if (p && p.status !== 'Running') await this.applyPolicy(p, s.namespace, s.workflowId, parent.closePolicy ?? ParentClosePolicy.TERMINATE);
    }
  }

  private async readCloseAttributes(s: RunState): Promise<any> {
    const data = await this.engine.closeEvent(s);
    if (!data) return undefined;
    const event = decode<any>('temporal.api.history.v1.HistoryEvent', data);
    return event.workflowExecutionCompletedEventAttributes
      ?? event.workflowExecutionFailedEventAttributes
      ?? event.workflowExecutionCanceledEventAttributes
      ?? event.workflowExecutionTimedOutEventAttributes
      ?? event.workflowExecutionTerminatedEventAttributes;
  }

  private later(fn: () => void): void {
    if (this.engine.isStopped()) return;
    setTimeout(fn, RETRY_LATER_MS).unref?.();
  }
}

/** The start request id of a child: the same for every retry of the same initiated event. */
export function childRequestId(parentRunId: string, initiatedEventId: number): string {
  return `child:${parentRunId}:${initiatedEventId}`;
}

/** Parent fields for the child's WorkflowExecutionStarted event. */
export { parentAttributes };
