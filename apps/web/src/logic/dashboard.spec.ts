import type { Dashboard } from '../api/types';
import { dashboardQuery, deadlineFigures, departmentRows, inFlightChart, linkAt, monthUrl, publishedPerMonthChart, requestFigures } from './dashboard';

const board = (over: Partial<Dashboard> = {}): Dashboard => ({
  department: null,
  from: '2026-01-01',
  to: '2026-03-15',
  inFlight: [
    { family: 'publication', familyLabel: '信息发布', stage: 'section_review', stageLabel: '科室审核', count: 3 },
    { family: 'publication', familyLabel: '信息发布', stage: 'leader_review', stageLabel: '分管领导审核', count: 1 },
  ],
  deadlines: { overdue: 2, dueWithin3WorkingDays: 5 },
  departments: [
    { department: 'jichu', departmentName: '基础教育科', published: 12, medianWorkingDaysToPublish: 6.5 as never, within20WorkingDaysShare: 0.92 as never },
    { department: 'zhengce', departmentName: '政策法规科', published: 4, medianWorkingDaysToPublish: null, within20WorkingDaysShare: 1 as never },
  ],
  consultations: [],
  pendingInterpretations: 0,
  publishedPerMonth: [
    { month: '2026-01', count: 4 },
    { month: '2026-03', count: 9 },
  ],
  requests: {
    open: 9,
    overdue: 1,
    dueWithin5WorkingDays: 2,
    due6To10WorkingDays: 2,
    dueAfter10WorkingDays: 2,
    clockStopped: 1,
    awaitingConfirmation: 1,
    closedThisYear: { year: 2026, onTime: 30, late: 1 },
  },
  ...over,
});

describe('领导看板', () => {
  it('every figure links to the list behind it, within the chosen department', () => {
    const figures = deadlineFigures(board({ department: 'jichu' as never }));
    expect(figures.map((f) => [f.key, f.value, f.href])).toEqual([
      ['overdue', '2', '/manuscripts?status=in_review&department=jichu&overdue=true'],
      ['dueSoon', '5', '/manuscripts?status=in_review&department=jichu&dueWithinWorkingDays=3'],
      ['published', '13', '/manuscripts?status=published&department=jichu&publishedFrom=2026-01-01&publishedTo=2026-03-15'],
    ]);
    expect(figures[0].danger).toBe(true);
  });

  it('shows consultations and interpretations only once they exist', () => {
    expect(deadlineFigures(board()).map((f) => f.key)).not.toContain('consultations');
    const keys = deadlineFigures(board({ consultations: [{ id: 'c1', title: '征求意见', daysLeft: 5, comments: 2 }], pendingInterpretations: 2 })).map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['consultations', 'interpretations']));
  });

  it('per department: published, median working days, share within 20 working days', () => {
    const [jichu, zhengce] = departmentRows(board());
    expect(jichu).toMatchObject({ published: 12, median: '6.5 个工作日', within20: '92%', late: true });
    expect(jichu.href).toBe('/manuscripts?status=published&department=jichu&publishedFrom=2026-01-01&publishedTo=2026-03-15');
    expect(jichu.lateHref).toContain('overdue=true');
    expect(zhengce).toMatchObject({ median: '—', within20: '100%', late: false });
  });

  it('in-flight chart: stages on the axis, one series per family, each bar linked to its stage', () => {
    const spec = inFlightChart(board());
    const option = spec.option as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['科室审核', '分管领导审核']);
    expect(option.series).toEqual([expect.objectContaining({ name: '信息发布', data: [3, 1] })]);
    expect(linkAt(spec, 0, 0)).toBe('/manuscripts?stage=section_review');
    expect(linkAt(spec, 0, 1)).toBe('/manuscripts?stage=leader_review');
    expect(linkAt(spec, 1, 0)).toBeUndefined();
    expect(inFlightChart(board({ inFlight: [] })).empty).toBe(true);
  });

  it('per-month bars link to that month, clamped to the range', () => {
    const spec = publishedPerMonthChart(board());
    expect(linkAt(spec, 0, 0)).toBe('/manuscripts?status=published&publishedFrom=2026-01-01&publishedTo=2026-01-31');
    expect(linkAt(spec, 0, 1)).toBe('/manuscripts?status=published&publishedFrom=2026-03-01&publishedTo=2026-03-15');
    expect(monthUrl({ department: null, from: '2024-02-10', to: '2024-12-31' }, '2024-02')).toContain('publishedFrom=2024-02-10&publishedTo=2024-02-29');
  });

  it('reads its own query string', () => {
    expect(dashboardQuery({ department: 'jichu', from: '2026-01-01', to: 'yesterday' })).toEqual({ department: 'jichu', from: '2026-01-01' });
  });
});

describe('依申请公开 on the board', () => {
  it('shows open requests by working days left and this year’s closed ones, linking to the desk', () => {
    const figures = requestFigures(board());
    expect(figures.map((f) => [f.key, f.value])).toEqual([
      ['requestsOverdue', '1'],
      ['requestsWithin5', '2'],
      ['requests6To10', '2'],
      ['requestsOver10', '2'],
      ['requestsStopped', '1'],
      ['requestsUnconfirmed', '1'],
      ['requestsClosed', '30 / 1'],
    ]);
    expect(figures[0]).toMatchObject({ href: '/request-desk?overdue=true', danger: true });
    expect(figures[6].label).toBe('2026 年办结：按期 / 逾期');
  });
});
