/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The heart of the embedded engine: workflow runs as state machines that
 * append history events. Every change to a run happens under that run's lock,
 * on a copy of its state; it is committed to Postgres in one statement and only
 * then made visible (tasks offered, timers armed, waiters woken, RPC answered).
 */
import { randomUUID } from 'node:crypto';
import { decode, decodeB64, durationMs, encode, encodeB64, msToDuration, msToTimestamp, packAny, toNumber, unpackAny, withRawHistory } from '../codec';
import { alreadyStarted, invalidArgument, namespaceNotFound, notFound, ServiceError, workflowCompleted, workflowNotFound } from '../errors';
import { decideRetry, defaultRetryPolicy, normaliseActivityTimeouts } from './activity-rules';
import { EngineClock } from './clock';
import { CLOSE_EVENT_TYPES, decodeBuffered, encodeBuffered, encodeEvent, type PendingEvent } from './history';
import { Matching, type QueuedTask } from './matching';
import { awaitingFirstTask, rootOf, STATUS_ENUM, type ActivityState, type ExecutionStatus, type RunState } from './state';
import { EngineStore, type EventRow, type RunChange } from './store';
import { TimerWheel } from './timer-wheel';
import { decodeSearchAttributes } from './search-attributes';
import { ChildWorkflows } from './children';
import { ExternalWorkflows } from './externals';
import { nextCronTime } from './cron';
import { closeForNextCronRun, cronSchedule, continueAsNew, failOrRetry, parentAttributes, readStartedAttributes } from './next-run';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';
const DEFAULT_TASK_TIMEOUT_MS = 10_000;
const LONG_POLL_MS = 15_000;
/** Open runs whose not-yet-delivered events are kept in memory (see rememberEvents). */
const MAX_TAILS = 2000;

/**
 * A deep copy of a run's state for one change. The state is JSON-shaped (it is stored as JSON), so a plain
 * recursive copy does; it costs a fraction of structuredClone's serialise/deserialise round trip. Anything
 * that is not a plain object or array (a Date, say) still goes through structuredClone.
 */
function cloneState<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(cloneState) as T;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneState((v as Record<string, unknown>)[k]);
  return out as T;
}

function unpooled(data: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(data.length);
  new Uint8Array(copy).set(data);
  return copy;
}

