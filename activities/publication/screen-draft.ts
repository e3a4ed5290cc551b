/** screenDraft: runs content screening over one stored draft version (title + body). */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities, ScreeningFinding } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function screenDraftActivity(ctx: PublicationContext): PublicationActivities['screenDraft'] {
  return async ({ publicationId, version }) => {
    const draft = await ctx.repositories.publications.version(publicationId, version);
    if (!draft) {
      throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 第 ${version} 版不存在`, 'DraftVersionNotFound');
    }
    const findings = ctx.screening.screenDraft({ title: draft.title, body: draft.body, format: draft.bodyFormat });
    return {
      findings: findings.map(
        (f): ScreeningFinding => ({
          kind: f.kind,
          severity: f.severity,
          text: f.text,
          start: f.start,
          end: f.end,
          suggestion: f.suggestion,
          ...(f.field ? { field: f.field } : {}),
        }),
      ),
    };
  };
}
