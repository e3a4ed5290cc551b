/** 我的待办: every task sorted by due date, with working days left and overdue marked. */
import type { Task } from '../api/types';
import { num, STAGE_LABELS, text } from './format';
import { formLabel } from './policy';

export interface DueLabel {
  text: string;
  overdue: boolean;
  /** due within 3 working days (not yet overdue) */
  soon: boolean;
}

/** From the API's `workingDaysLeft` (negative when overdue) and `overdue`. */
export function dueLabel(workingDaysLeft: number | null | undefined, overdue = false): DueLabel {
  if (workingDaysLeft === null || workingDaysLeft === undefined) {
    return { text: overdue ? '已逾期' : '无期限', overdue, soon: false };
  }
  if (overdue || workingDaysLeft < 0) {
    const n = Math.abs(workingDaysLeft);
    return { text: n === 0 ? '今日到期，已逾期' : `逾期 ${n} 个工作日`, overdue: true, soon: false };
  }
  if (workingDaysLeft === 0) return { text: '今日到期', overdue: false, soon: true };
  return { text: `剩 ${workingDaysLeft} 个工作日`, overdue: false, soon: workingDaysLeft <= 3 };
}

export function taskDue(task: Task): DueLabel {
  // A disclosure request whose clock is stopped (补正, third party) or not started has no due date until it runs again.
  if (task.kind === 'request' && task.clockRunning === false) {
    return { text: task.requestStatus === 'awaiting_confirmation' ? '未起算' : '期限暂停', overdue: false, soon: false };
  }
  return dueLabel(num(task.workingDaysLeft), task.overdue || task.late);
}

/** Due date ascending; tasks without a due date last, then oldest first. */
export function sortTasks<T extends Pick<Task, 'dueAt' | 'createdAt'>>(tasks: readonly T[]): T[] {
  const due = (t: T) => {
    const ms = Date.parse(text(t.dueAt));
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return [...tasks].sort((a, b) => due(a) - due(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

const KIND_LABELS: Record<string, string> = { review: '审核', interpretation: '政策解读', consultation: '征求意见', reply: '依申请答复', request: '依申请公开' };

export function taskKindLabel(task: Pick<Task, 'kind' | 'kindLabel'>): string {
  return task.kindLabel || KIND_LABELS[task.kind] || task.kind;
}

/** Where a task is worked on. Reviews open their manuscript; interpretation drafting its package's co-drafting page. */
export function taskLink(task: Task): string {
  if (task.kind === 'interpretation' && task.packageId) {
    const tab = task.interpretationId ? `?i=${encodeURIComponent(task.interpretationId)}` : '';
    return `/policy-packages/${encodeURIComponent(task.packageId)}${tab}`;
  }
  if (task.kind === 'request') return `/request-desk/${encodeURIComponent(task.requestId ?? task.publicationId)}`;
  return `/manuscripts/${encodeURIComponent(task.publicationId)}`;
}

/** The 环节 column: a review's level, or which interpretation is to be drafted. */
export function taskStep(task: Task): string {
  if (task.kind === 'interpretation') return task.form ? `${formLabel(task.form)}起草` : '解读起草';
  if (task.kind === 'request') return task.stepLabel ?? '办理';
  return STAGE_LABELS[task.level] ?? `第 ${task.level} 级`;
}
