/**
 * screenDraft: runs content screening over one stored draft version (title +
 * body) and, in a policy package's review, over every interpretation version
 * the bundle holds — the same screening, so a personal-data or classification
 * finding in any part returns the policy (and its package) as it would a
 * publication. A finding in an interpretation names it (`part`).
 */
import { ApplicationFailure } from '@temporalio/common';
import { INTERPRETATION_FORM_LABELS, type InterpretationForm, type PublicationActivities, type ScreenedPart, type ScreeningFinding } from '@gongkai/contracts';
import type { Finding } from '@gongkai/domain';
import type { PublicationContext } from './publication-context';

type ScreenDraftInput = Parameters<PublicationActivities['screenDraft']>[0];

export function screenDraftActivity(ctx: PublicationContext): PublicationActivities['screenDraft'] {
  return async ({ publicationId, version, bundle }) => {
    const draft = await ctx.repositories.publications.version(publicationId, version);
    if (!draft) {
      throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 第 ${version} 版不存在`, 'DraftVersionNotFound');
    }
    const findings = ctx.screening.screenDraft({ title: draft.title, body: draft.body, format: draft.bodyFormat }).map((f) => findingOf(f));
    if (bundle) findings.push(...(await screenBundle(ctx, bundle)));
    return { findings };
  };
}

/** Each bundled interpretation at its bundled version (plain text, as it is saved and published). */
async function screenBundle(ctx: PublicationContext, bundle: NonNullable<ScreenDraftInput['bundle']>): Promise<ScreeningFinding[]> {
  const pkg = await ctx.repositories.policyPackages.find(bundle.packageId);
  if (!pkg) throw ApplicationFailure.nonRetryable(`政策包 ${bundle.packageId} 不存在`, 'PackageNotFound');
  const findings: ScreeningFinding[] = [];
  for (const { id, version } of bundle.interpretations) {
    const planned = pkg.interpretations.find((i) => i.id === id);
    const saved = await ctx.repositories.policyPackages.version(id, version);
    if (!planned || !saved) {
      throw ApplicationFailure.nonRetryable(`政策包 ${bundle.packageId} 的解读 ${id} 第 ${version} 版不存在`, 'DraftVersionNotFound');
    }
    const part: ScreenedPart = {
      interpretationId: id,
      version,
      form: planned.form,
      label: `${INTERPRETATION_FORM_LABELS[planned.form as InterpretationForm] ?? planned.form}（${planned.ownerName}）`,
    };
    for (const f of ctx.screening.screenDraft({ title: saved.title ?? '', body: saved.body, format: 'text' })) findings.push(findingOf(f, part));
  }
  return findings;
}

function findingOf(f: Finding, part?: ScreenedPart): ScreeningFinding {
  return {
    kind: f.kind,
    severity: f.severity,
    text: f.text,
    start: f.start,
    end: f.end,
    suggestion: f.suggestion,
    ...(f.field ? { field: f.field } : {}),
    ...(part ? { part } : {}),
  };
}
