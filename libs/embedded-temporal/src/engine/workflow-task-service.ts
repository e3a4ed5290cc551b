/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The workflow-task RPCs: PollWorkflowTaskQueue (which also hands out query
 * tasks), RespondWorkflowTaskCompleted/Failed, ResetStickyTaskQueue and
 * ShutdownWorker, and the workflow task's own timeouts. Sticky dispatch sends
 * a worker that has the run cached only the events it has not seen.
 */
import { durationMs, messageWithRawHistory, msToTimestamp, packAny, unpackAny, withRawHistory } from '../codec';
import { invalidArgument, notFound } from '../errors';
import type { EngineClock } from './clock';
import { completedByWorker, keywordListPayload, nextBuildIds } from './build-ids';
import { CLOSING_COMMANDS, commandName, type CommandHandler } from './command-handler';
import type { EngineContext } from './engine-context';
import { encodeEvent, type PendingEvent } from './history';
import type { HistoryBuilder } from './history-builder';
import { pollTaskQueue } from './long-poll';
import type { Matching, QueuedTask } from './matching';
import type { MutableState } from './mutable-state';
import type { NamespaceRegistry } from './namespace-registry';
import { readStartedAttributes } from './next-run';
import type { QueryRegistry } from './query-registry';
import type { QueryService } from './query-service';
import type { RunCache, Tx } from './run-cache';
import type { RunState } from './state';
import type { TaskGenerator } from './task-generator';
import type { WorkflowTaskTrace, WorkflowTaskTraceSink } from './task-trace';
import { tokenBytes, workflowTaskRef } from './task-token';
import type { AdmittedUpdate, UpdateRegistry } from './update-registry';
import { withCommandMetadata } from './user-metadata';

/** Sticky schedule-to-start when the worker gives none. */
const DEFAULT_STICKY_SCHEDULE_TO_START_MS = 5000;
/** Backoff after repeated workflow task failures (a bug in workflow code) is capped at this. */
const MAX_FAILED_TASK_BACKOFF_MS = 600_000;

export interface WorkflowTaskServiceDeps {
  clock: EngineClock;
  matching: Matching;
  namespaces: NamespaceRegistry;
  cache: RunCache;
  history: HistoryBuilder;
  tasks: TaskGenerator;
  updates: UpdateRegistry;
  queries: QueryRegistry;
  queryTasks: QueryService;
  commands: CommandHandler;
  /** Search attributes the completion sets (BuildIds). */
  state: MutableState;
  /** To read a run's Started event before a retry or cron run (next-run.ts). */
  host: EngineContext;
  isStopped: () => boolean;
  /** A benchmark's trace of completed tasks (task-trace.ts); undefined in service. */
  trace?: WorkflowTaskTraceSink;
}

/** A workflow task just marked started, with what its poll response needs. */
export interface StartedTask {
  s: RunState;
  /** First event the worker is sent (after the last it saw, for a sticky task). */
  from: number;
  /** A speculative task's own Scheduled/Started events, never stored. */
  synthetic: PendingEvent[];
  admitted: AdmittedUpdate[];
}

export class WorkflowTaskService {
  constructor(private readonly deps: WorkflowTaskServiceDeps) {}

  pollWorkflowTask(namespace: string, queue: string, identity: string, signal: AbortSignal): Promise<object> {
    this.deps.namespaces.get(namespace);
    return pollTaskQueue(this.deps.matching, this.deps.isStopped, { namespace, kind: 'workflow', queue, signal }, (task) =>
      task.queryId ? this.deps.queryTasks.startQueryTask(task) : this.startWorkflowTask(task, identity, queue),
    );
  }

  private async startWorkflowTask(task: QueuedTask, identity: string, queue: string): Promise<object | undefined> {
    const { cache } = this.deps;
    if (!cache.runs.has(task.runId)) return undefined;
    let started: StartedTask | undefined;
    await cache.withRun(task.runId, (tx) => {
      const wft = tx.s.wft;
      if (tx.s.status !== 'Running' || !wft || wft.token !== task.token || wft.startedEventId !== undefined || wft.queue !== queue) return;
      started = this.markStarted(tx, identity);
    });
    return started && this.pollResponse(started);
  }

  /**
   * Eager workflow start: the first task of a run being started (inside its start's transaction) goes to the
   * worker that shares the client's connection instead of through the queue, as Temporal does when the start
   * asks for it. Its Started event is committed with the run; undefined if the task is not one to hand out now.
   */
  claimFirstTaskEagerly(tx: Tx, identity: string): StartedTask | undefined {
    return tx.s.wft?.speculative ? undefined : this.startWaitingTask(tx, identity);
  }

  /**
   * The poll response of a task started within another call's change (an eager start's first task, the next task
   * returned with a completion), once that change is committed, to be nested in that call's answer.
   */
  async nestedTaskResponse(started: StartedTask): Promise<object> {
    return messageWithRawHistory('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse', await this.pollResponse(started));
  }

