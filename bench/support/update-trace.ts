/**
 * Where an update's round trip goes under load (issue 14, deliverable 3): the
 * engine's workflow-task trace (task-trace.ts) joined with the client's own
 * send and answer times, per update, cut into phases:
 *
 *   before the task   sent → the task that carried it was scheduled (transit, and waiting
 *                     for a task already out at a worker to come back)
 *   in the queue      scheduled → a worker's poll took it (the worker had no free poll)
 *   at the worker     taken → its completion reached the engine's handler (the SDK's core,
 *                     the workflow thread, and this process's event loop before the handler ran)
 *   commit            completion → committed (the run's lock, Postgres)
 *   answer back       committed → the client has the answer
 *
 * Printed for the median updates and for the slowest 1 %, so the tail's
 * phase stands out. Only where the engine runs in this process (times from
 * one clock); the SDK driver names its updates so they can be found.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { WorkflowTaskTrace } from '@gongkai/embedded-temporal';
import { p50p99 } from './approval-figures';

const PHASES = ['before the task', 'in the queue', 'at the worker', 'commit', 'answer back'] as const;

interface Sent {
  updateId: string;
  sentAt: number;
  answeredAt: number;
}

export class UpdateTracer {
  private readonly tasks = new Map<string, WorkflowTaskTrace>();
  private readonly sent: Sent[] = [];
  private loop?: IntervalHistogram;
  private recording = false;

  /** The engine's `onWorkflowTaskCompleted`. */
  readonly sink = (trace: WorkflowTaskTrace): void => {
    if (!this.recording) return;
    for (const id of trace.updateIds) this.tasks.set(id, trace);
  };

  /** From here on, traces and sends are kept, and this thread's event-loop delay is watched. */
  start(): void {
    this.recording = true;
    this.loop = monitorEventLoopDelay({ resolution: 5 });
    this.loop.enable();
  }

  stop(): void {
    this.recording = false;
    this.loop?.disable();
  }

  /** One update's client-side times (Date.now() ms, the engine clock's base). */
  record(updateId: string, sentAt: number, answeredAt: number): void {
    if (this.recording) this.sent.push({ updateId, sentAt, answeredAt });
  }

  lines(): string[] {
    const rows = this.sent.flatMap((s) => {
      const t = this.tasks.get(s.updateId);
      if (!t) return [];
      // Each boundary no earlier than the one before: an update that found its task already scheduled has
      // no "before the task", and waited in the queue only from its own arrival.
      const marks = [s.sentAt, t.scheduledAt, t.startedAt, t.receivedAt, t.committedAt, s.answeredAt];
      for (let i = 1; i < marks.length; i++) marks[i] = Math.max(marks[i], marks[i - 1]);
      const phases = PHASES.map((_, i) => marks[i + 1] - marks[i]);
      return [{ total: s.answeredAt - s.sentAt, phases, sticky: t.sticky }];
    });
    if (rows.length === 0) return ['update trace: no update was traced (the engine runs in another process?)'];
    const { p50, p99 } = p50p99(rows.map((r) => r.total));
    const tail = rows.filter((r) => r.total >= p99);
    const middle = rows.filter((r) => r.total >= p50 * 0.8 && r.total <= p50 * 1.2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
    const describe = (name: string, group: typeof rows) => {
      const parts = PHASES.map((phase, i) => `${phase} ${mean(group.map((r) => r.phases[i])).toFixed(0)}`);
      const sticky = group.filter((r) => r.sticky).length;
      return `  ${name} (n=${group.length}, mean ${mean(group.map((r) => r.total)).toFixed(0)} ms): ${parts.join(', ')} ms; sticky ${sticky}/${group.length}`;
    };
    const lines = [`update trace (${rows.length} of ${this.sent.length} loaded updates traced), mean ms per phase:`];
    lines.push(describe('around the median', middle), describe('slowest 1 %', tail));
    if (this.loop) {
      const ms = (ns: number) => (ns / 1e6).toFixed(0);
      lines.push(
        `  this thread's event-loop delay over the pass: p50 ${ms(this.loop.percentile(50))} ms, p99 ${ms(this.loop.percentile(99))} ms, ` +
          `max ${ms(this.loop.max)} ms (engine, client and the worker's JavaScript share it)`,
      );
    }
    return lines;
  }
}
