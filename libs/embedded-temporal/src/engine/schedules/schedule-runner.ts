/* eslint-disable @typescript-eslint/no-explicit-any -- actions are protobufjs messages */
/**
 * What Temporal's scheduler workflow does on each wake-up
 * (service/worker/scheduler/workflow.go), applied to a ScheduleRecord: take
 * the actions due since the last processed time (missing those older than the
 * catchup window), put them through the overlap policy, start the workflows,
 * follow the ones still running (pause on failure), and say when to wake next.
 * The caller holds the schedule's lock and saves the record afterwards.
 */
import { decodeB64, encodeB64 } from '../../codec';
import type { EngineClock } from '../clock';
import { STATUS_ENUM, type RunState } from '../state';
import { OVERLAP, processBuffer, type BufferedStart } from './overlap';
import type { RecentAction, ScheduleRecord } from './schedule-record';
import { CompiledSpec, type NextTime } from './spec';

export interface ScheduleHost {
  readonly clock: EngineClock;
  startWorkflow(req: any): Promise<{ runId: string; started: boolean }>;
  requestCancel(req: any): Promise<void>;
  terminate(req: any): Promise<void>;
  findRun(namespace: string, execution: { workflowId?: string; runId?: string }): Promise<RunState>;
  closeEvent(s: RunState): Promise<Buffer | undefined>;
  logError(msg: string, err: unknown): void;
}

/** Temporal's tweakables (CurrentTweakablePolicies). */
export const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3600 * 1000;
const MIN_CATCHUP_WINDOW_MS = 10_000;
const MAX_BUFFER = 1000;
const RECENT_ACTIONS = 10;

export class ScheduleRunner {
  private readonly compiledSpecs = new Map<string, CompiledSpec>();

  constructor(private readonly host: ScheduleHost, private readonly namespaceId: (ns: string) => string) {}

  compiled(r: ScheduleRecord): CompiledSpec {
    const key = JSON.stringify(r.spec);
    let c = this.compiledSpecs.get(key);
    if (!c) {
      if (this.compiledSpecs.size > 1000) this.compiledSpecs.clear();
      c = new CompiledSpec(r.spec);
      this.compiledSpecs.set(key, c);
    }
    return c;
  }

  /** Jitter seed: the same schedule gets the same jitter after a restart. */
  seed(r: ScheduleRecord): string {
    return `${this.namespaceId(r.namespace)}-${r.scheduleId}`;
  }

  nextTime(r: ScheduleRecord, after: number): NextTime | undefined {
    return this.compiled(r).nextTime(this.seed(r), after);
  }

  /** The next `n` action times (as Describe and List show them). */
  futureActionTimes(r: ScheduleRecord, n: number): number[] {
    if (r.state.limitedActions) n = Math.min(n, r.state.remainingActions);
    const out: number[] = [];
    let t = r.lastProcessedTime;
    for (let guard = 0; out.length < n && guard < 10_000; guard++) {
      const next = this.nextTime(r, t)?.next;
      if (next === undefined) break;
      t = next;
      if (r.info.updateTime !== undefined && r.info.updateTime > next) continue;
      out.push(next);
    }
    return out;
  }

  /**
   * One wake-up: actions due up to now, then the buffer. Returns when to wake next (undefined: only when
   * something happens — paused, out of actions, or no more times).
   */
  async wake(r: ScheduleRecord): Promise<number | undefined> {
    const now = this.host.clock.now();
    const { next, lastAction } = this.processTimeRange(r, r.lastProcessedTime, Math.max(now, r.lastProcessedTime), OVERLAP.UNSPECIFIED, false);
    r.lastProcessedTime = lastAction;
    for (let i = 0; i < MAX_BUFFER && (await this.processBuffer(r)); i++);
    if (!this.canTakeScheduledAction(r, false, false)) return undefined;
    return next;
  }

  /** Adds the actions whose times fall in (start, end] to the buffer; returns the next time after `end`. */
  processTimeRange(r: ScheduleRecord, start: number, end: number, overlapPolicy: number, manual: boolean): { next?: number; lastAction: number } {
    const catchupWindow = this.catchupWindow(r);
    if (!this.canTakeScheduledAction(r, manual, false)) {
      // paused or out of actions: the time passes without actions (and without counting them as missed)
      return { next: this.nextTime(r, end)?.next, lastAction: end };
    }
    let lastAction = start;
    let t = this.nextTime(r, start);
    for (; t && t.next <= end; t = this.nextTime(r, t.next)) {
      // reprocessing from before an update: what the old spec would have done is gone
      if (!manual && r.info.updateTime !== undefined && r.info.updateTime > t.next) continue;
      if (!manual && end - t.next > catchupWindow) {
        r.info.missedCatchupWindow += 1;
        continue;
      }
      this.addStart(r, t.nominal, t.next, overlapPolicy, manual);
      lastAction = t.next;
    }
    return { next: t?.next, lastAction };
  }

