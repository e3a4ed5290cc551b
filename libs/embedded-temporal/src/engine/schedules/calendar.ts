/**
 * Calendars of a schedule spec, as Temporal's scheduler reads them
 * (service/worker/scheduler/calendar.go): a structured calendar is a list of
 * ranges per field (second, minute, hour, day of month, month, year, day of
 * week); a time matches when every field matches — unlike robfig cron, day of
 * month AND day of week must both match. Text calendars and cron strings are
 * turned into structured ones once, when the schedule is written, so Describe
 * returns the canonical form the SDK expects. Pure functions: the caller
 * passes the times in.
 */
import { parseGoDuration, zoneOffset } from '../cron';

export interface Range { start: number; end: number; step: number }

export interface StructuredCalendar {
  second: Range[];
  minute: Range[];
  hour: Range[];
  dayOfMonth: Range[];
  month: Range[];
  year: Range[];
  dayOfWeek: Range[];
  comment: string;
}

export interface Interval { intervalMs: number; phaseMs: number }

export class SpecError extends Error {}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const MAX_COMMENT = 200;
const DAY_MS = 24 * 3600 * 1000;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Mode = 'int' | 'year' | 'month' | 'dow';

/** A CalendarSpec (strings per field, e.g. hour "9-17/2", dayOfWeek "MON-FRI") as a structured calendar. */
export function parseCalendar(cal: Record<string, string | null | undefined>): StructuredCalendar {
  const errors: string[] = [];
  const field = (text: string | null | undefined, name: string, def: string, min: number, max: number, mode: Mode) => {
    try {
      return parseRanges(text ?? '', name, def, min, max, mode);
    } catch (e) {
      errors.push((e as Error).message);
      return [];
    }
  };
  const out: StructuredCalendar = {
    second: field(cal.second, 'Second', '0', 0, 59, 'int'),
    minute: field(cal.minute, 'Minute', '0', 0, 59, 'int'),
    hour: field(cal.hour, 'Hour', '0', 0, 23, 'int'),
    dayOfWeek: field(cal.dayOfWeek, 'DayOfWeek', '*', 0, 7, 'dow'),
    dayOfMonth: field(cal.dayOfMonth, 'DayOfMonth', '*', 1, 31, 'int'),
    month: field(cal.month, 'Month', '*', 1, 12, 'month'),
    year: field(cal.year, 'Year', '*', MIN_YEAR, MAX_YEAR, 'year'),
    comment: cal.comment ?? '',
  };
  if (errors.length) throw new SpecError(errors.join(', '));
  return out;
}

/**
 * A cron string: 5 fields (minute … day of week), 6 (+ year) or 7 (second first, + year), a predefined
 * `@daily`-style name or `@every <interval>[/<phase>]`, an optional `CRON_TZ=`/`TZ=` prefix and `# comment`.
 */
export function parseCronString(text: string): { calendar?: StructuredCalendar; interval?: Interval; zone: string } {
  let c = text.trim();
  let zone = '';
  if (c.startsWith('TZ=') || c.startsWith('CRON_TZ=')) {
    const space = c.indexOf(' ');
    if (space < 0) throw new SpecError('CronString has time zone but missing fields');
    zone = c.slice(c.indexOf('=') + 1, space);
    c = c.slice(space + 1);
  }
  const hash = c.indexOf('#');
  const comment = hash >= 0 ? c.slice(hash + 1).trim() : '';
  if (hash >= 0) c = c.slice(0, hash);
  c = c.trim();
  if (c.startsWith('@every')) {
    const [, spec] = c.split(/\s+/, 2);
    if (!spec) throw new SpecError('CronString does not have interval after @every');
    const [every, phase] = spec.split('/');
    return { interval: { intervalMs: duration(every), phaseMs: phase ? duration(phase) : 0 }, zone: '' };
  }
  c = PREDEFINED[c] ?? c;
  const t = c.split(/\s+/).filter(Boolean);
  const cal: Record<string, string> = { comment };
  if (t.length === 5) [cal.minute, cal.hour, cal.dayOfMonth, cal.month, cal.dayOfWeek] = t;
  else if (t.length === 6) [cal.minute, cal.hour, cal.dayOfMonth, cal.month, cal.dayOfWeek, cal.year] = t;
  else if (t.length === 7) [cal.second, cal.minute, cal.hour, cal.dayOfMonth, cal.month, cal.dayOfWeek, cal.year] = t;
  else throw new SpecError('CronString does not have 5-7 fields');
  return { calendar: parseCalendar(cal), zone };
}

