/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The embedded engine's façade: what the gRPC handlers call. Workflow runs are
 * state machines that append history events; the work is cut along Temporal's
 * history-service seams, one module per RPC family over shared collaborators:
 *
 *   run-cache          open runs, per-run locks, commit-then-publish (withRun)
 *   history-builder    events and the buffer; WorkflowTaskScheduled built once
 *   task-generator     tasks offered to matching, deadlines on the timer wheel
 *   mutable-state      shared transitions: external events, start, close
 *   command-handler    the commands of a completed workflow task
 *   workflow-task-service / activity-task-service / update-service /
 *   query-service / history-service / lifecycle-service   the RPC families
 *   update-registry / query-registry   messages in flight, in memory
 *   timer-task-executor / time-skipping   deadlines firing, virtual time
 *
 * This class builds them, wires the upward calls (timer tasks, child
 * workflows) through callbacks, and implements EngineContext for the modules
 * that span runs (children, externals, next-run).
 */
import { ActivityTaskService } from './activity-task-service';
import { ChildWorkflows } from './children';
import { EngineClock } from './clock';
import { CommandHandler } from './command-handler';
import { describeExecution, executionInfo } from './describe-execution';
import type { EngineContext, StartSignal } from './engine-context';
import { ExternalWorkflows } from './externals';
import { CLOSE_EVENT_TYPES } from './history';
import { DEFAULT_CONTINUE_AS_NEW_LIMITS, HistoryBuilder, type ContinueAsNewLimits } from './history-builder';
import { HistoryNotifier } from './history-notifier';
import { HistoryService } from './history-service';
import { LifecycleService } from './lifecycle-service';
import { Matching } from './matching';
import { MultiOperationService } from './multi-operation';
import { ResetService } from './reset-workflow';
import { MutableState, type NewRun } from './mutable-state';
import { NamespaceRegistry } from './namespace-registry';
import { QueryRegistry } from './query-registry';
import { QueryService } from './query-service';
import { RunCache, type Tx } from './run-cache';
import { ScheduleService } from './schedules/schedule-service';
import type { ExecutionStatus, RunState } from './state';
import { EngineStore } from './store';
import { TaskGenerator } from './task-generator';
import type { WorkflowTaskTraceSink } from './task-trace';
import { TimeSkipper } from './time-skipping';
import { TimerTaskExecutor } from './timer-task-executor';
import { TimerWheel } from './timer-wheel';
import { UpdateRegistry } from './update-registry';
import { UpdateService } from './update-service';
import { WorkflowTaskService, type StartedTask } from './workflow-task-service';

export interface EngineOptions {
  databaseUrl: string;
  schema?: string;
  timeSkipping?: boolean;
  /**
   * With timeSkipping: start with one lock on skipping held (the default), as Temporal's test server does, so
   * the virtual clock moves at the real pace until a client lets it skip (UnlockTimeSkipping / …WithSleep).
   * The SDK's time-skipping client expects it: it unlocks before waiting on a result and locks again after.
   * The drill clock (GONGKAI_DEV_CLOCK) runs this way too: no window between start and a client's lock in
   * which the engine could jump to a timer left from the previous run. `false` starts unlocked: the clock
   * skips as soon as nothing runs, with no client involved.
   */
  timeSkippingLocked?: boolean;
  /** When workflow tasks suggest continue-as-new; Temporal's defaults (4096 events, 4 MiB) unless given. */
  suggestContinueAsNew?: Partial<ContinueAsNewLimits>;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Called after each workflow task completion is committed: a benchmark's trace (task-trace.ts); off by default. */
  onWorkflowTaskCompleted?: WorkflowTaskTraceSink;
}

export type { Tx } from './run-cache';
export { UpdateStage } from './update-registry';
export { CLOSE_EVENT_TYPES };

export class Engine implements EngineContext {
  readonly store: EngineStore;
  readonly clock: EngineClock;
  readonly timers: TimerWheel;
  readonly matching = new Matching();
  /** @internal child workflows and their parent-close policies */
  readonly children: ChildWorkflows;
  /** @internal signals and cancel requests to other workflows */
  readonly externals: ExternalWorkflows;
  /** Schedules (CreateSchedule and the rest): a service of their own over this engine. */
  readonly schedules: ScheduleService;

