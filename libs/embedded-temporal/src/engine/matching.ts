/**
 * Task queues: tasks waiting for a poller, and pollers waiting for a task.
 * Purely in memory — every task is derivable from run state, so the engine
 * refills the queues from the database when it starts.
 */

export type TaskKind = 'workflow' | 'activity';

export interface QueuedTask {
  runId: string;
  /** Workflow task: scheduledEventId; activity: scheduledEventId. */
  eventId: number;
  token: number;
  /** Query tasks ride on the workflow queue. */
  queryId?: string;
}

interface Poller {
  resolve: (task: QueuedTask | undefined) => void;
  done: boolean;
}

interface Queue {
  tasks: QueuedTask[];
  pollers: Poller[];
  /** Wall-clock time of the last poll (never virtual time: it is about live worker processes). */
  lastPollAt?: number;
}

const queueKey = (namespace: string, kind: TaskKind, name: string) => `${namespace}\u0000${kind}\u0000${name}`;

export class Matching {
  private readonly queues = new Map<string, Queue>();

  private queue(namespace: string, kind: TaskKind, name: string): Queue {
    const key = queueKey(namespace, kind, name);
    let q = this.queues.get(key);
    if (!q) {
      q = { tasks: [], pollers: [] };
      this.queues.set(key, q);
    }
    return q;
  }

  offer(namespace: string, kind: TaskKind, name: string, task: QueuedTask): void {
    const q = this.queue(namespace, kind, name);
    while (q.pollers.length) {
      const poller = q.pollers.shift()!;
      if (poller.done) continue;
      poller.done = true;
      poller.resolve(task);
      return;
    }
    q.tasks.push(task);
  }

  /**
   * Waits for a task up to `timeoutMs`; resolves undefined on timeout or when
   * `signal` aborts (the poller's call was cancelled — it must not get a task).
   */
  poll(namespace: string, kind: TaskKind, name: string, timeoutMs: number, signal?: AbortSignal): Promise<QueuedTask | undefined> {
    const q = this.queue(namespace, kind, name);
    q.lastPollAt = Date.now();
    const task = q.tasks.shift();
    if (task) return Promise.resolve(task);
    return new Promise((resolve) => {
      const poller: Poller = { resolve, done: false };
      const finish = () => {
        if (poller.done) return;
        poller.done = true;
        clearTimeout(timer);
        resolve(undefined);
      };
      const timer = setTimeout(finish, timeoutMs);
      timer.unref?.();
      signal?.addEventListener('abort', finish, { once: true });
      const originalResolve = poller.resolve;
      poller.resolve = (t) => {
        clearTimeout(timer);
        originalResolve(t);
      };
      q.pollers.push(poller);
    });
  }

  /** Wakes every poller with nothing (used at shutdown). */
  drain(): void {
    for (const q of this.queues.values()) {
      for (const p of q.pollers) if (!p.done) {
        p.done = true;
        p.resolve(undefined);
      }
      q.pollers = [];
    }
  }

  backlog(namespace: string, kind: TaskKind, name: string): number {
    return this.queue(namespace, kind, name).tasks.length;
  }

  hasPoller(namespace: string, kind: TaskKind, name: string): boolean {
    return this.queue(namespace, kind, name).pollers.some((p) => !p.done);
  }

  /** The queue's worker said it is shutting down: its past polls no longer count as a live worker. */
  forgetPolls(namespace: string, kind: TaskKind, name: string): void {
    const q = this.queues.get(queueKey(namespace, kind, name));
    if (q) q.lastPollAt = undefined;
  }

  /**
   * Whether a worker has polled this queue within `windowMs` (or is polling
   * now). A sticky queue nobody has polled since the engine started — its
   * worker died with it — would hold a task until the sticky timeout.
   */
  polledWithin(namespace: string, kind: TaskKind, name: string, windowMs: number): boolean {
    const q = this.queues.get(queueKey(namespace, kind, name));
    if (!q) return false;
    return q.pollers.some((p) => !p.done) || (q.lastPollAt !== undefined && Date.now() - q.lastPollAt <= windowMs);
  }
}
