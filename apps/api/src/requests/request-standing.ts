/**
 * Where an open disclosure request stands today (pure, unit-tested): whose
 * move it is, its due date and the working days left on the working-day
 * calendar, or that its clock is stopped. /tasks and the board share it.
 */
import type { WorkingDayCalendar } from '@gongkai/domain';
import type { OpenRequestRow } from '@gongkai/persistence';
import type { TaskDto } from '../publications/publication-view.dto';

/** Who acts next: the disclosure office, or a leader/the principal approving the reply. */
export type RequestActor = 'office' | 'approver';

/** The board's groups of open requests by working days left. */
export type RequestBucket = 'overdue' | 'within5' | 'within6To10' | 'over10' | 'clockStopped' | 'awaitingConfirmation';

export interface RequestStanding {
  /** Present while the clock runs (a stopped clock has no due date). */
  dueOn?: string;
  clockRunning: boolean;
  /** Today to the due date in working days (negative when past it); null while the clock is stopped or not started. */
  workingDaysLeft: number | null;
  overdue: boolean;
}

export function requestStanding(row: OpenRequestRow, today: string, calendar: WorkingDayCalendar): RequestStanding {
  const running = row.clockRunning && row.dueOn !== null && row.status !== 'awaiting_confirmation';
  if (!running) return { clockRunning: false, workingDaysLeft: null, overdue: row.overdue };
  const dueOn = row.dueOn!;
  return {
    dueOn,
    clockRunning: true,
    workingDaysLeft: calendar.workingDaysBetween(today, dueOn),
    overdue: row.overdue || dueOn < today,
  };
}

export function bucketOf(row: OpenRequestRow, s: RequestStanding): RequestBucket {
  if (row.status === 'awaiting_confirmation') return 'awaitingConfirmation';
  if (s.overdue) return 'overdue';
  if (s.workingDaysLeft === null) return 'clockStopped';
  if (s.workingDaysLeft <= 5) return 'within5';
  if (s.workingDaysLeft <= 10) return 'within6To10';
  return 'over10';
}

/** Whose move it is; undefined while the request waits on no one here (never for an open one). */
export function waitsOn(row: OpenRequestRow): RequestActor {
  return row.status === 'replying' && row.replyStatus === 'awaiting_approval' ? 'approver' : 'office';
}

/** What the one acting next has to do, as the task list says it. */
export function stepLabel(row: OpenRequestRow): string {
  switch (row.status) {
    case 'awaiting_confirmation':
      return '确认收到网上申请';
    case 'registered':
      return '办理：补正、征求第三方意见或拟办答复';
    case 'awaiting_clarification':
      return '等待申请人补正（期限暂停）';
    case 'third_party':
      return '等待第三方意见（期限暂停）';
    case 'replying':
      if (row.replyStatus === 'awaiting_approval') return '审批答复';
      if (row.replyStatus === 'approved') return '送达答复';
      return '答复被退回，修改后重新报批';
    default:
      return '办理';
  }
}

export const REQUEST_TASK_KIND_LABEL = '依申请公开';

/** The request as one of the caller's tasks (the task list's common fields, plus the request's own). */
export function requestTaskView(row: OpenRequestRow, s: RequestStanding, calendar: WorkingDayCalendar): TaskDto {
  const content = row.content.length > 40 ? `${row.content.slice(0, 40)}…` : row.content;
  return {
    taskId: `request:${row.id}`,
    publicationId: row.id,
    title: `依申请公开：${content}`,
    departmentId: row.organisationId,
    departmentName: '政务公开办',
    authorName: row.requesterName,
    category: 'disclosure_request',
    level: 0,
    role: waitsOn(row),
    version: 0,
    delegateOf: null,
    createdAt: row.createdAt.toISOString(),
    remindAt: null,
    dueAt: s.dueOn ? calendar.endOfDay(s.dueOn).toISOString() : null,
    late: s.overdue,
    kind: 'request',
    kindLabel: REQUEST_TASK_KIND_LABEL,
    workingDaysLeft: s.workingDaysLeft,
    overdue: s.overdue,
    requestId: row.id,
    trackingCode: row.trackingCode,
    requestStatus: row.status,
    clockRunning: s.clockRunning,
    ...(s.dueOn ? { dueOn: s.dueOn } : {}),
    ...(!s.clockRunning && row.status !== 'awaiting_confirmation' && row.remaining !== null ? { workingDaysRemainingWhenStopped: row.remaining } : {}),
    stepLabel: stepLabel(row),
  };
}

/** /tasks order: fewest working days left first; stopped clocks and tasks without a due date last, oldest first. */
export function byWorkingDaysLeft(a: TaskDto, b: TaskDto): number {
  const left = (t: TaskDto) => t.workingDaysLeft ?? Number.POSITIVE_INFINITY;
  const due = (t: TaskDto) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  if (left(a) !== left(b)) return left(a) < left(b) ? -1 : 1;
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  return 0;
}
