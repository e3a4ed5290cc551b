import fc from 'fast-check';
import { chineseDaysCalendarYears } from './chinese-days-source';
import { addDays } from './civil-date';
import { CalendarYearNotCoveredError, WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar(chineseDaysCalendarYears());

describe('WorkingDayCalendar on the official 2024 and 2025 calendars', () => {
  it('treats make-up Saturdays and Sundays as working days and festival weekdays as days off', () => {
    expect(calendar.day('2025-01-26')).toMatchObject({ working: true, kind: 'makeup_workday', name: '春节' });
    expect(calendar.day('2025-02-08')).toMatchObject({ working: true, kind: 'makeup_workday' });
    expect(calendar.day('2025-01-29')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(calendar.day('2024-10-12')).toMatchObject({ working: true, kind: 'makeup_workday', name: '国庆节' });
    expect(calendar.day('2024-10-07')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节' });
    expect(calendar.day('2025-03-01')).toMatchObject({ working: false, kind: 'weekend' });
    expect(calendar.day('2025-03-03')).toMatchObject({ working: true, kind: 'weekday' });
  });

  it('counts 20 working days across the 2025 Spring Festival, including both make-up days', () => {
    // Weekday arithmetic alone would say 2025-02-17.
    expect(calendar.addWorkingDays('2025-01-20', 20)).toBe('2025-02-21');
  });

  it('counts across the 2024 Spring Festival with make-up Sundays on both sides', () => {
    expect(calendar.addWorkingDays('2024-02-01', 5)).toBe('2024-02-07');
    expect(calendar.addWorkingDays('2024-02-01', 10)).toBe('2024-02-20');
  });

  it('counts across the 2024 and 2025 National Day holidays', () => {
    expect(calendar.addWorkingDays('2024-09-27', 1)).toBe('2024-09-29');
    expect(calendar.addWorkingDays('2024-09-27', 5)).toBe('2024-10-10');
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
  });

  it('spans New Year, skipping 1 January', () => {
    expect(calendar.addWorkingDays('2024-12-20', 10)).toBe('2025-01-06');
  });

  it('starts counting the day after receipt, even when receipt falls on a holiday', () => {
    expect(calendar.addWorkingDays('2025-03-03', 1)).toBe('2025-03-04');
    expect(calendar.addWorkingDays('2025-10-01', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-03-03', 0)).toBe('2025-03-03');
  });

  it('counts working days in (from, to]', () => {
    expect(calendar.workingDaysBetween('2025-01-20', '2025-02-21')).toBe(20);
    expect(calendar.workingDaysBetween('2025-02-21', '2025-01-20')).toBe(-20);
    expect(calendar.workingDaysBetween('2025-01-27', '2025-02-04')).toBe(0);
  });

  it('gives the end of a due date as 23:59:59.999 in Asia/Shanghai', () => {
    expect(calendar.endOfDay('2025-02-21').toISOString()).toBe('2025-02-21T15:59:59.999Z');
  });

  it('explains every counted and skipped day with its reason', () => {
    const lines = calendar.explainAddWorkingDays('2025-01-24', 3);
    expect(lines.map((l) => [l.date, l.reason, l.ordinal])).toEqual([
      ['2025-01-24', 'receipt', undefined],
      ['2025-01-25', 'weekend', undefined],
      ['2025-01-26', 'makeup_workday', 1],
      ['2025-01-27', 'workday', 2],
      ...['28', '29', '30', '31'].map((d) => [`2025-01-${d}`, 'holiday', undefined]),
      ...['01', '02', '03', '04'].map((d) => [`2025-02-${d}`, 'holiday', undefined]),
      ['2025-02-05', 'workday', 3],
    ]);
    expect(lines[2].note).toBe('第 1 个工作日：调休上班日（春节）');
    expect(lines[4].note).toBe('不计：法定节假日（春节）');
  });
});

describe('years without calendar data', () => {
  const onlyCovered = new WorkingDayCalendar(chineseDaysCalendarYears().filter((y) => y.year <= 2025));

  it('refuses to guess and names the missing year', () => {
    expect(() => onlyCovered.addWorkingDays('2025-12-20', 20)).toThrow(CalendarYearNotCoveredError);
    expect(() => onlyCovered.addWorkingDays('2025-12-20', 20)).toThrow(/2026 年/);
    expect(() => onlyCovered.isWorkingDay('2026-01-05')).toThrow(expect.objectContaining({ year: 2026 }));
  });

  it('with the opt-in fallback, counts Monday–Friday and marks each such day as assumed', () => {
    const fallback = new WorkingDayCalendar(chineseDaysCalendarYears().filter((y) => y.year <= 2025), {
      weekdayOnlyFallback: true,
    });
    // 2026-01-01 is a holiday in reality; the fallback cannot know that.
    expect(fallback.addWorkingDays('2025-12-30', 2)).toBe('2026-01-01');
    expect(fallback.day('2026-01-01')).toEqual({ date: '2026-01-01', working: true, kind: 'weekday', assumed: true });
    expect(fallback.explainAddWorkingDays('2025-12-30', 2)[2].note).toMatch(/推定/);
  });

  it('rejects impossible dates and negative counts', () => {
    expect(() => calendar.addWorkingDays('2025-02-30', 1)).toThrow(/日期格式无效/);
    expect(() => calendar.addWorkingDays('2025-02-03', -1)).toThrow(RangeError);
  });
});

describe('calendar properties (fast-check)', () => {
  const dates = fc.integer({ min: 0, max: 365 * 2 - 60 }).map((i) => addDays('2024-01-01', i));
  const counts = fc.integer({ min: 0, max: 40 });

  it('adding N working days then counting back gives N', () => {
    fc.assert(fc.property(dates, counts, (d, n) => calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n)) === n));
  });

  it('the result of adding N ≥ 1 working days is always a working day after the start', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const due = calendar.addWorkingDays(d, n);
        return calendar.isWorkingDay(due) && due > d;
      }),
    );
  });

  it('the explanation counts exactly N days and ends on the due date', () => {
    fc.assert(
      fc.property(dates, counts, (d, n) => {
        const lines = calendar.explainAddWorkingDays(d, n);
        return lines.filter((l) => l.counted).length === n && lines.at(-1)!.date === calendar.addWorkingDays(d, n);
      }),
    );
  });
});