  private readonly log: NonNullable<EngineOptions['log']>;
  private stopped = false;
  private readonly namespaces: NamespaceRegistry;
  private readonly notifier = new HistoryNotifier();
  private readonly cache: RunCache;
  private readonly builder: HistoryBuilder;
  private readonly tasks: TaskGenerator;
  private readonly state: MutableState;
  private readonly updates: UpdateRegistry;
  private readonly queries: QueryRegistry;
  private readonly workflowTasks: WorkflowTaskService;
  private readonly activityTasks: ActivityTaskService;
  private readonly lifecycle: LifecycleService;
  private readonly updateService: UpdateService;
  private readonly queryService: QueryService;
  private readonly historyService: HistoryService;
  private readonly timeSkipper: TimeSkipper;
  private readonly multiOperations: MultiOperationService;
  private readonly resets: ResetService;

  constructor(readonly options: EngineOptions) {
    this.store = new EngineStore(options.databaseUrl, options.schema ?? 'temporal');
    this.clock = new EngineClock(options.timeSkipping ?? false, options.timeSkipping && options.timeSkippingLocked !== false ? 1 : 0);
    this.timers = new TimerWheel(this.clock);
    this.log = options.log ?? (() => undefined);
    const { store, clock, timers, matching, log } = this;
    const isStopped = () => this.stopped;
    this.children = new ChildWorkflows(this);
    this.externals = new ExternalWorkflows(this);
    this.namespaces = new NamespaceRegistry(store);
    const cache = (this.cache = new RunCache(store, this.namespaces, this.notifier));
    const history = (this.builder = new HistoryBuilder(clock, (tx, ev, eventId) => this.children.onBufferedEventAppended(tx, ev, eventId),
      { ...DEFAULT_CONTINUE_AS_NEW_LIMITS, ...options.suggestContinueAsNew }));
    // Deadlines call back into the services built below; the arrows are only followed once a deadline fires.
    const queries = (this.queries = new QueryRegistry(matching, cache.runs));
    const tasks: TaskGenerator = (this.tasks = new TaskGenerator({ clock, timers, matching, history, handoff: queries.handoff, log }, {
      workflowTaskTimeout: (runId, token) => this.workflowTasks.workflowTaskTimeout(runId, token),
      stickyTimeout: (runId, token) => this.workflowTasks.stickyTimeout(runId, token),
      activityTimeout: (runId, id, token, kind) => this.activityTasks.activityTimeout(runId, id, token, kind),
      userTimerFired: (runId, timerId, startedEventId) => timerTasks.userTimerFired(runId, timerId, startedEventId),
      runTimeout: (runId, retriable) => timerTasks.runTimeout(runId, retriable),
      firstWorkflowTask: (runId) => timerTasks.firstWorkflowTask(runId),
    }));
    const updates = (this.updates = new UpdateRegistry({ clock, history, runs: cache.runs, isStopped }));
    const state = (this.state = new MutableState({
      clock, history, tasks, cache, updates, queries, namespaces: this.namespaces,
      onRunClosed: (s, attributes) => {
        this.children.onRunClosed(s, attributes);
        this.schedules.onRunClosed(s);
      },
    }));
    const timerTasks: TimerTaskExecutor = new TimerTaskExecutor(cache, tasks, state, this);
    const activities = (this.activityTasks = new ActivityTaskService({ clock, matching, namespaces: this.namespaces, cache, history, tasks, state, isStopped }));
    const commands = new CommandHandler({ clock, history, tasks, state, activities, children: this.children, externals: this.externals, host: this });
    this.queryService = new QueryService(cache, store, queries);
    this.workflowTasks = new WorkflowTaskService({
      clock, matching, namespaces: this.namespaces, cache, history, tasks, updates, queries, queryTasks: this.queryService, commands, state, host: this, isStopped,
      trace: options.onWorkflowTaskCompleted,
    });
    this.lifecycle = new LifecycleService({ clock, store, namespaces: this.namespaces, cache, history, state, host: this });
    this.updateService = new UpdateService(cache, tasks, updates);
    this.historyService = new HistoryService(cache, store, this.notifier, isStopped);
    this.timeSkipper = new TimeSkipper(clock, timers, cache.runs);
    this.resets = new ResetService({ clock, store, cache, history, tasks, state });
    this.multiOperations = new MultiOperationService({ namespaces: this.namespaces, cache, lifecycle: this.lifecycle, updates, updateService: this.updateService });
    this.schedules = new ScheduleService(this);
  }

  // ---------------------------------------------------------------- lifecycle of the engine

  async start(): Promise<void> {
    await this.store.migrate();
    await this.reloadNamespaces();
    for (const s of await this.store.loadRunning()) this.recover(s);
    await this.schedules.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.stop();
    this.matching.drain();
    this.notifier.wakeAll();
    this.updates.wakeAll();
    this.queries.failAll('engine stopping');
    await this.schedules.settled();
    await this.cache.settled();
    await this.store.close();
  }

