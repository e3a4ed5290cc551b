/**
 * retractFromCatalog (撤回): the catalogue entry stays, marked withdrawn with
 * when, why and by whom, and loses its text and attachments — a retracted
 * entry shows only its metadata and the fact and date of withdrawal (the
 * draft versions keep the text for staff). Repeating the call keeps the first
 * record.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function retractFromCatalogActivity(ctx: PublicationContext): PublicationActivities['retractFromCatalog'] {
  return async ({ publicationId, reason, actorId, at }) => {
    if (!(await ctx.repositories.catalogue.withdraw(publicationId, at, reason, actorId))) {
      throw ApplicationFailure.nonRetryable(`稿件 ${publicationId} 未在公开目录中，无法撤回`, 'NotInCatalog');
    }
  };
}
