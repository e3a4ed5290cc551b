/**
 * 撤回 of a published item (workflow id `publication-retraction:<id>`): the
 * catalogue entry is marked withdrawn — never deleted — the portal is told,
 * and the timeline records who approved it and why. The API only starts this
 * for the main leader (principal) with a reason.
 */
import { workflowInfo } from '@temporalio/workflow';
import { RETRACTION_SEQ_BASE, type PublicationReviewState, type RetractionInput } from '../libs/contracts/src/publication';
import { portalActivities, publicationActivities } from './activity-options';

const activities = publicationActivities();
const portal = portalActivities();

export async function publicationRetraction(input: RetractionInput): Promise<PublicationReviewState> {
  const at = new Date().toISOString();
  await activities.retractFromCatalog({ publicationId: input.publicationId, reason: input.reason, actorId: input.actor.userId, at });
  const state: PublicationReviewState = { ...input.reviewState, status: 'retracted', phase: 'retracted', stage: undefined, closingReason: input.reason };
  await activities.recordTransition({
    workflowId: workflowInfo().workflowId,
    publicationId: input.publicationId,
    seq: RETRACTION_SEQ_BASE + 1,
    kind: 'retracted',
    actorId: input.actor.userId,
    actorName: input.actor.name,
    version: state.version,
    at,
    state,
    detail: { reason: input.reason, indexNumber: input.indexNumber },
  });
  try {
    await portal.notifyPortal({ publicationId: input.publicationId, indexNumber: input.indexNumber, event: 'retracted' });
  } catch {
    await activities.recordTransition({
      workflowId: workflowInfo().workflowId,
      publicationId: input.publicationId,
      seq: RETRACTION_SEQ_BASE + 2,
      kind: 'portal_failed',
      version: state.version,
      at: new Date().toISOString(),
      state,
      detail: { indexNumber: input.indexNumber },
    });
  }
  return state;
}
