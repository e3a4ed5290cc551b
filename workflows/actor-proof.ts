/**
 * Verifies, inside the workflow, that an actor was signed by the API (see
 * libs/contracts/src/actor-proof.ts). Pure JavaScript Ed25519 (@noble/curves):
 * deterministic and free of Node built-ins, so it may run in a validator.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { actorAssertion, type Actor } from '@gongkai/contracts';

const HEX = /^[0-9a-f]+$/i;

export function actorProofValid(
  actorKey: string,
  workflowId: string,
  message: string,
  args: { actor: Actor; version?: number; actorProof?: string },
): boolean {
  const proof = args.actorProof;
  if (typeof proof !== 'string' || proof.length !== 128 || !HEX.test(proof) || !HEX.test(actorKey)) return false;
  try {
    const text = new TextEncoder().encode(actorAssertion(workflowId, message, args.actor, args.version));
    return ed25519.verify(proof, text, actorKey);
  } catch {
    return false;
  }
}
