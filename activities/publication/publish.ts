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
import type { PublicationActivities, PublishResult } from '../../libs/contracts/src/publication';
import { civilDateInShanghai, isCivilDate } from '../../libs/domain/src/calendar/civil-date';
import type { IndexNumberPattern } from '../../libs/domain/src/numbers/index-number';
import { IndexNumberAllocator } from '../../libs/persistence/src/index-numbers/index-number-allocator';
import type { PublicationContext } from './publication-context';
import type { ReviewDays } from './review-calendar';

/** 条例 Art. 26: proactive disclosure within 20 working days of the information being formed. */
export const DISCLOSURE_WORKING_DAYS = 20;

const DISCLOSURE: Record<string, { method: string; scope: string }> = {
  proactive: { method: '主动公开', scope: '面向社会' },
  on_request: { method: '依申请公开', scope: '申请人' },
  not_disclosed: { method: '不予公开', scope: '不公开' },
};

interface ItemRow {
  organisation_id: string;
  department_id: string;
  category: string;
  attribute: string;
  validity: string;
  written_date: string | null;
  document_number: string | null;
  index_number: string | null;
  published_at: Date | null;
  overdue: boolean;
}

export function publishActivity(ctx: PublicationContext): PublicationActivities['publish'] {
  const allocator = new IndexNumberAllocator(ctx.ds);
  return async (input) => {
    const days = await ctx.calendar.current();
    return ctx.ds.transaction((m) => publishIn(m, ctx, allocator, days, input));
  };
}

async function publishIn(
  m: EntityManager,
  ctx: PublicationContext,
  allocator: IndexNumberAllocator,
  days: ReviewDays,
  input: Parameters<PublicationActivities['publish']>[0],
): Promise<PublishResult> {
  const [item]: ItemRow[] = await m.query(
    `SELECT organisation_id, department_id, category, attribute, validity, written_date::text AS written_date,
            document_number, index_number, published_at, overdue
       FROM publications WHERE id = $1 FOR UPDATE`,
    [input.publicationId],
  );
  if (!item) throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 不存在`, 'PublicationNotFound');
  if (item.index_number && item.published_at) {
    return { indexNumber: item.index_number, publishedAt: item.published_at.toISOString(), overdue: item.overdue };
  }

  const [draft]: {
    title: string;
    body: string;
    body_format: string;
    attachments: unknown;
    document_number: string | null;
    written_date: string | null;
  }[] = await m.query(
    `SELECT title, body, body_format, attachments, document_number, written_date::text AS written_date
       FROM publication_versions WHERE publication_id = $1 AND version = $2`,
    [input.publicationId, input.version],
  );
  if (!draft) {
    throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 第 ${input.version} 版不存在`, 'DraftVersionNotFound');
  }
  const [names]: {
    organisation_name: string;
    index_pattern: IndexNumberPattern;
    department_name: string;
    category_name: string | null;
    parent_category_name: string | null;
  }[] = await m.query(
    `SELECT o.name AS organisation_name, o.index_pattern, d.name AS department_name,
            c.name AS category_name, parent.name AS parent_category_name
       FROM organisations o
       JOIN departments d ON d.id = $2
       LEFT JOIN catalog_categories c ON c.code = $3
       LEFT JOIN catalog_categories parent ON parent.code = c.parent_code
      WHERE o.id = $1`,
    [item.organisation_id, item.department_id, item.category],
  );
  if (!names) {
    throw ApplicationFailure.nonRetryable(`稿件 ${input.publicationId} 的发布机构或科室不存在`, 'UnknownOrganisation');
  }

  const publishedAt = ctx.now();
  const publishedOn = civilDateInShanghai(publishedAt);
  const allocated = await allocator.allocate(names.index_pattern, publishedOn, m);
  const writtenDate = [input.writtenDate, draft.written_date, item.written_date].find(
    (d): d is string => typeof d === 'string' && isCivilDate(d),
  );
  const overdue = writtenDate
    ? publishedOn > days.addWorkingDays(writtenDate, DISCLOSURE_WORKING_DAYS)
    : false;
  const disclosure = DISCLOSURE[item.attribute] ?? DISCLOSURE.proactive;

  // 依申请公开 / 不予公开 items are registered (索引号, metadata) but their text never enters the catalogue.
  const isPublic = item.attribute === 'proactive';
  await m.query(
    `INSERT INTO catalog_entries (
       index_number, publication_id, organisation_id, organisation_name, department_name,
       category, category_name, parent_category_name, title, body, body_format, attachments,
       document_number, written_date, published_at, validity, disclosure_method, scope, status, version, attribute)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'published', $19, $20)`,
    [
      allocated.indexNumber,
      input.publicationId,
      item.organisation_id,
      names.organisation_name,
      names.department_name,
      item.category,
      names.category_name ?? item.category,
      names.parent_category_name,
      draft.title,
      isPublic ? draft.body : null,
      draft.body_format,
      JSON.stringify(isPublic ? (draft.attachments ?? []) : []),
      draft.document_number ?? item.document_number,
      writtenDate ?? null,
      publishedAt,
      item.validity,
      disclosure.method,
      disclosure.scope,
      input.version,
      item.attribute,
    ],
  );
  await m.query(
    'UPDATE publications SET index_number = $2, published_at = $3, overdue = $4, updated_at = now() WHERE id = $1',
    [input.publicationId, allocated.indexNumber, publishedAt, overdue],
  );
  return { indexNumber: allocated.indexNumber, publishedAt: publishedAt.toISOString(), overdue };
}
