/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages */
/**
 * Schedules (the WorkflowService schedule RPCs), as an engine service of
 * their own. Temporal runs each schedule as a system workflow; here a
 * schedule is a row (schedule-store) plus one deadline on the engine's timer
 * wheel at its next wake-up, so fire times follow the engine's clock,
 * virtual time included. At start every schedule wakes once: actions that
 * fell due while the engine was down are taken if still within the catchup
 * window. Each schedule's changes are serialised by a lock and committed
 * before the call is answered.
 */
import { status } from '@grpc/grpc-js';
import { decodeB64, encodeB64, msToTimestamp, timestampMs } from '../../codec';
import { invalidArgument, notFound, ServiceError } from '../../errors';
import { compileVisibilityQuery, VisibilityQueryError, type SearchAttributeType } from '../../visibility';
import { decodeSearchAttributes } from '../search-attributes';
import type { RunState } from '../state';
import type { EngineStore, NamespaceRow } from '../store';
import type { TimerWheel } from '../timer-wheel';
import { OVERLAP } from './overlap';
import { readAction, readPolicies, readScheduleId, readSpec, readState, overlapNumber, typedSearchAttributes } from './schedule-input';
import type { ScheduleRecord } from './schedule-record';
import { ScheduleRunner, type ScheduleHost } from './schedule-runner';
import { ScheduleStore } from './schedule-store';
import { conflictToken, describeView, listEntryView, readConflictToken } from './schedule-views';

export interface ScheduleServiceHost extends ScheduleHost {
  readonly timers: TimerWheel;
  readonly store: EngineStore;
  namespace(name: string): NamespaceRow;
  customSearchAttributes(namespace: string): Map<string, string>;
  validateSearchAttributes(namespace: string, sa: any): void;
  isStopped(): boolean;
}

const MAX_MATCHING_TIMES = 1000;
const MAX_PAGE = 1000;
/** After a failed write, the schedule tries again this much later. */
const RETRY_MS = 1000;

export class ScheduleService {
  private readonly records = new Map<string, ScheduleRecord>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly store: ScheduleStore;
  private readonly runner: ScheduleRunner;

  constructor(private readonly host: ScheduleServiceHost) {
    this.store = new ScheduleStore(host.store.pool, host.store.schema);
    this.runner = new ScheduleRunner(host, (ns) => host.namespace(ns).id);
  }

  async start(): Promise<void> {
    await this.store.migrate();
    const now = this.host.clock.now();
    for (const r of await this.store.loadAll()) {
      this.records.set(key(r.namespace, r.scheduleId), r);
      this.arm(r, now);
    }
  }

  // ---------------------------------------------------------------- RPCs

  async create(req: any): Promise<object> {
    const namespace = this.namespaceOf(req);
    const scheduleId = readScheduleId(req.scheduleId);
    const sched = req.schedule ?? {};
    this.host.validateSearchAttributes(namespace, req.searchAttributes);
    const now = this.host.clock.now();
    const r: ScheduleRecord = {
      namespace,
      scheduleId,
      spec: readSpec(sched.spec),
      action: readAction(sched.action, (sa) => this.host.validateSearchAttributes(namespace, sa), this.host.customSearchAttributes(namespace)),
      policies: readPolicies(sched.policies),
      state: readState(sched.state),
      memo: req.memo?.fields && Object.keys(req.memo.fields).length ? encodeMemo(req.memo) : undefined,
      searchAttributes: typedSearchAttributes(req.searchAttributes, this.host.customSearchAttributes(namespace)),
      info: { actionCount: 0, missedCatchupWindow: 0, overlapSkipped: 0, bufferDropped: 0, runningWorkflows: [], recentActions: [], createTime: now },
      lastProcessedTime: now,
      conflictToken: 1,
      buffer: [],
      manualSeq: 0,
      createRequestId: req.requestId || undefined,
    };
    const k = key(namespace, scheduleId);
    return this.withLock(k, async () => {
      if (!(await this.store.insert(r, this.visibilityAttributes(r)))) {
        // the SDK retries a create whose answer it lost: the same request is not a conflict
        const existing = this.records.get(k);
        if (existing && r.createRequestId && existing.createRequestId === r.createRequestId) return { conflictToken: conflictToken(existing) };
        throw new ServiceError(status.ALREADY_EXISTS, 'schedule with this ID is already registered');
      }
      this.records.set(k, r);
      if (req.initialPatch) this.applyPatch(r, req.initialPatch);
      await this.runAndSave(r);
      return { conflictToken: conflictToken(r) };
    });
  }

