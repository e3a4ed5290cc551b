/**
 * Building history events. Events are plain objects in protobufjs "fromObject"
 * form, encoded once to bytes for storage and for the wire.
 */
import { encode, msToTimestamp } from '../codec';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';

const fieldNames = new Map<string, string>();

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `activityTaskScheduledEventAttributes` (every event needs it: kept). */
export function attributesField(eventType: string): string {
  let field = fieldNames.get(eventType);
  if (field === undefined) {
    const words = eventType.replace(/^EVENT_TYPE_/, '').toLowerCase().split('_');
    field = words[0] + words.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join('') + 'EventAttributes';
    fieldNames.set(eventType, field);
  }
  return field;
}

export interface PendingEvent {
  eventType: string;
  attributes: object;
  time: number;
}

export function encodeEvent(eventId: number, e: PendingEvent): Buffer {
  return encode(HISTORY_EVENT, {
    eventId,
    eventTime: msToTimestamp(e.time),
    eventType: e.eventType,
    [attributesField(e.eventType)]: e.attributes,
  });
}

/** Buffered events wait without an id; the id is given when they are appended. */
export function encodeBuffered(e: PendingEvent): string {
  return Buffer.from(JSON.stringify({ t: e.eventType, time: e.time, a: encode(HISTORY_EVENT, {
    eventType: e.eventType,
    [attributesField(e.eventType)]: e.attributes,
  }).toString('base64') })).toString('base64');
}

export function decodeBuffered(b64: string): { eventType: string; time: number; bytes: Buffer } {
  const o = JSON.parse(Buffer.from(b64, 'base64').toString()) as { t: string; time: number; a: string };
  return { eventType: o.t, time: o.time, bytes: Buffer.from(o.a, 'base64') };
}

export const CLOSE_EVENT_TYPES = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
]);
