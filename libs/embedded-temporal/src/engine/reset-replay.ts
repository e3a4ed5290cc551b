/* eslint-disable @typescript-eslint/no-explicit-any -- events are protobufjs messages decoded by reflection */
/**
 * The state of a reset run rebuilt from the base run's history up to the reset
 * point (Temporal rebuilds mutable state by replaying the copied events the
 * same way). Only what the copied events say survives: pending workflow task,
 * activities, timers, updates, cancel request, search attributes and memo.
 * Child workflows or external signals/cancels still pending at the reset point
 * are refused: the engine cannot re-attach them to the new run.
 */
import { decodeB64, durationMs, encodeB64, enumName, timestampMs, toNumber } from '../codec';
import { invalidArgument } from '../errors';
import { defaultRetryPolicy } from './activity-rules';
import { attributesField } from './history';
import type { RunState } from './state';

export interface DecodedEvent {
  eventId: number;
  eventType: string;
  time: number;
  attributes: any;
}

/** A decoded HistoryEvent with its type name and attributes at hand. */
export function describeEvent(ev: any): DecodedEvent {
  const eventType = enumName('temporal.api.enums.v1.EventType', ev.eventType);
  return { eventId: toNumber(ev.eventId), eventType, time: timestampMs(ev.eventTime), attributes: ev[attributesField(eventType)] ?? {} };
}

const CHILD_CLOSED = new Set([
  'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED', 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED',
  'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT', 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED',
]);
const EXTERNAL_DONE = new Set([
  'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED', 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED', 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
]);
const ACTIVITY_CLOSED = new Set([
  'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'EVENT_TYPE_ACTIVITY_TASK_FAILED', 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', 'EVENT_TYPE_ACTIVITY_TASK_CANCELED',
]);

/**
 * Applies the copied events to `s` (a fresh run state of the same workflow). `now` becomes the schedule time of
 * activities still pending: as in Temporal, they are scheduled again in the new run. `mergeSearchAttributes` is
 * MutableState's, so upserts are typed as everywhere else.
 */
export function replayCopiedEvents(s: RunState, events: DecodedEvent[], now: number, mergeSearchAttributes: (s: RunState, sa: any) => void): void {
  const children = new Set<number>();
  const externals = new Set<number>();
  for (const { eventId, eventType, time, attributes: a } of events) {
    switch (eventType) {
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED':
        if (a.memo) s.memo = encodeB64('temporal.api.common.v1.Memo', a.memo);
        if (a.searchAttributes) mergeSearchAttributes(s, a.searchAttributes);
        break;
      case 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES':
        mergeSearchAttributes(s, a.searchAttributes);
        break;
      case 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED': {
        const memo = decodeB64<any>('temporal.api.common.v1.Memo', s.memo) ?? { fields: {} };
        for (const [k, v] of Object.entries<any>(a.upsertedMemo?.fields ?? {})) {
          if (!v?.data?.length || Buffer.from(v.data).toString() === 'null') delete memo.fields[k];
          else memo.fields[k] = v;
        }
        s.memo = encodeB64('temporal.api.common.v1.Memo', memo);
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED':
        s.wft = {
          scheduledEventId: eventId, attempt: toNumber(a.attempt) || 1, scheduledAt: time, queue: s.taskQueue,
          sticky: false, speculative: false, token: Math.floor(Math.random() * 1e9),
        };
        break;
      case 'EVENT_TYPE_WORKFLOW_TASK_STARTED':
        if (s.wft) {
          s.wft.startedEventId = eventId;
          s.wft.startedAt = time;
        }
        break;
      case 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED':
        s.previousStartedEventId = toNumber(a.startedEventId);
        s.wft = undefined;
        break;
      case 'EVENT_TYPE_WORKFLOW_TASK_FAILED':
      case 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT':
        s.wft = undefined;
        break;
      case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED': {
        const rp = a.retryPolicy;
        s.activities[eventId] = {
          scheduledEventId: eventId,
          activityId: a.activityId,
          activityType: a.activityType?.name ?? '',
          taskQueue: a.taskQueue?.name || s.taskQueue,
          attributes: encodeB64('temporal.api.history.v1.ActivityTaskScheduledEventAttributes', a)!,
          attempt: 1,
          firstScheduledAt: now,
          scheduledAt: now,
          scheduleToCloseMs: durationMs(a.scheduleToCloseTimeout),
          scheduleToStartMs: durationMs(a.scheduleToStartTimeout),
          startToCloseMs: durationMs(a.startToCloseTimeout),
          heartbeatMs: durationMs(a.heartbeatTimeout),
          retry: defaultRetryPolicy({
            initialIntervalMs: durationMs(rp?.initialInterval),
            backoffCoefficient: rp?.backoffCoefficient,
            maximumIntervalMs: durationMs(rp?.maximumInterval),
            maximumAttempts: rp?.maximumAttempts,
            nonRetryableErrorTypes: rp?.nonRetryableErrorTypes ?? [],
          }),
          cancelRequested: false,
          token: Math.floor(Math.random() * 1e9),
        };
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED': {
        const act = s.activities[toNumber(a.scheduledEventId)];
        if (act) act.cancelRequested = true;
        break;
      }
      case 'EVENT_TYPE_TIMER_STARTED':
        s.timers[a.timerId] = { timerId: a.timerId, startedEventId: eventId, fireAt: time + durationMs(a.startToFireTimeout) };
        break;
      case 'EVENT_TYPE_TIMER_FIRED':
      case 'EVENT_TYPE_TIMER_CANCELED':
        delete s.timers[a.timerId];
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED':
        s.updates[a.protocolInstanceId] = { updateId: a.protocolInstanceId, stage: 'accepted', acceptedEventId: eventId };
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
        const updateId: string = a.meta?.updateId ?? '';
        s.updates[updateId] = {
          updateId, stage: 'completed', acceptedEventId: s.updates[updateId]?.acceptedEventId, completedEventId: eventId,
          outcome: encodeB64('temporal.api.update.v1.Outcome', a.outcome),
        };
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED':
        s.cancelRequested = true;
        break;
      case 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED':
        children.add(eventId);
        break;
      case 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED':
      case 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED':
        externals.add(eventId);
        break;
      default:
        if (ACTIVITY_CLOSED.has(eventType)) delete s.activities[toNumber(a.scheduledEventId)];
        else if (CHILD_CLOSED.has(eventType)) children.delete(toNumber(a.initiatedEventId));
        else if (EXTERNAL_DONE.has(eventType)) externals.delete(toNumber(a.initiatedEventId));
    }
  }
  if (children.size) throw invalidArgument('WorkflowResetter encountered pending child workflows.');
  if (externals.size) throw invalidArgument('WorkflowResetter encountered pending signals or cancel requests to other workflows: choose a reset point after they completed.');
}
