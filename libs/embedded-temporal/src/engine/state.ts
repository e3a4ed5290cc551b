/**
 * The mutable state of one workflow run, kept in memory while the run is open
 * and stored as JSON in `executions.state` with every committed change. Every
 * pending task and timer can be rebuilt from it after a crash, so nothing about
 * matching or timers needs tables of its own.
 */

export type ExecutionStatus = 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export const STATUS_ENUM: Record<ExecutionStatus, number> = {
  Running: 1,
  Completed: 2,
  Failed: 3,
  Canceled: 4,
  Terminated: 5,
  ContinuedAsNew: 6,
  TimedOut: 7,
};

export interface WorkflowTaskState {
  scheduledEventId: number;
  /** Set once a worker has the task. */
  startedEventId?: number;
  attempt: number;
  scheduledAt: number;
  startedAt?: number;
  /** Queue the task was offered on: the sticky queue or the normal one. */
  queue: string;
  sticky: boolean;
  /**
   * A speculative task (for an update) whose Scheduled/Started events are not
   * written unless the worker's answer needs them: a rejected update then
   * leaves no trace in history.
   */
  speculative: boolean;
  /** Not before this time (backoff after repeated failures). */
  notBefore?: number;
  /** Bumped on each dispatch so a stale token is recognised. */
  token: number;
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  /** Base64 of ActivityTaskScheduledEventAttributes (input, header, timeouts, retry). */
  attributes: string;
  attempt: number;
  firstScheduledAt: number;
  /** When the current attempt becomes available (retry backoff). */
  scheduledAt: number;
  startedAt?: number;
  startedIdentity?: string;
  requestId?: string;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retry: RetryPolicy;
  lastHeartbeatAt?: number;
  /** Base64 Payloads */
  heartbeatDetails?: string;
  /** Base64 Failure of the last failed attempt. */
  lastFailure?: string;
  cancelRequested: boolean;
  token: number;
}

export interface RetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface TimerState {
  timerId: string;
  startedEventId: number;
  fireAt: number;
}

export interface UpdateState {
  updateId: string;
  stage: 'accepted' | 'completed';
  acceptedEventId?: number;
  completedEventId?: number;
  /** Base64 temporal.api.update.v1.Outcome */
  outcome?: string;
}

export interface ChildState {
  initiatedEventId: number;
  startedEventId?: number;
  namespace: string;
  workflowId: string;
  runId?: string;
  workflowType: string;
  parentClosePolicy: number;
  /** Base64 StartChildWorkflowExecutionInitiatedEventAttributes (what to start). */
  attributes?: string;
  /** Base64 temporal.api.sdk.v1.UserMetadata of the command: the child's start carries it (user-metadata.ts). */
  userMetadata?: string;
}

export interface PendingExternal {
  initiatedEventId: number;
  kind: 'signal' | 'cancel';
  /** Base64 of the …Initiated event attributes (target, signal, input). */
  attributes?: string;
}

export interface RunState {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  nextEventId: number;
  startTime: number;
  executionTime: number;
  closeTime?: number;
  workflowTaskTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  /** Absolute deadlines (0 = none). */
  runDeadline: number;
  executionDeadline: number;
  startRequestId: string;
  /** Request ids of signals/cancels already applied (deduplication of retries). */
  requestIds: string[];
  wft?: WorkflowTaskState;
  /** WorkflowTaskStarted id of the last completed workflow task. */
  previousStartedEventId: number;
  sticky?: { queue: string; scheduleToStartMs: number };
  /** Events (base64 HistoryEvent without id) waiting for the running workflow task to finish. */
  buffered: string[];
  activities: Record<string, ActivityState>;
  timers: Record<string, TimerState>;
  updates: Record<string, UpdateState>;
  children: Record<string, ChildState>;
  externals: Record<string, PendingExternal>;
  cancelRequested: boolean;
  closeEventId?: number;
  /** Base64 temporal.api.common.v1.Memo */
  memo?: string;
  /** Decoded search attributes for visibility (name → value). */
  searchAttributes: Record<string, unknown>;
  /** Base64 temporal.api.common.v1.SearchAttributes (indexed payloads, as given). */
  searchAttributesRaw?: string;
  /** Base64 RetryPolicy of the workflow itself. */
  retryPolicy?: string;
  attempt: number;
  cronSchedule?: string;
  parent?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number; closePolicy?: number };
  /** The run at the top of the parent chain (RootWorkflowId/RootRunId); absent for a top-level run, which is its own root. */
  root?: { workflowId: string; runId: string };
  newExecutionRunId?: string;
  /** Base64 temporal.api.sdk.v1.UserMetadata of the start request (static summary and details), see user-metadata.ts. */
  userMetadata?: string;
  historySizeBytes: number;
  stateTransitions: number;
}

/** The run at the top of the parent chain (RootWorkflowId/RootRunId); a top-level run is its own root. */
export function rootOf(s: RunState): { workflowId: string; runId: string } {
  return s.root ?? { workflowId: s.workflowId, runId: s.runId };
}

/**
 * Waiting for its first workflow task (start delay, cron or retry backoff): none is scheduled and none has
 * completed. Temporal's IsWorkflowPendingOnWorkflowTaskBackoff, before the wait ends.
 */
export function awaitingFirstTask(s: RunState): boolean {
  return !s.wft && !s.previousStartedEventId;
}
