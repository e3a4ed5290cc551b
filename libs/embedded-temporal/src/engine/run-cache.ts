/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * Open runs in memory, and the one way to change them (Temporal's workflow
 * cache). Every change to a run happens under that run's lock, on a copy of
 * its state; it is committed to Postgres in one statement and only then made
 * visible (tasks offered, timers armed, waiters woken, RPC answered). A crash
 * between the two loses nothing that anyone was told about.
 */
import { invalidArgument, notFound, workflowCompleted, workflowNotFound } from '../errors';
import type { HistoryNotifier } from './history-notifier';
import type { NamespaceRegistry } from './namespace-registry';
import type { RunState } from './state';
import type { EngineStore, EventRow, RunChange } from './store';

/** Open runs whose not-yet-delivered events are kept in memory (see rememberEvents). */
const MAX_TAILS = 2000;
/** How long a closed run stays in memory: its waiting handle.result() calls and its parent are answered from it. */
const CLOSED_RUN_LINGER_MS = 30_000;

/** One change to a run, committed by RunCache.withRun. */
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

/** Own copies: encoded events are slices of Node's shared 8 KB buffer pool, and one kept slice keeps its slab. */
function unpooled(data: Buffer): Buffer {
  const copy = new ArrayBuffer(data.length);
  new Uint8Array(copy).set(data);
  return Buffer.from(copy);
}

function key(namespace: string, workflowId: string): string {
  return `${namespace}\u0000${workflowId}`;
}

export class RunCache {
  /** Open runs (and briefly, just-closed ones) by run id. */
  readonly runs = new Map<string, RunState>();
  /** `${namespace}/${workflowId}` → run id of the running run. */
  private readonly running = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly idLocks = new Map<string, Promise<unknown>>();
  private readonly tails = new Map<string, EventRow[]>();
  /** Close events of runs closed in the last 30 s (see forgetClosed). */
  private readonly closeEvents = new Map<string, Buffer>();

  constructor(
    private readonly store: EngineStore,
    private readonly namespaces: NamespaceRegistry,
    private readonly notifier: HistoryNotifier,
  ) {}

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
      if (tx.events.length) this.notifier.wake(runId);
      for (const action of tx.after) action();
      return result;
    } finally {
      release();
      if (this.locks.get(runId) === chained) this.locks.delete(runId);
    }
  }

  /** Serialises starts of one workflow id, so that id reuse and conflict policies see each other's runs. */
  async withWorkflowIdLock<T>(namespace: string, workflowId: string, fn: () => Promise<T>): Promise<T> {
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

  /** Waits out every change in flight (shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.locks.values()]);
  }

  /** A run committed outside withRun (a new run, or one loaded at start) becomes the cached running run. */
  add(s: RunState, events: EventRow[] = []): void {
    this.runs.set(s.runId, s);
    this.rememberEvents(s, events);
    this.markRunning(s);
  }

  /** Makes `s` the running run of its workflow id (a run that follows a closed one). */
  markRunning(s: RunState): void {
    this.running.set(key(s.namespace, s.workflowId), s.runId);
  }

  /** The running run of a workflow id, if it is in memory. */
  runningRun(namespace: string, workflowId: string): RunState | undefined {
    const runId = this.running.get(key(namespace, workflowId));
    return runId ? this.runs.get(runId) : undefined;
  }

  /** After a run closed: it is no longer its workflow id's running run, and leaves memory a little later. */
  forgetClosed(s: RunState): void {
    const runId = s.runId;
    const wfKey = key(s.namespace, s.workflowId);
    if (this.running.get(wfKey) === runId) this.running.delete(wfKey);
    // Closed runs are served from the database; memory is for open ones.
    setTimeout(() => {
      this.closeEvents.delete(runId);
      const current = this.runs.get(runId);
      if (current && current.status !== 'Running') this.runs.delete(runId);
    }, CLOSED_RUN_LINGER_MS).unref?.();
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
      if (close) this.closeEvents.set(s.runId, unpooled(close.data));
      return;
    }
    let tail = this.tails.get(s.runId) ?? [];
    if (events.length) {
      if (tail.length && tail[tail.length - 1].eventId + 1 !== events[0].eventId) tail = [];
      tail = tail.concat(events.map((e) => ({ eventId: e.eventId, data: unpooled(e.data) })));
    }
    let drop = 0;
    while (drop < tail.length && tail[drop].eventId <= s.previousStartedEventId) drop++;
    if (drop) tail = tail.slice(drop);
    this.tails.delete(s.runId); // re-inserted last: the Map's order is least recently used first
    if (tail.length) this.tails.set(s.runId, tail);
    // Only recently active runs are kept; an idle run's next task reads its few events from Postgres.
    while (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value!);
  }

  /** Events from..to of a run: from memory when the remembered tail covers them, else from Postgres. */
  async events(runId: string, from: number, to: number): Promise<EventRow[]> {
    const tail = this.tails.get(runId);
    if (!tail?.length || tail[0].eventId > from || tail[tail.length - 1].eventId < to) return this.store.readEvents(runId, from, 1_000_000);
    return tail.slice(from - tail[0].eventId, to - tail[0].eventId + 1);
  }

  /** The close event of a closed run: from memory when it closed recently, else from Postgres. */
  async closeEvent(s: RunState): Promise<Buffer | undefined> {
    if (s.closeEventId === undefined) return undefined;
    return this.closeEvents.get(s.runId) ?? (await this.store.readEvent(s.runId, s.closeEventId));
  }

  /** The run as cached, else as stored (a closed run evicted from memory). */
  async load(namespace: string, runId: string): Promise<RunState | undefined> {
    return this.runs.get(runId) ?? (await this.store.loadRun(namespace, runId));
  }

  /** Finds a run: the given run id, or the running (else newest) run of the workflow id. */
  async findRun(namespace: string, execution: { workflowId?: string; runId?: string } | null | undefined): Promise<RunState> {
    this.namespaces.get(namespace);
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
    const current = this.runningRun(namespace, workflowId);
    if (current) return current;
    const s = await this.store.loadLatestRun(namespace, workflowId);
    if (!s) throw workflowNotFound(workflowId);
    return s;
  }

  /** As findRun, but the run must be open (and so in memory). */
  async findRunningRun(namespace: string, execution: any): Promise<RunState> {
    const s = await this.findRun(namespace, execution);
    if (s.status !== 'Running' || !this.runs.has(s.runId)) throw workflowCompleted();
    return this.runs.get(s.runId)!;
  }

  /**
   * A change to the open run a request names (a signal, a cancel request, a termination). A request naming
   * only the workflow id means the run that is current when it holds the lock, as in Temporal's history
   * service: if the run found first closed while the request waited for its lock (continue-as-new, a retry,
   * the next cron run), the change goes to the run that follows it instead of failing as "already completed".
   */
  async withOpenRun<T>(namespace: string, execution: { workflowId?: string | null; runId?: string | null } | null | undefined, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    for (;;) {
      const s = await this.findRunningRun(namespace, execution);
      const outcome = await this.withRun(s.runId, async (tx): Promise<{ value: T } | undefined> => {
        if (tx.s.status === 'Running') return { value: await fn(tx) };
        const follower = execution?.runId ? undefined : this.runningRun(s.namespace, s.workflowId);
        if (!follower || follower.runId === s.runId) throw workflowCompleted();
        return undefined;
      });
      if (outcome) return outcome.value;
    }
  }
}
