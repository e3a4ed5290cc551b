/**
 * Turns a run's state into the tasks and deadlines that drive it (Temporal's
 * task generator): workflow and activity tasks offered to matching, and the
 * timer-wheel deadlines for timeouts, user timers, backoffs and the run's own
 * timeout. Everything is pushed to `tx.after`, so nothing is offered or armed
 * before the change that calls for it is committed.
 *
 * What a deadline does when it fires is not decided here: it calls a
 * TimerTaskHandlers method, implemented by the service that owns that part of
 * the run, so this module depends on none of them.
 */
import type { EngineClock } from './clock';
import type { HistoryBuilder } from './history-builder';
import type { Matching } from './matching';
import type { Tx } from './run-cache';
import { awaitingFirstTask, type RunState } from './state';
import type { TimerWheel } from './timer-wheel';
import type { WorkerHandoff } from './worker-handoff';

/** Temporal matching's default: a sticky queue not polled for this long has lost its worker. */
const STICKY_POLLER_UNAVAILABLE_WINDOW_MS = 10_000;

/** What happens when a deadline fires (the timer-queue executors, in Temporal's terms). */
export interface TimerTaskHandlers {
  workflowTaskTimeout(runId: string, token: number): Promise<void>;
  stickyTimeout(runId: string, token: number): Promise<void>;
  userTimerFired(runId: string, timerId: string, startedEventId: number): Promise<void>;
  activityTimeout(runId: string, scheduledEventId: number, token: number, kind: string): Promise<void>;
  runTimeout(runId: string, retriable: boolean): Promise<void>;
  firstWorkflowTask(runId: string): Promise<void>;
}

export interface TaskGeneratorDeps {
  clock: EngineClock;
  timers: TimerWheel;
  matching: Matching;
  history: HistoryBuilder;
  /** Holds a workflow task back while a query of its run is at the worker (worker-handoff.ts). */
  handoff: Pick<WorkerHandoff, 'offerWorkflowTask'>;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

export class TaskGenerator {
  private readonly clock: EngineClock;
  private readonly timers: TimerWheel;
  private readonly matching: Matching;
  private readonly history: HistoryBuilder;
  private readonly handoff: TaskGeneratorDeps['handoff'];
  private readonly log: TaskGeneratorDeps['log'];

  constructor(deps: TaskGeneratorDeps, private readonly handlers: TimerTaskHandlers) {
    ({ clock: this.clock, timers: this.timers, matching: this.matching, history: this.history, handoff: this.handoff, log: this.log } = deps);
  }

  // ------------------------------------------------------------ workflow tasks

  scheduleWorkflowTask(tx: Tx, opts: { speculative?: boolean; attempt?: number; delayMs?: number } = {}): void {
    const s = tx.s;
    if (s.status !== 'Running' || s.wft) return;
    // As Temporal's matching does, a sticky queue whose worker has not polled lately is skipped: the task goes
    // straight to the normal queue instead of waiting out the sticky schedule-to-start timeout.
    if (s.sticky && !this.matching.polledWithin(s.namespace, 'workflow', s.sticky.queue, STICKY_POLLER_UNAVAILABLE_WINDOW_MS)) s.sticky = undefined;
    const sticky = !!s.sticky && !opts.delayMs;
    const queue = sticky ? s.sticky!.queue : s.taskQueue;
    const now = this.clock.now();
    s.wft = {
      scheduledEventId: s.nextEventId,
      attempt: opts.attempt ?? 1,
      scheduledAt: now,
      queue,
      sticky,
      speculative: !!opts.speculative,
      token: Math.floor(Math.random() * 1e9),
      notBefore: opts.delayMs ? now + opts.delayMs : undefined,
    };
    // A speculative task (for an update) writes no event unless the worker's answer needs one.
    if (!opts.speculative) s.wft.scheduledEventId = this.history.addWorkflowTaskScheduled(tx, s.wft);
    tx.dirty = true;
    this.armWorkflowTask(tx);
  }

  /** Offers the current workflow task and arms its timeouts (after commit). */
  armWorkflowTask(tx: Tx): void {
    const s = tx.s;
    const wft = s.wft;
    if (!wft) return;
    const runId = s.runId;
    const token = wft.token;
    if (wft.startedEventId === undefined) {
      const offer = () =>
        this.handoff.offerWorkflowTask(runId, () => this.matching.offer(s.namespace, 'workflow', wft.queue, { runId, eventId: wft.scheduledEventId, token }));
      tx.after.push(() => {
        // Started within the same change (an eager start's first task): it is not queued at all.
        if (wft.startedEventId !== undefined) return;
        if (wft.notBefore && wft.notBefore > this.clock.now()) {
          this.timers.set(`wft-backoff:${runId}`, wft.notBefore, offer);
        } else offer();
        if (wft.sticky && s.sticky) {
          this.timers.set(`wft-sts:${runId}`, this.clock.now() + s.sticky.scheduleToStartMs, () =>
            void this.handlers.stickyTimeout(runId, token).catch((e) => this.log('sticky timeout failed', { err: String(e) })),
          );
        }
      });
    } else {
      const at = (wft.startedAt ?? this.clock.now()) + s.workflowTaskTimeoutMs;
      tx.after.push(() =>
        this.timers.set(`wft:${runId}`, at, () =>
          void this.handlers.workflowTaskTimeout(runId, token).catch((e) => this.log('task timeout failed', { err: String(e) })),
        ),
      );
    }
  }

