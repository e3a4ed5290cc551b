import { ForbiddenException } from '@nestjs/common';
import { RefusalType } from '../../../../libs/contracts/src/publication';
import type { AuthenticatedUser } from '../auth/roles';
import { rowShowsReadAccess, type PublicationRow, type PublicationStore } from './publication-store';

/** What someone who may not even read the item is told, whatever the reason: it names no reviewer, level or version. */
export const OUTSIDER_REFUSAL = '您无权处理该稿件';

/**
 * Answers a refused attempt on `row` (the API's own 403s, and the workflow
 * validator's 403/409/422) and writes it to the timeline.
 *
 * People who may read the item are participants: a 403 gets a timeline row
 * each and the validator's own message (who reviews the step, which level);
 * their 409/422 pass through unrecorded (`undefined`: rethrow the original).
 * Anyone else could only be probing: always 403 with OUTSIDER_REFUSAL, and
 * their attempts are counted on one row per hour instead of one row each.
 */
export async function refusalAnswer(
  store: PublicationStore,
  user: AuthenticatedUser,
  row: PublicationRow,
  action: string,
  refusal: { type: string; message: string },
): Promise<ForbiddenException | undefined> {
  // The row answers most callers; only the review-task arm of the rule needs a query.
  const reader = rowShowsReadAccess(user, row) || (await store.canRead(user, row.id));
  if (!reader) {
    await store.countRefusal(row, user, action, refusal.message);
    return new ForbiddenException(OUTSIDER_REFUSAL);
  }
  if (refusal.type !== RefusalType.NotAllowed) return undefined;
  await store.recordRefusal(row, user, action, refusal.message);
  return new ForbiddenException(refusal.message);
}
