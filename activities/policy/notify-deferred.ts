/**
 * notifyDeferred: the deferred interpretation's reminder (its owner, the
 * morning of the due day) and its lateness (the owner, the lead and the
 * owner's section heads: the escalation). One notification row per person,
 * keyed by the workflow id and sequence number with the person appended, so
 * a retried activity notifies nobody twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { INTERPRETATION_FORM_LABELS, type InterpretationForm, type PolicyPackageActivities } from '@gongkai/contracts';
import { civilDateInShanghai } from '@gongkai/domain';
import type { PublicationContext } from '../publication/publication-context';

export function notifyDeferredActivity(ctx: PublicationContext): PolicyPackageActivities['notifyDeferred'] {
  return ({ workflowId, seq, interpretationId, kind }) =>
    ctx.ds.transaction(async (m) => {
      const parties = await ctx.repositories.policyPackages.in(m).deferredParties(interpretationId);
      if (!parties) throw ApplicationFailure.nonRetryable(`解读 ${interpretationId} 不存在`, 'InterpretationNotFound');
      const what = `《${parties.policyTitle}》的${INTERPRETATION_FORM_LABELS[parties.form as InterpretationForm] ?? parties.form}`;
      const due = parties.dueAt ? civilDateInShanghai(new Date(parties.dueAt)) : '';
      const messages: [string, string][] =
        kind === 'reminder'
          ? [[parties.ownerId, `${what}（暂缓解读）须在今天（${due}）内完成并发布，请抓紧起草、标记就绪`]]
          : [...new Set([parties.ownerId, parties.leadId, ...parties.sectionHeadIds])].map((userId) => [
              userId,
              `${what}（暂缓解读）已逾期：应于 ${due} 前随政策发布，至今未发布，请督促办理`,
            ]);
      const createdAt = ctx.now();
      for (const [userId, message] of messages) {
        await ctx.repositories.notifications.in(m).notifyOnce({
          userId,
          publicationId: parties.policyPublicationId,
          kind: kind === 'reminder' ? 'reminder' : 'escalation',
          message,
          createdAt,
          workflowId: `${workflowId}#${userId}`,
          seq,
        });
      }
    });
}
