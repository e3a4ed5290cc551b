/**
 * Task tokens: opaque to the worker, they name the run, the task and its
 * dispatch (`t`, bumped on every redispatch), so a stale token is answered
 * with NOT_FOUND instead of acting on a task that moved on.
 */
import { invalidArgument } from '../errors';

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

export function workflowTaskRef(taskToken: Uint8Array): TaskRef {
  const t = parseToken(taskToken);
  if (t?.k !== 'w') throw invalidArgument('invalid workflow task token');
  return { runId: t.r, eventId: t.e, token: t.t };
}

export function activityTaskRef(taskToken: Uint8Array | undefined): TaskRef {
  const t = taskToken ? parseToken(taskToken) : undefined;
  if (t?.k !== 'a') throw invalidArgument('invalid activity task token');
  return { runId: t.r, eventId: t.e, token: t.t };
}