  /** Starts the run's workflow task for `identity` now, if one is scheduled and due (not waiting out a backoff). */
  private startWaitingTask(tx: Tx, identity: string, partial = false): StartedTask | undefined {
    const wft = tx.s.wft;
    if (!wft || wft.startedEventId !== undefined || wft.notBefore !== undefined) return undefined;
    return this.markStarted(tx, identity, partial);
  }

  /**
   * Marks the run's workflow task started by `identity` and arms its start-to-close timeout (within tx).
   * `partial`: the worker has the run cached, so it is sent only the events after the last task it saw.
   */
  private markStarted(tx: Tx, identity: string, partial = false): StartedTask {
    const { history, tasks, clock, updates } = this.deps;
    const s = tx.s;
    const wft = s.wft!;
    wft.startedAt = clock.now();
    let synthetic: PendingEvent[] = [];
    if (wft.speculative) {
      wft.scheduledEventId = s.nextEventId;
      wft.startedEventId = s.nextEventId + 1;
      synthetic = history.speculativeTaskEvents(s, wft, identity);
    } else {
      wft.startedEventId = history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', history.workflowTaskStarted(s, wft, identity));
    }
    // Starting a speculative task writes no event and needs no commit of its own: lost in a crash, it is simply gone.
    if (!wft.speculative) tx.dirty = true;
    tasks.clearWorkflowTaskTimer('wft-sts', s.runId);
    tasks.armWorkflowTask(tx);
    const from = (partial || wft.sticky) && s.previousStartedEventId > 0 ? s.previousStartedEventId + 1 : 1;
    return { s, from, synthetic, admitted: updates.admittedUpdates(tx) };
  }

