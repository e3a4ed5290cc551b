import { WorkingDayCalendar } from '@gongkai/domain/calendar/working-day-calendar';
import { dayTable, departmentFigures, inFlightFigures, monthFigures } from './dashboard.service';

describe('the dashboard figures', () => {
  it('takes each department’s median and 20-working-day share from its histogram', () => {
    const rows = [
      { departmentId: 'jichu', month: null, workingDays: 5, count: 2 },
      { departmentId: 'jichu', month: null, workingDays: 30, count: 1 },
      { departmentId: 'jichu', month: null, workingDays: null, count: 1 },
      { departmentId: null, month: '2026-03', workingDays: null, count: 4 },
    ];
    const [jichu, bangong] = departmentFigures(rows, [
      { id: 'bangong', name: '办公室' },
      { id: 'jichu', name: '基础教育科' },
    ]);
    expect(jichu).toEqual({ department: 'jichu', departmentName: '基础教育科', published: 4, medianWorkingDaysToPublish: 5, within20WorkingDaysShare: 2 / 3 });
    expect(bangong).toEqual({ department: 'bangong', departmentName: '办公室', published: 0, medianWorkingDaysToPublish: null, within20WorkingDaysShare: null });
  });

  it('lists every month of the range, zero where nothing was published', () => {
    const rows = [{ departmentId: null, month: '2026-02', workingDays: null, count: 3 }];
    expect(monthFigures(rows, '2025-12-15', '2026-03-01')).toEqual([
      { month: '2025-12', count: 0 },
      { month: '2026-01', count: 0 },
      { month: '2026-02', count: 3 },
      { month: '2026-03', count: 0 },
    ]);
  });

  it('shows the stages in review order, with labels', () => {
    expect(inFlightFigures([{ stage: 'leader_review', count: 2, overdue: 0, dueSoon: 0 }, { stage: 'draft', count: 1, overdue: 0, dueSoon: 0 }])).toEqual([
      { family: 'publication', familyLabel: '信息发布', stage: 'draft', stageLabel: '起草中', count: 1 },
      { family: 'publication', familyLabel: '信息发布', stage: 'leader_review', stageLabel: '分管领导审核', count: 2 },
    ]);
  });
});

describe('the day table', () => {
  it('turns working days between two days into one subtraction, across holidays and make-up days', () => {
    const calendar = new WorkingDayCalendar([
      { year: 2026, holidays: [{ date: '2026-10-01', name: '国庆节' }, { date: '2026-10-02', name: '国庆节' }], workdays: [{ date: '2026-10-10', name: '国庆节' }] },
    ]);
    const table = dayTable(calendar, '2026-09-20', '2026-10-31');
    expect(table.firstDayNumber).toBe(Date.UTC(2026, 8, 20) / 86_400_000);
    expect(table.months[0]).toBe(202609);
    const index = (d: string) => (Date.parse(d) - Date.parse('2026-09-20')) / 86_400_000;
    for (const [a, b] of [['2026-09-25', '2026-10-12'], ['2026-09-20', '2026-10-31'], ['2026-10-01', '2026-10-10']]) {
      expect(table.ordinals[index(b)] - table.ordinals[index(a)]).toBe(calendar.workingDaysBetween(a, b));
    }
  });
});
