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
import type { EntityManager } from 'typeorm';
import type { PublicationActivities, StageState, TransitionRecord } from '../../libs/contracts/src/publication';
import type { PublicationContext } from './publication-context';
import { queryRows } from './sql-rows';

export function recordTransitionActivity(ctx: PublicationContext): PublicationActivities['recordTransition'] {
  return (record) => ctx.ds.transaction((m) => project(m, record));
}

async function project(m: EntityManager, r: TransitionRecord): Promise<void> {
  await m.query(
    `INSERT INTO timeline_events (workflow_id, seq, publication_id, kind, actor_id, actor_name, version, at, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (workflow_id, seq) DO NOTHING`,
    [
      r.workflowId,
      r.seq,
      r.publicationId,
      r.kind,
      r.actorId ?? null,
      r.actorName ?? null,
      r.version,
      r.at,
      r.detail === undefined ? null : JSON.stringify(r.detail),
    ],
  );

  const s = r.state;
  const stage = s.status === 'in_review' ? s.stage : undefined;
  const moved = await queryRows(
    m,
    `UPDATE publications p SET
       status = $3, phase = $4, version = $5, workflow_id = $6,
       stage_level = $7, stage_role = $8, assignee_id = $9, assignee_name = $10, delegate_of = $11,
       stage_deciders = $12, stage_since = $13, stage_remind_at = $14, stage_due = $15,
       index_number = coalesce($16, p.index_number),
       published_at = coalesce($17, p.published_at),
       overdue = coalesce($18, p.overdue),
       title = coalesce((SELECT v.title FROM publication_versions v WHERE v.publication_id = p.id AND v.version = $5), p.title),
       projected_seq = $2, state = $19, updated_at = now()
     WHERE p.id = $1 AND p.projected_seq < $2
     RETURNING p.id`,
    [
      r.publicationId,
      r.seq,
      s.status,
      s.phase,
      s.version,
      r.workflowId,
      stage?.level ?? null,
      stage?.role ?? null,
      stage?.assigneeId ?? null,
      stage?.assigneeName ?? null,
      stage?.delegateOf?.userId ?? null,
      stage?.deciders ?? [],
      stage?.since ?? null,
      stage?.remindAt ?? null,
      stage?.escalateAt ?? null,
      s.indexNumber ?? null,
      s.publishedAt ?? null,
      s.overdue ?? null,
      JSON.stringify(s),
    ],
  );
  // Nothing moved: a replay, or an older transition arriving after a newer one.
  if (moved.length === 0) return;
  await projectTasks(m, r, stage);
}

async function projectTasks(m: EntityManager, r: TransitionRecord, stage: StageState | undefined): Promise<void> {
  const closedAs = r.kind === 'escalated' ? 'escalated' : ['withdrawn', 'retracted'].includes(r.state.status) ? 'cancelled' : 'done';
  await m.query(
    `UPDATE review_tasks SET status = $2, closed_at = $3
      WHERE publication_id = $1 AND status = 'open'
        AND NOT ($4::boolean AND level = $5 AND assignee_id = $6 AND version = $7)`,
    [r.publicationId, closedAs, r.at, stage !== undefined, stage?.level ?? 0, stage?.assigneeId ?? '', r.state.version],
  );
  if (!stage) return;

  const current = [
    stage.remindAt,
    stage.escalateAt,
    stage.deciders,
    stage.delegateOf?.userId ?? null,
    stage.assigneeName,
  ];
  const kept = await queryRows(
    m,
    `UPDATE review_tasks SET remind_at = $5, due_at = $6, deciders = $7, delegate_of = $8, assignee_name = $9
      WHERE publication_id = $1 AND status = 'open' AND level = $2 AND assignee_id = $3 AND version = $4
      RETURNING id`,
    [r.publicationId, stage.level, stage.assigneeId, r.state.version, ...current],
  );
  if (kept.length > 0) return;

  // The task is dated by when the step began; if that instant is taken at this
  // level (an escalation keeping `since`), the transition's own instant dates it.
  for (const createdAt of [stage.since, r.at]) {
    const inserted = await queryRows(
      m,
      `INSERT INTO review_tasks (publication_id, workflow_id, level, role, version, assignee_id, created_at,
                                 remind_at, due_at, deciders, delegate_of, assignee_name, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open')
       ON CONFLICT (publication_id, level, created_at) DO NOTHING
       RETURNING id`,
      [r.publicationId, r.workflowId, stage.level, stage.role, r.state.version, stage.assigneeId, createdAt, ...current],
    );
    if (inserted.length > 0) return;
  }
  throw new Error(`无法为稿件 ${r.publicationId} 第 ${stage.level} 级创建待办：同一时刻已有待办`);
}
