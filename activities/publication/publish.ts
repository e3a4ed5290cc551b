/**
 * publish: the last approval has been given. In one transaction: allocate the
 * 索引号 (per organisation and year, gap-free: the serial commits or rolls back
 * with the catalogue entry), write the catalogue entry from the approved draft
 * version, and record 发布日期 and the overdue flag on the item.
 *
 * Idempotent per publication: the item row is locked first, and an item that
 * already has an index number gets its existing result back.
 */
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  INTERPRETATION_CATEGORY,
  INTERPRETATION_FORM_LABELS,
  policyPackageWorkflowId,
  type InterpretationForm,
  type PublicationActivities,
  type PublishResult,
} from '@gongkai/contracts';
import { civilDateInShanghai, closingStatement, isCivilDate, windowClosesAt } from '@gongkai/domain';
import type { PublicationContext } from './publication-context';
import type { ReviewDays } from './review-calendar';

/** 条例 Art. 26: proactive disclosure within 20 working days of the information being formed. */
export const DISCLOSURE_WORKING_DAYS = 20;

const DISCLOSURE: Record<string, { method: string; scope: string }> = {
  proactive: { method: '主动公开', scope: '面向社会' },
  on_request: { method: '依申请公开', scope: '申请人' },
  not_disclosed: { method: '不予公开', scope: '不公开' },
};

export function publishActivity(ctx: PublicationContext): PublicationActivities['publish'] {
  return async (input) => {
    const days = await ctx.calendar.current();
    return ctx.ds.transaction((m) => publishIn(m, ctx, days, input));
  };
}

