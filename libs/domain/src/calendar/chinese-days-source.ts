/**
 * Calendar years from the npm package `chinese-days`, which follows the State
 * Council holiday notices (国务院办公厅关于…部分节假日安排的通知). Used to seed the
 * `calendar_day` table and by the CLI when no database is at hand.
 *
 * Imports only the package's JSON data (no `fs`, no date library), so the file
 * stays bundleable; it is still kept apart from the calendar maths because the
 * data is ~40 kB that workflow code does not need.
 */
import data from 'chinese-days/dist/chinese-days.json';
import { version } from 'chinese-days/package.json';
import type { CalendarYear, NamedDay } from './calendar-year';

const SOURCE = `chinese-days@${version}（国务院办公厅节假日安排通知）`;

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Entries look like "Spring Festival,春节,4": English name, Chinese name, length. */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

function byYear(days: Record<string, string>, year: number): NamedDay[] {
  return Object.entries(days)
    .filter(([date]) => date.startsWith(`${year}-`))
    .map(([date, entry]) => ({ date, name: chineseName(entry) }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The years the package has holiday data for, ascending. */
export function chineseDaysYears(): number[] {
  const source = data as ChineseDaysData;
  const years = new Set(Object.keys(source.holidays).map((d) => Number(d.slice(0, 4))));
  return [...years].sort((a, b) => a - b);
}

export function chineseDaysCalendarYear(year: number): CalendarYear | undefined {
  if (!chineseDaysYears().includes(year)) return undefined;
  const source = data as ChineseDaysData;
  return { year, source: SOURCE, holidays: byYear(source.holidays, year), workdays: byYear(source.workdays, year) };
}

export function chineseDaysCalendarYears(): CalendarYear[] {
  return chineseDaysYears().map((y) => chineseDaysCalendarYear(y)!);
}
