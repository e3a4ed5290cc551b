/**
 * 撤回 of a published item (workflow id `publication-retraction:<id>`): the
 * catalogue entry is marked withdrawn — never deleted — the portal is told,
 * and the timeline records who approved it and why. The API only starts this
 * for the main leader (principal) with a reason.
 */
import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import {
  ACTOR_PROOF_PATCH,
  RETRACT_MESSAGE,
  RETRACTION_SEQ_BASE,
  RefusalType,
  type PublicationReviewState,
  type RetractionInput,
} from '@gongkai/contracts';
import { actorProofValid } from './actor-proof';
import { portalActivities, publicationActivities } from './activity-options';

const activities = publicationActivities();
const portal = portalActivities();

export async function publicationRetraction(input: RetractionInput): Promise<PublicationReviewState> {
  // The principal named in the input must be the one the API signed, with the installation's key, before anything changes.
  if (patched(ACTOR_PROOF_PATCH)) {
    const actorKey = input.actorKey ?? '';
    if (!actorProofValid(actorKey, workflowInfo().workflowId, RETRACT_MESSAGE, { actor: input.actor, actorProof: input.actorProof })) {
      throw ApplicationFailure.create({ type: RefusalType.NotAllowed, message: '撤回人身份未经本系统 API 签名认证，已拒绝', nonRetryable: true });
    }
    await activities.confirmActorKey({ actorKey });
  }
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
