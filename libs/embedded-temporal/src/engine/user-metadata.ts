/* eslint-disable @typescript-eslint/no-explicit-any -- requests and commands are protobufjs messages */
/**
 * User metadata (temporal.api.sdk.v1.UserMetadata: a summary and details
 * payload for UIs). As in Temporal it rides on the history event, not in the
 * event's attributes: the start request's on WorkflowExecutionStarted (and the
 * run keeps it for DescribeWorkflowExecution's executionConfig), a command's
 * (a timer's summary, an activity's or child's) on the event the command writes,
 * and a child's start request carries its command's metadata.
 */
import { decode, encode, encodeB64 } from '../codec';
import type { Tx } from './run-cache';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';
const USER_METADATA = 'temporal.api.sdk.v1.UserMetadata';

/** Commands whose first event carries the command's user metadata (Temporal's command handlers do the same). */
const COMMANDS_WITH_METADATA = new Set([
  'startTimerCommandAttributes',
  'scheduleActivityTaskCommandAttributes',
  'startChildWorkflowExecutionCommandAttributes',
  'signalExternalWorkflowExecutionCommandAttributes',
]);

function present(md: any): boolean {
  return !!md && (!!md.summary || !!md.details);
}

/** Puts `md` on the event at `index` of this change (written just now, so it is re-encoded in place). */
function setOnEvent(tx: Tx, index: number, md: any): void {
  const row = tx.events[index];
  if (!row) return;
  const ev = decode<any>(HISTORY_EVENT, row.data);
  ev.userMetadata = md;
  const data = encode(HISTORY_EVENT, ev);
  tx.s.historySizeBytes += data.length - row.data.length;
  row.data = data;
}

/** A new run's start request: the metadata goes on its WorkflowExecutionStarted event and into the run's state. */
export function recordStartMetadata(tx: Tx, md: any): void {
  if (!present(md)) return;
  tx.s.userMetadata = encodeB64(USER_METADATA, md);
  const index = tx.events.findIndex((e) => e.eventId === 1);
  setOnEvent(tx, index, md);
}

/** Applies one workflow-task command through `apply`, then puts the command's metadata on the first event it wrote. */
export function withCommandMetadata(tx: Tx, name: string, command: any, apply: () => boolean): boolean {
  const before = tx.events.length;
  const result = apply();
  if (COMMANDS_WITH_METADATA.has(name) && present(command.userMetadata) && tx.events.length > before) {
    setOnEvent(tx, before, command.userMetadata);
    // As Temporal's transfer task does, a child's start carries its initiated event's metadata.
    const child = tx.s.children[tx.events[before].eventId];
    if (child) child.userMetadata = encodeB64(USER_METADATA, command.userMetadata);
  }
  return result;
}
