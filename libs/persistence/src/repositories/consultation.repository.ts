/**
 * Public consultations (征求意见): the consultation as its workflow projects
 * it, the window as the publish and close transactions hold it, the public
 * comments grouped into clusters of duplicates, and every disposition.
 *
 * The window rule lives here, in one lock pair: a comment is written only
 * inside a transaction that holds the window's lock shared and then read the
 * row `open` and not past `closes_at`, and closing takes the same lock
 * exclusively before it writes `closed` — so it waits for the comments in
 * flight, and none commits after it. The lock is a transaction-scoped
 * advisory lock, not the row FOR SHARE: PostgreSQL lets a new FOR SHARE join
 * the row's share lockers ahead of an UPDATE already waiting, so a steady
 * stream of comments kept the close waiting for as long as it lasted (npm run
 * bench:comments: a minute and more, comments taken all along); the lock
 * manager queues a new shared request behind a waiting exclusive one. Nor do
 * comments hold the row any more, so the projection's updates never wait for them.
 */
import type { ConsultationState, ConsultationTransition, WindowExtension } from '@gongkai/contracts';
import { ConsultationRecord, type ConsultationStatus, type DispositionDecision } from '../entities/consultation.entities';
import { READ_ALL_ROLES, type Reader } from './publication.repository';
import type { EntityManager } from 'typeorm';
import { columnsOf, managerOf, queryRows, type Db } from './query-rows';

export interface NewConsultation {
  id: string;
  noticePublicationId: string;
  organisationId: string;
  departmentId: string;
  authorId: string;
  authorName: string;
  title: string;
  draftBody: string;
  explanation: string;
  days: number;
  shortReason: string | null;
  contact: string | null;
}

const CONSULTATION_FIELDS = [
  'id', 'noticePublicationId', 'organisationId', 'departmentId', 'authorId', 'authorName', 'title', 'draftBody', 'explanation',
  'days', 'shortReason', 'contact', 'status', 'opensAt', 'closesAt', 'closedAt', 'extensions', 'noticeIndexNumber',
  'feedbackPublicationId', 'feedbackIndexNumber', 'feedbackDueAt', 'feedbackLate', 'projectedSeq', 'state', 'createdAt',
] as const;

export type ConsultationRow = Pick<ConsultationRecord, (typeof CONSULTATION_FIELDS)[number]> & {
  /** The notice's review status (publications.status): draft, in_review, returned, published, withdrawn. */
  noticeStatus: string;
  departmentName: string;
  commentCount: number;
  clusterCount: number;
};

export interface ConsultationFilters {
  status?: ConsultationStatus;
  departmentId?: string;
  page: number;
  pageSize: number;
}

export interface NewComment {
  consultationId: string;
  receipt: string;
  fingerprint: string;
  text: string;
  name: string | null;
  contact: string | null;
  clause: string | null;
}

/** Why a comment was not taken. */
export type CommentRefusal = 'not_found' | 'not_open' | 'closed';

export interface StaffComment {
  id: string;
  text: string;
  name: string | null;
  contact: string | null;
  clause: string | null;
  receivedAt: Date;
  clusterId: string;
  clusterSize: number;
}

