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
import { p50p99 } from './approval-figures';

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
  // The same median the latency line prints beside these.
  const median = p50p99(samples).p50;
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

/**
 * Where in a pass its slowest 1 % of samples ended, by tenth of the pass: evenly spread means a steady tail
 * (queueing, fairness), bunched at the start means the burst of the first workflows all starting at once.
 */
export function tailOverTimeLine(samples: TimedSamples, passStart: number): string {
  if (samples.length === 0) return 'tail over the pass: no samples';
  const { p99 } = p50p99(samples);
  const passEnd = Math.max(...samples.ends);
  const tenths = new Array<number>(10).fill(0);
  samples.forEach((ms, i) => {
    if (ms < p99) return;
    const at = Math.min(9, Math.floor(((samples.ends[i] - passStart) / (passEnd - passStart || 1)) * 10));
    tenths[at] += 1;
  });
  const mid = passStart + (passEnd - passStart) / 2;
  const late = samples.filter((_, i) => samples.ends[i] >= mid);
  const lateP99 = p50p99(late).p99;
  return (
    `tail over the pass: samples ≥ p99 (${p99.toFixed(0)} ms) by tenth of the pass: ${tenths.join(' ')}; ` +
    `p99 of the second half alone ${lateP99.toFixed(0)} ms (n=${late.length})`
  );
}

