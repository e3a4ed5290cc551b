/**
 * recordTransition: projects one workflow transition into the read model, in
 * one transaction, idempotently per (workflowId, seq):
 *  - the timeline row is keyed by (workflow_id, seq) — a replay inserts nothing;
 *  - the item row is only overwritten by a newer seq (projected_seq < seq), so a
 *    retried or late older write never undoes a newer one;
 *  - tasks follow the projected state, and only when the item row moved forward:
 *    open tasks that no longer match the current step are closed, the current
 *    step gets one open task.
 */
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function recordTransitionActivity(ctx: PublicationContext): PublicationActivities['recordTransition'] {
  const { timeline, publications, reviewTasks } = ctx.repositories;
  return (r) =>
    ctx.ds.transaction(async (m) => {
      await timeline.in(m).append({
        workflowId: r.workflowId,
        seq: r.seq,
        publicationId: r.publicationId,
        kind: r.kind,
        actorId: r.actorId ?? null,
        actorName: r.actorName ?? null,
        version: r.version,
        at: r.at,
        detail: r.detail ?? null,
      });
      // Nothing moved: a replay, or an older transition arriving after a newer one.
      if (!(await publications.in(m).projectTransition(r))) return;
      await reviewTasks.in(m).project(r);
    });
}