export interface EngineOptions {
  databaseUrl: string;
  schema?: string;
  timeSkipping?: boolean;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** One change to a run, committed by withRun. (Exported for the engine's feature modules.) */
export interface Tx {
  s: RunState;
  events: EventRow[];
  after: (() => void)[];
  extra: RunChange[];
  dirty: boolean;
  /** Updates accepted or rejected in this change (their admission ends at commit). */
  handledUpdates?: Set<string>;
  /** WorkflowExecutionStarted attributes, read beforehand when a workflow retry may need them. */
  started?: any;
  /**
   * Set while a workflow task completion is applied: activities the worker asked to run eagerly
   * (requestEagerExecution, on the workflow's own task queue) are started in this same change and
   * handed back in the response instead of going through an activity poll.
   */
  eager?: { identity: string; tasks: object[] };
}

interface AdmittedUpdate {
  updateId: string;
  request: any;
  admittedAt: number;
}

interface UpdateWaiter {
  stage: number;
  resolve: () => void;
}

interface PendingQuery {
  id: string;
  runId: string;
  namespace: string;
  query: any;
  resolve: (r: { result?: any; error?: string; failure?: any }) => void;
  dispatched: boolean;
}

type Token =
  | { k: 'w'; r: string; e: number; t: number }
  | { k: 'a'; r: string; e: number; t: number; n: number }
  | { k: 'q'; q: string };

export const UpdateStage = { ADMITTED: 1, ACCEPTED: 2, COMPLETED: 3 } as const;

/** Temporal matching's default: a sticky queue not polled for this long has lost its worker. */
const STICKY_POLLER_UNAVAILABLE_WINDOW_MS = 10_000;

export class Engine {
  readonly store: EngineStore;
  readonly clock: EngineClock;
  readonly timers: TimerWheel;
  readonly matching = new Matching();
  /** Open runs (and briefly, just-closed ones) by run id. */
  /** @internal */
  readonly runs = new Map<string, RunState>();
  /** `${namespace}/${workflowId}` → run id of the running run. */
  private readonly running = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly historyWaiters = new Map<string, Set<() => void>>();
  private readonly tails = new Map<string, EventRow[]>();
  /** Close events of runs closed in the last 30 s (see closeRun). */
  private readonly closeEvents = new Map<string, Buffer>();
  private readonly admitted = new Map<string, Map<string, AdmittedUpdate>>();
  private readonly updateWaiters = new Map<string, UpdateWaiter[]>();
  private readonly rejected = new Map<string, { outcome: any; at: number }>();
  private readonly queries = new Map<string, PendingQuery>();
  private readonly namespaces = new Map<string, { name: string; id: string; description: string; ownerEmail: string; retentionSeconds: number }>();
  private searchAttributeTypes = new Map<string, Map<string, string>>();
  private stopped = false;
  private readonly log: NonNullable<EngineOptions['log']>;
  /** @internal child workflows and their parent-close policies */
  readonly children = new ChildWorkflows(this);
  /** @internal signals and cancel requests to other workflows */
  readonly externals = new ExternalWorkflows(this);

  constructor(readonly options: EngineOptions) {
    this.store = new EngineStore(options.databaseUrl, options.schema ?? 'temporal');
    this.clock = new EngineClock(options.timeSkipping ?? false);
    this.timers = new TimerWheel(this.clock);
    this.log = options.log ?? (() => undefined);
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<void> {
    await this.store.migrate();
    await this.reloadNamespaces();
    for (const s of await this.store.loadRunning()) this.recover(s);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.stop();
    this.matching.drain();
    for (const waiters of this.historyWaiters.values()) for (const w of waiters) w();
    for (const list of this.updateWaiters.values()) for (const w of list) w.resolve();
    for (const q of this.queries.values()) q.resolve({ error: 'engine stopping' });
    await Promise.allSettled([...this.locks.values()]);
    await this.store.close();
  }

  /** Re-arms everything a running run waits for after a restart. */
  private recover(s: RunState): void {
    // A speculative task is not persisted on its own (see update()); a stored one came along with a
    // later change. Drop it, unless events were buffered behind it: then its timeout delivers them.
    if (s.wft?.speculative && !(s.wft.startedEventId !== undefined && s.buffered.length)) s.wft = undefined;
    if (s.wft?.startedEventId !== undefined) {
      // The worker that held it is gone or will answer with a stale token: let it time out.
    }
    this.runs.set(s.runId, s);
    this.running.set(key(s.namespace, s.workflowId), s.runId);
    const tx: Tx = { s, events: [], after: [], extra: [], dirty: false };
    this.armRun(tx);
    for (const fn of tx.after) fn();
    // No worker has polled a sticky queue of this engine yet: a task waiting on one moves to the normal queue now.
    const wft = s.wft;
    if (wft?.sticky && wft.startedEventId === undefined) {
      void this.stickyTimeout(s.runId, wft.token).catch((e) => this.log('sticky recovery failed', { err: String(e) }));
    }
  }

  async reloadNamespaces(): Promise<void> {
    for (const ns of await this.store.listNamespaces()) this.namespaces.set(ns.name, ns);
    const types = new Map<string, Map<string, string>>();
    for (const sa of await this.store.searchAttributes()) {
      if (!types.has(sa.namespace)) types.set(sa.namespace, new Map());
      types.get(sa.namespace)!.set(sa.name, sa.type);
    }
    this.searchAttributeTypes = types;
  }

  namespace(name: string) {
    const ns = this.namespaces.get(name || 'default');
    if (!ns) throw namespaceNotFound(name);
    return ns;
  }

  listNamespacesCached() {
    return [...this.namespaces.values()];
  }

  customSearchAttributes(namespace: string): Map<string, string> {
    return this.searchAttributeTypes.get(namespace) ?? new Map();
  }

  /** @internal Makes `s` the running run of its workflow id (a run that follows a closed one). */
  markRunning(s: RunState): void {
    this.running.set(key(s.namespace, s.workflowId), s.runId);
  }

  /** @internal */
  logError(msg: string, err: unknown): void {
    this.log(msg, { err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  }

  /** @internal */
  isStopped(): boolean {
    return this.stopped;
  }

  // ---------------------------------------------------------------- run access

  /** @internal */
  async withRun<T>(runId: string, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    const previous = this.locks.get(runId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = previous.then(() => mine);
    this.locks.set(runId, chained);
    await previous.catch(() => undefined);
    try {
      const current = this.runs.get(runId);
      if (!current) throw notFound(`workflow run ${runId} is not loaded`);
      const tx: Tx = { s: cloneState(current), events: [], after: [], extra: [], dirty: false };
      const result = await fn(tx);
      if (tx.dirty || tx.events.length || tx.extra.length) {
        tx.s.stateTransitions += 1;
        await this.store.commit([{ state: tx.s, events: tx.events }, ...tx.extra]);
      }
      this.runs.set(runId, tx.s);
      this.rememberEvents(tx.s, tx.events);
      for (const change of tx.extra) {
        this.runs.set(change.state.runId, change.state);
        this.rememberEvents(change.state, change.events);
      }
      if (tx.events.length) this.wakeHistory(runId);
      for (const action of tx.after) action();
      return result;
    } finally {
      release();
      if (this.locks.get(runId) === chained) this.locks.delete(runId);
    }
  }

  /**
   * Keeps the committed events of an open run that its sticky worker has not
   * seen yet (those after previousStartedEventId), so handing out the next
   * workflow task needs no read of Postgres. Gaps or closed runs drop the tail.
   */
  private rememberEvents(s: RunState, events: EventRow[]): void {
    if (s.status !== 'Running') {
      this.tails.delete(s.runId);
      // Its close event answers every waiting handle.result() (and a parent) without a read; kept while the run is.
      const close = s.closeEventId !== undefined ? events.find((e) => e.eventId === s.closeEventId) : undefined;
      if (close) this.closeEvents.set(s.runId, Buffer.from(unpooled(close.data)));
      return;
    }
    let tail = this.tails.get(s.runId) ?? [];
    if (events.length) {
      if (tail.length && tail[tail.length - 1].eventId + 1 !== events[0].eventId) tail = [];
      // Own copies: the encoded events are slices of Node's shared 8 KB buffer pool, and one kept slice keeps its slab.
      tail = tail.concat(events.map((e) => ({ eventId: e.eventId, data: Buffer.from(unpooled(e.data)) })));
    }
    let drop = 0;
    while (drop < tail.length && tail[drop].eventId <= s.previousStartedEventId) drop++;
    if (drop) tail = tail.slice(drop);
    this.tails.delete(s.runId); // re-inserted last: the Map's order is least recently used first
    if (tail.length) this.tails.set(s.runId, tail);
    // Only recently active runs are kept; an idle run's next task reads its few events from Postgres.
    while (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
  }

  /** Events from..to of a run from memory, when the remembered tail covers them. */
  private cachedEvents(runId: string, from: number, to: number): EventRow[] | undefined {
    const tail = this.tails.get(runId);
    if (!tail?.length || tail[0].eventId > from || tail[tail.length - 1].eventId < to) return undefined;
    return tail.slice(from - tail[0].eventId, to - tail[0].eventId + 1);
  }

  /** Finds a run: the given run id, or the running (else newest) run of the workflow id. */
  async findRun(namespace: string, execution: { workflowId?: string; runId?: string } | null | undefined): Promise<RunState> {
    this.namespace(namespace);
    const workflowId = execution?.workflowId ?? '';
    const runId = execution?.runId ?? '';
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (runId) {
      const cached = this.runs.get(runId);
      if (cached && cached.workflowId === workflowId) return cached;
      const s = await this.store.loadRun(namespace, runId);
      if (!s || s.workflowId !== workflowId) throw workflowNotFound(workflowId, runId);
      return s;
    }
    const current = this.running.get(key(namespace, workflowId));
    if (current && this.runs.has(current)) return this.runs.get(current)!;
    const s = await this.store.loadLatestRun(namespace, workflowId);
    if (!s) throw workflowNotFound(workflowId);
    return s;
  }

  private async findRunningRun(namespace: string, execution: any): Promise<RunState> {
    const s = await this.findRun(namespace, execution);
    if (s.status !== 'Running' || !this.runs.has(s.runId)) throw workflowCompleted();
    return this.runs.get(s.runId)!;
  }

  // ---------------------------------------------------------------- events

  /** @internal */
  addEvent(tx: Tx, eventType: string, attributes: object): number {
    const eventId = tx.s.nextEventId++;
    const data = encodeEvent(eventId, { eventType, attributes, time: this.clock.now() });
    tx.events.push({ eventId, data });
    tx.s.historySizeBytes += data.length;
    return eventId;
  }

  /**
   * An event caused from outside the workflow (signal, activity result, timer,
   * cancel request...). While a worker holds a workflow task it is buffered and
   * appended after that task's completion; otherwise it is appended now and a
   * workflow task is scheduled to deliver it.
   */
  /** @internal Returns the event id, or undefined when the event was buffered. */
  addExternalEvent(tx: Tx, eventType: string, attributes: object): number | undefined {
    const wft = tx.s.wft;
    if (wft && wft.startedEventId !== undefined) {
      tx.s.buffered.push(encodeBuffered({ eventType, attributes, time: this.clock.now() }));
      tx.dirty = true;
      return undefined;
    }
    if (wft?.speculative) {
      // The speculative task's Scheduled event was never written: it becomes a real one after this event.
      const eventId = this.addEvent(tx, eventType, attributes);
      wft.speculative = false;
      wft.scheduledEventId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', {
        taskQueue: { name: wft.queue, kind: wft.sticky ? 2 : 1 },
        startToCloseTimeout: msToDuration(tx.s.workflowTaskTimeoutMs),
        attempt: 1,
      });
      return eventId;
    }
    const eventId = this.addEvent(tx, eventType, attributes);
    // A run still waiting for its first workflow task (start delay, cron or retry backoff) keeps waiting, as in
    // Temporal: the event is in history and the task comes when the wait ends.
    if (awaitingFirstTask(tx.s) && tx.s.executionTime > this.clock.now()) return eventId;
    this.scheduleWorkflowTask(tx);
    return eventId;
  }

  private flushBuffered(tx: Tx): boolean {
    if (!tx.s.buffered.length) return false;
    // An activity's Started event is buffered just before its result, whose startedEventId is only known now.
    const activityStarted = new Map<number, number>();
    for (const b of tx.s.buffered) {
      const { bytes } = decodeBuffered(b);
      const ev = decode<any>(HISTORY_EVENT, bytes);
      const eventId = tx.s.nextEventId++;
      ev.eventId = eventId;
      ev.eventTime = msToTimestamp(this.clock.now());
      if (ev.activityTaskStartedEventAttributes) activityStarted.set(toNumber(ev.activityTaskStartedEventAttributes.scheduledEventId), eventId);
      const result = ev.activityTaskCompletedEventAttributes ?? ev.activityTaskFailedEventAttributes
        ?? ev.activityTaskTimedOutEventAttributes ?? ev.activityTaskCanceledEventAttributes;
      if (result && !toNumber(result.startedEventId)) {
        const started = activityStarted.get(toNumber(result.scheduledEventId));
        if (started) result.startedEventId = started;
      }
      if (ev.childWorkflowExecutionStartedEventAttributes) this.children.onBufferedEventAppended(tx, ev, eventId);
      const data = encode(HISTORY_EVENT, ev);
      tx.events.push({ eventId, data });
      tx.s.historySizeBytes += data.length;
    }
    tx.s.buffered = [];
    return true;
  }

  // ---------------------------------------------------------------- workflow tasks

  private scheduleWorkflowTask(tx: Tx, opts: { speculative?: boolean; attempt?: number; delayMs?: number } = {}): void {
    const s = tx.s;
    if (s.status !== 'Running' || s.wft) return;
    // As Temporal's matching does, a sticky queue whose worker has not polled lately is skipped: the task goes
    // straight to the normal queue instead of waiting out the sticky schedule-to-start timeout.
    if (s.sticky && !this.matching.polledWithin(s.namespace, 'workflow', s.sticky.queue, STICKY_POLLER_UNAVAILABLE_WINDOW_MS)) s.sticky = undefined;
    const sticky = !!s.sticky && !opts.delayMs;
    const queue = sticky ? s.sticky!.queue : s.taskQueue;
    const attempt = opts.attempt ?? 1;
    const now = this.clock.now();
    s.wft = {
      scheduledEventId: s.nextEventId,
      attempt,
      scheduledAt: now,
      queue,
      sticky,
      speculative: !!opts.speculative,
      token: Math.floor(Math.random() * 1e9),
      notBefore: opts.delayMs ? now + opts.delayMs : undefined,
    };
    if (!opts.speculative) {
      s.wft.scheduledEventId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', {
        taskQueue: { name: queue, kind: sticky ? 2 : 1, normalName: sticky ? s.taskQueue : '' },
        startToCloseTimeout: msToDuration(s.workflowTaskTimeoutMs),
        attempt,
      });
    }
    tx.dirty = true;
    this.armWorkflowTask(tx);
  }

  /** Offers the current workflow task and arms its timeouts (after commit). */
  private armWorkflowTask(tx: Tx): void {
    const s = tx.s;
    const wft = s.wft;
    if (!wft) return;
    const runId = s.runId;
    const token = wft.token;
    if (wft.startedEventId === undefined) {
      const offer = () =>
        this.matching.offer(s.namespace, 'workflow', wft.queue, { runId, eventId: wft.scheduledEventId, token });
      tx.after.push(() => {
        if (wft.notBefore && wft.notBefore > this.clock.now()) {
          this.timers.set(`wft-backoff:${runId}`, wft.notBefore, offer);
        } else offer();
        if (wft.sticky && s.sticky) {
          this.timers.set(`wft-sts:${runId}`, this.clock.now() + s.sticky.scheduleToStartMs, () =>
            void this.stickyTimeout(runId, token).catch((e) => this.log('sticky timeout failed', { err: String(e) })),
          );
        }
      });
    } else {
      const at = (wft.startedAt ?? this.clock.now()) + s.workflowTaskTimeoutMs;
      tx.after.push(() =>
        this.timers.set(`wft:${runId}`, at, () =>
          void this.workflowTaskTimeout(runId, token).catch((e) => this.log('task timeout failed', { err: String(e) })),
        ),
      );
    }
  }

  /** Not picked up from the sticky queue in time: offer it on the normal queue. */
  private async stickyTimeout(runId: string, token: number): Promise<void> {
    await this.withRun(runId, (tx) => {
      const wft = tx.s.wft;
      if (!wft || wft.token !== token || wft.startedEventId !== undefined || !wft.sticky) return;
      tx.s.sticky = undefined;
      wft.sticky = false;
      wft.queue = tx.s.taskQueue;
      wft.token += 1;
      tx.dirty = true;
      this.armWorkflowTask(tx);
    });
  }

  /** ResetStickyTaskQueue: forget the worker's sticky queue; a task waiting there moves to the normal queue. */
  async resetStickyTaskQueue(req: any): Promise<void> {
    const s = await this.findRun(req.namespace || 'default', req.execution);
    if (s.status !== 'Running' || !this.runs.has(s.runId)) return;
    await this.unstick(s.runId);
  }

  /**
   * ShutdownWorker: the worker that polled `stickyTaskQueue` is going away, so
   * every run kept sticky to it goes back to the normal queue at once instead
   * of waiting out the sticky schedule-to-start timeout (as Temporal does).
   */
  async shutdownWorker(req: any): Promise<void> {
    const queue: string = req.stickyTaskQueue;
    if (!queue) return;
    const namespace = req.namespace || 'default';
    this.matching.forgetPolls(namespace, 'workflow', queue);
    const stuck = [...this.runs.values()].filter((s) => s.namespace === namespace && s.sticky?.queue === queue);
    for (const s of stuck) await this.unstick(s.runId);
  }

  private async unstick(runId: string): Promise<void> {
    await this.withRun(runId, (tx) => {
      if (!tx.s.sticky) return;
      tx.s.sticky = undefined;
      tx.dirty = true;
      const wft = tx.s.wft;
      if (wft?.sticky && wft.startedEventId === undefined) {
        wft.sticky = false;
        wft.queue = tx.s.taskQueue;
        wft.token += 1;
        this.armWorkflowTask(tx);
      }
    });
  }

  private async workflowTaskTimeout(runId: string, token: number): Promise<void> {
    await this.withRun(runId, (tx) => {
      const s = tx.s;
      const wft = s.wft;
      if (!wft || wft.token !== token || wft.startedEventId === undefined || s.status !== 'Running') return;
      s.sticky = undefined;
      if (wft.speculative) {
        s.wft = undefined;
        this.scheduleWorkflowTask(tx, { speculative: !s.buffered.length });
        if (s.buffered.length) this.flushBuffered(tx);
        return;
      }
      this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE',
      });
      s.wft = undefined;
      this.flushBuffered(tx);
      this.scheduleWorkflowTask(tx, { attempt: wft.attempt + 1 });
    });
  }

  async pollWorkflowTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    this.namespace(namespace);
    const deadline = Date.now() + LONG_POLL_MS;
    while (!this.stopped && !signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const task = await this.matching.poll(namespace, 'workflow', queue, remaining, signal);
      if (!task) break;
      if (signal.aborted) {
        // The poller went away after being handed the task: give it to the next one.
        this.matching.offer(namespace, 'workflow', queue, task);
        break;
      }
      const response = task.queryId ? await this.startQueryTask(task) : await this.startWorkflowTask(task, identity, queue);
      if (response) return response;
    }
    return {};
  }

