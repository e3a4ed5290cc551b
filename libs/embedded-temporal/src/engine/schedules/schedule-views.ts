/**
 * A ScheduleRecord as DescribeSchedule and ListSchedules answer it (Temporal's
 * handleDescribeQuery and getListInfo): Describe gives 10 future action times
 * and 10 recent actions, a list entry 5 of each.
 */
import { decodeB64, msToDuration, msToTimestamp } from '../../codec';
import type { RecentAction, ScheduleRecord } from './schedule-record';
import type { ScheduleRunner } from './schedule-runner';
import { specToProto } from './spec';

const FUTURE_ACTIONS = 10;
const FUTURE_ACTIONS_IN_LIST = 5;
const RECENT_ACTIONS_IN_LIST = 5;

export function conflictToken(r: ScheduleRecord): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(r.conflictToken));
  return b;
}

export function readConflictToken(bytes: Uint8Array | null | undefined): number | undefined {
  if (!bytes?.length) return undefined;
  if (bytes.length !== 8) return -1;
  return Number(Buffer.from(bytes).readBigInt64BE());
}

function recentAction(a: RecentAction): object {
  return {
    scheduleTime: msToTimestamp(a.scheduleTime),
    actualTime: msToTimestamp(a.actualTime),
    startWorkflowResult: { workflowId: a.workflowId, runId: a.runId },
    startWorkflowStatus: a.status,
  };
}

function actionOf(r: ScheduleRecord): { startWorkflow?: { workflowType?: object } } {
  return decodeB64('temporal.api.schedule.v1.ScheduleAction', r.action) ?? {};
}

export function describeView(r: ScheduleRecord, runner: ScheduleRunner): object {
  return {
    schedule: {
      spec: specToProto(r.spec),
      action: actionOf(r),
      policies: {
        overlapPolicy: runner.resolveOverlap(r, 0),
        // resolved, as Temporal's ensureFields stores it: one year unless set, at least 10 s
        catchupWindow: msToDuration(runner.catchupWindow(r)),
        pauseOnFailure: r.policies.pauseOnFailure,
        keepOriginalWorkflowId: r.policies.keepOriginalWorkflowId,
      },
      state: { ...r.state },
    },
    info: {
      actionCount: r.info.actionCount,
      missedCatchupWindow: r.info.missedCatchupWindow,
      overlapSkipped: r.info.overlapSkipped,
      bufferDropped: r.info.bufferDropped,
      bufferSize: r.buffer.length,
      runningWorkflows: r.info.runningWorkflows,
      recentActions: r.info.recentActions.map(recentAction),
      futureActionTimes: runner.futureActionTimes(r, FUTURE_ACTIONS).map(msToTimestamp),
      createTime: msToTimestamp(r.info.createTime),
      updateTime: r.info.updateTime !== undefined ? msToTimestamp(r.info.updateTime) : undefined,
    },
    memo: decodeB64('temporal.api.common.v1.Memo', r.memo),
    searchAttributes: decodeB64('temporal.api.common.v1.SearchAttributes', r.searchAttributes),
    conflictToken: conflictToken(r),
  };
}

export function listEntryView(r: ScheduleRecord, runner: ScheduleRunner): object {
  return {
    scheduleId: r.scheduleId,
    memo: decodeB64('temporal.api.common.v1.Memo', r.memo),
    searchAttributes: decodeB64('temporal.api.common.v1.SearchAttributes', r.searchAttributes),
    info: {
      spec: specToProto(r.spec),
      workflowType: actionOf(r).startWorkflow?.workflowType,
      notes: r.state.notes,
      paused: r.state.paused,
      recentActions: r.info.recentActions.slice(-RECENT_ACTIONS_IN_LIST).map(recentAction),
      futureActionTimes: runner.futureActionTimes(r, FUTURE_ACTIONS_IN_LIST).map(msToTimestamp),
    },
  };
}
