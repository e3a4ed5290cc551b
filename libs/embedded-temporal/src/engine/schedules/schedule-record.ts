/**
 * The stored state of one schedule (the JSON of `schedules.state`): what the
 * user gave (spec, action, policies, state, memo, search attributes) and what
 * Temporal's scheduler workflow keeps (info, the last processed time, the
 * buffer of starts waiting on overlap, the conflict token). Times are epoch
 * milliseconds of the engine's clock; protobuf parts are base64.
 */
import type { BufferedStart } from './overlap';
import type { CanonicalSpec } from './spec';

export interface SchedulePolicies {
  overlapPolicy: number;
  /** Absent: Temporal's default (one year). */
  catchupWindowMs?: number;
  pauseOnFailure: boolean;
  keepOriginalWorkflowId: boolean;
}

export interface ScheduleUserState {
  notes: string;
  paused: boolean;
  limitedActions: boolean;
  remainingActions: number;
}

export interface RecentAction {
  scheduleTime: number;
  actualTime: number;
  workflowId: string;
  runId: string;
  /** WorkflowExecutionStatus enum number. */
  status: number;
}

export interface ScheduleInfoState {
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  /** Workflows this schedule started that have not closed (ALLOW_ALL starts are not tracked). */
  runningWorkflows: { workflowId: string; runId: string }[];
  recentActions: RecentAction[];
  createTime: number;
  updateTime?: number;
}

export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  spec: CanonicalSpec;
  /** Base64 temporal.api.schedule.v1.ScheduleAction */
  action: string;
  policies: SchedulePolicies;
  state: ScheduleUserState;
  /** Base64 temporal.api.common.v1.Memo of the schedule itself. */
  memo?: string;
  /** Base64 temporal.api.common.v1.SearchAttributes of the schedule itself (payloads with their type). */
  searchAttributes?: string;
  info: ScheduleInfoState;
  /** Actions up to this time have been taken (or missed). */
  lastProcessedTime: number;
  conflictToken: number;
  buffer: BufferedStart[];
  /** Counts manual starts, so each has its own request id. */
  manualSeq: number;
  /** Base64 Payloads: the result of the last followed run that completed, passed to the next start. */
  lastCompletionResult?: string;
  /** Base64 Failure of the last followed run that failed after that (cleared by a completion). */
  continuedFailure?: string;
  /** The CreateSchedule request id: a retried create answers as the first did. */
  createRequestId?: string;
}
