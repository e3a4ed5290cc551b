/**
 * Who reviews a level for a department: the section head of the item's
 * department, the leader responsible for it (分管领导, leader_departments), or
 * the organisation's principal. Never the author: when the author holds the
 * role, the next suitable person up the chain takes the step. A holder away on
 * an active delegation is replaced by the delegate (recorded as delegateOf).
 */
import { ApplicationFailure } from '@temporalio/common';
import { type Assignment, type RouteLevel, ROLE_LABELS } from '@gongkai/contracts';
import type { Person } from '@gongkai/persistence';
import type { PublicationContext } from './publication-context';
import { reviewPeriods } from './review-settings';

type ReviewRole = RouteLevel['role'];

/** Roles tried, in order, when nobody but the author holds the requested one. */
const CHAIN: Record<ReviewRole, ReviewRole[]> = {
  section_head: ['section_head', 'leader', 'principal'],
  leader: ['leader', 'principal'],
  principal: ['principal'],
};

/** The role a waiting step escalates to; the principal has nobody above and is reminded again. */
export const ESCALATES_TO: Record<ReviewRole, ReviewRole> = {
  section_head: 'leader',
  leader: 'principal',
  principal: 'principal',
};

export interface AssignRequest {
  publicationId: string;
  departmentId: string;
  role: ReviewRole;
  since: string;
  authorId: string;
}

/** The assignment of `role` for the department at `since`, with reminder and escalation instants. */
export async function assignRole(ctx: PublicationContext, req: AssignRequest): Promise<Assignment> {
  const since = new Date(req.since);
  if (Number.isNaN(since.getTime())) {
    throw ApplicationFailure.nonRetryable(`审核开始时间无效：${req.since}`, 'InvalidAssignmentRequest');
  }
  const { users } = ctx.repositories;
  // Independent reads side by side: an assignment sits on every decision's path (issue 14's lean approve path).
  const [department, periods] = await Promise.all([users.department(req.departmentId), reviewPeriods(ctx)]);
  if (!department) {
    throw ApplicationFailure.nonRetryable(`科室 ${req.departmentId} 不存在`, 'UnknownDepartment');
  }

  let holder: Person | undefined;
  for (const role of CHAIN[req.role]) {
    holder = (await users.holders(role, req.departmentId, department.organisationId)).find((p) => p.id !== req.authorId);
    if (holder) break;
  }
  if (!holder) {
    throw ApplicationFailure.nonRetryable(
      `稿件 ${req.publicationId} 找不到可以担任${ROLE_LABELS[req.role]}审核的人（作者本人不能审核自己的稿件），请在组织架构中指定`,
      'NoEligibleReviewer',
    );
  }

  let assignee = holder;
  let delegateOf: Assignment['delegateOf'];
  const [delegate, remindAt, escalateAt] = await Promise.all([
    users.activeDelegate(holder.id, since),
    ctx.calendar.deadline(since, periods.reminderWorkingDays),
    ctx.calendar.deadline(since, periods.escalationWorkingDays),
  ]);
  if (delegate && delegate.id === req.authorId) {
    ctx.logger.warn(`${holder.name} 委托的 ${delegate.name} 是稿件作者，不能审核自己的稿件；本步仍由 ${holder.name} 审核`, {
      publicationId: req.publicationId,
    });
  } else if (delegate) {
    assignee = delegate;
    delegateOf = { userId: holder.id, name: holder.name };
  }

  return {
    assigneeId: assignee.id,
    assigneeName: assignee.name,
    ...(delegateOf ? { delegateOf } : {}),
    deciders: delegateOf ? [assignee.id, delegateOf.userId] : [assignee.id],
    remindAt: remindAt.toISOString(),
    escalateAt: escalateAt.toISOString(),
  };
}
