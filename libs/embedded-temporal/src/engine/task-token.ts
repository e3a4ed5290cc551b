/**
 * Task tokens: opaque to the worker, they name the run, the task and its
 * dispatch (`t`, bumped on every redispatch), so a stale token is answered
 * with NOT_FOUND instead of acting on a task that moved on.
 */
import { invalidArgument, notFound } from '../errors';

export type TaskToken =
  | { k: 'w'; r: string; e: number; t: number }
  | { k: 'a'; r: string; e: number; t: number; n: number }
  | { k: 'q'; q: string };

/** Which task a token refers to: its run, its scheduled event and its dispatch. */
export interface TaskRef {
  runId: string;
  eventId: number;
  token: number;
}

export function tokenBytes(t: TaskToken): Buffer {
  return Buffer.from(JSON.stringify(t));
}

export function parseToken(bytes: Uint8Array): TaskToken | undefined {
  try {
    return JSON.parse(Buffer.from(bytes).toString()) as TaskToken;
  } catch {
    return undefined;
  }
}

/**
 * A token in Temporal's own format (a protobuf message whose first field is the
 * namespace id) was issued by another server, or built by hand after one: it
 * names no task of this engine, and Temporal answers a well-formed token for a
 * task it does not have with NOT_FOUND (the SDK's ActivityNotFoundError), not
 * INVALID_ARGUMENT as for bytes it cannot read at all.
 */
function isServerFormatToken(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x0a && bytes[1] > 0 && bytes[1] + 2 <= bytes.length;
}

function refuse(bytes: Uint8Array | undefined, kind: string): never {
  if (bytes && isServerFormatToken(bytes)) throw notFound(`${kind} task not found`);
  throw invalidArgument(`invalid ${kind} task token`);
}

export function workflowTaskRef(taskToken: Uint8Array): TaskRef {
  const t = parseToken(taskToken);
  if (t?.k !== 'w') refuse(taskToken, 'workflow');
  return { runId: t.r, eventId: t.e, token: t.t };
}

export function activityTaskRef(taskToken: Uint8Array | undefined): TaskRef {
  const t = taskToken ? parseToken(taskToken) : undefined;
  if (t?.k !== 'a') refuse(taskToken, 'activity');
  return { runId: t.r, eventId: t.e, token: t.t };
}