  private async startWorkflowTask(task: QueuedTask, identity: string, queue: string): Promise<object | undefined> {
    if (!this.runs.has(task.runId)) return undefined;
    let info: { s: RunState; from: number; synthetic: PendingEvent[]; updates: AdmittedUpdate[] } | undefined;
    await this.withRun(task.runId, (tx) => {
      const s = tx.s;
      const wft = s.wft;
      if (s.status !== 'Running' || !wft || wft.token !== task.token || wft.startedEventId !== undefined || wft.queue !== queue) return;
      const now = this.clock.now();
      wft.startedAt = now;
      const synthetic: PendingEvent[] = [];
      if (wft.speculative) {
        wft.scheduledEventId = s.nextEventId;
        wft.startedEventId = s.nextEventId + 1;
        synthetic.push(
          { eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', time: now, attributes: { taskQueue: { name: wft.queue, kind: wft.sticky ? 2 : 1 }, startToCloseTimeout: msToDuration(s.workflowTaskTimeoutMs), attempt: wft.attempt } },
          { eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED', time: now, attributes: { scheduledEventId: wft.scheduledEventId, identity, requestId: randomUUID(), historySizeBytes: s.historySizeBytes } },
        );
      } else {
        wft.startedEventId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', {
          scheduledEventId: wft.scheduledEventId,
          identity,
          requestId: randomUUID(),
          historySizeBytes: s.historySizeBytes,
        });
      }
      // Starting a speculative task writes no event and needs no commit: lost in a crash, it is simply gone.
      tx.dirty = !wft.speculative;
      this.timers.clear(`wft-sts:${s.runId}`);
      this.armWorkflowTask(tx);
      const from = wft.sticky && s.previousStartedEventId > 0 ? s.previousStartedEventId + 1 : 1;
      const updates = [...(this.admitted.get(s.runId)?.values() ?? [])];
      info = { s, from, synthetic, updates };
    });
    if (!info) return undefined;
    const { s, from, synthetic, updates } = info;
    const wft = s.wft!;
    const stored = this.cachedEvents(s.runId, from, s.nextEventId - 1) ?? (await this.store.readEvents(s.runId, from, 1_000_000));
    // The stored bytes go out as they are (see RAW_HISTORY): no decode and re-encode of every event.
    const events = stored.map((e) => e.data);
    synthetic.forEach((e, i) => events.push(encodeEvent(wft.scheduledEventId + i, e)));
    const messages = updates.map((u) => ({
      id: `${u.updateId}/request`,
      protocolInstanceId: u.updateId,
      eventId: wft.startedEventId! - 1,
      body: packAny('temporal.api.update.v1.Request', u.request),
    }));
    return withRawHistory({
      taskToken: tokenBytes({ k: 'w', r: s.runId, e: wft.scheduledEventId, t: wft.token }),
      workflowExecution: { workflowId: s.workflowId, runId: s.runId },
      workflowType: { name: s.workflowType },
      previousStartedEventId: s.previousStartedEventId,
      startedEventId: wft.startedEventId,
      attempt: wft.attempt,
      backlogCountHint: 0,
      workflowExecutionTaskQueue: { name: s.taskQueue, kind: 1 },
      scheduledTime: msToTimestamp(wft.scheduledAt),
      startedTime: msToTimestamp(wft.startedAt!),
      messages,
    }, events);
  }

  private resolveWorkflowToken(taskToken: Uint8Array): { runId: string; eventId: number; token: number } {
    const t = parseToken(taskToken);
    if (t?.k !== 'w') throw invalidArgument('invalid workflow task token');
    return { runId: t.r, eventId: t.e, token: t.t };
  }

