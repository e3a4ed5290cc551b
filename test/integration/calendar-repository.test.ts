import type { DataSource } from 'typeorm';
import { CalendarDataError } from '@gongkai/domain/calendar/calendar-year';
import { chineseDaysCalendarYear } from '@gongkai/domain/calendar/chinese-days-source';
import { CalendarYearNotCoveredError } from '@gongkai/domain/calendar/working-day-calendar';
import { CalendarRepository } from '@gongkai/persistence/repositories/calendar.repository';
import { openTestDataSource } from '../support/database';

// A year far from the seeded ones, so this file owns it.
const YEAR_2031 = {
  year: 2031,
  source: '国务院办公厅关于2031年部分节假日安排的通知（测试用）',
  holidays: [
    { date: '2031-01-01', name: '元旦' },
    { date: '2031-01-22', name: '春节' },
    { date: '2031-01-23', name: '春节' },
    { date: '2031-01-24', name: '春节' },
    { date: '2031-01-25', name: '春节' },
    { date: '2031-01-26', name: '春节' },
    { date: '2031-01-27', name: '春节' },
    { date: '2031-01-28', name: '春节' },
  ],
  workdays: [{ date: '2031-01-19', name: '春节' }],
};

describe('CalendarRepository on PostgreSQL', () => {
  let ds: DataSource;
  let store: CalendarRepository;

  beforeAll(async () => {
    ds = await openTestDataSource();
    store = new CalendarRepository(ds);
  });
  afterAll(async () => {
    await ds.query('DELETE FROM calendar_year WHERE year = 2031');
    await ds.destroy();
  });

  it('imports a year from the JSON format and exports it unchanged', async () => {
    const result = await store.importYear(JSON.parse(JSON.stringify(YEAR_2031)));
    expect(result).toMatchObject({ year: 2031, holidays: 8, workdays: 1 });
    expect(await store.exportYear(2031)).toEqual(YEAR_2031);
  });

  it('recomputes a due date after a late correction replaces the year', async () => {
    await store.importYear(YEAR_2031);
    const before = await store.loadCalendar();
    // Fri 17 → make-up Sun 19, Mon 20, Tue 21, (22–28 春节), Wed 29, Thu 30.
    expect(before.addWorkingDays('2031-01-17', 5)).toBe('2031-01-30');
    await store.importYear({
      ...YEAR_2031,
      holidays: [...YEAR_2031.holidays, { date: '2031-01-29', name: '春节' }],
      workdays: [],
    });
    const after = await store.loadCalendar();
    // No make-up Sunday any more and 29 is off: Mon 20, Tue 21, Thu 30, Fri 31, Mon 3 Feb.
    expect(after.addWorkingDays('2031-01-17', 5)).toBe('2031-02-03');
    expect((await store.exportYear(2031))?.workdays).toEqual([]);
  });

  it('rejects an invalid file without touching the stored year', async () => {
    await store.importYear(YEAR_2031);
    await expect(store.importYear({ ...YEAR_2031, workdays: [{ date: '2031-01-20', name: '春节' }] })).rejects.toThrow(
      CalendarDataError,
    );
    expect(await store.exportYear(2031)).toEqual(YEAR_2031);
  });

  it('seeds chinese-days years without overwriting a corrected year, and refuses uncovered years', async () => {
    await store.seedFromChineseDays();
    expect(await store.exportYear(2025)).toEqual(chineseDaysCalendarYear(2025));
    const corrected = { ...chineseDaysCalendarYear(2024)!, source: '管理员更正' };
    await store.importYear(corrected);
    expect(await store.seedFromChineseDays()).toEqual([]);
    expect((await store.exportYear(2024))?.source).toBe('管理员更正');

    const calendar = await store.loadCalendar();
    expect(calendar.addWorkingDays('2025-01-20', 20)).toBe('2025-02-21');
    expect(() => calendar.isWorkingDay('2040-03-01')).toThrow(CalendarYearNotCoveredError);
    await store.importYear(chineseDaysCalendarYear(2024)); // leave the shared database as seeded
  });
});
