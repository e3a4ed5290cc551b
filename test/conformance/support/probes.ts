/**
 * What activities saw, for the test that ran them (workers run in the test
 * process). Keyed by a test-chosen key, so tests never see each other's data.
 * Not an activity module: activities.ts must export only functions.
 */
export interface AttemptRecord {
  attempt: number;
  /** Wall-clock time the attempt started (ms). */
  at: number;
  heartbeatDetails?: unknown;
}

const attemptLog = new Map<string, AttemptRecord[]>();
const events = new Map<string, string[]>();

export function recordAttempt(key: string, record: AttemptRecord): void {
  const list = attemptLog.get(key) ?? [];
  list.push(record);
  attemptLog.set(key, list);
}

export function attemptsOf(key: string): AttemptRecord[] {
  return attemptLog.get(key) ?? [];
}

export function recordEvent(key: string, event: string): void {
  const list = events.get(key) ?? [];
  list.push(event);
  events.set(key, list);
}

export function eventsOf(key: string): string[] {
  return events.get(key) ?? [];
}
