/**
 * The working-day calendar in Postgres (calendar_year, calendar_day): import a
 * year an administrator transcribed from the State Council notice, seed the
 * years `chinese-days` knows, and load everything into a `WorkingDayCalendar`.
 *
 * Importing a year replaces it whole, in one transaction, so a correction (a
 * holiday announced late) never leaves a half-old, half-new year behind.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { type CalendarYear, parseCalendarYear, WorkingDayCalendar, type WorkingDayCalendarOptions } from '@gongkai/domain';
import { chineseDaysCalendarYears } from '@gongkai/domain/calendar/chinese-days-source';

export interface CalendarImportResult {
  year: number;
  holidays: number;
  workdays: number;
  /** True when the year existed and was replaced. */
  replaced: boolean;
}

export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Validates and stores one year, replacing any data held for it. */
  async importYear(input: unknown): Promise<CalendarImportResult> {
    const year = parseCalendarYear(input);
    return this.dataSource.transaction((m) => this.replaceYear(m, year));
  }

  private async replaceYear(m: EntityManager, year: CalendarYear): Promise<CalendarImportResult> {
    // Lock the year row (or its absence) so two imports of one year serialise.
    await m.query('SELECT pg_advisory_xact_lock($1, $2)', [7_428_002, year.year]);
    const existing: unknown[] = await m.query('SELECT 1 FROM calendar_year WHERE year = $1', [year.year]);
    await m.query('DELETE FROM calendar_year WHERE year = $1', [year.year]);
    await m.query('INSERT INTO calendar_year (year, source) VALUES ($1, $2)', [year.year, year.source ?? null]);
    const days = [
      ...year.holidays.map((d) => [d.date, 'holiday', d.name]),
      ...year.workdays.map((d) => [d.date, 'makeup_workday', d.name]),
    ];
    if (days.length > 0) {
      await m.query(
        `INSERT INTO calendar_day (date, year, kind, name)
         SELECT d::date, $1, k, n FROM unnest($2::text[], $3::text[], $4::text[]) AS t(d, k, n)`,
        [year.year, days.map((d) => d[0]), days.map((d) => d[1]), days.map((d) => d[2])],
      );
    }
    return { year: year.year, holidays: year.holidays.length, workdays: year.workdays.length, replaced: existing.length > 0 };
  }

  /**
   * Stores every year `chinese-days` covers that the database does not hold yet.
   * Years already present are left alone: they may carry an administrator's corrections.
   */
  async seedFromChineseDays(): Promise<number[]> {
    const held = new Set(await this.years());
    const seeded: number[] = [];
    for (const year of chineseDaysCalendarYears()) {
      if (held.has(year.year)) continue;
      await this.dataSource.transaction((m) => this.replaceYear(m, year));
      seeded.push(year.year);
    }
    return seeded;
  }

  async years(): Promise<number[]> {
    const rows: { year: number }[] = await this.dataSource.query('SELECT year FROM calendar_year ORDER BY year');
    return rows.map((r) => r.year);
  }

  /** One stored year in the import format, or undefined when the year is not held. */
  async exportYear(year: number): Promise<CalendarYear | undefined> {
    const [head]: { source: string | null }[] = await this.dataSource.query(
      'SELECT source FROM calendar_year WHERE year = $1',
      [year],
    );
    if (!head) return undefined;
    const days: { date: string; kind: string; name: string }[] = await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_day WHERE year = $1 ORDER BY date`,
      [year],
    );
    return {
      year,
      ...(head.source !== null ? { source: head.source } : {}),
      holidays: days.filter((d) => d.kind === 'holiday').map(({ date, name }) => ({ date, name })),
      workdays: days.filter((d) => d.kind === 'makeup_workday').map(({ date, name }) => ({ date, name })),
    };
  }

  /** Every stored year as a calendar; read it again after an import to pick up corrections. */
  async loadCalendar(options: WorkingDayCalendarOptions = {}): Promise<WorkingDayCalendar> {
    const years = await this.years();
    const data = await Promise.all(years.map((y) => this.exportYear(y)));
    return new WorkingDayCalendar(
      data.filter((y): y is CalendarYear => y !== undefined),
      options,
    );
  }
}
