/* eslint-disable @typescript-eslint/no-explicit-any -- specs arrive as protobufjs messages */
/**
 * A schedule's spec, as Temporal's scheduler reads it (service/worker/
 * scheduler/spec.go): calendars, cron strings and text calendars become
 * structured calendars, `@every` cron strings become intervals; times are the
 * earliest match of any calendar or interval, not excluded, within start/end
 * time, plus a jitter that is a fixed function of the time and the schedule
 * (so a restart computes the same instants).
 */
import { durationMs, msToDuration, msToTimestamp, timestampMs } from '../../codec';
import { validZone } from '../cron';
import { CompiledCalendar, cleanCalendar, MAX_YEAR, parseCalendar, parseCronString, SpecError, type Interval, type StructuredCalendar } from './calendar';

export { SpecError } from './calendar';

/** The canonical spec: what is stored and what Describe returns. */
export interface CanonicalSpec {
  structuredCalendar: StructuredCalendar[];
  interval: Interval[];
  excludeStructuredCalendar: StructuredCalendar[];
  startTimeMs?: number;
  endTimeMs?: number;
  jitterMs: number;
  timezoneName: string;
}

export function canonicalSpec(spec: any): CanonicalSpec {
  if (spec?.timezoneData?.length) throw new SpecError('timezone_data is not supported by this server: give timezone_name');
  const structuredCalendar = (spec?.structuredCalendar ?? []).map((c: any) => cleanCalendar(c));
  const excludeStructuredCalendar = (spec?.excludeStructuredCalendar ?? []).map((c: any) => cleanCalendar(c));
  for (const c of spec?.calendar ?? []) structuredCalendar.push(cleanCalendar(parseCalendar(c)));
  for (const c of spec?.excludeCalendar ?? []) excludeStructuredCalendar.push(cleanCalendar(parseCalendar(c)));
  const interval: Interval[] = (spec?.interval ?? []).map((i: any) => ({ intervalMs: durationMs(i?.interval), phaseMs: durationMs(i?.phase) }));
  let zone = spec?.timezoneName ?? '';
  let cronZone: string | undefined;
  for (const text of spec?.cronString ?? []) {
    const parsed = parseCronString(String(text));
    if (cronZone !== undefined && parsed.zone !== cronZone) throw new SpecError('conflicting timezone names');
    cronZone = parsed.zone;
    if (parsed.calendar) structuredCalendar.push(cleanCalendar(parsed.calendar));
    if (parsed.interval) interval.push(parsed.interval);
  }
  if (cronZone) {
    if (zone && zone !== cronZone) throw new SpecError('conflicting timezone names');
    zone = cronZone;
  }
  for (const i of interval) {
    if (i.intervalMs < 1000) throw new SpecError('interval is too small');
    if (i.phaseMs < 0) throw new SpecError('phase is negative');
    if (i.phaseMs >= i.intervalMs) throw new SpecError('phase cannot be greater than Interval');
  }
  if (zone && !validZone(zone)) throw new SpecError(`unknown time zone "${zone}"`);
  const jitterMs = Math.max(0, durationMs(spec?.jitter));
  return {
    structuredCalendar,
    interval,
    excludeStructuredCalendar,
    startTimeMs: spec?.startTime ? timestampMs(spec.startTime) : undefined,
    endTimeMs: spec?.endTime ? timestampMs(spec.endTime) : undefined,
    jitterMs,
    timezoneName: zone,
  };
}

/** The canonical spec as a temporal.api.schedule.v1.ScheduleSpec. */
export function specToProto(spec: CanonicalSpec): object {
  return {
    structuredCalendar: spec.structuredCalendar,
    interval: spec.interval.map((i) => ({ interval: msToDuration(i.intervalMs), phase: msToDuration(i.phaseMs) })),
    excludeStructuredCalendar: spec.excludeStructuredCalendar,
    startTime: spec.startTimeMs !== undefined ? msToTimestamp(spec.startTimeMs) : undefined,
    endTime: spec.endTimeMs !== undefined ? msToTimestamp(spec.endTimeMs) : undefined,
    jitter: spec.jitterMs ? msToDuration(spec.jitterMs) : undefined,
    timezoneName: spec.timezoneName,
  };
}

export interface NextTime {
  /** The matching time before jitter. */
  nominal: number;
  /** With jitter: when the action is due. */
  next: number;
}

/** Exclusions may reject this many matches in a row before the spec counts as never firing again. */
const MAX_EXCLUDED_IN_A_ROW = 100_000;

export class CompiledSpec {
  private readonly calendars: CompiledCalendar[];
  private readonly excludes: CompiledCalendar[];

  constructor(readonly spec: CanonicalSpec) {
    this.calendars = spec.structuredCalendar.map((c) => new CompiledCalendar(c, spec.timezoneName));
    this.excludes = spec.excludeStructuredCalendar.map((c) => new CompiledCalendar(c, spec.timezoneName));
  }

  /** The first action time after `afterMs` (the nominal time is after it; jitter only delays). */
  nextTime(seed: string, afterMs: number): NextTime | undefined {
    let after = afterMs;
    if (this.spec.startTimeMs !== undefined) after = Math.max(after, this.spec.startTimeMs - 1000);
    let nominal: number | undefined;
    for (let i = 0; ; i++) {
      if (i >= MAX_EXCLUDED_IN_A_ROW) return undefined;
      nominal = this.rawNext(after);
      if (nominal === undefined || this.pastEnd(nominal)) return undefined;
      if (!this.excludes.some((x) => x.matches(nominal!))) break;
      after = nominal;
    }
    let maxJitter = this.spec.jitterMs;
    // jitter never pushes an action past the next nominal time
    const following = this.rawNext(nominal);
    if (following !== undefined) maxJitter = Math.min(maxJitter, following - nominal);
    return { nominal, next: nominal + jitter(seed, nominal, maxJitter) };
  }

  private pastEnd(t: number): boolean {
    return (this.spec.endTimeMs !== undefined && t > this.spec.endTimeMs) || new Date(t).getUTCFullYear() > MAX_YEAR;
  }

  /** The earliest calendar or interval match after `afterMs`, in whole seconds. */
  private rawNext(afterMs: number): number | undefined {
    let min = Infinity;
    for (const c of this.calendars) {
      const t = c.next(afterMs);
      if (t !== undefined && t < min) min = t;
    }
    const ts = Math.floor(afterMs / 1000);
    for (const iv of this.spec.interval) {
      const interval = Math.max(Math.floor(iv.intervalMs / 1000), 1);
      const phase = Math.max(Math.floor(iv.phaseMs / 1000), 0);
      const t = (Math.floor((ts - phase) / interval) + 1) * interval + phase;
      if (t * 1000 < min) min = t * 1000;
    }
    return min === Infinity ? undefined : min;
  }
}

/** A fixed pseudo-random delay in [0, maxMs) from the time and the seed (FNV-1a; Temporal uses a farm hash). */
function jitter(seed: string, nominal: number, maxMs: number): number {
  if (maxMs <= 0) return 0;
  let h = 0x811c9dc5;
  for (const ch of `${nominal}/${seed}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return Math.floor((h / 2 ** 32) * Math.min(maxMs, 2 ** 32 - 1));
}
