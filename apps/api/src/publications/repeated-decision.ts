/**
 * A decision sent again — a retry after a timeout (504), a double click, a
 * client that lost the answer — must answer with the item, not with an error:
 * the workflow refuses the repeat as stale (the step moved on), so the API
 * asks whether what the caller asked for has already been done, by them, on
 * this draft version. Only a refusal that says "no longer possible" (409) is
 * turned into success; a 403 or 422 stays what it is.
 */
import type { DecisionKind, PublicationReviewState } from '@gongkai/contracts';
import type { AuthenticatedUser } from '../auth/roles';
import type { PublicationAction } from './publication.service';

const DECISIONS: Partial<Record<PublicationAction, DecisionKind>> = {
  approve: 'approve',
  reject: 'reject',
  'request-changes': 'request_changes',
};

/** Phases an item is in once it has been submitted (and not returned to its author since). */
const SUBMITTED_PHASES = new Set(['screening', 'awaiting_acknowledgement', 'in_review', 'publishing', 'published']);

export interface RepeatedRequest {
  version?: number;
  /** The level the decider saw (decisions only). */
  expectedLevel?: number;
}

export function alreadyDone(
  action: PublicationAction,
  user: AuthenticatedUser,
  request: RepeatedRequest,
  state: PublicationReviewState,
  authorId: string,
): boolean {
  // The author's own steps are theirs alone: someone else's repeat is never "already done by them".
  if (!DECISIONS[action] && user.userId !== authorId) return false;
  const decision = DECISIONS[action];
  if (decision) {
    // A decision on a draft that has since been revised is stale, not a repeat: the reviewer must look again.
    if (state.version !== request.version) return false;
    return state.decisions.some(
      (d) =>
        d.kind === decision &&
        d.actorId === user.userId &&
        d.version === request.version &&
        (request.expectedLevel === undefined || d.level === request.expectedLevel),
    );
  }
  switch (action) {
    case 'submit':
      return state.version === request.version && SUBMITTED_PHASES.has(state.phase);
    case 'acknowledge-warnings':
      return state.version === request.version && state.warningsAcknowledged && state.phase !== 'awaiting_acknowledgement';
    case 'withdraw':
      return state.status === 'withdrawn';
    default:
      return false;
  }
}
