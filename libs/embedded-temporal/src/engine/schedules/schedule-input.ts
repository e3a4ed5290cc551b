/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages */
/**
 * Reading the schedule parts of CreateSchedule / UpdateSchedule requests into
 * a ScheduleRecord's fields, with the checks Temporal's frontend makes. A bad
 * spec answers INVALID_ARGUMENT "Invalid schedule spec: …", which the SDK
 * turns into a TypeError.
 */
import { encodeB64, toNumber } from '../../codec';
import { invalidArgument } from '../../errors';
import { canonicalSpec, SpecError, type CanonicalSpec } from './spec';
import { durationMs } from '../../codec';
import type { SchedulePolicies, ScheduleUserState } from './schedule-record';

const OVERLAP_NAMES: Record<string, number> = {
  SCHEDULE_OVERLAP_POLICY_UNSPECIFIED: 0,
  SCHEDULE_OVERLAP_POLICY_SKIP: 1,
  SCHEDULE_OVERLAP_POLICY_BUFFER_ONE: 2,
  SCHEDULE_OVERLAP_POLICY_BUFFER_ALL: 3,
  SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER: 4,
  SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER: 5,
  SCHEDULE_OVERLAP_POLICY_ALLOW_ALL: 6,
};

export function overlapNumber(v: unknown): number {
  const n = typeof v === 'string' ? OVERLAP_NAMES[v] ?? Number(v) : toNumber(v as number);
  if (!Number.isInteger(n) || n < 0 || n > 6) throw invalidArgument(`unknown schedule overlap policy ${String(v)}`);
  return n;
}

export function readScheduleId(id: unknown): string {
  if (typeof id !== 'string' || !id) throw invalidArgument('ScheduleId is not set on request.');
  if (id.length > 1000) throw invalidArgument('ScheduleId exceeds length limit.');
  return id;
}

export function readSpec(spec: any): CanonicalSpec {
  try {
    return canonicalSpec(spec ?? {});
  } catch (e) {
    if (e instanceof SpecError) throw invalidArgument(`Invalid schedule spec: ${e.message}`);
    throw e;
  }
}

/**
 * The action, checked and stored as base64; the search attributes of the workflows it starts are checked by
 * `checkSa` and given their type from `types`, as for the schedule's own.
 */
export function readAction(action: any, checkSa: (sa: any) => void, types: ReadonlyMap<string, string>): string {
  const start = action?.startWorkflow;
  if (!start) throw invalidArgument('Schedule action is not set: only startWorkflow is supported.');
  if (!start.workflowId) throw invalidArgument('WorkflowId is not set on the schedule action.');
  if (!start.workflowType?.name) throw invalidArgument('WorkflowType is not set on the schedule action.');
  if (!start.taskQueue?.name) throw invalidArgument('TaskQueue is not set on the schedule action.');
  if (start.cronSchedule) throw invalidArgument('a scheduled workflow cannot have a cron schedule of its own');
  checkSa(start.searchAttributes);
  const typed = start.searchAttributes ? { ...start, searchAttributes: withTypes(start.searchAttributes, types) } : start;
  return encodeB64('temporal.api.schedule.v1.ScheduleAction', { ...action, startWorkflow: typed })!;
}

export function readPolicies(p: any): SchedulePolicies {
  return {
    overlapPolicy: overlapNumber(p?.overlapPolicy ?? 0),
    catchupWindowMs: p?.catchupWindow ? durationMs(p.catchupWindow) : undefined,
    pauseOnFailure: !!p?.pauseOnFailure,
    keepOriginalWorkflowId: !!p?.keepOriginalWorkflowId,
  };
}

export function readState(s: any): ScheduleUserState {
  const remaining = toNumber(s?.remainingActions);
  if (remaining < 0) throw invalidArgument('RemainingActions cannot be negative.');
  return { notes: s?.notes ?? '', paused: !!s?.paused, limitedActions: !!s?.limitedActions, remainingActions: remaining };
}

/**
 * The schedule's own search attributes with their `type` metadata (Temporal adds it from the namespace's
 * registered types, so a typed read gets them back typed), as base64.
 */
export function typedSearchAttributes(sa: any, types: ReadonlyMap<string, string>): string | undefined {
  return encodeB64('temporal.api.common.v1.SearchAttributes', withTypes(sa, types));
}

function withTypes(sa: any, types: ReadonlyMap<string, string>): { indexedFields: Record<string, any> } {
  const fields = sa?.indexedFields ?? {};
  const out: Record<string, any> = {};
  for (const [name, payload] of Object.entries<any>(fields)) {
    const metadata = { ...(payload?.metadata ?? {}) };
    const type = types.get(name);
    if (!metadata.type && type) metadata.type = Buffer.from(type);
    out[name] = { ...payload, metadata };
  }
  return { indexedFields: out };
}