  /** PollWorkflowTaskQueueResponse for a started task (after its commit). */
  private async pollResponse({ s, from, synthetic, admitted }: StartedTask): Promise<object> {
    const wft = s.wft!;
    const stored = await this.deps.cache.events(s.runId, from, s.nextEventId - 1);
    // The stored bytes go out as they are (see RAW_HISTORY): no decode and re-encode of every event.
    const events = stored.map((e) => e.data);
    synthetic.forEach((e, i) => events.push(encodeEvent(wft.scheduledEventId + i, e)));
    const messages = admitted.map((u) => ({
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

  async respondWorkflowTaskCompleted(req: any): Promise<object> {
    const { cache, history, tasks, updates, queries, commands } = this.deps;
    const { runId, token } = workflowTaskRef(req.taskToken);
    if (!cache.runs.has(runId)) throw notFound('Workflow task not found.');
    let resetHistoryEventId = 0;
    // A failing run with a retry policy starts its next attempt with the same input, and a closing cron run
    // its next scheduled run: read the input outside the lock.
    const run = cache.runs.get(runId);
    const closes = (name: string) => (req.commands ?? []).some((c: any) => commandName(c) === name);
    const failsForAnotherRun = !!(run?.retryPolicy || run?.cronSchedule) && closes('failWorkflowExecutionCommandAttributes');
    const completesForAnotherRun = !!run?.cronSchedule && closes('completeWorkflowExecutionCommandAttributes');
    const started = failsForAnotherRun || completesForAnotherRun ? await readStartedAttributes(this.deps.host, runId) : undefined;
    let activityTasks: object[] = [];
    let nextTask: StartedTask | undefined;
    let unhandled = false;
    const receivedAt = this.deps.clock.now();
    let trace: Omit<WorkflowTaskTrace, 'committedAt'> | undefined;
    await cache.withRun(runId, (tx) => {
      tx.started = started;
      tx.eager = { identity: req.identity ?? '', tasks: [] };
      const s = tx.s;
      const wft = s.wft;
      if (s.status !== 'Running' || !wft || wft.token !== token || wft.startedEventId === undefined) {
        throw notFound('Workflow task not found.');
      }
      tasks.clearWorkflowTaskTimer('wft', runId);
      if (this.deps.trace) trace = traceOf(s, wft, receivedAt, req.messages ?? []);
      const sticky = req.stickyAttributes?.workerTaskQueue?.name;
      s.sticky = sticky ? { queue: sticky, scheduleToStartMs: durationMs(req.stickyAttributes.scheduleToStartTimeout) || DEFAULT_STICKY_SCHEDULE_TO_START_MS } : undefined;
      const taskCommands: any[] = req.commands ?? [];
      const messages: any[] = req.messages ?? [];
      const onlyRejections = messages.every((m) => unpackAny(m.body)?.typeName === 'temporal.api.update.v1.Rejection');
      if (wft.speculative && taskCommands.length === 0 && onlyRejections && s.buffered.length === 0 && !req.forceCreateNewWorkflowTask) {
        // Nothing to record: a speculative task that only rejected updates leaves no trace.
        for (const m of messages) updates.applyMessage(tx, m);
        s.wft = undefined;
        // Tell the worker to roll back to the last persisted workflow task: the discarded events never existed.
        resetHistoryEventId = s.previousStartedEventId;
        if (updates.pending(tx)) tasks.scheduleWorkflowTask(tx, { speculative: true });
        nextTask = this.returnNewTask(tx, req);
        tx.after.push(() => queries.taskAnswered(runId));
        return;
      }
      if (wft.speculative) history.persistSpeculativeTask(tx, req.identity);
      const closing = taskCommands.some((c) => CLOSING_COMMANDS.has(commandName(c)));
      // A timer this task cancels does not count as unseen even if it fired meanwhile (its TimerFired gives way).
      const canceledTimers = new Set<string>(taskCommands.flatMap((c) => (c.cancelTimerCommandAttributes?.timerId ? [c.cancelTimerCommandAttributes.timerId] : [])));
      if (closing && (history.bufferedBeyondCanceledTimers(tx, canceledTimers) > 0 || updates.hasUndelivered(runId, messages))) {
        // The workflow decided to close without seeing these: it must see them first.
        history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND',
          identity: req.identity,
        });
        s.wft = undefined;
        history.flushBuffered(tx);
        s.sticky = undefined;
        tasks.scheduleWorkflowTask(tx);
        unhandled = true;
        return;
      }
      const completedId = history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        identity: req.identity,
        binaryChecksum: req.binaryChecksum,
        sdkMetadata: req.sdkMetadata,
        meteringMetadata: req.meteringMetadata,
        ...completedByWorker(req),
      });
      this.recordBuildId(tx, req);
      s.previousStartedEventId = wft.startedEventId;
      s.wft = undefined;
      const byId = new Map<string, any>(messages.map((m) => [m.id, m]));
      let needsTask = !!req.forceCreateNewWorkflowTask;
      for (const command of taskCommands) {
        if (s.status !== 'Running') break;
        const name = commandName(command);
        if (name === 'protocolMessageCommandAttributes') {
          const m = byId.get(command.protocolMessageCommandAttributes.messageId);
          if (m) {
            byId.delete(m.id);
            updates.applyMessage(tx, m);
          }
          continue;
        }
        needsTask = withCommandMetadata(tx, command, () => commands.apply(tx, name, command[name], completedId, req)) || needsTask;
      }
      for (const m of byId.values()) updates.applyMessage(tx, m);
      if (s.status === 'Running') {
        if (history.flushBuffered(tx)) needsTask = true;
        if (needsTask) tasks.scheduleWorkflowTask(tx);
        else if (updates.pending(tx)) tasks.scheduleWorkflowTask(tx, { speculative: true });
        // Handed out only once this change is committed (withRun answers after the commit).
        activityTasks = tx.eager.tasks;
        nextTask = this.returnNewTask(tx, req);
      }
      tx.after.push(() => queries.taskAnswered(runId));
    });
    // Temporal answers so once the refusal is recorded: the SDK's core then drops its cached copy of the run (which
    // believes its close went through) and replays it from the new task's full history.
    if (unhandled) throw invalidArgument('UnhandledCommand');
    if (trace) this.deps.trace!({ ...trace, committedAt: this.deps.clock.now() });
    const workflowTask = nextTask && (await this.nestedTaskResponse(nextTask));
    return { resetHistoryEventId, activityTasks, workflowTask };
  }

  /**
   * returnNewWorkflowTask (the SDK's core always asks, when it caches the run): a task this completion calls for
   * is started at once for the same worker and returned in the answer, never queued, as Temporal does. Queued,
   * a sticky poll could hand it to the worker before the worker has taken in this answer, and its core then
   * holds two tasks for one run: it logs "Trying to send a new WFT for a run which already has one!" and the
   * later task is stranded until its start-to-close timeout (an update waiting on it then times out).
   */
  private returnNewTask(tx: Tx, req: any): StartedTask | undefined {
    // What the worker is sent is always partial: it caches the run (it gives sticky attributes when it asks).
    return req.returnNewWorkflowTask ? this.startWaitingTask(tx, req.identity ?? '', true) : undefined;
  }

  /** The BuildIds search attribute after this completion (see build-ids.ts); rewritten only when it changes. */
  private recordBuildId(tx: Tx, req: any): void {
    const current = tx.s.searchAttributes.BuildIds;
    const existing = Array.isArray(current) ? current.map(String) : [];
    const next = nextBuildIds(existing, req.workerVersionStamp ?? undefined);
    if (next.length === existing.length && next.every((v, i) => v === existing[i])) return;
    this.deps.state.mergeSearchAttributes(tx.s, { indexedFields: { BuildIds: keywordListPayload(next) } });
  }