  async describe(req: any): Promise<object> {
    const r = this.get(this.namespaceOf(req), req.scheduleId);
    return this.withLock(key(r.namespace, r.scheduleId), () => describeView(this.get(r.namespace, r.scheduleId), this.runner));
  }

  async update(req: any): Promise<object> {
    const namespace = this.namespaceOf(req);
    const sched = req.schedule ?? {};
    const spec = readSpec(sched.spec);
    const action = readAction(sched.action, (sa) => this.host.validateSearchAttributes(namespace, sa), this.host.customSearchAttributes(namespace));
    const policies = readPolicies(sched.policies);
    const state = readState(sched.state);
    if (req.searchAttributes) this.host.validateSearchAttributes(namespace, req.searchAttributes);
    const k = key(namespace, String(req.scheduleId ?? ''));
    return this.withLock(k, async () => {
      const r = this.get(namespace, req.scheduleId);
      const token = readConflictToken(req.conflictToken);
      if (token !== undefined && token !== r.conflictToken) {
        throw new ServiceError(status.FAILED_PRECONDITION, 'conflicting concurrent update: describe the schedule again and retry');
      }
      Object.assign(r, { spec, action, policies, state });
      if (req.searchAttributes) r.searchAttributes = typedSearchAttributes(req.searchAttributes, this.host.customSearchAttributes(namespace));
      if (req.memo) r.memo = encodeMemo(req.memo);
      r.info.updateTime = this.host.clock.now();
      r.conflictToken += 1;
      await this.runAndSave(r);
      return {};
    });
  }

  async patch(req: any): Promise<object> {
    const namespace = this.namespaceOf(req);
    const k = key(namespace, String(req.scheduleId ?? ''));
    return this.withLock(k, async () => {
      const r = this.get(namespace, req.scheduleId);
      this.applyPatch(r, req.patch ?? {});
      await this.runAndSave(r);
      return {};
    });
  }

  async delete(req: any): Promise<object> {
    const namespace = this.namespaceOf(req);
    const k = key(namespace, String(req.scheduleId ?? ''));
    return this.withLock(k, async () => {
      this.get(namespace, req.scheduleId);
      await this.store.delete(namespace, req.scheduleId);
      this.records.delete(k);
      this.host.timers.clear(timerKey(k));
      return {};
    });
  }

  async list(req: any): Promise<object> {
    const namespace = this.namespaceOf(req);
    const custom = Object.fromEntries(this.host.customSearchAttributes(namespace)) as Record<string, SearchAttributeType>;
    let compiled;
    try {
      compiled = compileVisibilityQuery(scheduleIdAsWorkflowId(req.query ?? ''), { custom: { ...custom, TemporalSchedulePaused: 'Bool' } }, { paramOffset: 1, tableAlias: 'e' });
    } catch (err) {
      if (err instanceof VisibilityQueryError) throw invalidArgument(`invalid query: ${err.message}`);
      throw err;
    }
    const pageSize = Number(req.maximumPageSize) > 0 ? Math.min(Number(req.maximumPageSize), MAX_PAGE) : MAX_PAGE;
    const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument('invalid next page token');
    const rows = await this.store.list(namespace, compiled.where, compiled.params, pageSize + 1, offset);
    const page = rows.slice(0, pageSize).map((row) => this.records.get(key(row.namespace, row.scheduleId)) ?? row);
    return {
      schedules: page.map((r) => listEntryView(r, this.runner)),
      nextPageToken: rows.length > pageSize ? Buffer.from(String(offset + pageSize)) : Buffer.alloc(0),
    };
  }

  listMatchingTimes(req: any): object {
    const r = this.get(this.namespaceOf(req), req.scheduleId);
    if (!req.startTime || !req.endTime) throw invalidArgument('StartTime and EndTime are required.');
    const end = timestampMs(req.endTime);
    const out: object[] = [];
    let t = timestampMs(req.startTime);
    for (let i = 0; i < MAX_MATCHING_TIMES; i++) {
      const next = this.runner.nextTime(r, t)?.next;
      if (next === undefined || next > end) break;
      out.push(msToTimestamp(next));
      t = next;
    }
    return { startTime: out };
  }

  /** A workflow a schedule started has closed: a buffered start may go now, or the schedule pause on failure. */
  onRunClosed(s: RunState): void {
    const scheduleId = s.searchAttributes?.TemporalScheduledById;
    if (typeof scheduleId !== 'string') return;
    const r = this.records.get(key(s.namespace, scheduleId));
    if (!r?.info.runningWorkflows.some((w) => w.workflowId === s.workflowId)) return;
    // after this commit settles (a continue-as-new's next run is then visible); virtual time waits for it
    const release = this.host.clock.hold();
    setImmediate(() => void this.fire(key(s.namespace, scheduleId)).finally(release));
  }