const PREDEFINED: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Go durations as Temporal accepts them, plus days ("1d"). */
function duration(text: string): number {
  const days = /^(\d+)d(.*)$/.exec(text);
  const ms = days ? Number(days[1]) * 86_400_000 + (days[2] ? parseGoDuration(days[2]) ?? NaN : 0) : parseGoDuration(text);
  if (ms === undefined || !Number.isFinite(ms)) throw new SpecError(`invalid duration "${text}"`);
  return ms;
}

function parseRanges(text: string, name: string, def: string, min: number, max: number, mode: Mode): Range[] {
  const s = text.trim() || def;
  if (s === '*' && mode === 'year') return []; // every year: no ranges
  const ranges: Range[] = [];
  for (let part of s.split(',')) {
    let step = 1;
    let hasStep = false;
    const slashes = part.split('/').length - 1;
    if (slashes > 1) throw new SpecError(`${name} has too many slashes`);
    if (slashes === 1) {
      const [head, stepText] = part.split('/');
      if (!stepText) throw new SpecError(`${name} missing step value`);
      step = Number(stepText);
      if (!Number.isInteger(step) || step < 1) throw new SpecError(`${name} has invalid Step`);
      part = head;
      hasStep = true;
    }
    let start = min;
    let end = max;
    if (part !== '*') {
      if (part.includes('-')) {
        const pieces = part.split('-');
        if (pieces.length !== 2) throw new SpecError(`${name} has too many dashes`);
        start = value(pieces[0], min, max, mode, `${name} Start is not in range [${min}-${max}]`);
        end = value(pieces[1], start, max, mode, `${name} End is before Start or not in range [${min}-${max}]`);
      } else {
        start = value(part, min, max, mode, `${name} is not in range [${min}-${max}]`);
        if (!hasStep) end = start;
      }
    }
    if (mode === 'dow' && end === 7) {
      // 7 is Sunday again: keep it as 0
      if ((7 - start) % step === 0 && (step > 1 || start > 1)) {
        ranges.push({ start: 0, end: 0, step: 1 });
        if (start === 7) continue;
      }
      end = 6;
    }
    ranges.push({ start, end, step });
  }
  return ranges;
}

function value(text: string, min: number, max: number, mode: Mode, message: string): number {
  const lower = text.toLowerCase();
  let v = NaN;
  if (mode === 'month' && text.length >= 3) v = MONTHS.findIndex((m) => m.startsWith(lower)) + 1 || NaN;
  if (mode === 'dow' && text.length >= 2) {
    const i = WEEKDAYS.findIndex((d) => d.startsWith(lower));
    if (i >= 0) v = i;
  }
  if (Number.isNaN(v) && /^\d+$/.test(text)) v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new SpecError(message);
  return v;
}

/** Fills defaults (end = start, step 1) as Temporal's CleanSpec does, and checks field bounds. */
export function cleanCalendar(c: Partial<Record<keyof StructuredCalendar, unknown>>): StructuredCalendar {
  const errors: string[] = [];
  const ranges = (list: unknown, name: string, min: number, max: number): Range[] =>
    ((list as Partial<Range>[] | undefined) ?? []).map((r) => {
      const start = Number(r?.start ?? 0);
      const rawEnd = Number(r?.end ?? 0);
      const step = Number(r?.step ?? 0);
      if (start < min || start > max) errors.push(`${name} Start is not in range [${min}-${max}]`);
      if (rawEnd !== 0 && (rawEnd < start || rawEnd > max)) errors.push(`${name} End is before Start or not in range [${min}-${max}]`);
      if (step < 0) errors.push(`${name} has invalid Step`);
      return { start, end: rawEnd < start ? start : rawEnd, step: step || 1 };
    });
  const out: StructuredCalendar = {
    second: ranges(c.second, 'Second', 0, 59),
    minute: ranges(c.minute, 'Minute', 0, 59),
    hour: ranges(c.hour, 'Hour', 0, 23),
    dayOfMonth: ranges(c.dayOfMonth, 'DayOfMonth', 1, 31),
    month: ranges(c.month, 'Month', 1, 12),
    year: ranges(c.year, 'Year', MIN_YEAR, MAX_YEAR),
    dayOfWeek: ranges(c.dayOfWeek, 'DayOfWeek', 0, 6),
    comment: String(c.comment ?? ''),
  };
  if (out.comment.length > MAX_COMMENT) errors.push('comment is too long');
  if (errors.length) throw new SpecError(`invalid calendar spec: ${errors.join(', ')}`);
  return out;
}

