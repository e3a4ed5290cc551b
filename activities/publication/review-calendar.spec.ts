import { WorkingDayCalendar } from '@gongkai/domain/calendar/working-day-calendar';
import { ReviewDays } from './review-calendar';

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
