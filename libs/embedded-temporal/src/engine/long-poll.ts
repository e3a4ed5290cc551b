/**
 * The long poll shared by PollWorkflowTaskQueue and PollActivityTaskQueue:
 * wait for a queued task, start it, and answer empty well before Core's 70 s
 * gRPC deadline. A queued task may turn out stale (its run moved on); the poll
 * then waits for the next one.
 */
import type { Matching, QueuedTask, TaskKind } from './matching';

const LONG_POLL_MS = 15_000;

export async function pollTaskQueue(
  matching: Matching,
  isStopped: () => boolean,
  p: { namespace: string; kind: TaskKind; queue: string; signal: AbortSignal },
  start: (task: QueuedTask) => Promise<object | undefined>,
): Promise<object> {
  const { namespace, kind, queue, signal } = p;
  const deadline = Date.now() + LONG_POLL_MS;
  while (!isStopped() && !signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const task = await matching.poll(namespace, kind, queue, remaining, signal);
    if (!task) break;
    if (signal.aborted) {
      // The poller went away after being handed the task: give it to the next one.
      matching.offer(namespace, kind, queue, task);
      break;
    }
    const response = await start(task);
    if (response) return response;
  }
  return {};
}
