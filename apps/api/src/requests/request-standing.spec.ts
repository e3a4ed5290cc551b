import { WorkingDayCalendar } from '@gongkai/domain/calendar/working-day-calendar';
import type { OpenRequestRow } from '@gongkai/persistence';
import type { TaskDto } from '../publications/publication-view.dto';
import { bucketOf, byWorkingDaysLeft, requestStanding, requestTaskView, stepLabel, waitsOn } from './request-standing';

// 国庆 2026: 1–7 October off, Saturday 10 October worked.
const calendar = new WorkingDayCalendar([
  {
    year: 2026,
    holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, name: '国庆节' })),
    workdays: [{ date: '2026-10-10', name: '国庆节' }],
  },
]);

const row = (over: Partial<OpenRequestRow> = {}): OpenRequestRow => ({
  id: '9b1f0c56-0000-4000-8000-000000000001',
  trackingCode: 'SQ-2026-ABCDEFGH',
  organisationId: 'demo',
  status: 'registered',
  requesterName: '李明',
  content: '申请公开2026年本市义务教育阶段学校招生计划',
  receivedOn: '2026-09-20',
  dueOn: '2026-10-12',
  clockRunning: true,
  extended: false,
  overdue: false,
  replyStatus: null,
  remaining: 15,
  createdAt: new Date('2026-09-20T02:00:00Z'),
  ...over,
});

describe('where an open request stands', () => {
  it('counts working days left on the calendar, across 国庆 and its make-up Saturday', () => {
    // 30 Sep → 12 Oct: 8, 9, 10 (make-up), 12 October.
    expect(requestStanding(row(), '2026-09-30', calendar)).toEqual({ dueOn: '2026-10-12', clockRunning: true, workingDaysLeft: 4, overdue: false });
    expect(requestStanding(row(), '2026-10-13', calendar)).toMatchObject({ workingDaysLeft: -1, overdue: true });
  });

  it('says a stopped clock is stopped, with no due date and no days left', () => {
    const s = requestStanding(row({ status: 'awaiting_clarification', clockRunning: false, dueOn: null }), '2026-09-30', calendar);
    expect(s).toEqual({ clockRunning: false, workingDaysLeft: null, overdue: false });
  });

  it('groups open requests as the board shows them', () => {
    const at = (over: Partial<OpenRequestRow>, today: string) => {
      const r = row(over);
      return bucketOf(r, requestStanding(r, today, calendar));
    };
    expect(at({}, '2026-10-13')).toBe('overdue');
    expect(at({}, '2026-10-12')).toBe('within5');
    expect(at({}, '2026-09-30')).toBe('within5');
    expect(at({}, '2026-09-22')).toBe('within6To10');
    expect(at({ dueOn: '2026-10-30' }, '2026-09-22')).toBe('over10');
    expect(at({ status: 'third_party', clockRunning: false, dueOn: null }, '2026-09-22')).toBe('clockStopped');
    expect(at({ status: 'awaiting_confirmation', clockRunning: false, dueOn: null, receivedOn: null }, '2026-09-22')).toBe('awaitingConfirmation');
  });

  it('puts a reply awaiting approval before leaders, everything else before the office', () => {
    expect(waitsOn(row({ status: 'replying', replyStatus: 'awaiting_approval' }))).toBe('approver');
    expect(waitsOn(row({ status: 'replying', replyStatus: 'returned' }))).toBe('office');
    expect(waitsOn(row({ status: 'replying', replyStatus: 'approved' }))).toBe('office');
    expect(stepLabel(row({ status: 'replying', replyStatus: 'approved' }))).toBe('送达答复');
    expect(stepLabel(row({ status: 'awaiting_confirmation' }))).toBe('确认收到网上申请');
  });

  it('shows a stopped request with the working days it still has', () => {
    const r = row({ status: 'third_party', clockRunning: false, dueOn: null, remaining: 12 });
    const t = requestTaskView(r, requestStanding(r, '2026-09-30', calendar), calendar);
    expect(t).toMatchObject({ kind: 'request', kindLabel: '依申请公开', requestId: r.id, clockRunning: false, workingDaysLeft: null, dueAt: null, workingDaysRemainingWhenStopped: 12 });
    expect(t.dueOn).toBeUndefined();
  });

  it('sorts by working days left, stopped clocks and undated tasks last', () => {
    const task = (workingDaysLeft: number | null, dueAt: string | null, taskId: string) => ({ taskId, workingDaysLeft, dueAt }) as TaskDto;
    const sorted = [task(null, null, 'stopped'), task(5, '2026-10-09T15:59:59.999Z', 'b'), task(-2, '2026-09-28T15:59:59.999Z', 'late'), task(5, '2026-10-09T09:00:00.000Z', 'a')].sort(byWorkingDaysLeft);
    expect(sorted.map((t) => t.taskId)).toEqual(['late', 'a', 'b', 'stopped']);
  });
});
