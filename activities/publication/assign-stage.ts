/** assignStage: the holder (or delegate) of a review level, with the step's reminder/escalation instants. */
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';
import { assignRole } from './reviewers';

export function assignStageActivity(ctx: PublicationContext): PublicationActivities['assignStage'] {
  return ({ publicationId, departmentId, level, since, authorId }) =>
    assignRole(ctx, { publicationId, departmentId, role: level.role, since, authorId });
}