type Matcher = (v: number) => boolean;

function matcher(ranges: Range[], emptyMatchesAll = false): Matcher {
  if (!ranges.length) return () => emptyMatchesAll;
  const values = new Set<number>();
  for (const r of ranges) for (let v = r.start; v <= Math.max(r.end, r.start); v += Math.max(r.step, 1)) values.add(v);
  return (v) => values.has(v);
}

/** Wall-clock fields of an instant in a zone. */
interface Fields { y: number; mo: number; d: number; h: number; m: number; s: number; dow: number }

function fieldsOf(localMs: number): Fields {
  const t = new Date(localMs);
  return {
    y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(),
    h: t.getUTCHours(), m: t.getUTCMinutes(), s: t.getUTCSeconds(), dow: t.getUTCDay(),
  };
}

/** One structured calendar compiled for a zone: does an instant match, and the next matching instant. */
export class CompiledCalendar {
  private readonly year: Matcher;
  private readonly month: Matcher;
  private readonly dom: Matcher;
  private readonly dow: Matcher;
  private readonly hour: Matcher;
  private readonly minute: Matcher;
  private readonly second: Matcher;
  private readonly offset: (utcMs: number) => number;

  constructor(cal: StructuredCalendar, zone: string) {
    this.year = matcher(cal.year, true);
    this.month = matcher(cal.month);
    this.dom = matcher(cal.dayOfMonth);
    this.dow = matcher(cal.dayOfWeek);
    this.hour = matcher(cal.hour);
    this.minute = matcher(cal.minute);
    this.second = matcher(cal.second);
    this.offset = zoneOffset(zone || 'UTC');
  }

  matches(utcMs: number): boolean {
    const f = fieldsOf(Math.floor(utcMs / 1000) * 1000 + this.offset(utcMs));
    return this.year(f.y) && this.month(f.mo) && this.dom(f.d) && this.dow(f.dow) && this.hour(f.h) && this.minute(f.m) && this.second(f.s);
  }

  /**
   * The first matching instant strictly after `afterMs` (whole seconds), or undefined. Walks wall-clock time
   * in the zone, skipping whole years, months, days, hours and minutes that cannot match. As in Temporal, a
   * wall-clock time that does not exist (spring forward) never fires, and one that occurs twice (fall back)
   * fires at both instants: the walk starts at the earlier wall-clock reading of `afterMs` when the offset
   * changes nearby, so the repeated hour is walked again.
   */
  next(afterMs: number): number | undefined {
    const afterSec = Math.floor(afterMs / 1000) * 1000;
    const nearby = Math.min(this.offset(afterSec - DAY_MS), this.offset(afterSec), this.offset(afterSec + DAY_MS));
    let local = afterSec + nearby + 1000;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const f = fieldsOf(local);
      if (f.y > MAX_YEAR) return undefined;
      if (!this.year(f.y)) local = Date.UTC(f.y + 1, 0, 1);
      else if (!this.month(f.mo)) local = Date.UTC(f.y, f.mo, 1);
      else if (!this.dom(f.d) || !this.dow(f.dow)) local = Date.UTC(f.y, f.mo - 1, f.d + 1);
      else if (!this.hour(f.h)) local = Date.UTC(f.y, f.mo - 1, f.d, f.h + 1);
      else if (!this.minute(f.m)) local = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.m + 1);
      else if (!this.second(f.s)) local += 1000;
      else {
        const utc = this.instants(local).find((t) => t > afterMs);
        if (utc !== undefined) return utc;
        local += 1000;
      }
    }
    return undefined;
  }

  /** The instants showing this wall-clock time, in order (none in a spring-forward gap). */
  private instants(local: number): number[] {
    const candidates = [...new Set([this.offset(local - DAY_MS), this.offset(local), this.offset(local + DAY_MS)])].map((o) => local - o);
    return candidates.filter((utc) => utc + this.offset(utc) === local).sort((a, b) => a - b);
  }
}
