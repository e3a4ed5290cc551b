/**
 * What to do with the buffered starts of a schedule given whether one of its
 * workflows is still running (Temporal's ProcessBuffer,
 * service/worker/scheduler/buffer.go). Pure.
 */

/** temporal.api.enums.v1.ScheduleOverlapPolicy */
export const OVERLAP = {
  UNSPECIFIED: 0,
  SKIP: 1,
  BUFFER_ONE: 2,
  BUFFER_ALL: 3,
  CANCEL_OTHER: 4,
  TERMINATE_OTHER: 5,
  ALLOW_ALL: 6,
} as const;

export interface BufferedStart {
  nominal: number;
  actual: number;
  overlapPolicy: number;
  manual: boolean;
  /** Makes the start idempotent: the same start after a crash reuses the run it made. */
  requestId: string;
}

export interface BufferDecision {
  /** Started whatever runs (ALLOW_ALL). */
  overlapping: BufferedStart[];
  /** The one start that may run now. */
  nonOverlapping?: BufferedStart;
  buffer: BufferedStart[];
  cancel: boolean;
  terminate: boolean;
  skipped: number;
}

export function processBuffer(buffer: BufferedStart[], isRunning: boolean, resolve: (p: number) => number): BufferDecision {
  const d: BufferDecision = { overlapping: [], buffer: [], cancel: false, terminate: false, skipped: 0 };
  for (const start of buffer) {
    const policy = resolve(start.overlapPolicy);
    if (policy === OVERLAP.ALLOW_ALL) {
      d.overlapping.push(start);
      continue;
    }
    if (!isRunning && !d.nonOverlapping) {
      d.nonOverlapping = start;
      continue;
    }
    switch (policy) {
      case OVERLAP.BUFFER_ONE:
        if (d.buffer.length === 0) d.buffer.push(start);
        else d.skipped += 1;
        break;
      case OVERLAP.BUFFER_ALL:
        d.buffer.push(start);
        break;
      case OVERLAP.CANCEL_OTHER:
      case OVERLAP.TERMINATE_OTHER:
        if (isRunning) {
          if (policy === OVERLAP.CANCEL_OTHER) d.cancel = true;
          else d.terminate = true;
          d.buffer.push(start);
        } else {
          d.nonOverlapping = start;
        }
        break;
      default: // SKIP
        d.skipped += 1;
    }
  }
  if (d.cancel || d.terminate) d.overlapping = [];
  return d;
}
