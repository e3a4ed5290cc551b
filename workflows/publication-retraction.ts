/**
 * 撤回 of a published item (workflow id `publication-retraction:<id>`): the
 * catalogue entry is marked withdrawn — never deleted — the portal is told,
 * and the timeline records who approved it and why. The API only starts this
 * for the main leader (principal) with a reason.
 */
import { ApplicationFailure, getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';
import {
  ACTOR_PROOF_PATCH,
  RETRACT_MESSAGE,
  RETRACTION_SEQ_BASE,
  RefusalType,
  packageRetractedSignal,
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
  const withdrawn = await activities.retractFromCatalog({ publicationId: input.publicationId, reason: input.reason, actorId: input.actor.userId, at });
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
  // A package's policy: its interpretations went with it; a package still running (deferred interpretations) stops.
  if (withdrawn?.packageWorkflowId) {
    try {
      await getExternalWorkflowHandle(withdrawn.packageWorkflowId).signal(packageRetractedSignal, { reason: input.reason });
    } catch {
      // The package had finished already: its rows were updated by the retraction's transaction.
    }
  }
  const entries = [{ publicationId: input.publicationId, indexNumber: input.indexNumber }, ...(withdrawn?.interpretations ?? [])];
  try {
    for (const entry of entries) await portal.notifyPortal({ ...entry, event: 'retracted' });
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
