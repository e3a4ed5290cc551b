import type { Task } from '../api/types';
import { dueLabel, sortTasks, taskDue, taskKindLabel, taskLink, taskStep } from './due';

const task = (over: Partial<Task>): Task =>
  ({
    taskId: 't', publicationId: 'p', title: 'x', departmentId: 'jichu', departmentName: '基础教育科', authorName: '张伟',
    category: '工作动态', level: 1, role: 'section_head', version: 1, createdAt: '2026-03-01T00:00:00Z', late: false, kind: 'review', kindLabel: '审核', overdue: false, ...over,
  }) as Task;

describe('我的待办 due labels', () => {
  it('counts working days left, and overdue ones in the past', () => {
    expect(dueLabel(5)).toEqual({ text: '剩 5 个工作日', overdue: false, soon: false });
    expect(dueLabel(2)).toEqual({ text: '剩 2 个工作日', overdue: false, soon: true });
    expect(dueLabel(0)).toEqual({ text: '今日到期', overdue: false, soon: true });
    expect(dueLabel(-3, true)).toEqual({ text: '逾期 3 个工作日', overdue: true, soon: false });
    expect(dueLabel(undefined)).toEqual({ text: '无期限', overdue: false, soon: false });
  });

  it('trusts the API’s overdue flag (and the older `late`) when there is no count', () => {
    expect(taskDue(task({ late: true })).overdue).toBe(true);
    expect(taskDue(task({ workingDaysLeft: 4 as never, overdue: false })).text).toBe('剩 4 个工作日');
  });

  it('sorts by due date ascending, undated last, then oldest first', () => {
    const a = task({ taskId: 'a', dueAt: '2026-03-10T00:00:00Z' as never });
    const b = task({ taskId: 'b', dueAt: '2026-03-05T00:00:00Z' as never });
    const c = task({ taskId: 'c', dueAt: null });
    const d = task({ taskId: 'd', dueAt: null, createdAt: '2026-02-01T00:00:00Z' });
    expect(sortTasks([a, c, b, d]).map((t) => t.taskId)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('labels every kind of task', () => {
    expect(taskKindLabel(task({}))).toBe('审核');
    expect(taskKindLabel({ kind: 'interpretation', kindLabel: '' })).toBe('政策解读');
    expect(taskKindLabel(task({ kind: 'reply', kindLabel: '答复申请' }))).toBe('答复申请');
  });
});

describe('where a task is worked on', () => {
  it('opens a review on its manuscript and interpretation drafting on its package, on that interpretation', () => {
    expect(taskLink(task({ publicationId: 'p1' }))).toBe('/manuscripts/p1');
    expect(taskLink(task({ kind: 'interpretation', kindLabel: '解读起草', publicationId: 'p1', packageId: 'k1', interpretationId: 'i1' }))).toBe('/policy-packages/k1?i=i1');
    // Without a package id (an older API) it still opens the policy.
    expect(taskLink(task({ kind: 'interpretation', publicationId: 'p1' }))).toBe('/manuscripts/p1');
  });

  it('names the step: a review level, or the interpretation form to draft', () => {
    expect(taskStep(task({ level: 2 }))).toBe('分管领导审核');
    expect(taskStep(task({ kind: 'interpretation', level: 0, form: 'qa' }))).toBe('政策问答起草');
    expect(taskStep(task({ kind: 'interpretation', level: 0 }))).toBe('解读起草');
  });
});

describe('依申请公开 on the task list', () => {
  const request = (over: Partial<Task>) => task({ kind: 'request', kindLabel: '依申请公开', requestId: 'r1', publicationId: 'r1', level: 0, stepLabel: '审批答复', ...over });
  it('opens the request on the desk, names its step, and says a stopped clock is stopped', () => {
    expect(taskLink(request({}))).toBe('/request-desk/r1');
    expect(taskStep(request({}))).toBe('审批答复');
    expect(taskDue(request({ clockRunning: true, workingDaysLeft: 3 as never })).text).toBe('剩 3 个工作日');
    expect(taskDue(request({ clockRunning: false, requestStatus: 'third_party', workingDaysLeft: null }))).toEqual({ text: '期限暂停', overdue: false, soon: false });
    expect(taskDue(request({ clockRunning: false, requestStatus: 'awaiting_confirmation' })).text).toBe('未起算');
  });
});