  async respondWorkflowTaskCompleted(req: any): Promise<object> {
    const { runId, token } = this.resolveWorkflowToken(req.taskToken);
    if (!this.runs.has(runId)) throw notFound('Workflow task not found.');
    let resetHistoryEventId = 0;
    // A failing run with a retry policy starts its next attempt with the same input, and a closing cron run
    // its next scheduled run: read the input outside the lock.
    const run = this.runs.get(runId);
    const closes = (name: string) => (req.commands ?? []).some((c: any) => commandName(c) === name);
    const failsForAnotherRun = !!(run?.retryPolicy || run?.cronSchedule) && closes('failWorkflowExecutionCommandAttributes');
    const completesForAnotherRun = !!run?.cronSchedule && closes('completeWorkflowExecutionCommandAttributes');
    const started = failsForAnotherRun || completesForAnotherRun ? await readStartedAttributes(this, runId) : undefined;
    let activityTasks: object[] = [];
    await this.withRun(runId, (tx) => {
      tx.started = started;
      tx.eager = { identity: req.identity ?? '', tasks: [] };
      const s = tx.s;
      const wft = s.wft;
      if (s.status !== 'Running' || !wft || wft.token !== token || wft.startedEventId === undefined) {
        throw notFound('Workflow task not found.');
      }
      this.timers.clear(`wft:${runId}`);
      const sticky = req.stickyAttributes?.workerTaskQueue?.name;
      s.sticky = sticky ? { queue: sticky, scheduleToStartMs: durationMs(req.stickyAttributes.scheduleToStartTimeout) || 5000 } : undefined;
      const commands: any[] = req.commands ?? [];
      const messages: any[] = req.messages ?? [];
      const onlyRejections = messages.every((m) => unpackAny(m.body)?.typeName === 'temporal.api.update.v1.Rejection');
      if (wft.speculative && commands.length === 0 && onlyRejections && s.buffered.length === 0 && !req.forceCreateNewWorkflowTask) {
        // Nothing to record: a speculative task that only rejected updates leaves no trace.
        for (const m of messages) this.applyMessage(tx, m, 0);
        s.wft = undefined;
        // Tell the worker to roll back to the last persisted workflow task: the discarded events never existed.
        resetHistoryEventId = s.previousStartedEventId;
        if (this.pendingUpdates(tx)) this.scheduleWorkflowTask(tx, { speculative: true });
        tx.after.push(() => this.dispatchQueries(runId));
        return;
      }
      if (wft.speculative) {
        const now = this.clock.now();
        s.nextEventId = wft.scheduledEventId;
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: wft.queue, kind: wft.sticky ? 2 : 1 }, startToCloseTimeout: msToDuration(s.workflowTaskTimeoutMs), attempt: wft.attempt });
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: wft.scheduledEventId, identity: req.identity, requestId: randomUUID(), historySizeBytes: s.historySizeBytes });
        wft.speculative = false;
        void now;
      }
      const closes = commands.some((c) => CLOSING_COMMANDS.has(commandName(c)));
      if (closes && (s.buffered.length > 0 || this.hasUndeliveredUpdates(runId, messages))) {
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND',
          identity: req.identity,
        });
        s.wft = undefined;
        this.flushBuffered(tx);
        s.sticky = undefined;
        this.scheduleWorkflowTask(tx);
        return;
      }
      const completedId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        identity: req.identity,
        binaryChecksum: req.binaryChecksum,
        sdkMetadata: req.sdkMetadata,
        meteringMetadata: req.meteringMetadata,
      });
      s.previousStartedEventId = wft.startedEventId;
      s.wft = undefined;
      const byId = new Map<string, any>(messages.map((m) => [m.id, m]));
      let needsTask = !!req.forceCreateNewWorkflowTask;
      for (const command of commands) {
        if (s.status !== 'Running') break;
        const name = commandName(command);
        if (name === 'protocolMessageCommandAttributes') {
          const m = byId.get(command.protocolMessageCommandAttributes.messageId);
          if (m) {
            byId.delete(m.id);
            this.applyMessage(tx, m, completedId);
          }
          continue;
        }
        needsTask = this.applyCommand(tx, name, command[name], completedId, req) || needsTask;
      }
      for (const m of byId.values()) this.applyMessage(tx, m, completedId);
      if (s.status === 'Running') {
        if (this.flushBuffered(tx)) needsTask = true;
        if (needsTask) this.scheduleWorkflowTask(tx);
        else if (this.pendingUpdates(tx)) this.scheduleWorkflowTask(tx, { speculative: true });
        // Handed out only once this change is committed (withRun answers after the commit).
        activityTasks = tx.eager.tasks;
      }
      tx.after.push(() => this.dispatchQueries(runId));
    });
    return { resetHistoryEventId, activityTasks };
  }

  /** Admitted updates not yet answered, counting answers in this change. */
  private pendingUpdates(tx: Tx): number {
    const admitted = this.admitted.get(tx.s.runId);
    if (!admitted) return 0;
    let n = 0;
    for (const id of admitted.keys()) if (!tx.handledUpdates?.has(id)) n++;
    return n;
  }

  private hasUndeliveredUpdates(runId: string, messages: any[]): boolean {
    const admitted = this.admitted.get(runId);
    if (!admitted?.size) return false;
    const answered = new Set(messages.map((m) => m.protocolInstanceId));
    return [...admitted.keys()].some((id) => !answered.has(id));
  }

  async respondWorkflowTaskFailed(req: any): Promise<object> {
    const { runId, token } = this.resolveWorkflowToken(req.taskToken);
    if (!this.runs.has(runId)) throw notFound('Workflow task not found.');
    await this.withRun(runId, (tx) => {
      const s = tx.s;
      const wft = s.wft;
      if (s.status !== 'Running' || !wft || wft.token !== token || wft.startedEventId === undefined) throw notFound('Workflow task not found.');
      this.timers.clear(`wft:${runId}`);
      s.sticky = undefined;
      if (wft.speculative) {
        // A failure must be visible to the workflow's author: write the task's events first.
        s.nextEventId = wft.scheduledEventId;
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: wft.queue, kind: wft.sticky ? 2 : 1 }, startToCloseTimeout: msToDuration(s.workflowTaskTimeoutMs), attempt: wft.attempt });
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: wft.scheduledEventId, identity: req.identity, requestId: randomUUID(), historySizeBytes: s.historySizeBytes });
        wft.speculative = false;
      }
      {
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause: req.cause,
          failure: req.failure,
          identity: req.identity,
          binaryChecksum: req.binaryChecksum,
        });
      }
      s.wft = undefined;
      this.flushBuffered(tx);
      // Repeated failures (a bug in workflow code) back off instead of spinning the worker.
      const attempt = wft.attempt + 1;
      const delayMs = attempt > 2 ? Math.min(1000 * 2 ** (attempt - 3), 600_000) : 0;
      this.scheduleWorkflowTask(tx, { attempt, delayMs });
    });
    return {};
  }

  // ---------------------------------------------------------------- commands

  /** Applies one command; returns true when it requires a new workflow task. */
  private applyCommand(tx: Tx, name: string, a: any, completedId: number, req: any): boolean {
    const s = tx.s;
    switch (name) {
      case 'scheduleActivityTaskCommandAttributes':
        return this.scheduleActivity(tx, a, completedId);
      case 'requestCancelActivityTaskCommandAttributes': {
        const scheduledEventId = toNumber(a.scheduledEventId);
        const act = s.activities[scheduledEventId];
        if (!act) return false;
        const requestedId = this.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED', { scheduledEventId, workflowTaskCompletedEventId: completedId });
        if (act.startedAt === undefined) {
          this.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', { scheduledEventId, startedEventId: 0, latestCancelRequestedEventId: requestedId, identity: req.identity });
          this.removeActivity(tx, scheduledEventId);
          return true;
        }
        act.cancelRequested = true;
        return false;
      }
      case 'startTimerCommandAttributes': {
        const timeout = durationMs(a.startToFireTimeout);
        const startedEventId = this.addEvent(tx, 'EVENT_TYPE_TIMER_STARTED', { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId });
        s.timers[a.timerId] = { timerId: a.timerId, startedEventId, fireAt: this.clock.now() + timeout };
        this.armTimer(tx, a.timerId);
        return false;
      }
      case 'cancelTimerCommandAttributes': {
        const timer = s.timers[a.timerId];
        if (!timer) return false;
        this.addEvent(tx, 'EVENT_TYPE_TIMER_CANCELED', { timerId: a.timerId, startedEventId: timer.startedEventId, workflowTaskCompletedEventId: completedId, identity: req.identity });
        delete s.timers[a.timerId];
        tx.after.push(() => this.timers.clear(`timer:${s.runId}:${a.timerId}`));
        return false;
      }
      case 'recordMarkerCommandAttributes':
        this.addEvent(tx, 'EVENT_TYPE_MARKER_RECORDED', { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedId });
        return false;
      case 'upsertWorkflowSearchAttributesCommandAttributes':
        this.addEvent(tx, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', { searchAttributes: a.searchAttributes, workflowTaskCompletedEventId: completedId });
        this.mergeSearchAttributes(s, a.searchAttributes);
        return false;
      case 'modifyWorkflowPropertiesCommandAttributes': {
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', { upsertedMemo: a.upsertedMemo, workflowTaskCompletedEventId: completedId });
        const memo = decodeB64<any>('temporal.api.common.v1.Memo', s.memo) ?? { fields: {} };
        for (const [k, v] of Object.entries(a.upsertedMemo?.fields ?? {})) {
          if (isNilOrEmptyPayload(v)) delete memo.fields[k];
          else memo.fields[k] = v;
        }
        s.memo = encodeB64('temporal.api.common.v1.Memo', memo);
        return false;
      }
      case 'completeWorkflowExecutionCommandAttributes': {
        const closing = { result: a.result, workflowTaskCompletedEventId: completedId };
        if (!closeForNextCronRun(this, tx, 'Completed', 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', closing, tx.started, { result: a.result })) {
          this.closeRun(tx, 'Completed', 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', closing);
        }
        return false;
      }
      case 'failWorkflowExecutionCommandAttributes':
        failOrRetry(this, tx, 'failed', a.failure, completedId, tx.started);
        return false;
      case 'cancelWorkflowExecutionCommandAttributes':
        this.closeRun(tx, 'Canceled', 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', { details: a.details, workflowTaskCompletedEventId: completedId });
        return false;
      case 'continueAsNewWorkflowExecutionCommandAttributes':
        continueAsNew(this, tx, a, completedId);
        return false;
      case 'startChildWorkflowExecutionCommandAttributes':
        this.children.command(tx, a, completedId);
        return false;
      case 'signalExternalWorkflowExecutionCommandAttributes':
        this.externals.signalCommand(tx, a, completedId);
        return false;
      case 'requestCancelExternalWorkflowExecutionCommandAttributes':
        this.externals.cancelCommand(tx, a, completedId);
        return false;
      default:
        throw invalidArgument(`command ${name.replace(/CommandAttributes$/, '')} is not supported by the embedded engine`);
    }
  }

  private scheduleActivity(tx: Tx, a: any, completedId: number): boolean {
    const s = tx.s;
    const timeouts = normaliseActivityTimeouts(
      {
        scheduleToCloseMs: durationMs(a.scheduleToCloseTimeout),
        scheduleToStartMs: durationMs(a.scheduleToStartTimeout),
        startToCloseMs: durationMs(a.startToCloseTimeout),
        heartbeatMs: durationMs(a.heartbeatTimeout),
      },
      s.runTimeoutMs,
    );
    if (typeof timeouts === 'string') throw invalidArgument(timeouts);
    const rp = a.retryPolicy;
    const retry = defaultRetryPolicy({
      initialIntervalMs: durationMs(rp?.initialInterval),
      backoffCoefficient: rp?.backoffCoefficient,
      maximumIntervalMs: durationMs(rp?.maximumInterval),
      maximumAttempts: rp?.maximumAttempts,
      nonRetryableErrorTypes: rp?.nonRetryableErrorTypes ?? [],
    });
    const taskQueue = a.taskQueue?.name || s.taskQueue;
    const attributes = {
      activityId: a.activityId,
      activityType: a.activityType,
      taskQueue: { name: taskQueue, kind: 1 },
      header: a.header,
      input: a.input,
      scheduleToCloseTimeout: msToDuration(timeouts.scheduleToCloseMs),
      scheduleToStartTimeout: msToDuration(timeouts.scheduleToStartMs),
      startToCloseTimeout: msToDuration(timeouts.startToCloseMs),
      heartbeatTimeout: msToDuration(timeouts.heartbeatMs),
      workflowTaskCompletedEventId: completedId,
      retryPolicy: {
        initialInterval: msToDuration(retry.initialIntervalMs),
        backoffCoefficient: retry.backoffCoefficient,
        maximumInterval: msToDuration(retry.maximumIntervalMs),
        maximumAttempts: retry.maximumAttempts,
        nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
      },
      priority: a.priority,
    };
    const scheduledEventId = this.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', attributes);
    const now = this.clock.now();
    s.activities[scheduledEventId] = {
      scheduledEventId,
      activityId: a.activityId,
      activityType: a.activityType?.name ?? '',
      taskQueue,
      attributes: encodeB64('temporal.api.history.v1.ActivityTaskScheduledEventAttributes', attributes)!,
      attempt: 1,
      firstScheduledAt: now,
      scheduledAt: now,
      ...timeouts,
      retry,
      cancelRequested: false,
      token: Math.floor(Math.random() * 1e9),
    };
    if (tx.eager && a.requestEagerExecution && taskQueue === s.taskQueue) {
      tx.eager.tasks.push(this.startActivity(tx, s.activities[scheduledEventId], tx.eager.identity));
    } else this.armActivity(tx, scheduledEventId);
    return false;
  }

  private armTimer(tx: Tx, timerId: string): void {
    const s = tx.s;
    const timer = s.timers[timerId];
    const runId = s.runId;
    tx.after.push(() =>
      this.timers.set(`timer:${runId}:${timerId}`, timer.fireAt, () =>
        void this.fireTimer(runId, timerId, timer.startedEventId).catch((e) => this.log('timer failed', { err: String(e) })),
      ),
    );
  }

  private async fireTimer(runId: string, timerId: string, startedEventId: number): Promise<void> {
    if (!this.runs.has(runId)) return;
    await this.withRun(runId, (tx) => {
      const timer = tx.s.timers[timerId];
      if (tx.s.status !== 'Running' || !timer || timer.startedEventId !== startedEventId) return;
      delete tx.s.timers[timerId];
      this.addExternalEvent(tx, 'EVENT_TYPE_TIMER_FIRED', { timerId, startedEventId });
    });
  }

  // ---------------------------------------------------------------- closing and starting runs

  /** @internal */
  closeRun(tx: Tx, status: ExecutionStatus, eventType: string, attributes: object): void {
    const s = tx.s;
    s.closeEventId = this.addEvent(tx, eventType, attributes);
    s.status = status;
    s.closeTime = this.clock.now();
    s.wft = undefined;
    s.buffered = [];
    const runId = s.runId;
    const wfKey = key(s.namespace, s.workflowId);
    const activityIds = Object.keys(s.activities).map(Number);
    s.activities = {};
    s.timers = {};
    tx.after.push(() => {
      this.timers.clearPrefix(`timer:${runId}:`);
      for (const id of activityIds) this.clearActivityTimers(runId, id);
      for (const k of ['wft', 'wft-sts', 'wft-backoff', 'run-timeout', 'start-delay']) this.timers.clear(`${k}:${runId}`);
      if (this.running.get(wfKey) === runId) this.running.delete(wfKey);
      const admitted = this.admitted.get(runId);
      this.admitted.delete(runId);
      if (admitted) for (const id of admitted.keys()) this.wakeUpdate(runId, id);
      this.wakeAllUpdates(runId);
      this.dispatchQueries(runId);
      this.children.onRunClosed(s, attributes);
      // Closed runs are served from the database; memory is for open ones.
      setTimeout(() => {
        this.closeEvents.delete(runId);
        const current = this.runs.get(runId);
        if (current && current.status !== 'Running') this.runs.delete(runId);
      }, 30_000).unref?.();
    });
  }

  /** @internal */
  newRunState(p: {
    namespace: string; workflowId: string; runId: string; firstRunId: string; workflowType: string; taskQueue: string;
    workflowTaskTimeoutMs: number; runTimeoutMs: number; executionTimeoutMs: number; executionDeadline?: number; requestId: string;
    parent?: RunState['parent'];
    root?: RunState['root'];
  }): RunState {
    const now = this.clock.now();
    const runTimeoutMs = p.runTimeoutMs || p.executionTimeoutMs;
    return {
      namespace: p.namespace,
      workflowId: p.workflowId,
      runId: p.runId,
      firstRunId: p.firstRunId,
      workflowType: p.workflowType,
      taskQueue: p.taskQueue,
      status: 'Running',
      nextEventId: 1,
      startTime: now,
      executionTime: now,
      workflowTaskTimeoutMs: Math.min(p.workflowTaskTimeoutMs || DEFAULT_TASK_TIMEOUT_MS, 120_000),
      runTimeoutMs,
      executionTimeoutMs: p.executionTimeoutMs,
      runDeadline: runTimeoutMs ? now + runTimeoutMs : 0,
      executionDeadline: p.executionDeadline ?? (p.executionTimeoutMs ? now + p.executionTimeoutMs : 0),
      startRequestId: p.requestId,
      requestIds: [],
      previousStartedEventId: 0,
      buffered: [],
      activities: {},
      timers: {},
      updates: {},
      children: {},
      externals: {},
      cancelRequested: false,
      searchAttributes: {},
      attempt: 1,
      parent: p.parent,
      root: p.root,
      historySizeBytes: 0,
      stateTransitions: 0,
    };
  }

  /** @internal WorkflowExecutionStarted (+ first workflow task, unless delayed). */
  writeStarted(tx: Tx, attributes: any, memo: any, searchAttributes: any, delayMs = 0, beforeTask?: (tx: Tx) => void): void {
    const s = tx.s;
    if (memo) s.memo = encodeB64('temporal.api.common.v1.Memo', memo);
    if (searchAttributes) this.mergeSearchAttributes(s, searchAttributes);
    if (delayMs > 0) {
      attributes.firstWorkflowTaskBackoff = msToDuration(delayMs);
      s.executionTime = s.startTime + delayMs;
      // The run timeout counts from the end of the wait, not from the start.
      if (s.runTimeoutMs) s.runDeadline = s.executionTime + s.runTimeoutMs;
    }
    this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', attributes);
    beforeTask?.(tx);
    if (delayMs > 0) this.armFirstTask(tx);
    else this.scheduleWorkflowTask(tx);
    this.armRunTimeout(tx);
  }

  private armRunTimeout(tx: Tx): void {
    const s = tx.s;
    const deadline = [s.runDeadline, s.executionDeadline].filter((d) => d > 0).sort((a, b) => a - b)[0];
    if (!deadline) return;
    const runId = s.runId;
    // A run timeout (not the execution's) may be retried by the workflow's retry policy or followed by the next cron run.
    const retriable = !!(s.retryPolicy || s.cronSchedule) && deadline === s.runDeadline && deadline !== s.executionDeadline;
    tx.after.push(() =>
      this.timers.set(`run-timeout:${runId}`, deadline, () =>
        void (async () => {
          const started = retriable ? await readStartedAttributes(this, runId) : undefined;
          await this.withRun(runId, (t) => {
            if (t.s.status !== 'Running') return;
            failOrRetry(this, t, 'timedOut', undefined, undefined, started);
          });
        })().catch((e) => this.log('run timeout failed', { err: String(e) })),
      ),
    );
  }

  /** Re-arms tasks and deadlines of a run loaded from the database. */
  private armRun(tx: Tx): void {
    const s = tx.s;
    tx.after.push(() => {
      this.children.recover(s);
      this.externals.recover(s);
    });
    if (s.wft) this.armWorkflowTask(tx);
    for (const id of Object.keys(s.timers)) this.armTimer(tx, id);
    for (const id of Object.keys(s.activities)) this.armActivity(tx, Number(id));
    this.armRunTimeout(tx);
    // Still waiting for its first workflow task: overdue (the engine was down) fires at once.
    if (awaitingFirstTask(s)) this.armFirstTask(tx);
  }

  /** The first workflow task of a run that waits (start delay, cron or retry backoff), due at its execution time. */
  private armFirstTask(tx: Tx): void {
    const { runId, executionTime } = tx.s;
    tx.after.push(() =>
      this.timers.set(`start-delay:${runId}`, executionTime, () =>
        void this.withRun(runId, (t) => {
          if (t.s.status === 'Running' && awaitingFirstTask(t.s)) this.scheduleWorkflowTask(t);
        }).catch(() => undefined),
      ),
    );
  }

  private mergeSearchAttributes(s: RunState, sa: any): void {
    if (!sa?.indexedFields) return;
    const raw = decodeB64<any>('temporal.api.common.v1.SearchAttributes', s.searchAttributesRaw) ?? { indexedFields: {} };
    const decoded = decodeSearchAttributes(sa, this.customSearchAttributes(s.namespace));
    for (const [name, payload] of Object.entries<any>(sa.indexedFields)) {
      const value = decoded[name];
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
        delete raw.indexedFields[name];
        delete s.searchAttributes[name];
      } else {
        raw.indexedFields[name] = payload;
        s.searchAttributes[name] = value;
      }
    }
    s.searchAttributesRaw = encodeB64('temporal.api.common.v1.SearchAttributes', raw);
  }

  /**
   * How long the first workflow task of a run started at `startTime` waits: the start delay, or for a cron
   * workflow until its first fire time. Checked before the start; the schedule is read again for the delay.
   */
  private startDelay(req: any): (startTime: number) => number {
    if (!req.cronSchedule) {
      const delayMs = durationMs(req.workflowStartDelay);
      return () => delayMs;
    }
    if (durationMs(req.workflowStartDelay) > 0) throw invalidArgument('CronSchedule and WorkflowStartDelay may not be used together.');
    const schedule = cronSchedule(req.cronSchedule);
    if (nextCronTime(schedule, this.clock.now()) === undefined) throw invalidArgument(`Invalid CronSchedule: "${req.cronSchedule}" never fires.`);
    return (startTime) => (nextCronTime(schedule, startTime) ?? startTime) - startTime;
  }

  /** Starts a run (StartWorkflowExecution, SignalWithStart, or a child for `parent`). */
  async startWorkflow(
    req: any,
    signal?: { name: string; input: any; header: any; identity: string; requestId: string },
    parent?: RunState['parent'],
  ): Promise<{ runId: string; started: boolean }> {
    const namespace = req.namespace || 'default';
    this.namespace(namespace);
    const workflowId: string = req.workflowId;
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (!req.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
    if (workflowId.length > 1000) throw invalidArgument('WorkflowId exceeds length limit.');
    this.validateSearchAttributes(namespace, req.searchAttributes);
    const startDelay = this.startDelay(req);
    return this.withWorkflowIdLock(namespace, workflowId, async () => {
      const requestId: string = req.requestId || randomUUID();
      const runningId = this.running.get(key(namespace, workflowId));
      const conflict = toNumber(req.workflowIdConflictPolicy);
      const reuse = toNumber(req.workflowIdReusePolicy);
      const extra: RunChange[] = [];
      let terminated: RunState | undefined;
      if (runningId) {
        const current = this.runs.get(runningId)!;
        if (current.startRequestId === requestId) return { runId: current.runId, started: true };
        if (signal) {
          await this.signalRun(current.runId, signal.name, signal.input, signal.header, signal.identity, signal.requestId);
          return { runId: current.runId, started: false };
        }
        if (conflict === 2) return { runId: current.runId, started: false };
        if (conflict === 3 || reuse === 4) {
          terminated = current;
        } else {
          throw alreadyStarted(workflowId, current.startRequestId, current.runId);
        }
      } else {
        const last = await this.store.loadLatestRun(namespace, workflowId);
        if (last) {
          if (last.startRequestId === requestId) return { runId: last.runId, started: true };
          if (reuse === 3) throw alreadyStarted(workflowId, last.startRequestId, last.runId);
          if (reuse === 2 && (last.status === 'Completed' || last.status === 'ContinuedAsNew')) {
            throw alreadyStarted(workflowId, last.startRequestId, last.runId);
          }
        }
      }
      if (terminated) {
        await this.withRun(terminated.runId, (tx) => {
          if (tx.s.status !== 'Running') return;
          this.closeRun(tx, 'Terminated', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: 'terminated by a new start (conflict policy)', identity: req.identity });
        });
      }
      const runId = randomUUID();
      const executionTimeoutMs = durationMs(req.workflowExecutionTimeout);
      const s = this.newRunState({
        namespace,
        workflowId,
        runId,
        firstRunId: runId,
        workflowType: req.workflowType.name,
        taskQueue: req.taskQueue.name,
        workflowTaskTimeoutMs: durationMs(req.workflowTaskTimeout),
        runTimeoutMs: durationMs(req.workflowRunTimeout),
        executionTimeoutMs,
        requestId,
        parent,
        // A child's root is its parent's root; a top-level run is its own.
        root: parent ? this.runs.get(parent.runId)?.root ?? { workflowId: parent.workflowId, runId: parent.runId } : undefined,
      });
      if (req.retryPolicy) s.retryPolicy = encodeB64('temporal.api.common.v1.RetryPolicy', req.retryPolicy);
      if (req.cronSchedule) s.cronSchedule = req.cronSchedule;
      const tx: Tx = { s, events: [], after: [], extra, dirty: true };
      this.writeStarted(tx, {
        workflowType: req.workflowType,
        taskQueue: { name: s.taskQueue, kind: 1 },
        input: req.input,
        header: req.header,
        workflowExecutionTimeout: msToDuration(executionTimeoutMs),
        workflowRunTimeout: msToDuration(s.runTimeoutMs),
        workflowTaskTimeout: msToDuration(s.workflowTaskTimeoutMs),
        originalExecutionRunId: runId,
        identity: req.identity,
        firstExecutionRunId: runId,
        retryPolicy: req.retryPolicy,
        attempt: 1,
        workflowExecutionExpirationTime: s.executionDeadline ? msToTimestamp(s.executionDeadline) : undefined,
        cronSchedule: req.cronSchedule,
        memo: req.memo,
        searchAttributes: req.searchAttributes,
        workflowId,
        priority: req.priority,
        ...parentAttributes(this, parent),
        rootWorkflowExecution: s.root,
      }, req.memo, req.searchAttributes, startDelay(s.startTime), signal ? (t) => {
        this.addEvent(t, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', { signalName: signal.name, input: signal.input, identity: signal.identity, header: signal.header });
        if (signal.requestId) t.s.requestIds.push(signal.requestId);
      } : undefined);
      try {
        await this.store.commit([{ state: s, events: tx.events }]);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw alreadyStarted(workflowId, requestId, '');
        throw err;
      }
      this.runs.set(runId, s);
      this.rememberEvents(s, tx.events);
      this.running.set(key(namespace, workflowId), runId);
      for (const fn of tx.after) fn();
      return { runId, started: true };
    });
  }

  private readonly idLocks = new Map<string, Promise<unknown>>();
  private async withWorkflowIdLock<T>(namespace: string, workflowId: string, fn: () => Promise<T>): Promise<T> {
    const k = key(namespace, workflowId);
    const previous = this.idLocks.get(k) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.idLocks.set(k, next);
    try {
      return await next;
    } finally {
      if (this.idLocks.get(k) === next) this.idLocks.delete(k);
    }
  }

  /** @internal */
  validateSearchAttributes(namespace: string, sa: any): void {
    if (!sa?.indexedFields) return;
    const known = this.customSearchAttributes(namespace);
    for (const name of Object.keys(sa.indexedFields)) {
      if (!known.has(name) && !BUILTIN_SETTABLE.has(name)) {
        throw invalidArgument(`search attribute ${name} is not defined`);
      }
    }
  }

  // ---------------------------------------------------------------- signals, cancel, terminate

  async signal(req: any): Promise<void> {
    const s = await this.findRunningRun(req.namespace, req.workflowExecution);
    await this.signalRun(s.runId, req.signalName, req.input, req.header, req.identity, req.requestId);
  }

  /** @internal `external` names the workflow that sent the signal (SignalExternalWorkflowExecution). */
  async signalRun(runId: string, name: string, input: any, header: any, identity: string, requestId: string, external?: { externalWorkflowExecution: object }): Promise<void> {
    await this.withRun(runId, (tx) => {
      if (tx.s.status !== 'Running') throw workflowCompleted();
      if (requestId && tx.s.requestIds.includes(requestId)) return;
      if (requestId) {
        tx.s.requestIds.push(requestId);
        if (tx.s.requestIds.length > 200) tx.s.requestIds.shift();
      }
      this.addExternalEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', { signalName: name, input, identity, header, externalWorkflowExecution: external?.externalWorkflowExecution });
    });
  }

  /** `external` names the workflow that asked (RequestCancelExternalWorkflowExecution). */
  async requestCancel(req: any, external?: { externalWorkflowExecution: object; externalInitiatedEventId: number }): Promise<void> {
    const s = await this.findRunningRun(req.namespace, req.workflowExecution);
    await this.withRun(s.runId, (tx) => {
      if (tx.s.status !== 'Running') throw workflowCompleted();
      if (tx.s.cancelRequested) return;
      tx.s.cancelRequested = true;
      this.addExternalEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED', { cause: req.reason, identity: req.identity, ...external });
    });
  }

  async terminate(req: any): Promise<void> {
    const s = await this.findRunningRun(req.namespace, req.workflowExecution);
    await this.withRun(s.runId, (tx) => {
      if (tx.s.status !== 'Running') throw workflowCompleted();
      if (tx.s.wft?.startedEventId !== undefined && !tx.s.wft.speculative) {
        this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
          scheduledEventId: tx.s.wft.scheduledEventId,
          startedEventId: tx.s.wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND',
          identity: req.identity,
        });
      }
      tx.s.wft = undefined;
      this.flushBuffered(tx);
      this.closeRun(tx, 'Terminated', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: req.reason, details: req.details, identity: req.identity });
    });
  }

  // ---------------------------------------------------------------- activities

  private armActivity(tx: Tx, scheduledEventId: number): void {
    const s = tx.s;
    const act = s.activities[scheduledEventId];
    if (!act) return;
    const runId = s.runId;
    if (act.startedAt === undefined) {
      const offer = () =>
        this.matching.offer(s.namespace, 'activity', act.taskQueue, { runId, eventId: scheduledEventId, token: act.token });
      tx.after.push(() => {
        if (act.scheduledAt > this.clock.now()) this.timers.set(`act-retry:${runId}:${scheduledEventId}`, act.scheduledAt, offer);
        else offer();
      });
    }
    tx.after.push(() => this.armActivityTimers(s, scheduledEventId));
  }

  private armActivityTimers(s: RunState, scheduledEventId: number): void {
    const act = s.activities[scheduledEventId];
    if (!act) return;
    const runId = s.runId;
    const k = `${runId}:${scheduledEventId}`;
    const fire = (kind: string) => () =>
      void this.activityTimeout(runId, scheduledEventId, act.token, kind).catch((e) => this.log('activity timeout failed', { err: String(e) }));
    if (act.scheduleToCloseMs > 0) this.timers.set(`act-s2c:${k}`, act.firstScheduledAt + act.scheduleToCloseMs, fire('SCHEDULE_TO_CLOSE'));
    if (act.startedAt === undefined) {
      this.timers.clear(`act-stc:${k}`);
      this.timers.clear(`act-hb:${k}`);
      if (act.scheduleToStartMs > 0) this.timers.set(`act-sts:${k}`, act.scheduledAt + act.scheduleToStartMs, fire('SCHEDULE_TO_START'));
    } else {
      this.timers.clear(`act-sts:${k}`);
      if (act.startToCloseMs > 0) this.timers.set(`act-stc:${k}`, act.startedAt + act.startToCloseMs, fire('START_TO_CLOSE'));
      if (act.heartbeatMs > 0) this.timers.set(`act-hb:${k}`, (act.lastHeartbeatAt ?? act.startedAt) + act.heartbeatMs, fire('HEARTBEAT'));
    }
  }

  private clearActivityTimers(runId: string, scheduledEventId: number): void {
    const k = `${runId}:${scheduledEventId}`;
    for (const kind of ['act-s2c', 'act-sts', 'act-stc', 'act-hb', 'act-retry']) this.timers.clear(`${kind}:${k}`);
  }

  private removeActivity(tx: Tx, scheduledEventId: number): void {
    delete tx.s.activities[scheduledEventId];
    const runId = tx.s.runId;
    tx.after.push(() => this.clearActivityTimers(runId, scheduledEventId));
  }

  async pollActivityTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    this.namespace(namespace);
    const deadline = Date.now() + LONG_POLL_MS;
    while (!this.stopped && !signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const task = await this.matching.poll(namespace, 'activity', queue, remaining, signal);
      if (!task) break;
      if (signal.aborted) {
        this.matching.offer(namespace, 'activity', queue, task);
        break;
      }
      const response = await this.startActivityTask(task, identity);
      if (response) return response;
    }
    return {};
  }

  private async startActivityTask(task: QueuedTask, identity: string): Promise<object | undefined> {
    if (!this.runs.has(task.runId)) return undefined;
    return this.withRun(task.runId, (tx) => {
      const s = tx.s;
      const act = s.activities[task.eventId];
      if (s.status !== 'Running' || !act || act.token !== task.token || act.startedAt !== undefined) return undefined;
      return this.startActivity(tx, act, identity);
    });
  }

  /** Marks an attempt of an activity started (by a poll, or eagerly) and builds the task handed to the worker. */
  private startActivity(tx: Tx, act: ActivityState, identity: string): object {
    const s = tx.s;
    act.startedAt = this.clock.now();
    act.startedIdentity = identity;
    act.requestId = randomUUID();
    act.lastHeartbeatAt = undefined;
    tx.dirty = true;
    tx.after.push(() => this.armActivityTimers(tx.s, act.scheduledEventId));
    const attrs = decodeB64<any>('temporal.api.history.v1.ActivityTaskScheduledEventAttributes', act.attributes)!;
    return {
      taskToken: tokenBytes({ k: 'a', r: s.runId, e: act.scheduledEventId, t: act.token, n: act.attempt }),
      workflowNamespace: s.namespace,
      workflowType: { name: s.workflowType },
      workflowExecution: { workflowId: s.workflowId, runId: s.runId },
      activityType: attrs.activityType,
      activityId: act.activityId,
      header: attrs.header,
      input: attrs.input,
      heartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', act.heartbeatDetails),
      scheduledTime: msToTimestamp(act.firstScheduledAt),
      currentAttemptScheduledTime: msToTimestamp(act.scheduledAt),
      startedTime: msToTimestamp(act.startedAt),
      attempt: act.attempt,
      scheduleToCloseTimeout: msToDuration(act.scheduleToCloseMs),
      startToCloseTimeout: msToDuration(act.startToCloseMs),
      heartbeatTimeout: msToDuration(act.heartbeatMs),
      retryPolicy: attrs.retryPolicy,
      priority: attrs.priority,
    };
  }

  private async resolveActivity(taskToken: Uint8Array | undefined, byId?: { namespace: string; workflowId: string; runId: string; activityId: string }): Promise<{ runId: string; eventId: number; token: number }> {
    if (byId) {
      const s = await this.findRunningRun(byId.namespace, { workflowId: byId.workflowId, runId: byId.runId });
      const act = Object.values(s.activities).find((a) => a.activityId === byId.activityId);
      if (!act) throw notFound('activity not found');
      return { runId: s.runId, eventId: act.scheduledEventId, token: act.token };
    }
    const t = taskToken ? parseToken(taskToken) : undefined;
    if (t?.k !== 'a') throw invalidArgument('invalid activity task token');
    return { runId: t.r, eventId: t.e, token: t.t };
  }

  /** Runs `fn` on a started activity of a running run, or answers NOT_FOUND (stale token). */
  private async withActivity<T>(ref: { runId: string; eventId: number; token: number }, fn: (tx: Tx, act: ActivityState) => T): Promise<T> {
    if (!this.runs.has(ref.runId)) throw notFound('workflow execution already completed');
    return this.withRun(ref.runId, (tx) => {
      const act = tx.s.activities[ref.eventId];
      if (tx.s.status !== 'Running') throw notFound('workflow execution already completed');
      if (!act || act.token !== ref.token || act.startedAt === undefined) throw notFound('activity task not found');
      return fn(tx, act);
    });
  }

  private addActivityStarted(tx: Tx, act: ActivityState, lastFailure?: any): number {
    return this.addEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', {
      scheduledEventId: act.scheduledEventId,
      identity: act.startedIdentity,
      requestId: act.requestId,
      attempt: act.attempt,
      lastFailure,
    });
  }

  async completeActivity(req: any, byId = false): Promise<void> {
    const ref = await this.resolveActivity(req.taskToken, byId ? { namespace: req.namespace, workflowId: req.workflowId, runId: req.runId, activityId: req.activityId } : undefined);
    await this.withActivity(ref, (tx, act) => {
      const startedEventId = this.addActivityStarted(tx, act);
      this.addExternalEventAfter(tx, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', { result: req.result, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity });
      this.removeActivity(tx, act.scheduledEventId);
    });
  }

  async failActivity(req: any, byId = false): Promise<void> {
    const ref = await this.resolveActivity(req.taskToken, byId ? { namespace: req.namespace, workflowId: req.workflowId, runId: req.runId, activityId: req.activityId } : undefined);
    await this.withActivity(ref, (tx, act) => {
      if (req.lastHeartbeatDetails?.payloads?.length) act.heartbeatDetails = encodeB64('temporal.api.common.v1.Payloads', req.lastHeartbeatDetails);
      const failure = req.failure;
      const info = failure?.applicationFailureInfo;
      const decision = decideRetry(act.retry, {
        attempt: act.attempt,
        errorType: info?.type,
        nonRetryable: !!info?.nonRetryable,
        nextRetryDelayMs: durationMs(info?.nextRetryDelay),
        now: this.clock.now(),
        deadline: act.scheduleToCloseMs > 0 ? act.firstScheduledAt + act.scheduleToCloseMs : 0,
      });
      if (decision.retry) {
        this.retryActivity(tx, act, decision.backoffMs, failure);
        return;
      }
      const startedEventId = this.addActivityStarted(tx, act, failure);
      this.addExternalEventAfter(tx, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', { failure, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity, retryState: decision.retryState });
      this.removeActivity(tx, act.scheduledEventId);
    });
  }

  async cancelActivity(req: any, byId = false): Promise<void> {
    const ref = await this.resolveActivity(req.taskToken, byId ? { namespace: req.namespace, workflowId: req.workflowId, runId: req.runId, activityId: req.activityId } : undefined);
    await this.withActivity(ref, (tx, act) => {
      const startedEventId = this.addActivityStarted(tx, act);
      this.addExternalEventAfter(tx, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', { details: req.details, scheduledEventId: act.scheduledEventId, startedEventId, identity: req.identity, latestCancelRequestedEventId: 0 });
      this.removeActivity(tx, act.scheduledEventId);
    });
  }

  async heartbeat(req: any, byId = false): Promise<{ cancelRequested: boolean }> {
    const ref = await this.resolveActivity(req.taskToken, byId ? { namespace: req.namespace, workflowId: req.workflowId, runId: req.runId, activityId: req.activityId } : undefined);
    return this.withActivity(ref, (tx, act) => {
      act.lastHeartbeatAt = this.clock.now();
      if (req.details?.payloads?.length) act.heartbeatDetails = encodeB64('temporal.api.common.v1.Payloads', req.details);
      tx.dirty = true;
      tx.after.push(() => this.armActivityTimers(tx.s, act.scheduledEventId));
      return { cancelRequested: act.cancelRequested };
    });
  }

  /**
   * ActivityTaskStarted is written together with the result, so while a worker
   * holds a workflow task both go to the buffer in order.
   */
  private addExternalEventAfter(tx: Tx, eventType: string, attributes: object): void {
    const wft = tx.s.wft;
    if (wft && wft.startedEventId !== undefined) {
      // The Started event (if the attempt started) was appended directly; move it into the buffer so
      // order is kept. flushBuffered fills in the result's startedEventId once the ids are known.
      if ((attributes as any).startedEventId) {
        const started = tx.events.pop()!;
        tx.s.nextEventId -= 1;
        tx.s.historySizeBytes -= started.data.length;
        const ev = decode<any>(HISTORY_EVENT, started.data);
        tx.s.buffered.push(encodeBuffered({ eventType: 'EVENT_TYPE_ACTIVITY_TASK_STARTED', attributes: ev.activityTaskStartedEventAttributes, time: this.clock.now() }));
        (attributes as any).startedEventId = 0;
      }
      tx.s.buffered.push(encodeBuffered({ eventType, attributes, time: this.clock.now() }));
      tx.dirty = true;
      return;
    }
    this.addExternalEvent(tx, eventType, attributes);
  }

  private retryActivity(tx: Tx, act: ActivityState, backoffMs: number, failure: any): void {
    act.attempt += 1;
    act.scheduledAt = this.clock.now() + backoffMs;
    act.startedAt = undefined;
    act.startedIdentity = undefined;
    act.lastHeartbeatAt = undefined;
    act.lastFailure = encodeB64('temporal.api.failure.v1.Failure', failure);
    act.token += 1;
    tx.dirty = true;
    const runId = tx.s.runId;
    tx.after.push(() => this.clearActivityTimers(runId, act.scheduledEventId));
    this.armActivity(tx, act.scheduledEventId);
  }

  private async activityTimeout(runId: string, scheduledEventId: number, token: number, kind: string): Promise<void> {
    if (!this.runs.has(runId)) return;
    await this.withRun(runId, (tx) => {
      const act = tx.s.activities[scheduledEventId];
      if (tx.s.status !== 'Running' || !act || act.token !== token) return;
      const now = this.clock.now();
      // A heartbeat may have moved the deadline since this timer was armed.
      if (kind === 'HEARTBEAT' && act.startedAt !== undefined && (act.lastHeartbeatAt ?? act.startedAt) + act.heartbeatMs > now) return;
      if (kind === 'SCHEDULE_TO_START' && act.startedAt !== undefined) return;
      if ((kind === 'START_TO_CLOSE' || kind === 'HEARTBEAT') && act.startedAt === undefined) return;
      const lastFailure = decodeB64('temporal.api.failure.v1.Failure', act.lastFailure);
      const failure = {
        message: `activity ${kind.replace(/_/g, '').toLowerCase()} timeout`,
        source: 'Server',
        cause: lastFailure,
        timeoutFailureInfo: {
          timeoutType: `TIMEOUT_TYPE_${kind}`,
          lastHeartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', act.heartbeatDetails),
        },
      };
      const terminal = kind === 'SCHEDULE_TO_START' || kind === 'SCHEDULE_TO_CLOSE';
      const decision = decideRetry(act.retry, {
        attempt: act.attempt,
        terminalTimeout: terminal,
        now,
        deadline: act.scheduleToCloseMs > 0 ? act.firstScheduledAt + act.scheduleToCloseMs : 0,
      });
      if (decision.retry) {
        this.retryActivity(tx, act, decision.backoffMs, failure);
        return;
      }
      let startedEventId = 0;
      if (act.startedAt !== undefined) startedEventId = this.addActivityStarted(tx, act, lastFailure);
      this.addExternalEventAfter(tx, 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', { failure, scheduledEventId, startedEventId, retryState: decision.retryState });
      this.removeActivity(tx, scheduledEventId);
    });
  }

  // ---------------------------------------------------------------- updates

  async update(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.findRun(namespace, req.workflowExecution);
    const updateId: string = req.request?.meta?.updateId;
    if (!updateId) throw invalidArgument('Update ID is not set on request.');
    if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    const waitStage = Math.max(toNumber(req.waitPolicy?.lifecycleStage) || UpdateStage.ACCEPTED, UpdateStage.ACCEPTED);
    const known = this.updateOutcome(s.runId, updateId, s);
    if (!known && s.status !== 'Running') throw workflowCompleted();
    if (!known) {
      await this.withRun(s.runId, (tx) => {
        if (tx.s.status !== 'Running') throw workflowCompleted();
        if (tx.s.updates[updateId] || this.admitted.get(s.runId)?.has(updateId)) return;
        let admitted = this.admitted.get(s.runId);
        if (!admitted) {
          admitted = new Map();
          this.admitted.set(s.runId, admitted);
        }
        admitted.set(updateId, { updateId, request: req.request, admittedAt: this.clock.now() });
        if (!tx.s.wft) {
          this.scheduleWorkflowTask(tx, { speculative: true });
          // Admission is in memory (as in Temporal) and a speculative task writes nothing: no commit.
          // After a crash the client's retry admits the update again.
          tx.dirty = false;
        }
      });
    }
    await this.waitForUpdate(s.runId, updateId, waitStage, waitMs, s);
    return this.updateResponse(s, updateId);
  }

  async pollUpdate(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.findRun(namespace, req.updateRef?.workflowExecution);
    const updateId: string = req.updateRef?.updateId;
    if (!this.updateOutcome(s.runId, updateId, s)) throw notFound(`update ${updateId} not found`);
    const waitStage = toNumber(req.waitPolicy?.lifecycleStage) || UpdateStage.COMPLETED;
    await this.waitForUpdate(s.runId, updateId, waitStage, waitMs, s);
    return this.updateResponse(s, updateId);
  }

  /**
   * Where an update stands. `known` is the run as the caller loaded it: a closed
   * run (evicted from memory, or never loaded since a restart) still answers
   * for the updates it recorded.
   */
  private updateOutcome(runId: string, updateId: string, known?: RunState): { stage: number; outcome?: any } | undefined {
    const rejected = this.rejected.get(`${runId}/${updateId}`);
    if (rejected) return { stage: UpdateStage.COMPLETED, outcome: rejected.outcome };
    const s = this.runs.get(runId) ?? (known?.runId === runId ? known : undefined);
    const durable = s?.updates[updateId];
    if (durable) {
      return durable.stage === 'completed'
        ? { stage: UpdateStage.COMPLETED, outcome: decodeB64('temporal.api.update.v1.Outcome', durable.outcome) }
        : { stage: UpdateStage.ACCEPTED };
    }
    if (this.admitted.get(runId)?.has(updateId)) return { stage: UpdateStage.ADMITTED };
    return undefined;
  }

  private async waitForUpdate(runId: string, updateId: string, stage: number, waitMs: number, known?: RunState): Promise<void> {
    const k = `${runId}/${updateId}`;
    const deadline = Date.now() + waitMs;
    while (!this.stopped) {
      const current = this.updateOutcome(runId, updateId, known);
      const closed = (this.runs.get(runId)?.status ?? 'Closed') !== 'Running';
      if (!current || current.stage >= stage || (closed && current.stage < UpdateStage.ACCEPTED)) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        const list = this.updateWaiters.get(k) ?? [];
        list.push({ stage, resolve: () => { clearTimeout(timer); resolve(); } });
        this.updateWaiters.set(k, list);
      });
    }
  }

  private wakeUpdate(runId: string, updateId: string): void {
    const k = `${runId}/${updateId}`;
    const list = this.updateWaiters.get(k);
    this.updateWaiters.delete(k);
    for (const w of list ?? []) w.resolve();
  }

  private wakeAllUpdates(runId: string): void {
    for (const k of [...this.updateWaiters.keys()]) if (k.startsWith(`${runId}/`)) this.wakeUpdate(runId, k.slice(runId.length + 1));
  }

  private updateResponse(s: RunState, updateId: string): object {
    const current = this.updateOutcome(s.runId, updateId, s);
    if (!current) {
      const run = this.runs.get(s.runId);
      if (!run || run.status !== 'Running') throw workflowCompleted();
    }
    return {
      updateRef: { workflowExecution: { workflowId: s.workflowId, runId: s.runId }, updateId },
      outcome: current?.outcome,
      stage: current?.stage ?? UpdateStage.ADMITTED,
    };
  }

  /** A protocol message from the worker (update acceptance, rejection or response). */
  private applyMessage(tx: Tx, m: any, completedId: number): void {
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
        const acceptedEventId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
          protocolInstanceId: updateId,
          acceptedRequestMessageId: body.message.acceptedRequestMessageId,
          acceptedRequestSequencingEventId: body.message.acceptedRequestSequencingEventId,
          acceptedRequest: request,
        });
        s.updates[updateId] = { updateId, stage: 'accepted', acceptedEventId };
        tx.after.push(() => {
          this.admitted.get(runId)?.delete(updateId);
          this.wakeUpdate(runId, updateId);
        });
        return;
      }
      case 'temporal.api.update.v1.Response': {
        const accepted = s.updates[updateId];
        const completedEventId = this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
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
        tx.after.push(() => this.wakeUpdate(runId, updateId));
        return;
      }
      case 'temporal.api.update.v1.Rejection': {
        tx.after.push(() => {
          this.admitted.get(runId)?.delete(updateId);
          const k = `${runId}/${updateId}`;
          this.rejected.set(k, { outcome: { failure: body.message.failure }, at: Date.now() });
          setTimeout(() => this.rejected.delete(k), 60_000).unref?.();
          this.wakeUpdate(runId, updateId);
        });
        return;
      }
      default:
        void completedId;
    }
  }

  // ---------------------------------------------------------------- queries

  async query(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.findRun(namespace, req.execution);
    const condition = toNumber(req.queryRejectCondition);
    // QueryRejectCondition: 1 NONE, 2 NOT_OPEN, 3 NOT_COMPLETED_CLEANLY.
    if (condition === 2 && s.status !== 'Running') return { queryRejected: { status: STATUS_ENUM[s.status] } };
    if (condition === 3 && s.status !== 'Running' && s.status !== 'Completed') return { queryRejected: { status: STATUS_ENUM[s.status] } };
    const id = randomUUID();
    const answer = await new Promise<{ result?: any; error?: string; failure?: any }>((resolve) => {
      const timer = setTimeout(() => {
        this.queries.delete(id);
        resolve({ error: 'query timed out: no worker answered (is a worker polling the task queue?)' });
      }, waitMs);
      this.queries.set(id, {
        id,
        runId: s.runId,
        namespace,
        query: req.query,
        dispatched: false,
        resolve: (r) => {
          clearTimeout(timer);
          this.queries.delete(id);
          resolve(r);
        },
      });
      this.dispatchQueries(s.runId, s);
    });
    if (answer.error !== undefined) {
      if (answer.error.startsWith('query timed out')) throw new ServiceError(4 /* DEADLINE_EXCEEDED */, answer.error);
      throw invalidArgument(answer.error);
    }
    return { queryResult: answer.result };
  }

  /** Legacy query tasks go out only while no workflow task is outstanding. */
  private dispatchQueries(runId: string, known?: RunState): void {
    const s = this.runs.get(runId) ?? known;
    if (!s || s.wft) return;
    for (const q of this.queries.values()) {
      if (q.runId !== runId || q.dispatched) continue;
      q.dispatched = true;
      this.matching.offer(q.namespace, 'workflow', s.taskQueue, { runId, eventId: 0, token: 0, queryId: q.id });
    }
  }

  private async startQueryTask(task: QueuedTask): Promise<object | undefined> {
    const q = this.queries.get(task.queryId!);
    if (!q) return undefined;
    const s = this.runs.get(q.runId) ?? (await this.store.loadRun(q.namespace, q.runId));
    if (!s) return undefined;
    if (s.wft && s.status === 'Running') {
      // A workflow task got in first: send the query after it.
      q.dispatched = false;
      return undefined;
    }
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

  // ---------------------------------------------------------------- history

  private wakeHistory(runId: string): void {
    const waiters = this.historyWaiters.get(runId);
    if (!waiters) return;
    this.historyWaiters.delete(runId);
    for (const w of waiters) w();
  }

  /** @internal The close event of a closed run: from memory when it closed recently, else from Postgres. */
  async closeEvent(s: RunState): Promise<Buffer | undefined> {
    if (s.closeEventId === undefined) return undefined;
    return this.closeEvents.get(s.runId) ?? (await this.store.readEvent(s.runId, s.closeEventId));
  }

  private waitForHistory(runId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.historyWaiters.get(runId);
      if (!set) {
        set = new Set();
        this.historyWaiters.set(runId, set);
      }
      const done = () => {
        clearTimeout(timer);
        set!.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  async history(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    let s = await this.findRun(namespace, req.execution);
    const closeOnly = toNumber(req.historyEventFilterType) === 2;
    const wait = !!req.waitNewEvent;
    const token = req.nextPageToken?.length ? JSON.parse(Buffer.from(req.nextPageToken).toString()) as { r: string; n: number } : undefined;
    if (token && token.r !== s.runId) {
      s = (this.runs.get(token.r) ?? (await this.store.loadRun(namespace, token.r))) ?? s;
    }
    const deadline = Date.now() + waitMs;
    if (closeOnly) {
      while (wait && s.status === 'Running' && Date.now() < deadline && !this.stopped) {
        await this.waitForHistory(s.runId, deadline - Date.now());
        s = this.runs.get(s.runId) ?? (await this.store.loadRun(namespace, s.runId)) ?? s;
      }
      if (s.status === 'Running' || !s.closeEventId) return { history: { events: [] }, nextPageToken: Buffer.alloc(0) };
      const data = await this.closeEvent(s);
      return withRawHistory({}, data ? [data] : []);
    }
    const pageSize = toNumber(req.maximumPageSize) > 0 ? toNumber(req.maximumPageSize) : 1000;
    const from = token?.n ?? 1;
    let rows = await this.store.readEvents(s.runId, from, pageSize);
    while (wait && rows.length === 0 && s.status === 'Running' && Date.now() < deadline && !this.stopped) {
      await this.waitForHistory(s.runId, deadline - Date.now());
      s = this.runs.get(s.runId) ?? (await this.store.loadRun(namespace, s.runId)) ?? s;
      rows = await this.store.readEvents(s.runId, from, pageSize);
    }
    const last = rows.length ? rows[rows.length - 1].eventId : from - 1;
    const current = this.runs.get(s.runId) ?? s;
    const more = last < current.nextEventId - 1 - current.buffered.length * 0 || (wait && current.status === 'Running');
    return withRawHistory(
      { nextPageToken: more ? Buffer.from(JSON.stringify({ r: s.runId, n: last + 1 })) : Buffer.alloc(0) },
      rows.map((r) => r.data),
    );
  }

  // ---------------------------------------------------------------- describe

  async describe(req: any): Promise<object> {
    const namespace = req.namespace || 'default';
    const s = await this.findRun(namespace, req.execution);
    return {
      executionConfig: {
        taskQueue: { name: s.taskQueue, kind: 1 },
        workflowExecutionTimeout: msToDuration(s.executionTimeoutMs),
        workflowRunTimeout: msToDuration(s.runTimeoutMs),
        defaultWorkflowTaskTimeout: msToDuration(s.workflowTaskTimeoutMs),
      },
      workflowExecutionInfo: this.executionInfo(s),
      pendingActivities: Object.values(s.activities).map((a) => ({
        activityId: a.activityId,
        activityType: { name: a.activityType },
        state: a.cancelRequested ? 3 : a.startedAt !== undefined ? 2 : 1,
        heartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', a.heartbeatDetails),
        lastHeartbeatTime: a.lastHeartbeatAt ? msToTimestamp(a.lastHeartbeatAt) : undefined,
        lastStartedTime: a.startedAt ? msToTimestamp(a.startedAt) : undefined,
        attempt: a.attempt,
        maximumAttempts: a.retry.maximumAttempts,
        scheduledTime: msToTimestamp(a.scheduledAt),
        expirationTime: a.scheduleToCloseMs ? msToTimestamp(a.firstScheduledAt + a.scheduleToCloseMs) : undefined,
        lastFailure: decodeB64('temporal.api.failure.v1.Failure', a.lastFailure),
        lastWorkerIdentity: a.startedIdentity ?? '',
      })),
      pendingChildren: Object.values(s.children).map((c) => ({
        workflowId: c.workflowId,
        runId: c.runId ?? '',
        workflowTypeName: c.workflowType,
        initiatedId: c.initiatedEventId,
        parentClosePolicy: c.parentClosePolicy,
      })),
      pendingWorkflowTask: s.wft && !s.wft.speculative
        ? {
            state: s.wft.startedEventId !== undefined ? 2 : 1,
            scheduledTime: msToTimestamp(s.wft.scheduledAt),
            startedTime: s.wft.startedAt ? msToTimestamp(s.wft.startedAt) : undefined,
            attempt: s.wft.attempt,
          }
        : undefined,
    };
  }

  executionInfo(s: RunState): object {
    return {
      execution: { workflowId: s.workflowId, runId: s.runId },
      type: { name: s.workflowType },
      startTime: msToTimestamp(s.startTime),
      closeTime: s.closeTime ? msToTimestamp(s.closeTime) : undefined,
      status: STATUS_ENUM[s.status],
      historyLength: s.nextEventId - 1,
      executionTime: msToTimestamp(s.executionTime),
      memo: decodeB64('temporal.api.common.v1.Memo', s.memo),
      searchAttributes: decodeB64('temporal.api.common.v1.SearchAttributes', s.searchAttributesRaw),
      taskQueue: s.taskQueue,
      stateTransitionCount: s.stateTransitions,
      historySizeBytes: s.historySizeBytes,
      firstRunId: s.firstRunId,
      parentExecution: s.parent ? { workflowId: s.parent.workflowId, runId: s.parent.runId } : undefined,
      rootExecution: rootOf(s),
    };
  }

  // ---------------------------------------------------------------- time skipping

  /** Jumps the virtual clock to the next deadline when nothing is in flight. */
  skipTimeIfIdle(): boolean {
    if (!this.clock.canSkip()) return false;
    for (const s of this.runs.values()) {
      if (s.status !== 'Running') continue;
      if (s.wft && !(s.wft.notBefore && s.wft.notBefore > this.clock.now())) return false;
      for (const a of Object.values(s.activities)) if (a.startedAt !== undefined || a.scheduledAt <= this.clock.now()) return false;
    }
    const next = this.timers.next();
    if (next === undefined) return false;
    this.clock.advanceTo(next);
    this.timers.runDue();
    return true;
  }

  /** Advances the virtual clock by `ms`, firing every deadline on the way in order. */
  async sleepVirtual(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      const next = this.timers.next();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      this.timers.runDue();
      await this.settle();
    }
    this.clock.advanceTo(target);
    this.timers.runDue();
  }

  /** Waits briefly until no workflow task or activity is running (bounded). */
  private async settle(): Promise<void> {
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      let busy = false;
      for (const s of this.runs.values()) {
        if (s.status !== 'Running') continue;
        if (s.wft) busy = true;
        for (const a of Object.values(s.activities)) if (a.startedAt !== undefined || a.scheduledAt <= this.clock.now()) busy = true;
        if (busy) break;
      }
      if (!busy) return;
    }
  }

  // ---------------------------------------------------------------- visibility

  stateByRunId(runId: string): RunState | undefined {
    return this.runs.get(runId);
  }
}

