/* eslint-disable @typescript-eslint/no-explicit-any -- requests and commands are protobufjs messages */
/**
 * User metadata (temporal.api.sdk.v1.UserMetadata: a summary and details
 * payload for UIs). As in Temporal it rides on the history event, not in the
 * event's attributes: the start request's on WorkflowExecutionStarted (and the
 * run keeps it for DescribeWorkflowExecution's executionConfig), a command's
 * (a timer's summary, an activity's or child's; and its event group markers) on the event the command writes,
 * and a child's start request carries its command's metadata.
 */
import { decode, encode, encodeB64 } from '../codec';
import type { Tx } from './run-cache';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';
const USER_METADATA = 'temporal.api.sdk.v1.UserMetadata';

function present(md: any): boolean {
  return !!md && (!!md.summary || !!md.details);
}

/** Sets event-level fields on the event at `index` of this change (written just now, so it is re-encoded in place). */
function setOnEvent(tx: Tx, index: number, fields: { userMetadata?: any; eventGroupMarkers?: any[] }): void {
  const row = tx.events[index];
  if (!row) return;
  const ev = decode<any>(HISTORY_EVENT, row.data);
  if (fields.userMetadata) ev.userMetadata = fields.userMetadata;
  if (fields.eventGroupMarkers?.length) ev.eventGroupMarkers = fields.eventGroupMarkers;
  const data = encode(HISTORY_EVENT, ev);
  tx.s.historySizeBytes += data.length - row.data.length;
  row.data = data;
}

/** A new run's start request: the metadata goes on its WorkflowExecutionStarted event and into the run's state. */
export function recordStartMetadata(tx: Tx, md: any): void {
  if (!present(md)) return;
  tx.s.userMetadata = encodeB64(USER_METADATA, md);
  const index = tx.events.findIndex((e) => e.eventId === 1);
  setOnEvent(tx, index, { userMetadata: md });
}

/**
 * Applies one workflow-task command through `apply`, then puts the command's user metadata and event group
 * markers on the first event it wrote — Temporal's workflow-task handler does so for every command's event.
 */
export function withCommandMetadata(tx: Tx, command: any, apply: () => boolean): boolean {
  const before = tx.events.length;
  const result = apply();
  const userMetadata = present(command.userMetadata) ? command.userMetadata : undefined;
  const eventGroupMarkers: any[] | undefined = command.eventGroupMarkers?.length ? command.eventGroupMarkers : undefined;
  if ((userMetadata || eventGroupMarkers) && tx.events.length > before) {
    setOnEvent(tx, before, { userMetadata, eventGroupMarkers });
    // As Temporal's transfer task does, a child's start carries its initiated event's metadata.
    const child = tx.s.children[tx.events[before].eventId];
    if (child && userMetadata) child.userMetadata = encodeB64(USER_METADATA, userMetadata);
  }
  return result;
}