  async respondWorkflowTaskFailed(req: any): Promise<object> {
    const { cache, history, tasks } = this.deps;
    const { runId, token } = workflowTaskRef(req.taskToken);
    if (!cache.runs.has(runId)) throw notFound('Workflow task not found.');
    await cache.withRun(runId, (tx) => {
      const s = tx.s;
      const wft = s.wft;
      if (s.status !== 'Running' || !wft || wft.token !== token || wft.startedEventId === undefined) throw notFound('Workflow task not found.');
      tasks.clearWorkflowTaskTimer('wft', runId);
      s.sticky = undefined;
      // A failure must be visible to the workflow's author: write the task's events first.
      if (wft.speculative) history.persistSpeculativeTask(tx, req.identity);
      history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_FAILED', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        cause: req.cause,
        failure: req.failure,
        identity: req.identity,
        binaryChecksum: req.binaryChecksum,
      });
      s.wft = undefined;
      history.flushBuffered(tx);
      // Repeated failures (a bug in workflow code) back off instead of spinning the worker.
      const attempt = wft.attempt + 1;
      const delayMs = attempt > 2 ? Math.min(1000 * 2 ** (attempt - 3), MAX_FAILED_TASK_BACKOFF_MS) : 0;
      tasks.scheduleWorkflowTask(tx, { attempt, delayMs });
    });
    return {};
  }

  /** Start-to-close timeout of a started workflow task (timer task). */
  async workflowTaskTimeout(runId: string, token: number): Promise<void> {
    const { cache, history, tasks } = this.deps;
    await cache.withRun(runId, (tx) => {
      const s = tx.s;
      const wft = s.wft;
      if (!wft || wft.token !== token || wft.startedEventId === undefined || s.status !== 'Running') return;
      s.sticky = undefined;
      if (wft.speculative) {
        // Nothing was written for it: a new speculative task takes its place (a real one if events wait).
        s.wft = undefined;
        tasks.scheduleWorkflowTask(tx, { speculative: !s.buffered.length });
        if (s.buffered.length) history.flushBuffered(tx);
        return;
      }
      history.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE',
      });
      s.wft = undefined;
      history.flushBuffered(tx);
      tasks.scheduleWorkflowTask(tx, { attempt: wft.attempt + 1 });
    });
  }

  /** Not picked up from the sticky queue in time (timer task): offer it on the normal queue. */
  async stickyTimeout(runId: string, token: number): Promise<void> {
    await this.deps.cache.withRun(runId, (tx) => {
      const wft = tx.s.wft;
      if (!wft || wft.token !== token || wft.startedEventId !== undefined || !wft.sticky) return;
      tx.s.sticky = undefined;
      this.moveToNormalQueue(tx);
    });
  }

  /** ResetStickyTaskQueue: forget the worker's sticky queue; a task waiting there moves to the normal queue. */
  async resetStickyTaskQueue(req: any): Promise<void> {
    const s = await this.deps.cache.findRun(req.namespace || 'default', req.execution);
    if (s.status !== 'Running' || !this.deps.cache.runs.has(s.runId)) return;
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
    this.deps.matching.forgetPolls(namespace, 'workflow', queue);
    const stuck = [...this.deps.cache.runs.values()].filter((s) => s.namespace === namespace && s.sticky?.queue === queue);
    for (const s of stuck) await this.unstick(s.runId);
  }

  private async unstick(runId: string): Promise<void> {
    await this.deps.cache.withRun(runId, (tx) => {
      if (!tx.s.sticky) return;
      tx.s.sticky = undefined;
      tx.dirty = true;
      const wft = tx.s.wft;
      if (wft?.sticky && wft.startedEventId === undefined) this.moveToNormalQueue(tx);
    });
  }

  /** A workflow task waiting on a sticky queue goes to the normal queue, with a new token (the old offer is stale). */
  private moveToNormalQueue(tx: Tx): void {
    const wft = tx.s.wft!;
    wft.sticky = false;
    wft.queue = tx.s.taskQueue;
    wft.token += 1;
    tx.dirty = true;
    this.deps.tasks.armWorkflowTask(tx);
  }
}

/** The task's part of its trace, read before the completion clears it; the commit's instant is added after. */
function traceOf(s: RunState, wft: NonNullable<RunState['wft']>, receivedAt: number, messages: any[]): Omit<WorkflowTaskTrace, 'committedAt'> {
  return {
    workflowId: s.workflowId,
    runId: s.runId,
    sticky: wft.sticky,
    speculative: wft.speculative,
    scheduledAt: wft.scheduledAt,
    startedAt: wft.startedAt ?? receivedAt,
    receivedAt,
    updateIds: [...new Set(messages.map((m) => String(m.protocolInstanceId)))],
  };
}
