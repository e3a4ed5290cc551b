/**
 * Review tasks (`review_tasks`): the reviewer's inbox, projected from the
 * workflow's state. Open tasks that no longer match the current step are
 * closed; the current step gets exactly one open task.
 */
import type { StageState, TransitionRecord } from '@gongkai/contracts';
import { PublicationRecord, ReviewTaskRecord } from '../entities/publication.entities';
import { columnsOf, queryRows, type Db } from './query-rows';

const INBOX_TASK_FIELDS = ['id', 'publicationId', 'level', 'role', 'version', 'delegateOf', 'createdAt', 'remindAt', 'dueAt'] as const;
const INBOX_ITEM_FIELDS = ['title', 'departmentId', 'authorName', 'category'] as const;

/** An open task as the inbox lists it, with what it is about. */
export type InboxTask = Pick<ReviewTaskRecord, (typeof INBOX_TASK_FIELDS)[number]> &
  Pick<PublicationRecord, (typeof INBOX_ITEM_FIELDS)[number]> & { departmentName: string };

export class ReviewTaskRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): ReviewTaskRepository {
    return new ReviewTaskRepository(m);
  }

  /** The caller's open review tasks (as assignee, or as the holder a delegate stands in for), oldest first. */
  openFor(userId: string): Promise<InboxTask[]> {
    return this.db.query(
      `SELECT ${columnsOf(this.db, ReviewTaskRecord, 't', INBOX_TASK_FIELDS)}, ${columnsOf(this.db, PublicationRecord, 'p', INBOX_ITEM_FIELDS)},
              d.name AS "departmentName"
       FROM review_tasks t
       JOIN publications p ON p.id = t.publication_id
       JOIN departments d ON d.id = p.department_id
       WHERE t.status = 'open' AND (t.assignee_id = $1 OR t.delegate_of = $1)
       ORDER BY t.created_at, t.id`,
      [userId],
    );
  }

  /** Tasks follow a projected transition (call it only when the item moved forward). */
  async project(r: TransitionRecord): Promise<void> {
    const stage: StageState | undefined = r.state.status === 'in_review' ? r.state.stage : undefined;
    const closedAs = r.kind === 'escalated' ? 'escalated' : ['withdrawn', 'retracted'].includes(r.state.status) ? 'cancelled' : 'done';
    await this.db.query(
      `UPDATE review_tasks SET status = $2, closed_at = $3
        WHERE publication_id = $1 AND status = 'open'
          AND NOT ($4::boolean AND level = $5 AND assignee_id = $6 AND version = $7)`,
      [r.publicationId, closedAs, r.at, stage !== undefined, stage?.level ?? 0, stage?.assigneeId ?? '', r.state.version],
    );
    if (!stage) return;

    const current = [stage.remindAt, stage.escalateAt, stage.deciders, stage.delegateOf?.userId ?? null, stage.assigneeName];
    const kept = await queryRows(
      this.db,
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
        this.db,
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

  /** The open task at `level` notes when it was first reminded. */
  async markReminded(publicationId: string, level: number, assigneeId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE review_tasks SET reminded_at = coalesce(reminded_at, $4)
        WHERE publication_id = $1 AND level = $2 AND assignee_id = $3 AND status = 'open'`,
      [publicationId, level, assigneeId, at],
    );
  }
}