  addStart(r: ScheduleRecord, nominal: number, actual: number, overlapPolicy: number, manual: boolean): void {
    if (r.buffer.length >= MAX_BUFFER) {
      r.info.bufferDropped += 1;
      return;
    }
    // A scheduled time starts at most once (the id survives a crash between starting and saving); each manual start is new.
    const requestId = manual ? `${this.seed(r)}/manual/${++r.manualSeq}` : `${this.seed(r)}/${nominal}`;
    r.buffer.push({ nominal, actual, overlapPolicy, manual, requestId });
  }

  catchupWindow(r: ScheduleRecord): number {
    const cw = r.policies.catchupWindowMs;
    return cw === undefined ? DEFAULT_CATCHUP_WINDOW_MS : Math.max(cw, MIN_CATCHUP_WINDOW_MS);
  }

  resolveOverlap(r: ScheduleRecord, policy: number): number {
    return policy || r.policies.overlapPolicy || OVERLAP.SKIP;
  }

  canTakeScheduledAction(r: ScheduleRecord, manual: boolean, decrement: boolean): boolean {
    if (manual) return true;
    if (r.state.paused) return false;
    if (!r.state.limitedActions) return true;
    if (r.state.remainingActions > 0) {
      if (decrement) {
        r.state.remainingActions -= 1;
        r.conflictToken += 1;
      }
      return true;
    }
    return false;
  }

  /** Starts what the buffer allows; true when it should be looked at again at once. */
  private async processBuffer(r: ScheduleRecord): Promise<boolean> {
    await this.refreshRunning(r);
    if (!r.buffer.length) return false;
    const d = processBuffer(r.buffer, r.info.runningWorkflows.length > 0, (p) => this.resolveOverlap(r, p));
    r.buffer = d.buffer;
    r.info.overlapSkipped += d.skipped;
    let tryAgain = false;
    const starts = d.nonOverlapping ? [...d.overlapping, d.nonOverlapping] : d.overlapping;
    for (const start of starts) {
      if (!this.canTakeScheduledAction(r, start.manual, true)) {
        tryAgain = true;
        continue;
      }
      try {
        const action = await this.startWorkflow(r, start);
        r.info.actionCount += 1;
        r.info.recentActions = [...r.info.recentActions, action].slice(-RECENT_ACTIONS);
        // ALLOW_ALL starts are not followed: they never block another start
        if (start === d.nonOverlapping) r.info.runningWorkflows.push({ workflowId: action.workflowId, runId: action.runId });
      } catch (err) {
        this.host.logError(`schedule ${r.scheduleId}: start failed`, err);
        tryAgain = true;
      }
    }
    if (d.terminate || d.cancel) {
      for (const ex of r.info.runningWorkflows) {
        const req = { namespace: r.namespace, workflowExecution: { workflowId: ex.workflowId }, identity: this.identity(r), reason: 'schedule overlap policy' };
        try {
          if (d.terminate) await this.host.terminate({ ...req, firstExecutionRunId: ex.runId });
          else await this.host.requestCancel({ ...req, firstExecutionRunId: ex.runId, requestId: `${this.seed(r)}/cancel/${ex.runId}` });
        } catch (err) {
          this.host.logError(`schedule ${r.scheduleId}: ${d.terminate ? 'terminate' : 'cancel'} failed`, err);
        }
      }
    }
    return tryAgain;
  }

  identity(r: ScheduleRecord): string {
    return `temporal-scheduler-${r.namespace}-${r.scheduleId}`;
  }

