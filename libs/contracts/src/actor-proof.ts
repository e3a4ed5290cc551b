/**
 * Who decided is what the API authenticated, not what a message claims. The
 * API signs every actor it puts into a workflow message (Ed25519, the key kept
 * per installation); the workflow verifies the signature against the public
 * key it was started with, and the worker confirms that key is the
 * installation's own before the workflow does anything. A process that can
 * reach the engine — even with its API key — cannot forge an approval.
 *
 * This file holds only what both sides must agree on byte for byte.
 */
import type { Actor } from './publication';

/** The `patched()` id under which review workflows require signed actors (older runs predate it). */
export const ACTOR_PROOF_PATCH = 'actor-proof-required';

/**
 * The exact text the API signs: the workflow, the message, the actor as the
 * API authenticated it and the draft version the decision is about, so a
 * signature seen in one history cannot be reused for another item, message,
 * person or version.
 */
export function actorAssertion(workflowId: string, message: string, actor: Actor, version: number | undefined): string {
  return JSON.stringify(['gongkai-actor/1', workflowId, message, actor.userId, actor.name, actor.departmentId, [...actor.roles], version ?? null]);
}

/** The message name a retraction's actor is signed for (the retraction is a workflow start, not an update). */
export const RETRACT_MESSAGE = 'publicationRetraction';

/** What a signed message carries beside its actor: the Ed25519 signature of `actorAssertion(...)`, hex. */
export interface ActorProof {
  actorProof?: string;
}
