/**
 * DescribeWorkflowExecution's answer, and the execution info it shares with
 * visibility (List/CountWorkflowExecutions): read-only views of a run's state.
 */
import { decodeB64, msToDuration, msToTimestamp, optionalDuration } from '../codec';
import { withTypeMetadata } from './search-attributes';
import { rootOf, STATUS_ENUM, type RunState } from './state';

/** temporal.api.enums.v1.PendingActivityState */
const ACTIVITY_SCHEDULED = 1;
const ACTIVITY_STARTED = 2;
const ACTIVITY_CANCEL_REQUESTED = 3;
/** temporal.api.enums.v1.PendingWorkflowTaskState */
const TASK_SCHEDULED = 1;
const TASK_STARTED = 2;

/** `types`: the namespace's search attribute types, named on each payload (runs stored before they were). */
export function describeExecution(s: RunState, types?: ReadonlyMap<string, string>): object {
  return {
    executionConfig: {
      taskQueue: { name: s.taskQueue, kind: 1 },
      workflowExecutionTimeout: optionalDuration(s.executionTimeoutMs),
      workflowRunTimeout: optionalDuration(s.runTimeoutMs),
      defaultWorkflowTaskTimeout: msToDuration(s.workflowTaskTimeoutMs),
      userMetadata: decodeB64('temporal.api.sdk.v1.UserMetadata', s.userMetadata),
    },
    workflowExecutionInfo: executionInfo(s, types),
    pendingActivities: Object.values(s.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      state: a.cancelRequested ? ACTIVITY_CANCEL_REQUESTED : a.startedAt !== undefined ? ACTIVITY_STARTED : ACTIVITY_SCHEDULED,
      heartbeatDetails: decodeB64('temporal.api.common.v1.Payloads', a.heartbeatDetails),
      lastHeartbeatTime: a.lastHeartbeatAt ? msToTimestamp(a.lastHeartbeatAt) : undefined,
      lastStartedTime: a.startedAt ? msToTimestamp(a.startedAt) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.retry.maximumAttempts,
      scheduledTime: msToTimestamp(a.scheduledAt),
      expirationTime: a.scheduleToCloseMs ? msToTimestamp(a.firstScheduledAt + a.scheduleToCloseMs) : undefined,
      lastFailure: decodeB64('temporal.api.failure.v1.Failure', a.lastFailure),
      lastWorkerIdentity: a.startedIdentity ?? '',
    })),
    pendingChildren: Object.values(s.children).map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId ?? '',
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    })),
    // A speculative task is not part of the run until the worker's answer makes it one.
    pendingWorkflowTask: s.wft && !s.wft.speculative
      ? {
          state: s.wft.startedEventId !== undefined ? TASK_STARTED : TASK_SCHEDULED,
          scheduledTime: msToTimestamp(s.wft.scheduledAt),
          startedTime: s.wft.startedAt ? msToTimestamp(s.wft.startedAt) : undefined,
          attempt: s.wft.attempt,
        }
      : undefined,
  };
}

export function executionInfo(s: RunState, types?: ReadonlyMap<string, string>): object {
  const searchAttributes = decodeB64('temporal.api.common.v1.SearchAttributes', s.searchAttributesRaw);
  return {
    execution: { workflowId: s.workflowId, runId: s.runId },
    type: { name: s.workflowType },
    startTime: msToTimestamp(s.startTime),
    closeTime: s.closeTime ? msToTimestamp(s.closeTime) : undefined,
    status: STATUS_ENUM[s.status],
    historyLength: s.nextEventId - 1,
    executionTime: msToTimestamp(s.executionTime),
    memo: decodeB64('temporal.api.common.v1.Memo', s.memo),
    searchAttributes: types ? withTypeMetadata(searchAttributes, types) : searchAttributes,
    taskQueue: s.taskQueue,
    stateTransitionCount: s.stateTransitions,
    historySizeBytes: s.historySizeBytes,
    firstRunId: s.firstRunId,
    parentExecution: s.parent ? { workflowId: s.parent.workflowId, runId: s.parent.runId } : undefined,
    rootExecution: rootOf(s),
  };
}
