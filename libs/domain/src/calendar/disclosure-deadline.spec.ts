import { addDays } from './civil-date';
import { disclosureCutoffs, earliestWrittenDateDueOnOrAfter, histogramMedian, shareAtMost } from './disclosure-deadline';
import { WorkingDayCalendar } from './working-day-calendar';

// 2026: National Day 10-01…10-07 off, Saturday 10-10 a make-up workday (a made-up year for the test).
const calendar = new WorkingDayCalendar([
  {
    year: 2026,
    holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, name: '国庆节' })),
    workdays: [{ date: '2026-10-10', name: '国庆节' }],
  },
]);

describe('the 20-working-day cut-offs', () => {
  it('finds the earliest written date still due on a day, by brute force agreement', () => {
    for (let d = '2026-09-01'; d <= '2026-11-30'; d = addDays(d, 1)) {
      const w = earliestWrittenDateDueOnOrAfter(calendar, d);
      expect(calendar.addWorkingDays(w, 20) >= d).toBe(true);
      expect(calendar.addWorkingDays(addDays(w, -1), 20) < d).toBe(true);
    }
  });

  it('overdue and due-within agree with the deadline of each written date', () => {
    const today = '2026-10-20';
    const { overdueBefore, dueBefore } = disclosureCutoffs(calendar, today, 3);
    for (let w = '2026-08-01'; w <= '2026-10-20'; w = addDays(w, 1)) {
      const deadline = calendar.addWorkingDays(w, 20);
      expect(w < overdueBefore).toBe(deadline < today);
      const left = calendar.workingDaysBetween(today, deadline);
      expect(w >= overdueBefore && w < dueBefore).toBe(deadline >= today && left <= 3);
    }
  });
});

describe('histogram statistics', () => {
  it('median of an odd and an even count', () => {
    expect(histogramMedian(new Map([[3, 1], [5, 1], [40, 1]]))).toBe(5);
    expect(histogramMedian(new Map([[3, 2], [8, 2]]))).toBe(5.5);
    expect(histogramMedian(new Map([[7, 4]]))).toBe(7);
    expect(histogramMedian(new Map())).toBeNull();
  });

  it('share within 20 working days counts 20 as within', () => {
    expect(shareAtMost(new Map([[20, 3], [21, 1]]), 20)).toBe(0.75);
    expect(shareAtMost(new Map(), 20)).toBeNull();
  });
});
