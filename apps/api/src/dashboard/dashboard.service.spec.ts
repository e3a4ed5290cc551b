import { departmentFigures, inFlightFigures, monthFigures } from './dashboard.service';

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