  /** Re-arms everything a running run waits for after a restart. */
  private recover(s: RunState): void {
    // A speculative task is not persisted on its own (see UpdateService); a stored one came along with a
    // later change. Drop it, unless events were buffered behind it: then its timeout delivers them.
    if (s.wft?.speculative && !(s.wft.startedEventId !== undefined && s.buffered.length)) s.wft = undefined;
    // A started workflow task is left to time out: the worker that held it is gone or will answer with a stale token.
    this.cache.add(s);
    const tx: Tx = { s, events: [], after: [], extra: [], dirty: false };
    tx.after.push(() => {
      this.children.recover(s);
      this.externals.recover(s);
    });
    this.tasks.armRun(tx);
    for (const fn of tx.after) fn();
    // No worker has polled a sticky queue of this engine yet: a task waiting on one moves to the normal queue now.
    const wft = s.wft;
    if (wft?.sticky && wft.startedEventId === undefined) {
      void this.workflowTasks.stickyTimeout(s.runId, wft.token).catch((e) => this.log('sticky recovery failed', { err: String(e) }));
    }
  }

  // ---------------------------------------------------------------- namespaces and search attributes

  reloadNamespaces(): Promise<void> { return this.namespaces.reload(); }
  namespace(name: string) { return this.namespaces.get(name); }
  listNamespacesCached() { return this.namespaces.list(); }
  customSearchAttributes(namespace: string): Map<string, string> { return this.namespaces.customSearchAttributes(namespace); }
  /** @internal */
  validateSearchAttributes(namespace: string, sa: any): void { this.namespaces.validateSearchAttributes(namespace, sa); }

  // ---------------------------------------------------------------- EngineContext (children, externals, next-run)

  /** @internal Open runs (and briefly, just-closed ones) by run id. */
  get runs(): ReadonlyMap<string, RunState> { return this.cache.runs; }
  /** @internal */
  isStopped(): boolean { return this.stopped; }
  /** @internal */
  logError(msg: string, err: unknown): void {
    this.log(msg, { err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  }
  /** @internal */
  withRun<T>(runId: string, fn: (tx: Tx) => T | Promise<T>): Promise<T> { return this.cache.withRun(runId, fn); }
  /** Finds a run: the given run id, or the running (else newest) run of the workflow id. */
  findRun(namespace: string, execution: { workflowId?: string; runId?: string } | null | undefined): Promise<RunState> {
    return this.cache.findRun(namespace, execution);
  }
  /** @internal The close event of a closed run: from memory when it closed recently, else from Postgres. */
  closeEvent(s: RunState): Promise<Buffer | undefined> { return this.cache.closeEvent(s); }
  /** @internal Makes `s` the running run of its workflow id (a run that follows a closed one). */
  markRunning(s: RunState): void { this.cache.markRunning(s); }
  /** @internal */
  addEvent(tx: Tx, eventType: string, attributes: object): number { return this.builder.addEvent(tx, eventType, attributes); }
  /** @internal Returns the event id, or undefined when the event was buffered. */
  addExternalEvent(tx: Tx, eventType: string, attributes: object): number | undefined { return this.state.addExternalEvent(tx, eventType, attributes); }
  /** @internal */
  closeRun(tx: Tx, status: ExecutionStatus, eventType: string, attributes: object): void { this.state.closeRun(tx, status, eventType, attributes); }
  /** @internal */
  newRunState(p: NewRun): RunState { return this.state.newRunState(p); }
  /** @internal WorkflowExecutionStarted (+ first workflow task, unless delayed). */
  writeStarted(tx: Tx, attributes: any, memo: any, searchAttributes: any, delayMs = 0, beforeTask?: (tx: Tx) => void): void {
    this.state.writeStarted(tx, attributes, memo, searchAttributes, delayMs, beforeTask);
  }

  // ---------------------------------------------------------------- start, signal, cancel, terminate

  /** Starts a run (StartWorkflowExecution, SignalWithStart, or a child for `parent`). */
  startWorkflow(req: any, signal?: StartSignal, parent?: RunState['parent']): Promise<{ runId: string; started: boolean }> {
    return this.lifecycle.startWorkflow(req, signal, parent);
  }
  /**
   * StartWorkflowExecution. With `requestEagerExecution` (the SDK asks only when a worker on the same connection
   * has reserved a slot for the task queue), a newly started run's first task goes back in the answer, already
   * started, instead of through the queue, as Temporal's eager workflow start does; not for a delayed or cron
   * start, whose first task waits.
   */
  async startWorkflowExecution(req: any): Promise<{ runId: string; started: boolean; eagerWorkflowTask?: object }> {
    let eager: StartedTask | undefined;
    const claim = req.requestEagerExecution && !req.cronSchedule
      ? (tx: Tx) => { eager = this.workflowTasks.claimFirstTaskEagerly(tx, req.identity ?? ''); }
      : undefined;
    const { runId, started } = await this.lifecycle.startWorkflow(req, undefined, undefined, claim);
    if (!eager || !started) return { runId, started };
    return { runId, started, eagerWorkflowTask: await this.workflowTasks.nestedTaskResponse(eager) };
  }
  signal(req: any): Promise<void> { return this.lifecycle.signal(req); }
  /** @internal `external` names the workflow that sent the signal (SignalExternalWorkflowExecution). */
  signalRun(runId: string, name: string, input: any, header: any, identity: string, requestId: string, external?: { externalWorkflowExecution: object }): Promise<void> {
    return this.lifecycle.signalRun(runId, name, input, header, identity, requestId, external);
  }
  /** `external` names the workflow that asked (RequestCancelExternalWorkflowExecution). */
  requestCancel(req: any, external?: { externalWorkflowExecution: object; externalInitiatedEventId: number }): Promise<void> {
    return this.lifecycle.requestCancel(req, external);
  }
  terminate(req: any): Promise<void> { return this.lifecycle.terminate(req); }
  /** ResetWorkflowExecution (reset-workflow.ts). */
  reset(req: any): Promise<{ runId: string }> { return this.resets.reset(req); }

  // ---------------------------------------------------------------- workflow tasks

  pollWorkflowTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    return this.workflowTasks.pollWorkflowTask(namespace, queue, identity, signal);
  }
  respondWorkflowTaskCompleted(req: any): Promise<object> { return this.workflowTasks.respondWorkflowTaskCompleted(req); }
  respondWorkflowTaskFailed(req: any): Promise<object> { return this.workflowTasks.respondWorkflowTaskFailed(req); }
  resetStickyTaskQueue(req: any): Promise<void> { return this.workflowTasks.resetStickyTaskQueue(req); }
  shutdownWorker(req: any): Promise<void> { return this.workflowTasks.shutdownWorker(req); }

  // ---------------------------------------------------------------- activity tasks

  pollActivityTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    return this.activityTasks.pollActivityTask(namespace, queue, identity, signal);
  }
  completeActivity(req: any, byId = false): Promise<void> { return this.activityTasks.completeActivity(req, byId); }
  failActivity(req: any, byId = false): Promise<void> { return this.activityTasks.failActivity(req, byId); }
  cancelActivity(req: any, byId = false): Promise<void> { return this.activityTasks.cancelActivity(req, byId); }
  heartbeat(req: any, byId = false): Promise<{ cancelRequested: boolean }> { return this.activityTasks.heartbeat(req, byId); }

