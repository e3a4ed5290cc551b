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
import type { EntityManager } from 'typeorm';
import type { PublicationActivities, PublishResult } from '@gongkai/contracts';
import { civilDateInShanghai, isCivilDate } from '@gongkai/domain';
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

  const publishedAt = ctx.now();
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
    body: isPublic ? draft.body : null,
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
  return { indexNumber: allocated.indexNumber, publishedAt: publishedAt.toISOString(), overdue };
}
