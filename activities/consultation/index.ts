/**
 * The consultation (征求意见) activities: its projection, the window's close
 * and extension transactions, the feedback report's schedule and notices.
 * The window opens in the notice's publish transaction (publish.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { ConsultationActivities } from '@gongkai/contracts';
import { civilDateInShanghai, officeMorningInShanghai } from '@gongkai/domain';
import { createPublicationContext, type PublicationActivityOptions } from '../publication/publication-context';

export function createConsultationActivities(ds: DataSource, options: PublicationActivityOptions = {}): ConsultationActivities {
  const ctx = createPublicationContext(ds, options);
  const consultations = ctx.repositories.consultations;
  return {
    projectConsultation: (t) => consultations.project(t),
    closeWindow: ({ consultationId, at }) => consultations.closeWindow(consultationId, at),
    moveClosing: ({ consultationId, closesAt, extension }) => consultations.moveClosing(consultationId, closesAt, extension),

    /** Due by the end of the Nth working day after closing (default 20); reminded the morning 5 working days before. */
    async feedbackSchedule({ closedAt }) {
      const settings = ctx.options.consultationFeedback ?? { dueWorkingDays: 20, reminderWorkingDays: 15 };
      const closedOn = civilDateInShanghai(new Date(closedAt));
      const [dueAt, remindDay] = await Promise.all([
        ctx.calendar.deadline(new Date(closedAt), settings.dueWorkingDays),
        ctx.calendar.addWorkingDays(closedOn, Math.min(settings.reminderWorkingDays, settings.dueWorkingDays)),
      ]);
      const remindAt = officeMorningInShanghai(remindDay);
      return { dueAt: dueAt.toISOString(), remindAt: remindAt.toISOString() };
    },

    /** Reminder: the author. Late: the author, their section heads and the department's leaders (the escalation). */
    notifyFeedback: ({ workflowId, seq, consultationId, kind }) =>
      ds.transaction(async (m) => {
        const c = await consultations.in(m).find(consultationId);
        if (!c) throw ApplicationFailure.nonRetryable(`征求意见 ${consultationId} 不存在`, 'ConsultationNotFound');
        const users = ctx.repositories.users.in(m);
        const due = c.feedbackDueAt ? civilDateInShanghai(new Date(c.feedbackDueAt)) : '';
        const recipients =
          kind === 'reminder'
            ? [c.authorId]
            : [
                c.authorId,
                ...(await users.holders('section_head', c.departmentId, c.organisationId)).map((p) => p.id),
                ...(await users.holders('leader', c.departmentId, c.organisationId)).map((p) => p.id),
              ];
        const message =
          kind === 'reminder'
            ? `《${c.title}》征求意见已截止，请在 ${due} 前对意见逐条作出处理并发布意见采纳情况反馈`
            : `《${c.title}》征求意见截止后，意见采纳情况反馈应于 ${due} 前发布，至今未发布，请督促办理`;
        for (const userId of [...new Set(recipients)]) {
          await ctx.repositories.notifications.in(m).notifyOnce({
            userId,
            publicationId: c.noticePublicationId,
            kind: kind === 'reminder' ? 'reminder' : 'escalation',
            message,
            createdAt: ctx.now(),
            // One row per person per notice: the person appended to the workflow id keeps the key unique.
            workflowId: `${workflowId}#${userId}`,
            seq,
          });
        }
      }),
  };
}