  /** Resolves once no schedule is acting (the engine is stopping: nothing new starts). */
  async settled(): Promise<void> {
    await Promise.all([...this.locks.values()]);
  }

  // ---------------------------------------------------------------- inner workings

  private applyPatch(r: ScheduleRecord, patch: any): void {
    const now = this.host.clock.now();
    if (patch.triggerImmediately) {
      const at = patch.triggerImmediately.scheduledTime ? timestampMs(patch.triggerImmediately.scheduledTime) || now : now;
      this.runner.addStart(r, at, at, overlapNumber(patch.triggerImmediately.overlapPolicy ?? OVERLAP.UNSPECIFIED), true);
    }
    for (const b of patch.backfillRequest ?? []) {
      // the start time is inclusive (Temporal's InclusiveBackfillStartTime)
      this.runner.processTimeRange(r, timestampMs(b.startTime) - 1, timestampMs(b.endTime), overlapNumber(b.overlapPolicy ?? 0), true);
    }
    if (patch.pause) {
      r.state.paused = true;
      r.state.notes = patch.pause;
      r.conflictToken += 1;
    }
    if (patch.unpause) {
      r.state.paused = false;
      r.state.notes = patch.unpause;
      r.conflictToken += 1;
    }
  }

  private async fire(k: string): Promise<void> {
    if (this.host.isStopped()) return;
    await this.withLock(k, async () => {
      const r = this.records.get(k);
      if (r && !this.host.isStopped()) await this.runAndSave(r);
    }).catch((err) => this.host.logError('schedule wake-up failed', err));
  }

  /** One wake-up, then the record saved and the next wake-up armed. Virtual time stands still meanwhile. */
  private async runAndSave(r: ScheduleRecord): Promise<void> {
    const clock = this.host.clock;
    const release = clock.hold();
    try {
      let next: number | undefined;
      try {
        next = await this.runner.wake(r);
      } finally {
        // whatever was started is recorded, even if a later step failed
        await this.store.save(r, this.visibilityAttributes(r));
      }
      this.arm(r, next);
    } catch (err) {
      this.arm(r, clock.now() + RETRY_MS);
      throw err;
    } finally {
      release();
    }
  }

  private arm(r: ScheduleRecord, at: number | undefined): void {
    const k = key(r.namespace, r.scheduleId);
    if (at === undefined) this.host.timers.clear(timerKey(k));
    // virtual time waits from the moment the deadline fires, before the wake-up has its turn on the lock
    else this.host.timers.set(timerKey(k), at, () => {
      const release = this.host.clock.hold();
      void this.fire(k).finally(release);
    });
  }

  private withLock<T>(k: string, fn: () => T | Promise<T>): Promise<T> {
    const prev = this.locks.get(k) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(k, tail);
    void tail.then(() => {
      if (this.locks.get(k) === tail) this.locks.delete(k);
    });
    return run;
  }

  private get(namespace: string, scheduleId: unknown): ScheduleRecord {
    const r = this.records.get(key(namespace, String(scheduleId ?? '')));
    if (!r) throw notFound(`schedule not found: ${String(scheduleId ?? '')}`);
    return r;
  }

  private namespaceOf(req: any): string {
    const namespace = req.namespace || 'default';
    this.host.namespace(namespace);
    return namespace;
  }

  /** The schedule's search attributes as ListSchedules queries see them, with TemporalSchedulePaused. */
  private visibilityAttributes(r: ScheduleRecord): Record<string, unknown> {
    const sa = decodeB64('temporal.api.common.v1.SearchAttributes', r.searchAttributes);
    return { ...decodeSearchAttributes(sa, this.host.customSearchAttributes(r.namespace)), TemporalSchedulePaused: r.state.paused };
  }
}

function key(namespace: string, scheduleId: string): string {
  return `${namespace}\u0000${scheduleId}`;
}

function timerKey(k: string): string {
  return `schedule:${k}`;
}

function encodeMemo(memo: any): string | undefined {
  return encodeB64('temporal.api.common.v1.Memo', memo);
}

/** ListSchedules queries may name ScheduleId (Temporal rewrites it to WorkflowId); quoted text is left alone. */
function scheduleIdAsWorkflowId(query: string): string {
  return query
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\bScheduleId\b/g, 'WorkflowId')))
    .join('');
}