  private async startWorkflow(r: ScheduleRecord, start: BufferedStart): Promise<RecentAction> {
    const action = decodeB64<any>('temporal.api.schedule.v1.ScheduleAction', r.action)!;
    const w = action.startWorkflow;
    const nominalSec = Math.floor(start.nominal / 1000) * 1000;
    const workflowId = `${w.workflowId}-${new Date(nominalSec).toISOString().replace('.000Z', 'Z')}`;
    const indexedFields = { ...(w.searchAttributes?.indexedFields ?? {}) };
    indexedFields.TemporalScheduledStartTime = jsonPayload(new Date(nominalSec).toISOString().replace('.000Z', 'Z'), 'Datetime');
    indexedFields.TemporalScheduledById = jsonPayload(r.scheduleId, 'Keyword');
    const { runId } = await this.host.startWorkflow({
      namespace: r.namespace,
      workflowId,
      workflowType: w.workflowType,
      taskQueue: w.taskQueue,
      input: w.input,
      workflowExecutionTimeout: w.workflowExecutionTimeout,
      workflowRunTimeout: w.workflowRunTimeout,
      workflowTaskTimeout: w.workflowTaskTimeout,
      identity: this.identity(r),
      requestId: start.requestId,
      // scheduled starts reject a duplicate id (one start per time); manual ones may repeat
      workflowIdReusePolicy: start.manual ? 1 : 3,
      retryPolicy: w.retryPolicy,
      memo: w.memo,
      searchAttributes: { indexedFields },
      header: w.header,
      userMetadata: w.userMetadata,
      priority: w.priority,
      // ALLOW_ALL runs take no part in the chain of results (Temporal's DontTrackOverlapping)
      ...(this.resolveOverlap(r, start.overlapPolicy) === OVERLAP.ALLOW_ALL ? {} : {
        lastCompletionResult: decodeB64('temporal.api.common.v1.Payloads', r.lastCompletionResult),
        continuedFailure: decodeB64('temporal.api.failure.v1.Failure', r.continuedFailure),
      }),
    });
    return { scheduleTime: start.actual, actualTime: this.host.clock.now(), workflowId, runId, status: STATUS_ENUM.Running };
  }

  /** Drops the followed workflows that have closed, noting their status; pauses on a failure if asked to. */
  private async refreshRunning(r: ScheduleRecord): Promise<void> {
    const still: ScheduleRecord['info']['runningWorkflows'] = [];
    for (const ex of r.info.runningWorkflows) {
      let s: RunState | undefined;
      try {
        // by workflow id, so a retried or continued-as-new chain counts as running
        s = await this.host.findRun(r.namespace, { workflowId: ex.workflowId });
      } catch {
        s = undefined;
      }
      if (s?.status === 'Running') {
        still.push(ex);
        continue;
      }
      const status = s ? STATUS_ENUM[s.status] : STATUS_ENUM.Terminated;
      const recent = r.info.recentActions.find((a) => a.workflowId === ex.workflowId);
      if (recent) recent.status = status;
      const close = s ? await this.closeAttributes(s) : undefined;
      if (s && r.policies.pauseOnFailure && !r.state.paused && (s.status === 'Failed' || s.status === 'TimedOut')) {
        r.state.paused = true;
        r.state.notes = s.status === 'Failed'
          ? `paused due to workflow failure: ${ex.workflowId}: ${close?.workflowExecutionFailedEventAttributes?.failure?.message ?? ''}`
          : `paused due to workflow timeout: ${ex.workflowId}`;
        r.conflictToken += 1;
      }
      // the outcome the next start receives (Temporal's LastCompletionResult / ContinuedFailure)
      const result = close?.workflowExecutionCompletedEventAttributes?.result;
      const failure = close?.workflowExecutionFailedEventAttributes?.failure;
      if (s?.status === 'Completed') {
        r.lastCompletionResult = result ? encodeB64('temporal.api.common.v1.Payloads', result) : undefined;
        r.continuedFailure = undefined;
      } else if (failure) {
        r.continuedFailure = encodeB64('temporal.api.failure.v1.Failure', failure);
      }
    }
    r.info.runningWorkflows = still;
  }

  /** The close event of a run that closed, decoded (undefined if it cannot be read). */
  private async closeAttributes(s: RunState): Promise<any> {
    try {
      const bytes = await this.host.closeEvent(s);
      return bytes ? decodeB64<any>('temporal.api.history.v1.HistoryEvent', bytes.toString('base64')) : undefined;
    } catch {
      return undefined;
    }
  }

}

/** A search attribute value as Temporal encodes it (json/plain) with its type. */
function jsonPayload(value: unknown, type: string): object {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
    data: Buffer.from(JSON.stringify(value)),
  };
}
