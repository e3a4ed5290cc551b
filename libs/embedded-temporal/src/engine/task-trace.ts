/**
 * An opt-in trace of completed workflow tasks, for finding where a latency
 * tail comes from (issue 14): when the task was scheduled, when a worker's
 * poll took it, when its completion reached the engine and when that was
 * committed, and which updates it answered. Off unless a caller (a benchmark)
 * passes `onWorkflowTaskCompleted`; it observes and never changes behaviour.
 * Times are the engine clock's milliseconds.
 */
export interface WorkflowTaskTrace {
  workflowId: string;
  runId: string;
  /** The task went to the run's sticky queue (the worker that has it cached). */
  sticky: boolean;
  /** Created for an update while no task was outstanding. */
  speculative: boolean;
  scheduledAt: number;
  startedAt: number;
  /** The completion's handler began (after gRPC decoding, and after any wait for this thread). */
  receivedAt: number;
  /** The completion was committed (after waiting for the run's lock and Postgres). */
  committedAt: number;
  /** Update ids whose protocol messages this completion carried. */
  updateIds: string[];
}

export type WorkflowTaskTraceSink = (trace: WorkflowTaskTrace) => void;
