import { WorkingDayCalendar } from '../../libs/domain/src/calendar/working-day-calendar';
import { ReviewDays } from './review-calendar';
import { queryRows } from './sql-rows';

describe('ReviewDays', () => {
  const y2025 = { year: 2025, holidays: [{ date: '2025-10-01', name: '国庆节' }], workdays: [] };

  it('counts on the calendar without a warning when the years are covered', () => {
    const warnings: string[] = [];
    const days = new ReviewDays(new WorkingDayCalendar([y2025], { weekdayOnlyFallback: true }), { warn: (m) => warnings.push(m) });
    expect(days.addWorkingDays('2025-09-30', 1)).toBe('2025-10-02');
    expect(warnings).toEqual([]);
  });

  it('guesses weekdays for a year without data, and says which year', () => {
    const warnings: string[] = [];
    const days = new ReviewDays(new WorkingDayCalendar([y2025], { weekdayOnlyFallback: true }), { warn: (m) => warnings.push(m) });
    expect(days.addWorkingDays('2025-12-31', 2)).toBe('2026-01-02');
    expect(warnings).toEqual([expect.stringContaining('2026')]);
  });
});

describe('queryRows', () => {
  it('returns RETURNING rows whether TypeORM answers [rows, count] or rows', async () => {
    const update = { query: async () => [[{ id: 1 }], 1] };
    const select = { query: async () => [{ id: 2 }] };
    const none = { query: async () => [[], 0] };
    expect(await queryRows(update, 'UPDATE …')).toEqual([{ id: 1 }]);
    expect(await queryRows(select, 'SELECT …')).toEqual([{ id: 2 }]);
    expect(await queryRows(none, 'UPDATE …')).toEqual([]);
  });
});
