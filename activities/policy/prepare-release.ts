/**
 * prepareRelease: a deferred interpretation released by the lead becomes a
 * publication of its own (category 政策解读, the owner its author, draft
 * version 1 = the released interpretation version), which its one-level
 * review then carries to the catalogue. The publication id is the workflow's,
 * so a retried activity finds the row and writes nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { INTERPRETATION_CATEGORY, INTERPRETATION_FORM_LABELS, type InterpretationForm, type PolicyPackageActivities } from '@gongkai/contracts';
import type { PublicationContext } from '../publication/publication-context';

export function prepareReleaseActivity(ctx: PublicationContext): PolicyPackageActivities['prepareRelease'] {
  return ({ interpretationId, version, publicationId }) =>
    ctx.ds.transaction(async (m) => {
      const publications = ctx.repositories.publications.in(m);
      const packages = ctx.repositories.policyPackages.in(m);
      if (await publications.find(publicationId)) return;
      const source = await packages.releaseSource(interpretationId, version);
      if (!source?.version) {
        throw ApplicationFailure.nonRetryable(`解读 ${interpretationId} 第 ${version} 版不存在`, 'InterpretationVersionNotFound');
      }
      const formLabel = INTERPRETATION_FORM_LABELS[source.form as InterpretationForm] ?? source.form;
      await publications.insertDraft({
        id: publicationId,
        organisationId: source.organisationId,
        departmentId: source.ownerDepartmentId,
        authorId: source.ownerId,
        authorName: source.ownerName,
        category: INTERPRETATION_CATEGORY,
        attribute: 'proactive',
        attributeReason: null,
        documentNumber: null,
        writtenDate: source.policyWrittenDate,
        validity: '现行有效',
        title: source.version.title?.trim() || source.plannedTitle?.trim() || `《${source.policyTitle}》${formLabel}`,
        body: source.version.body,
        bodyFormat: 'text',
        attachments: [],
      });
      await packages.markReleased(interpretationId, publicationId);
    });
}
