/**
 * sendReminder: tells the assignee a step is waiting (a notification row) and
 * records it on the timeline, both keyed by (workflowId, seq) so a retry sends
 * nothing twice. The open task notes when it was first reminded.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '../../libs/contracts/src/publication';
import type { PublicationContext } from './publication-context';

export function sendReminderActivity(ctx: PublicationContext): PublicationActivities['sendReminder'] {
  return ({ workflowId, publicationId, seq, assigneeId, level }) =>
    ctx.ds.transaction(async (m) => {
      const [item]: { title: string; version: number }[] = await m.query(
        'SELECT title, version FROM publications WHERE id = $1',
        [publicationId],
      );
      if (!item) throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 不存在`, 'PublicationNotFound');
      const [user]: { name: string }[] = await m.query('SELECT name FROM users WHERE id = $1', [assigneeId]);
      const at = ctx.now();
      await m.query(
        `INSERT INTO notifications (user_id, publication_id, kind, message, created_at, workflow_id, seq)
         VALUES ($1, $2, 'reminder', $3, $4, $5, $6)
         ON CONFLICT (workflow_id, seq) DO NOTHING`,
        [assigneeId, publicationId, `《${item.title}》在您这里等待第 ${level} 级审核，请及时处理`, at, workflowId, seq],
      );
      await m.query(
        `INSERT INTO timeline_events (workflow_id, seq, publication_id, kind, actor_id, actor_name, version, at, detail)
         VALUES ($1, $2, $3, 'reminded', NULL, '系统', $4, $5, $6)
         ON CONFLICT (workflow_id, seq) DO NOTHING`,
        [workflowId, seq, publicationId, item.version, at, JSON.stringify({ assigneeId, assigneeName: user?.name ?? assigneeId, level })],
      );
      await m.query(
        `UPDATE review_tasks SET reminded_at = coalesce(reminded_at, $4)
          WHERE publication_id = $1 AND level = $2 AND assignee_id = $3 AND status = 'open'`,
        [publicationId, level, assigneeId, at],
      );
    });
}