  // ---------------------------------------------------------------- updates and queries

  update(req: any, waitMs: number): Promise<object> { return this.updateService.update(req, waitMs); }
  pollUpdate(req: any, waitMs: number): Promise<object> { return this.updateService.pollUpdate(req, waitMs); }
  /** ExecuteMultiOperation: update-with-start (multi-operation.ts). */
  executeMultiOperation(req: any, waitMs: number): Promise<object> { return this.multiOperations.execute(req, waitMs); }
  query(req: any, waitMs: number): Promise<object> { return this.queryService.query(req, waitMs); }
  respondQueryTaskCompleted(req: any): void { this.queryService.respondQueryTaskCompleted(req); }

  // ---------------------------------------------------------------- reads

  history(req: any, waitMs: number): Promise<object> { return this.historyService.history(req, waitMs); }

  async describe(req: any): Promise<object> {
    const s = await this.cache.findRun(req.namespace || 'default', req.execution);
    return describeExecution(s, this.namespaces.typeMap(s.namespace));
  }

  executionInfo(s: RunState): object { return executionInfo(s, this.namespaces.typeMap(s.namespace)); }

  stateByRunId(runId: string): RunState | undefined { return this.cache.runs.get(runId); }

  // ---------------------------------------------------------------- time skipping

  /** Jumps the virtual clock to the next deadline when nothing is in flight. */
  skipTimeIfIdle(): boolean { return this.timeSkipper.skipTimeIfIdle(); }
  /** Advances the virtual clock by `ms`, firing every deadline on the way in order. */
  sleepVirtual(ms: number, awaitActivities = true): Promise<void> { return this.timeSkipper.sleepVirtual(ms, awaitActivities); }
  /** A workflow task out or an activity running: work that holds time still in Temporal's test server. */
  workInFlight(): boolean { return this.timeSkipper.workInFlight(); }
}