export interface CommentCluster {
  id: string;
  size: number;
  sampleText: string;
  decision: DispositionDecision | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** Only these states count as "taking comments"; the DB clock is the second lock (a closing the timer has not yet carried out). */
const TAKES_COMMENTS = `status = 'open' AND (closes_at IS NULL OR now() <= closes_at)`;

/** The window's lock (see the file's comment): one advisory key per consultation; a rare shared key only means more waiting. */
const WINDOW_LOCK_KEY = `hashtextextended('consultation-window:' || $1::text, 0)`;

export class ConsultationRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): ConsultationRepository {
    return new ConsultationRepository(m);
  }

  transaction<T>(work: (tx: ConsultationRepository, m: EntityManager) => Promise<T>): Promise<T> {
    return managerOf(this.db).transaction((m) => work(this.in(m), m));
  }

  private select(): string {
    return `SELECT ${columnsOf(this.db, ConsultationRecord, 'c', CONSULTATION_FIELDS)}, p.status AS "noticeStatus", d.name AS "departmentName",
        (SELECT count(*)::int FROM consultation_comments m WHERE m.consultation_id = c.id) AS "commentCount",
        (SELECT count(*)::int FROM consultation_clusters k WHERE k.consultation_id = c.id) AS "clusterCount"
      FROM consultations c JOIN publications p ON p.id = c.notice_publication_id JOIN departments d ON d.id = c.department_id`;
  }

  async insert(c: NewConsultation): Promise<void> {
    await this.db.query(
      `INSERT INTO consultations (id, notice_publication_id, organisation_id, department_id, author_id, author_name, title, draft_body,
         explanation, days, short_reason, contact)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [c.id, c.noticePublicationId, c.organisationId, c.departmentId, c.authorId, c.authorName, c.title, c.draftBody, c.explanation, c.days, c.shortReason, c.contact],
    );
  }

  async find(id: string): Promise<ConsultationRow | undefined> {
    const [row] = await queryRows<ConsultationRow>(this.db, `${this.select()} WHERE c.id = $1`, [id]);
    return row;
  }

  /** The consultation whose notice or feedback report is this publication. */
  async ofPublication(publicationId: string): Promise<ConsultationRow | undefined> {
    const [row] = await queryRows<ConsultationRow>(
      this.db,
      `${this.select()} WHERE c.notice_publication_id = $1 OR c.feedback_publication_id = $1`,
      [publicationId],
    );
    return row;
  }

  /**
   * Consultations staff may see, newest first: every one for READ_ALL roles,
   * else their department's and their own.
   */
  async list(reader: Reader, f: ConsultationFilters): Promise<{ rows: ConsultationRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (!reader.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r))) {
      params.push(reader.departmentId, reader.userId);
      where.push(`(c.department_id = $1 OR c.author_id = $2)`);
    }
    if (f.status === 'in_review') where.push(`c.status = 'draft' AND p.status = 'in_review'`);
    else if (f.status === 'draft') where.push(`c.status = 'draft' AND p.status <> 'in_review'`);
    else if (f.status) {
      params.push(f.status);
      where.push(`c.status = $${params.length}`);
    }
    if (f.departmentId) {
      params.push(f.departmentId);
      where.push(`c.department_id = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM consultations c JOIN publications p ON p.id = c.notice_publication_id ${clause}`,
      params,
    );
    const rows = await queryRows<ConsultationRow>(
      this.db,
      `${this.select()} ${clause} ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    return { rows, total };
  }

  /** Public consultations: opened (notice published) and not withdrawn, newest first. */
  async listPublic(f: { status?: 'open' | 'closed' | 'concluded'; page: number; pageSize: number }): Promise<{ rows: ConsultationRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [`c.status IN ('open', 'closed', 'concluded')`];
    if (f.status) {
      params.push(f.status);
      where.push(`c.status = $${params.length}`);
    }
    const clause = `WHERE ${where.join(' AND ')}`;
    const [{ total }] = await queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM consultations c ${clause}`, params);
    const rows = await queryRows<ConsultationRow>(
      this.db,
      `${this.select()} ${clause} ORDER BY c.opens_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    return { rows, total };
  }

  // ------------------------------------------------------------ the workflow's writes

  /**
   * One transition, idempotent: only over an older projection. The window
   * columns follow the state (the publish, close and extension transactions
   * write the same values first; the projection never reopens a closed row).
   */
  async project(t: ConsultationTransition): Promise<void> {
    const s: ConsultationState = t.state;
    await this.db.query(
      `UPDATE consultations SET
         status = CASE WHEN status IN ('closed', 'concluded') AND $3 = 'open' THEN status ELSE $3 END,
         state = $4, projected_seq = $2, updated_at = now(),
         opens_at = coalesce($5, opens_at), closes_at = coalesce($6, closes_at), closed_at = coalesce($7, closed_at),
         notice_index_number = coalesce($8, notice_index_number),
         feedback_publication_id = $9, feedback_index_number = coalesce($10, feedback_index_number),
         feedback_due_at = $11, feedback_late = $12
       WHERE id = $1 AND projected_seq < $2`,
      [
        s.consultationId,
        t.seq,
        s.status,
        JSON.stringify(s),
        s.opensAt ?? null,
        s.closesAt ?? null,
        s.closedAt ?? null,
        s.noticeIndexNumber ?? null,
        s.feedbackId ?? null,
        s.feedbackIndexNumber ?? null,
        s.feedbackDueAt ?? null,
        s.feedbackLate === true,
      ],
    );
  }

  /** Inside the notice's publish transaction: the window opens with the notice. */
  async openWindow(id: string, opensAt: Date, closesAt: Date, noticeIndexNumber: string): Promise<void> {
    await this.db.query(
      `UPDATE consultations SET status = 'open', opens_at = $2, closes_at = $3, notice_index_number = $4, updated_at = now()
       WHERE id = $1 AND status = 'draft'`,
      [id, opensAt, closesAt, noticeIndexNumber],
    );
  }

  /**
   * Closes the window; waits for the comments in flight (they hold the window's lock shared), and comments
   * arriving meanwhile wait behind it and then find it closed. Repeating it changes nothing.
   */
  async closeWindow(id: string, at: Date | string): Promise<void> {
    await managerOf(this.db).transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${WINDOW_LOCK_KEY})`, [id]);
      await m.query(`UPDATE consultations SET status = 'closed', closed_at = $2, updated_at = now() WHERE id = $1 AND status = 'open'`, [id, at]);
    });
  }

  /** An extension: the new closing instant, and the public notice of it, once (its `at` identifies it). */
  async moveClosing(id: string, closesAt: Date | string, extension: WindowExtension): Promise<void> {
    await this.db.query(
      `UPDATE consultations SET closes_at = $2, extensions = extensions || jsonb_build_array($3::jsonb), updated_at = now()
       WHERE id = $1 AND status = 'open' AND NOT extensions @> jsonb_build_array($3::jsonb)`,
      [id, closesAt, JSON.stringify(extension)],
    );
  }

  /** Inside the feedback report's publish transaction: the consultation is concluded. */
  async conclude(id: string, feedbackPublicationId: string, feedbackIndexNumber: string): Promise<void> {
    await this.db.query(
      `UPDATE consultations SET status = 'concluded', feedback_publication_id = $2, feedback_index_number = $3, updated_at = now()
       WHERE id = $1 AND status IN ('closed', 'concluded')`,
      [id, feedbackPublicationId, feedbackIndexNumber],
    );
  }

  // ------------------------------------------------------------ comments

  /**
   * A public comment, accepted only while the window takes comments; its
   * cluster (same fingerprint) grows by one in the same transaction.
   */
  async addComment(c: NewComment): Promise<{ receipt: string; receivedAt: Date } | { refused: CommentRefusal }> {
    return managerOf(this.db).transaction(async (m) => {
      // Read after the lock is granted: in READ COMMITTED the next statement sees a close committed while waiting.
      await m.query(`SELECT pg_advisory_xact_lock_shared(${WINDOW_LOCK_KEY})`, [c.consultationId]);
      const [window] = await queryRows<{ open: boolean; status: string }>(
        m,
        `SELECT (${TAKES_COMMENTS}) AS open, status FROM consultations WHERE id = $1`,
        [c.consultationId],
      );
      if (!window) return { refused: 'not_found' as const };
      if (!window.open) return { refused: window.status === 'draft' || window.status === 'withdrawn' ? ('not_open' as const) : ('closed' as const) };
      const [cluster] = await queryRows<{ id: string }>(
        m,
        `INSERT INTO consultation_clusters (consultation_id, fingerprint, size, sample_text) VALUES ($1, $2, 1, $3)
         ON CONFLICT (consultation_id, fingerprint) DO UPDATE SET size = consultation_clusters.size + 1
         RETURNING id::text`,
        [c.consultationId, c.fingerprint, c.text],
      );
      const [row] = await queryRows<{ receivedAt: Date }>(
        m,
        `INSERT INTO consultation_comments (consultation_id, cluster_id, receipt, text, name, contact, clause)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING received_at AS "receivedAt"`,
        [c.consultationId, cluster.id, c.receipt, c.text, c.name, c.contact, c.clause],
      );
      return { receipt: c.receipt, receivedAt: row.receivedAt };
    });
  }

  /** Every comment with its cluster, oldest first (staff only: names and contacts included). */
  comments(consultationId: string, page: { limit: number; offset: number }): Promise<StaffComment[]> {
    return queryRows<StaffComment>(
      this.db,
      `SELECT m.id::text, m.text, m.name, m.contact, m.clause, m.received_at AS "receivedAt", m.cluster_id::text AS "clusterId",
         k.size AS "clusterSize"
       FROM consultation_comments m JOIN consultation_clusters k ON k.id = m.cluster_id
       WHERE m.consultation_id = $1 ORDER BY m.id LIMIT $2 OFFSET $3`,
      [consultationId, page.limit, page.offset],
    );
  }

  /** The comment's cluster (for a disposition addressed by comment id). */
  async clusterOfComment(consultationId: string, commentId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ clusterId: string }>(
      this.db,
      `SELECT cluster_id::text AS "clusterId" FROM consultation_comments WHERE consultation_id = $1 AND id = $2`,
      [consultationId, commentId],
    );
    return row?.clusterId;
  }

  /** The clusters, largest first. */
  clusters(consultationId: string): Promise<CommentCluster[]> {
    return queryRows<CommentCluster>(
      this.db,
      `SELECT id::text, size, sample_text AS "sampleText", decision, reason, decided_by AS "decidedBy", decided_at AS "decidedAt"
       FROM consultation_clusters WHERE consultation_id = $1 ORDER BY size DESC, id`,
      [consultationId],
    );
  }

  /**
   * A disposition for a whole cluster, recorded with who and when; refused
   * unless the window is closed (not open, and not concluded: the report is out).
   */
  async decide(
    consultationId: string,
    clusterId: string,
    d: { decision: DispositionDecision; reason: string | null; actorId: string; actorName: string },
  ): Promise<{ decided: true } | { refused: 'not_closed' | 'concluded' | 'feedback_started' }> {
    return managerOf(this.db).transaction(async (m) => {
      const [window] = await queryRows<{ status: string; feedback: string | null }>(
        m,
        `SELECT status, feedback_publication_id AS feedback FROM consultations WHERE id = $1 FOR SHARE`,
        [consultationId],
      );
      if (!window || window.status === 'open' || window.status === 'draft' || window.status === 'withdrawn') return { refused: 'not_closed' as const };
      if (window.status === 'concluded') return { refused: 'concluded' as const };
      if (window.feedback) return { refused: 'feedback_started' as const };
      await m.query(
        `UPDATE consultation_clusters SET decision = $3, reason = $4, decided_by = $5, decided_at = now() WHERE consultation_id = $1 AND id = $2`,
        [consultationId, clusterId, d.decision, d.reason, d.actorId],
      );
      await m.query(`INSERT INTO consultation_dispositions (cluster_id, decision, reason, actor_id, actor_name) VALUES ($1, $2, $3, $4, $5)`, [
        clusterId,
        d.decision,
        d.reason,
        d.actorId,
        d.actorName,
      ]);
      return { decided: true as const };
    });
  }
}
