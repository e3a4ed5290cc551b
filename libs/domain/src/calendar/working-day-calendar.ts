/**
 * Working days (工作日) from calendar data, never from weekday arithmetic alone:
 * a weekday can be a holiday and a Saturday can be a make-up workday (调休).
 *
 * The calendar only answers for years it holds data for. Outside them it throws
 * `CalendarYearNotCoveredError` naming the year, unless the caller opted into the
 * weekday-only fallback — then every such day is marked `assumed` so the guess
 * stays visible in explanations.
 *
 * Counting convention (条例 Art. 31/33 practice): the day of receipt is day 0 and
 * counting starts the next day.
 */
import type { CalendarYear } from './calendar-year';
import {
  addDays,
  type CivilDate,
  endOfDayInShanghai,
  isWeekend,
  parseCivilDate,
  weekdayName,
  yearOf,
} from './civil-date';

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface CalendarDay {
  date: CivilDate;
  working: boolean;
  kind: DayKind;
  /** Holiday name, or the holiday a make-up workday belongs to. */
  name?: string;
  /** True when the year is not covered and the weekday-only fallback decided. */
  assumed?: boolean;
}

export interface WorkingDayCalendarOptions {
  /**
   * Treat years without data as "Monday–Friday work". Off by default: a silent
   * guess would move statutory deadlines without anyone noticing.
   */
  weekdayOnlyFallback?: boolean;
}

export class CalendarYearNotCoveredError extends Error {
  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    const range = coveredYears.length
      ? `现有数据覆盖 ${coveredYears[0]}–${coveredYears[coveredYears.length - 1]} 年`
      : '尚未导入任何年份';
    super(`工作日历缺少 ${year} 年的节假日数据（${range}）。请导入 ${year} 年日历（见 docs/calendar.md）`);
    this.name = 'CalendarYearNotCoveredError';
  }
}

/** One line of a "why is this due then?" explanation. */
export interface ExplainedDay {
  date: CivilDate;
  weekday: string;
  counted: boolean;
  /** 1…N for counted days. */
  ordinal?: number;
  reason: 'receipt' | 'workday' | 'makeup_workday' | 'weekend' | 'holiday' | 'paused' | 'restart';
  name?: string;
  assumed?: boolean;
  /** The line as shown to office staff. */
  note: string;
}

export class WorkingDayCalendar {
  private readonly exceptions = new Map<CivilDate, { working: boolean; name: string }>();
  private readonly years: number[];

  constructor(
    years: readonly CalendarYear[],
    private readonly options: WorkingDayCalendarOptions = {},
  ) {
    for (const y of years) {
      for (const h of y.holidays) this.exceptions.set(h.date, { working: false, name: h.name });
      for (const w of y.workdays) this.exceptions.set(w.date, { working: true, name: w.name });
    }
    this.years = [...new Set(years.map((y) => y.year))].sort((a, b) => a - b);
  }

  get coveredYears(): readonly number[] {
    return this.years;
  }

  covers(year: number): boolean {
    return this.years.includes(year);
  }

  day(date: CivilDate): CalendarDay {
    parseCivilDate(date);
    const year = yearOf(date);
    if (!this.covers(year)) {
      if (!this.options.weekdayOnlyFallback) throw new CalendarYearNotCoveredError(year, this.years);
      return isWeekend(date)
        ? { date, working: false, kind: 'weekend', assumed: true }
        : { date, working: true, kind: 'weekday', assumed: true };
    }
    const exception = this.exceptions.get(date);
    if (exception) {
      return exception.working
        ? { date, working: true, kind: 'makeup_workday', name: exception.name }
        : { date, working: false, kind: 'holiday', name: exception.name };
    }
    return isWeekend(date) ? { date, working: false, kind: 'weekend' } : { date, working: true, kind: 'weekday' };
  }

  isWorkingDay(date: CivilDate): boolean {
    return this.day(date).working;
  }

  /** The date `n` working days after `receipt` (receipt = day 0). `n = 0` returns `receipt`. */
  addWorkingDays(receipt: CivilDate, n: number): CivilDate {
    assertCount(n);
    let date = parseCivilDate(receipt);
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted++;
    }
    return date;
  }

  /**
   * Working days in the half-open span (from, to] — the inverse of
   * `addWorkingDays`: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   * Negative when `to` is before `from`.
   */
  workingDaysBetween(from: CivilDate, to: CivilDate): number {
    parseCivilDate(from);
    parseCivilDate(to);
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count++;
    }
    return count;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: CivilDate): CivilDate {
    return this.addWorkingDays(date, 1);
  }

  /** When a deadline on `date` expires: 23:59:59.999 Asia/Shanghai. */
  endOfDay(date: CivilDate): Date {
    return endOfDayInShanghai(parseCivilDate(date));
  }

  /** Every day from receipt to the due date, counted or skipped, with the reason. */
  explainAddWorkingDays(receipt: CivilDate, n: number): ExplainedDay[] {
    assertCount(n);
    const lines: ExplainedDay[] = [receiptLine(parseCivilDate(receipt))];
    let date = receipt;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      const day = this.day(date);
      if (day.working) counted++;
      lines.push(explainDay(day, day.working ? counted : undefined));
    }
    return lines;
  }
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须是非负整数，实际为 ${n}`);
}

function receiptLine(date: CivilDate): ExplainedDay {
  return { date, weekday: weekdayName(date), counted: false, reason: 'receipt', note: '收到之日，为第 0 日，次日起算' };
}

/** Describes one calendar day; `ordinal` is set when the day counts towards the clock. */
export function explainDay(day: CalendarDay, ordinal: number | undefined): ExplainedDay {
  const base = {
    date: day.date,
    weekday: weekdayName(day.date),
    ...(day.name ? { name: day.name } : {}),
    ...(day.assumed ? { assumed: true } : {}),
  };
  const guess = day.assumed ? '（该年无日历数据，按周一至周五推定）' : '';
  if (ordinal !== undefined) {
    const reason = day.kind === 'makeup_workday' ? 'makeup_workday' : 'workday';
    const why = day.kind === 'makeup_workday' ? `调休上班日（${day.name}）` : '工作日';
    return { ...base, counted: true, ordinal, reason, note: `第 ${ordinal} 个工作日：${why}${guess}` };
  }
  if (day.working) {
    return { ...base, counted: false, reason: 'workday', note: `工作日，未计入${guess}` };
  }
  if (day.kind === 'holiday') {
    return { ...base, counted: false, reason: 'holiday', note: `不计：法定节假日（${day.name}）` };
  }
  return { ...base, counted: false, reason: 'weekend', note: `不计：周末休息日${guess}` };
}