const CLOSING_COMMANDS = new Set([
  'completeWorkflowExecutionCommandAttributes',
  'failWorkflowExecutionCommandAttributes',
  'cancelWorkflowExecutionCommandAttributes',
  'continueAsNewWorkflowExecutionCommandAttributes',
]);

const BUILTIN_SETTABLE = new Set(['TemporalChangeVersion', 'BinaryChecksums', 'BuildIds', 'TemporalScheduledById', 'TemporalScheduledStartTime']);


function commandName(command: any): string {
  return command.attributes ?? Object.keys(command).find((k) => k.endsWith('CommandAttributes') && command[k]) ?? '';
}

/** As Temporal merges memo upserts: a null payload or an empty JSON list removes the key. */
function isNilOrEmptyPayload(p: any): boolean {
  const data = p?.data ? Buffer.from(p.data).toString('utf8') : '';
  const encoding = p?.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString('utf8') : '';
  if (!encoding) return data.length === 0;
  if (encoding === 'binary/null') return true;
  return encoding === 'json/plain' && (data === '[]' || data === 'null');
}

function key(namespace: string, workflowId: string): string {
  return `${namespace}\u0000${workflowId}`;
}

function tokenBytes(t: Token): Buffer {
  return Buffer.from(JSON.stringify(t));
}

function parseToken(bytes: Uint8Array): Token | undefined {
  try {
    return JSON.parse(Buffer.from(bytes).toString()) as Token;
  } catch {
    return undefined;
  }
}

export { CLOSE_EVENT_TYPES };