async function publishIn(
  m: EntityManager,
  ctx: PublicationContext,
  days: ReviewDays,
  input: Parameters<PublicationActivities['publish']>[0],
): Promise<PublishResult> {
  const publications = ctx.repositories.publications.in(m);
  const catalogue = ctx.repositories.catalogue.in(m);
  const item = await publications.lockForPublishing(input.publicationId);
  if (!item) throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 不存在`, 'PublicationNotFound');
  if (item.indexNumber && item.publishedAt) {
    return { indexNumber: item.indexNumber, publishedAt: item.publishedAt.toISOString(), overdue: item.overdue };
  }

  const draft = await publications.version(input.publicationId, input.version);
  if (!draft) {
    throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 第 ${input.version} 版不存在`, 'DraftVersionNotFound');
  }
  const names = await catalogue.publishingNames(item.organisationId, item.departmentId, item.category);
  if (!names) {
    throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 的发布机构或科室不存在`, 'UnknownOrganisation');
  }

  const publishedAt = input.at === undefined ? ctx.now() : new Date(input.at);
  if (Number.isNaN(publishedAt.getTime())) throw ApplicationFailure.nonRetryable(`发布时间无效：${input.at}`, 'InvalidPublishRequest');
  const publishedOn = civilDateInShanghai(publishedAt);
  const allocated = await ctx.repositories.indexNumbers.allocate(names.indexPattern, publishedOn, m);
  const writtenDate = [input.writtenDate, draft.writtenDate, item.writtenDate].find(
    (d): d is string => typeof d === 'string' && isCivilDate(d),
  );
  const overdue = writtenDate
    ? publishedOn > days.addWorkingDays(writtenDate, DISCLOSURE_WORKING_DAYS)
    : false;
  const disclosure = DISCLOSURE[item.attribute] ?? DISCLOSURE.proactive;

  // 依申请公开 / 不予公开 items are registered (索引号, metadata) but their text never enters the catalogue.
  const isPublic = item.attribute === 'proactive';
  // A consultation's notice opens its window now: the exact closing date is printed in the published text.
  const closesAt = input.consultation?.role === 'notice' ? windowClosesAt(publishedAt, input.consultation.days ?? 0) : undefined;
  const body = closesAt ? withClosingStatement(draft.body, draft.bodyFormat, closesAt) : draft.body;
  await catalogue.insert({
    indexNumber: allocated.indexNumber,
    publicationId: input.publicationId,
    organisationId: item.organisationId,
    organisationName: names.organisationName,
    departmentName: names.departmentName,
    category: item.category,
    categoryName: names.categoryName ?? item.category,
    parentCategoryName: names.parentCategoryName,
    title: draft.title,
    body: isPublic ? body : null,
    bodyFormat: draft.bodyFormat,
    attachments: isPublic ? (draft.attachments ?? []) : [],
    documentNumber: draft.documentNumber ?? item.documentNumber,
    writtenDate: writtenDate ?? null,
    publishedAt,
    validity: item.validity,
    disclosureMethod: disclosure.method,
    scope: disclosure.scope,
    version: input.version,
    attribute: item.attribute,
  });
  await publications.markPublished(input.publicationId, allocated.indexNumber, publishedAt, overdue);
  if (input.bundle) {
    await publishInterpretations(m, ctx, input.bundle, {
      indexNumber: allocated.indexNumber,
      title: draft.title,
      organisationId: item.organisationId,
      writtenDate: writtenDate ?? null,
      publishedAt,
      publishedOn,
    });
  }
  if (input.consultation) {
    const consultations = ctx.repositories.consultations.in(m);
    if (closesAt) {
      await consultations.openWindow(input.consultation.consultationId, publishedAt, closesAt, allocated.indexNumber);
    } else {
      // The feedback report: linked to the notice both ways; the consultation is concluded with it.
      const consultation = await consultations.find(input.consultation.consultationId);
      if (!consultation?.noticeIndexNumber) {
        throw ApplicationFailure.nonRetryable(`征求意见 ${input.consultation.consultationId} 的公告尚未发布`, 'NoticeNotPublished');
      }
      await catalogue.link(consultation.noticeIndexNumber, allocated.indexNumber, 'feedback', 'feedback_on');
      await consultations.conclude(input.consultation.consultationId, input.publicationId, allocated.indexNumber);
    }
  }
  if (input.interprets) {
    // A deferred interpretation (暂缓解读), published after its policy: linked to the policy's entry both ways.
    const packages = ctx.repositories.policyPackages.in(m);
    const policy = await packages.policyEntryOf(input.interprets.interpretationId);
    if (!policy?.policyIndexNumber) {
      throw ApplicationFailure.nonRetryable(`解读 ${input.interprets.interpretationId} 的政策尚未发布`, 'PolicyNotPublished');
    }
    await packages.markInterpretationPublished(input.interprets.interpretationId, allocated.indexNumber, publishedAt, input.publicationId);
    await packages.link(policy.policyIndexNumber, allocated.indexNumber, policy.form);
  }
  return { indexNumber: allocated.indexNumber, publishedAt: publishedAt.toISOString(), overdue };
}

/**
 * 同步发布: a policy package's ready interpretations (at the versions the
 * bundle's signatures covered) are published in the policy's transaction,
 * with its publishedAt, as 主动公开 entries under 政策解读, each its own
 * publication row, linked to the policy's entry both ways.
 */
async function publishInterpretations(
  m: EntityManager,
  ctx: PublicationContext,
  bundle: NonNullable<Parameters<PublicationActivities['publish']>[0]['bundle']>,
  policy: { indexNumber: string; title: string; organisationId: string; writtenDate: string | null; publishedAt: Date; publishedOn: string },
): Promise<void> {
  const packages = ctx.repositories.policyPackages.in(m);
  const catalogue = ctx.repositories.catalogue.in(m);
  const rows = await packages.lockForPublishing(bundle.packageId);
  for (const planned of bundle.interpretations) {
    const row = rows.find((r) => r.id === planned.id);
    if (!row || row.indexNumber) continue;
    const version = await packages.version(row.id, planned.version);
    if (!version) {
      throw ApplicationFailure.nonRetryable(`解读 ${row.id} 第 ${planned.version} 版不存在`, 'InterpretationVersionNotFound');
    }
    const names = await catalogue.publishingNames(policy.organisationId, row.ownerDepartmentId, INTERPRETATION_CATEGORY);
    if (!names) {
      throw ApplicationFailure.nonRetryable(`解读 ${row.id} 的发布机构、科室或“${INTERPRETATION_CATEGORY}”分类不存在`, 'UnknownOrganisation');
    }
    const formLabel = INTERPRETATION_FORM_LABELS[row.form as InterpretationForm] ?? row.form;
    const title = version.title?.trim() || row.title?.trim() || `《${policy.title}》${formLabel}`;
    const allocated = await ctx.repositories.indexNumbers.allocate(names.indexPattern, policy.publishedOn, m);
    const publicationId = randomUUID();
    await packages.insertInterpretationPublication({
      publicationId,
      organisationId: policy.organisationId,
      departmentId: row.ownerDepartmentId,
      authorId: row.ownerId,
      authorName: row.ownerName,
      category: INTERPRETATION_CATEGORY,
      title,
      body: version.body,
      writtenDate: policy.writtenDate,
      indexNumber: allocated.indexNumber,
      publishedAt: policy.publishedAt,
      packageWorkflowId: policyPackageWorkflowId(bundle.packageId),
    });
    await catalogue.insert({
      indexNumber: allocated.indexNumber,
      publicationId,
      organisationId: policy.organisationId,
      organisationName: names.organisationName,
      departmentName: names.departmentName,
      category: INTERPRETATION_CATEGORY,
      categoryName: names.categoryName ?? INTERPRETATION_CATEGORY,
      parentCategoryName: names.parentCategoryName,
      title,
      body: version.body,
      bodyFormat: 'text',
      attachments: [],
      documentNumber: null,
      writtenDate: policy.writtenDate,
      publishedAt: policy.publishedAt,
      validity: '现行有效',
      disclosureMethod: DISCLOSURE.proactive.method,
      scope: DISCLOSURE.proactive.scope,
      version: 1,
      attribute: 'proactive',
    });
    await packages.markInterpretationPublished(row.id, allocated.indexNumber, policy.publishedAt, publicationId);
    await packages.link(policy.indexNumber, allocated.indexNumber, row.form);
  }
}

/** The notice's text with the window's exact end appended, in the body's own format. */
function withClosingStatement(body: string, format: string, closesAt: Date): string {
  const statement = closingStatement(closesAt);
  return format === 'html' ? `${body}\n<p>${statement}</p>` : `${body}\n\n${statement}`;
}
