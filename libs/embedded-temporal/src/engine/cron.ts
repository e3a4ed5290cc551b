/**
 * Cron schedules of workflows (`cronSchedule` on start), in the language
 * Temporal accepts: five fields — minute, hour, day of month, month, day of
 * week — or a descriptor (@yearly, @annually, @monthly, @weekly, @daily,
 * @midnight, @hourly, `@every <duration>`), optionally prefixed by
 * `CRON_TZ=<IANA zone>` (default UTC). As in Temporal (robfig/cron), when
 * both day fields are restricted a day matching either fires. Pure functions:
 * the engine passes the times in.
 */

export class CronError extends Error {}

export interface CronSchedule {
  readonly expression: string;
  /** `@every`: a fixed interval, counted from the run's start. */
  readonly everyMs?: number;
  readonly zone: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Whether the day-of-month / day-of-week field was `*` or `?`. */
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MAX_LENGTH = 256;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec { name: string; min: number; max: number; names?: string[]; namesFrom?: number; question?: boolean }
const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  // 7 is accepted as Sunday, as most cron dialects do.
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, namesFrom: 0, question: true },
];

export function parseCron(expression: string): CronSchedule {
  // Messages quote the schedule and travel back in a gRPC status: keep them small.
  if (expression.length > MAX_LENGTH) throw new CronError(`cron schedule is longer than ${MAX_LENGTH} characters`);
  let text = expression.trim();
  let zone = 'UTC';
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (tz) {
    zone = tz[1];
    if (!validZone(zone)) throw new CronError(`unknown time zone "${zone}" in cron schedule "${expression}"`);
    text = text.slice(tz[0].length);
  }
  const every = /^@every\s+(\S+)$/.exec(text);
  if (every) {
    const ms = parseGoDuration(every[1]);
    if (ms === undefined) throw new CronError(`invalid duration "${every[1]}" in cron schedule "${expression}" (e.g. @every 1h30m)`);
    if (ms < 1000) throw new CronError(`cron schedule "${expression}" repeats more often than once a second`);
    if (ms > MAX_EVERY_MS) throw new CronError(`cron schedule "${expression}" repeats less often than once in ten years`);
    const all = new Set<number>();
    return { expression, everyMs: ms, zone, minutes: all, hours: all, days: all, months: all, weekdays: all, anyDay: true, anyWeekday: true };
  }
  if (text.startsWith('@')) {
    const expanded = DESCRIPTORS[text.toLowerCase()];
    if (!expanded) throw new CronError(`unknown descriptor "${text}" in cron schedule "${expression}"`);
    text = expanded;
  }
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    throw new CronError(`cron schedule "${expression}" needs 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`);
  }
  const sets = parts.map((p, i) => parseField(p, FIELDS[i], expression));
  const weekdays = new Set([...sets[4]].map((d) => d % 7));
  return {
    expression,
    zone,
    minutes: sets[0],
    hours: sets[1],
    days: sets[2],
    months: sets[3],
    weekdays,
    anyDay: unrestricted(parts[2]),
    anyWeekday: unrestricted(parts[4]),
  };
}

// A day field that does not narrow the days: an item `*` or `?` (with step 1 at most); a step of 2 or more narrows them (robfig/cron).
function unrestricted(field: string): boolean {
  return field.split(',').some((item) => /^[*?](\/0*1)?$/.test(item));
}

function parseField(field: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  const bad = (why: string) => new CronError(`invalid ${spec.name} "${field}" in cron schedule "${expression}": ${why}`);
  for (const item of field.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) throw bad('more than one "/"');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw bad(`step must be a whole number ≥ 1`);
    let lo: number;
    let hi: number;
    if (range === '*' || (range === '?' && spec.question)) {
      lo = spec.min;
      hi = spec.max === 7 ? 6 : spec.max;
    } else {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw bad('more than one "-"');
      lo = value(a, spec, bad);
      // "a/n" means a to the end, every n
      hi = b !== undefined ? value(b, spec, bad) : stepText !== undefined ? spec.max : lo;
      if (hi < lo) throw bad(`range ${range} runs backwards`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

function value(text: string, spec: FieldSpec, bad: (why: string) => CronError): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const v = named >= 0 ? named + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(v)) throw bad(`"${text}" is not a number${spec.names ? ' or a name' : ''}`);
  if (v < spec.min || v > spec.max) throw bad(`${v} is outside ${spec.min}–${spec.max}`);
  return v;
}

/** Go's time.ParseDuration subset: 1h30m, 90s, 1.5h, 500ms. */
export function parseGoDuration(text: string): number | undefined {
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return text ? total : undefined;
}

const MINUTE = 60_000;
const MAX_EVERY_MS = 10 * 366 * 24 * 3600 * 1000;
/** Searching further than this finds nothing (e.g. "0 0 30 2 *", February 30th). */
const HORIZON_MS = 5 * 366 * 24 * 3600 * 1000;

/**
 * The first fire time strictly after `afterMs`. For `@every`, fire times are
 * `startMs + k × interval`. Undefined when the schedule never fires again.
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number, startMs = afterMs): number | undefined {
  if (schedule.everyMs) {
    const k = afterMs < startMs ? 1 : Math.floor((afterMs - startMs) / schedule.everyMs) + 1;
    return startMs + k * schedule.everyMs;
  }
  const offset = zoneOffset(schedule.zone);
  // Walk local wall-clock time (as if it were UTC), skipping whole months, days and hours that cannot match.
  let local = Math.floor((afterMs + offset(afterMs)) / MINUTE) * MINUTE + MINUTE;
  const limit = afterMs + HORIZON_MS;
  while (local - offset(afterMs) < limit) {
    const d = new Date(local);
    const [y, mo, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
    if (!schedule.months.has(mo + 1)) {
      local = Date.UTC(y, mo + 1, 1);
    } else if (!dayMatches(schedule, day, d.getUTCDay())) {
      local = Date.UTC(y, mo, day + 1);
    } else if (!schedule.hours.has(h)) {
      local = Date.UTC(y, mo, day, h + 1);
    } else if (!schedule.minutes.has(d.getUTCMinutes())) {
      local += MINUTE;
    } else {
      const utc = toUtc(local, offset);
      if (utc > afterMs) return utc;
      local += MINUTE;
    }
  }
  return undefined;
}

/**
 * A wall-clock time in the zone back to UTC. Of the offsets in force a day
 * before and a day after (DST changes are months apart): the earlier instant
 * that shows this wall-clock time (an hour repeated in autumn fires once, at
 * its first occurrence); if none does, the time falls in a spring-forward gap
 * and fires at the later instant, just after the change, as robfig/cron does.
 */
export function toUtc(local: number, offset: (utcMs: number) => number): number {
  const day = 24 * 3600 * 1000;
  const candidates = [...new Set([offset(local - day), offset(local + day), offset(local)])].map((o) => local - o);
  const exact = candidates.filter((utc) => utc + offset(utc) === local);
  return exact.length ? Math.min(...exact) : Math.max(...candidates);
}

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  const dom = s.days.has(day);
  const dow = s.weekdays.has(weekday);
  if (s.anyDay || s.anyWeekday) return dom && dow;
  return dom || dow;
}

export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const offsets = new Map<string, (utcMs: number) => number>();

/** The zone's offset from UTC (ms) at an instant. */
export function zoneOffset(zone: string): (utcMs: number) => number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return () => 0;
  let fn = offsets.get(zone);
  if (!fn) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    fn = (utcMs: number) => {
      const p = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
      const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
      return wall - Math.floor(utcMs / 1000) * 1000;
    };
    offsets.set(zone, fn);
  }
  return fn;
}
