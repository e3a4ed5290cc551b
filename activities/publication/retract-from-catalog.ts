/**
 * retractFromCatalog (撤回): the catalogue entry stays, marked withdrawn with
 * when, why and by whom, and loses its text and attachments — a retracted
 * entry shows only its metadata and the fact and date of withdrawal (the
 * draft versions keep the text for staff). Repeating the call keeps the first
 * record.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '../../libs/contracts/src/publication';
import type { PublicationContext } from './publication-context';
import { queryRows } from './sql-rows';

export function retractFromCatalogActivity(ctx: PublicationContext): PublicationActivities['retractFromCatalog'] {
  return async ({ publicationId, reason, actorId, at }) => {
    const rows = await queryRows(
      ctx.ds,
      `UPDATE catalog_entries SET status = 'withdrawn', body = NULL, attachments = '[]',
              withdrawn_at = coalesce(withdrawn_at, $2), withdrawn_reason = coalesce(withdrawn_reason, $3),
              withdrawn_by = coalesce(withdrawn_by, $4)
        WHERE publication_id = $1
        RETURNING index_number`,
      [publicationId, at, reason, actorId],
    );
    if (rows.length === 0) {
      throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 未在公开目录中，无法撤回`, 'NotInCatalog');
    }
  };
}
