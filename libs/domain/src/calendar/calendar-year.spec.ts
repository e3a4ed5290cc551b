import { CalendarDataError, parseCalendarYear } from './calendar-year';

describe('parseCalendarYear (the import format)', () => {
  it('accepts a State Council notice transcribed by an administrator and sorts it', () => {
    const year = parseCalendarYear({
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      holidays: [
        { date: '2027-01-02', name: '元旦' },
        { date: '2027-01-01', name: '元旦' },
      ],
      workdays: [{ date: '2027-02-20', name: '春节' }],
    });
    expect(year.holidays.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-02']);
    expect(year.workdays).toEqual([{ date: '2027-02-20', name: '春节' }]);
  });

  it('lists every problem at once, in Chinese', () => {
    let error: CalendarDataError | undefined;
    try {
      parseCalendarYear({
        year: 2027,
        holidays: [
          { date: '2027-02-30', name: '春节' },
          { date: '2026-12-31', name: '元旦' },
          { date: '2027-01-01', name: '' },
          { date: '2027-02-20', name: '春节' },
        ],
        workdays: [
          { date: '2027-02-22', name: '春节' },
          { date: '2027-02-20', name: '春节' },
        ],
      });
    } catch (e) {
      error = e as CalendarDataError;
    }
    expect(error).toBeInstanceOf(CalendarDataError);
    expect(error!.problems).toEqual([
      'holidays[0].date 无效："2027-02-30"（应为 YYYY-MM-DD）',
      'holidays[1].date 2026-12-31 不属于 2027 年',
      'holidays[2].name 不能为空（如“春节”）',
      '2027-02-22 不是周末，无需列为调休上班日（workdays 只列周六、周日上班的日子）',
      '2027-02-20 同时出现在 holidays 和 workdays 中',
    ]);
  });

  it('rejects a file without a sensible year', () => {
    expect(() => parseCalendarYear({ holidays: [] })).toThrow(/year 必须是/);
    expect(() => parseCalendarYear([])).toThrow(/顶层必须是/);
  });
});
