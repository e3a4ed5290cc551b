/**
 * Where a light-load latency outlier comes from (issue 14): with one workflow
 * at a time, p99 of 60 samples is the slowest one, so a single pause decides
 * it. Samples remember when they ended; this process's garbage-collector
 * pauses are observed over the same pass; the slowest samples are printed
 * with the pauses that overlapped them. (GC in the SDK's workflow thread and
 * in Postgres is not seen here: an outlier with no overlapping pause points
 * there, or to the scheduler.)
 */
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

/** Latency samples (ms) that also remember when each ended (performance.now()). */
export class TimedSamples extends Array<number> {
  readonly ends: number[] = [];

  // Array methods that build new arrays (map, filter, sort copies) make plain arrays.
  static override get [Symbol.species]() {
    return Array;
  }

  override push(...ms: number[]): number {
    const now = performance.now();
    for (let i = 0; i < ms.length; i++) this.ends.push(now);
    return super.push(...ms);
  }
}

interface Pause {
  start: number;
  ms: number;
  kind: string;
}

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Watches this process's GC pauses until `stop()`. */
export function watchGcPauses(): { stop(): Pause[] } {
  const pauses: Pause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      pauses.push({ start: e.startTime, ms: e.duration, kind: KINDS[kind ?? -1] ?? 'gc' });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      return pauses;
    },
  };
}

/** Lines describing the `count` slowest samples, each with the GC pauses inside its span, and the pauses overall. */
export function outlierLines(samples: TimedSamples, pauses: Pause[], count = 3): string[] {
  const spans = samples.map((ms, i) => ({ i, ms, start: samples.ends[i] - ms, end: samples.ends[i] }));
  const slowest = [...spans].sort((a, b) => b.ms - a.ms).slice(0, count);
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;
  const lines = slowest.map((s) => {
    const inside = pauses.filter((p) => p.start < s.end && p.start + p.ms > s.start);
    const gc = inside.length
      ? `GC inside: ${inside.map((p) => `${p.kind} ${p.ms.toFixed(1)} ms`).join(', ')}`
      : 'no GC pause of this process inside';
    return `  sample ${s.i + 1}/${samples.length}: ${s.ms.toFixed(1)} ms (${(s.ms / (median || 1)).toFixed(1)} × median); ${gc}`;
  });
  const total = pauses.reduce((sum, p) => sum + p.ms, 0);
  const longest = pauses.reduce((max, p) => Math.max(max, p.ms), 0);
  lines.push(`  GC over the pass: ${pauses.length} pauses, ${total.toFixed(0)} ms in all, longest ${longest.toFixed(1)} ms`);
  return lines;
}