  /** The first workflow task of a run that waits (start delay, cron or retry backoff), due at its execution time. */
  armFirstTask(tx: Tx): void {
    const { runId, executionTime } = tx.s;
    tx.after.push(() =>
      this.timers.set(`start-delay:${runId}`, executionTime, () => void this.handlers.firstWorkflowTask(runId).catch(() => undefined)),
    );
  }

  // ------------------------------------------------------------ user timers

  armTimer(tx: Tx, timerId: string): void {
    const timer = tx.s.timers[timerId];
    const runId = tx.s.runId;
    tx.after.push(() =>
      this.timers.set(`timer:${runId}:${timerId}`, timer.fireAt, () =>
        void this.handlers.userTimerFired(runId, timerId, timer.startedEventId).catch((e) => this.log('timer failed', { err: String(e) })),
      ),
    );
  }

  cancelTimer(tx: Tx, timerId: string): void {
    const runId = tx.s.runId;
    tx.after.push(() => this.timers.clear(`timer:${runId}:${timerId}`));
  }

  // ------------------------------------------------------------ activities

  /** Offers an activity task (now, or when its retry backoff ends) and arms its timeouts. */
  armActivity(tx: Tx, scheduledEventId: number): void {
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
    this.armActivityTimeouts(tx, scheduledEventId);
  }

  /** (Re-)arms the timeouts that apply to the activity's current phase: waiting for a worker, or running. */
  armActivityTimeouts(tx: Tx, scheduledEventId: number): void {
    tx.after.push(() => this.setActivityTimers(tx.s, scheduledEventId));
  }

  private setActivityTimers(s: RunState, scheduledEventId: number): void {
    const act = s.activities[scheduledEventId];
    if (!act) return;
    const runId = s.runId;
    const k = `${runId}:${scheduledEventId}`;
    const fire = (kind: string) => () =>
      void this.handlers.activityTimeout(runId, scheduledEventId, act.token, kind).catch((e) => this.log('activity timeout failed', { err: String(e) }));
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

  clearActivityTimers(runId: string, scheduledEventId: number): void {
    const k = `${runId}:${scheduledEventId}`;
    for (const kind of ['act-s2c', 'act-sts', 'act-stc', 'act-hb', 'act-retry']) this.timers.clear(`${kind}:${k}`);
  }

  /** The activity is done (result, timeout, cancel): forget it and its deadlines. */
  removeActivity(tx: Tx, scheduledEventId: number): void {
    delete tx.s.activities[scheduledEventId];
    const runId = tx.s.runId;
    tx.after.push(() => this.clearActivityTimers(runId, scheduledEventId));
  }

  // ------------------------------------------------------------ the run

  armRunTimeout(tx: Tx): void {
    const s = tx.s;
    const deadline = [s.runDeadline, s.executionDeadline].filter((d) => d > 0).sort((a, b) => a - b)[0];
    if (!deadline) return;
    const runId = s.runId;
    // A run timeout (not the execution's) may be retried by the workflow's retry policy or followed by the next cron run.
    const retriable = !!(s.retryPolicy || s.cronSchedule) && deadline === s.runDeadline && deadline !== s.executionDeadline;
    tx.after.push(() =>
      this.timers.set(`run-timeout:${runId}`, deadline, () =>
        void this.handlers.runTimeout(runId, retriable).catch((e) => this.log('run timeout failed', { err: String(e) })),
      ),
    );
  }

  /** Re-arms tasks and deadlines of a run loaded from the database. */
  armRun(tx: Tx): void {
    const s = tx.s;
    if (s.wft) this.armWorkflowTask(tx);
    for (const id of Object.keys(s.timers)) this.armTimer(tx, id);
    for (const id of Object.keys(s.activities)) this.armActivity(tx, Number(id));
    this.armRunTimeout(tx);
    // Still waiting for its first workflow task: overdue (the engine was down) fires at once.
    if (awaitingFirstTask(s)) this.armFirstTask(tx);
  }

  /** A closed run waits for nothing: every deadline it had goes. */
  clearRun(tx: Tx, activityIds: number[]): void {
    const runId = tx.s.runId;
    tx.after.push(() => {
      this.timers.clearPrefix(`timer:${runId}:`);
      for (const id of activityIds) this.clearActivityTimers(runId, id);
      for (const k of ['wft', 'wft-sts', 'wft-backoff', 'run-timeout', 'start-delay']) this.timers.clear(`${k}:${runId}`);
    });
  }

  /** The workflow task went out or was answered: its pending deadline goes. */
  clearWorkflowTaskTimer(kind: 'wft' | 'wft-sts', runId: string): void {
    this.timers.clear(`${kind}:${runId}`);
  }
}
