/**
 * escalationTarget: a step waited past its escalation instant, so it moves to
 * the next level's holder (section head → leader → principal) with fresh
 * deadlines counted from `since`. The principal has nobody above: the same
 * person is returned and simply reminded again.
 */
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';
import { assignRole, ESCALATES_TO } from './reviewers';

export function escalationTargetActivity(ctx: PublicationContext): PublicationActivities['escalationTarget'] {
  return ({ publicationId, departmentId, level, since, authorId }) =>
    assignRole(ctx, { publicationId, departmentId, role: ESCALATES_TO[level.role], since, authorId });
}
