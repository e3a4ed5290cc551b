import { ForbiddenException } from '@nestjs/common';
import { RefusalType } from '@gongkai/contracts';
import {
  itemShowsReadAccess,
  type Publication,
  type PublicationRepository,
  type TimelineRepository,
} from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';

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
  repositories: { publications: PublicationRepository; timeline: TimelineRepository },
  user: AuthenticatedUser,
  row: Publication,
  action: string,
  refusal: { type: string; message: string },
): Promise<ForbiddenException | undefined> {
  // The row answers most callers; only the review-task arm of the rule needs a query.
  const reader = itemShowsReadAccess(user, row) || (await repositories.publications.canRead(user, row.id));
  // Written by the API: no workflow sequence number.
  const refused = {
    workflowId: `publication:${row.id}`,
    seq: null,
    publicationId: row.id,
    kind: 'refused',
    actorId: user.userId,
    actorName: user.name,
    version: row.version,
  };
  if (!reader) {
    await repositories.timeline.append({
      ...refused,
      detail: { action, reason: refusal.message, count: 1 },
      countedAs: `refused:${action}`,
    });
    return new ForbiddenException(OUTSIDER_REFUSAL);
  }
  if (refusal.type !== RefusalType.NotAllowed) return undefined;
  await repositories.timeline.append({ ...refused, detail: { action, reason: refusal.message } });
  return new ForbiddenException(refusal.message);
}
