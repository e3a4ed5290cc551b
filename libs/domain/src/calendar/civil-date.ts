/**
 * Civil dates (a day on the wall calendar in Asia/Shanghai) as `YYYY-MM-DD`
 * strings. Strings compare correctly with `<`, survive JSON and Temporal
 * payloads unchanged, and never carry a time zone by accident.
 *
 * Arithmetic runs on UTC midnight timestamps, which have no DST, so it is exact.
 * Asia/Shanghai has been a fixed UTC+8 since 1992 (China dropped DST after 1991),
 * so an instant ↔ civil-date conversion needs no time-zone database — which also
 * keeps this file safe to import from Temporal workflow code.
 */
export type CivilDate = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidCivilDateError extends Error {
  constructor(readonly input: string) {
    super(`日期格式无效：“${input}”，应为 YYYY-MM-DD 且为真实存在的日期`);
    this.name = 'InvalidCivilDateError';
  }
}

export function isCivilDate(input: string): boolean {
  const m = PATTERN.exec(input);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Throws a readable error for anything but a real `YYYY-MM-DD` date. */
export function parseCivilDate(input: string): CivilDate {
  if (!isCivilDate(input)) throw new InvalidCivilDateError(input);
  return input;
}

function toUtcMs(date: CivilDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): CivilDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, as `Date#getDay`. */
export function dayOfWeek(date: CivilDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: CivilDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: CivilDate): number {
  return Number(date.slice(0, 4));
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export function weekdayName(date: CivilDate): string {
  return WEEKDAY_NAMES[dayOfWeek(date)];
}

/** The civil date in Asia/Shanghai at which `instant` falls. */
export function civilDateInShanghai(instant: Date): CivilDate {
  return fromUtcMs(Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** 00:00:00.000 Asia/Shanghai on `date`, as an instant. */
export function startOfDayInShanghai(date: CivilDate): Date {
  return new Date(toUtcMs(date) - SHANGHAI_OFFSET_MS);
}

/** 09:00 Asia/Shanghai on `date`: the start of an office day, when a reminder is read. */
export function officeMorningInShanghai(date: CivilDate): Date {
  return new Date(startOfDayInShanghai(date).getTime() + 9 * 3600_000);
}

/**
 * The last millisecond of `date` in Asia/Shanghai (23:59:59.999), as an instant.
 * Deadlines and consultation windows close here, not at the hour they opened.
 */
export function endOfDayInShanghai(date: CivilDate): Date {
  return new Date(toUtcMs(date) + DAY_MS - 1 - SHANGHAI_OFFSET_MS);
}
