/**
 * One year of official calendar data: the days off announced by the State
 * Council and the weekend days declared make-up workdays (调休上班). Every other
 * day follows the weekday rule. This is also the JSON format an administrator
 * imports (docs/calendar.md), so validation messages are for people.
 */
import { isCivilDate, isWeekend, type CivilDate, yearOf } from './civil-date';

export interface NamedDay {
  date: CivilDate;
  /** e.g. 春节, 国庆节; for a make-up workday the holiday it serves. */
  name: string;
}

export interface CalendarYear {
  year: number;
  /** Where the data comes from, e.g. 国办发明电〔2024〕12号 or chinese-days@1.5.7. */
  source?: string;
  /** Days off, including weekend days inside a holiday period. */
  holidays: NamedDay[];
  /** Saturdays or Sundays that are working days (调休). */
  workdays: NamedDay[];
}

export class CalendarDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`日历数据有误：\n- ${problems.join('\n- ')}`);
    this.name = 'CalendarDataError';
  }
}

/** Checks an imported JSON value and returns it as a `CalendarYear`, or throws listing every problem. */
export function parseCalendarYear(input: unknown): CalendarYear {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CalendarDataError(['顶层必须是一个 JSON 对象，包含 year、holidays、workdays']);
  }
  const raw = input as Record<string, unknown>;
  const year = raw.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1992 || year > 2200) {
    throw new CalendarDataError([`year 必须是 1992–2200 之间的整数年份，实际为 ${JSON.stringify(year)}`]);
  }
  if (raw.source !== undefined && typeof raw.source !== 'string') problems.push('source 必须是字符串');

  const holidays = parseDays(raw.holidays, 'holidays', year, problems);
  const workdays = parseDays(raw.workdays, 'workdays', year, problems);

  const holidayDates = new Set(holidays.map((d) => d.date));
  for (const w of workdays) {
    if (holidayDates.has(w.date)) problems.push(`${w.date} 同时出现在 holidays 和 workdays 中`);
    if (isCivilDate(w.date) && !isWeekend(w.date)) {
      problems.push(`${w.date} 不是周末，无需列为调休上班日（workdays 只列周六、周日上班的日子）`);
    }
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return {
    year,
    ...(typeof raw.source === 'string' ? { source: raw.source } : {}),
    holidays: sortByDate(holidays),
    workdays: sortByDate(workdays),
  };
}

function parseDays(value: unknown, field: string, year: number, problems: string[]): NamedDay[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} 必须是数组，元素形如 {"date": "${year}-01-01", "name": "元旦"}`);
    return [];
  }
  const seen = new Set<string>();
  const days: NamedDay[] = [];
  value.forEach((item: unknown, i) => {
    const where = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null) {
      problems.push(`${where} 必须是对象 {"date": …, "name": …}`);
      return;
    }
    const { date, name } = item as Record<string, unknown>;
    if (typeof date !== 'string' || !isCivilDate(date)) {
      problems.push(`${where}.date 无效：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
      return;
    }
    if (yearOf(date) !== year) problems.push(`${where}.date ${date} 不属于 ${year} 年`);
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}.name 不能为空（如“春节”）`);
    if (seen.has(date)) problems.push(`${where}.date ${date} 重复`);
    seen.add(date);
    days.push({ date, name: typeof name === 'string' ? name.trim() : '' });
  });
  return days;
}

function sortByDate(days: NamedDay[]): NamedDay[] {
  return [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
