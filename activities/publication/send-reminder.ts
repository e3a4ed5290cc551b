/**
 * sendReminder: tells the assignee a step is waiting (a notification row) and
 * records it on the timeline, both keyed by (workflowId, seq) so a retry sends
 * nothing twice. The open task notes when it was first reminded.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function sendReminderActivity(ctx: PublicationContext): PublicationActivities['sendReminder'] {
  const { publications, users, notifications, timeline, reviewTasks } = ctx.repositories;
  return ({ workflowId, publicationId, seq, assigneeId, level }) =>
    ctx.ds.transaction(async (m) => {
      const item = await publications.in(m).heading(publicationId);
      if (!item) throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 不存在`, 'PublicationNotFound');
      const assigneeName = await users.in(m).nameOf(assigneeId);
      const at = ctx.now();
      await notifications.in(m).notifyOnce({
        userId: assigneeId,
        publicationId,
        kind: 'reminder',
        message: `《${item.title}》在您这里等待第 ${level} 级审核，请及时处理`,
        createdAt: at,
        workflowId,
        seq,
      });
      await timeline.in(m).append({
        workflowId,
        seq,
        publicationId,
        kind: 'reminded',
        actorId: null,
        actorName: '系统',
        version: item.version,
        at,
        detail: { assigneeId, assigneeName: assigneeName ?? assigneeId, level },
      });
      await reviewTasks.in(m).markReminded(publicationId, level, assigneeId, at);
    });
}
