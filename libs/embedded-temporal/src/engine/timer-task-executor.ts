/**
 * What the run's own deadlines do when they fire (Temporal's timer queue
 * executor): a user timer fires, the run times out (or retries, or starts its
 * next cron run), a delayed first workflow task becomes due. Workflow-task and
 * activity deadlines are handled by their own services.
 */
import type { EngineContext } from './engine-context';
import { failOrRetry, readStartedAttributes } from './next-run';
import type { RunCache } from './run-cache';
import type { MutableState } from './mutable-state';
import { awaitingFirstTask } from './state';
import type { TaskGenerator } from './task-generator';

export class TimerTaskExecutor {
  constructor(
    private readonly cache: RunCache,
    private readonly tasks: TaskGenerator,
    private readonly state: MutableState,
    /** For the next run of a retried or cron run (next-run.ts). */
    private readonly host: EngineContext,
  ) {}

  async userTimerFired(runId: string, timerId: string, startedEventId: number): Promise<void> {
    if (!this.cache.runs.has(runId)) return;
    await this.cache.withRun(runId, (tx) => {
      const timer = tx.s.timers[timerId];
      if (tx.s.status !== 'Running' || !timer || timer.startedEventId !== startedEventId) return;
      delete tx.s.timers[timerId];
      this.state.addExternalEvent(tx, 'EVENT_TYPE_TIMER_FIRED', { timerId, startedEventId });
    });
  }

  /** The run (or execution) timeout: a retriable run timeout may start the next attempt, with the same input. */
  async runTimeout(runId: string, retriable: boolean): Promise<void> {
    const started = retriable ? await readStartedAttributes(this.host, runId) : undefined;
    await this.cache.withRun(runId, (tx) => {
      if (tx.s.status !== 'Running') return;
      failOrRetry(this.host, tx, 'timedOut', undefined, undefined, started);
    });
  }

  /** The wait before the first workflow task (start delay, cron or retry backoff) is over. */
  async firstWorkflowTask(runId: string): Promise<void> {
    await this.cache.withRun(runId, (tx) => {
      if (tx.s.status === 'Running' && awaitingFirstTask(tx.s)) this.tasks.scheduleWorkflowTask(tx);
    });
  }
}
