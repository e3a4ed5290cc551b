/**
 * retractFromCatalog (撤回): the catalogue entry stays, marked withdrawn with
 * when, why and by whom, and loses its text and attachments — a retracted
 * entry shows only its metadata and the fact and date of withdrawal (the
 * draft versions keep the text for staff). A package's policy takes its
 * published interpretations with it, in the same transaction (三同步 holds
 * for withdrawal too). Repeating the call keeps the first record.
 */
import { ApplicationFailure } from '@temporalio/common';
import { policyPackageWorkflowId, type PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function retractFromCatalogActivity(ctx: PublicationContext): PublicationActivities['retractFromCatalog'] {
  return ({ publicationId, reason, actorId, at }) =>
    ctx.ds.transaction(async (m) => {
      const catalogue = ctx.repositories.catalogue.in(m);
      if (!(await catalogue.withdraw(publicationId, at, reason, actorId))) {
        throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 未在公开目录中，无法撤回`, 'NotInCatalog');
      }
      const bundle = await ctx.repositories.policyPackages.in(m).retractBundle(publicationId);
      if (!bundle) return {};
      for (const p of bundle.published) {
        await catalogue.withdraw(p.publicationId, at, `随政策撤回：${reason}`, actorId);
        await ctx.repositories.publications.in(m).markRetracted(p.publicationId);
      }
      return { interpretations: bundle.published, packageWorkflowId: policyPackageWorkflowId(bundle.packageId) };
    });
}
