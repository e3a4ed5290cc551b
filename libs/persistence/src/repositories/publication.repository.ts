/**
 * A publication: the record the API writes (`publications`, `publication_versions`,
 * `idempotency_keys`) and the projection the workflow's activities write into it.
 * Rows come back in the entities' shape (columnsOf), never as snake_case rows.
 */
import type { Actor, PublicationReviewState, TransitionRecord } from '@gongkai/contracts';
import { PublicationRecord, PublicationVersionRecord } from '../entities/publication.entities';
import { columnsOf, managerOf, queryRows, type Db } from './query-rows';

const SUMMARY_FIELDS = [
  'id', 'organisationId', 'departmentId', 'authorId', 'authorName', 'category', 'attribute', 'attributeReason',
  'documentNumber', 'writtenDate', 'validity', 'title', 'status', 'phase', 'version', 'stageLevel', 'stageRole',
  'assigneeId', 'assigneeName', 'delegateOf', 'stageDeciders', 'stageSince', 'stageRemindAt', 'stageDue',
  'indexNumber', 'publishedAt', 'overdue', 'projectedSeq', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof PublicationRecord)[];

const VERSION_FIELDS = [
  'version', 'title', 'body', 'bodyFormat', 'attachments', 'documentNumber', 'writtenDate', 'createdBy', 'createdAt',
] as const satisfies readonly (keyof PublicationVersionRecord)[];

/** An item as lists show it: the record and its projection, with the department's name. */
export type PublicationSummary = Pick<PublicationRecord, (typeof SUMMARY_FIELDS)[number]> & { departmentName: string };

/** One item: the summary and the workflow state last projected (null before the first transition). */
export type Publication = PublicationSummary & { state: PublicationReviewState | null };

export type PublicationVersion = Pick<PublicationVersionRecord, (typeof VERSION_FIELDS)[number]>;

/** Who asks to read: the caller's id, department and roles. */
export type Reader = Pick<Actor, 'userId' | 'departmentId' | 'roles'>;

export type NewDraft = Pick<
  PublicationRecord,
  'id' | 'organisationId' | 'departmentId' | 'authorId' | 'authorName' | 'category' | 'attribute' | 'attributeReason' | 'documentNumber' | 'writtenDate' | 'validity' | 'title'
> &
  Pick<PublicationVersionRecord, 'body' | 'bodyFormat' | 'attachments'>;

export type DraftVersion = Omit<NewDraft, 'id' | 'organisationId' | 'departmentId' | 'authorId' | 'authorName' | 'category' | 'attribute'>;

export interface PublicationFilters {
  status?: string;
  stage?: number;
  department?: string;
  category?: string;
  overdue?: boolean;
  text?: string;
  /** A dashboard stage of an item in flight (IN_FLIGHT_STAGE_SQL). */
  inFlightStage?: string;
  /** Art. 26 late: published late (the stored flag), or still unpublished and written before `overdueBefore`. */
  late?: { value: boolean; overdueBefore: string };
  /** Unpublished, not yet late, written in [overdueBefore, dueBefore). */
  dueSoon?: { overdueBefore: string; dueBefore: string };
  /** Published in [from, until). */
  publishedFrom?: Date;
  publishedUntil?: Date;
  page: number;
  pageSize: number;
}

/** Statuses of an item still on its way to publication. */
export const IN_FLIGHT_STATUSES = ['draft', 'returned', 'in_review'] as const;

/** Each dashboard stage as SQL on the projection `p`. */
export const IN_FLIGHT_STAGE_SQL: Readonly<Record<string, string>> = {
  draft: `p.status = 'draft'`,
  returned: `p.status = 'returned'`,
  screening: `p.status = 'in_review' AND p.phase IN ('screening', 'awaiting_acknowledgement')`,
  section_review: `p.status = 'in_review' AND p.phase = 'in_review' AND p.stage_role = 'section_head'`,
  leader_review: `p.status = 'in_review' AND p.phase = 'in_review' AND p.stage_role = 'leader'`,
  principal_review: `p.status = 'in_review' AND p.phase = 'in_review' AND p.stage_role = 'principal'`,
  publishing: `p.status = 'in_review' AND p.phase = 'publishing'`,
};

/** What publishing needs of the item, read under its row lock. */
export type PublishingItem = Pick<
  PublicationRecord,
  'organisationId' | 'departmentId' | 'category' | 'attribute' | 'validity' | 'writtenDate' | 'documentNumber' | 'indexNumber' | 'publishedAt' | 'overdue'
>;

/** Roles that may read every item of the organisation (分管领导, 主要负责人, 政务公开办). */
export const READ_ALL_ROLES = ['leader', 'principal', 'office'] as const;

const readsAll = (reader: Reader): boolean => reader.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r));

/**
 * Who may read an item, as SQL on the projection (`p`): everyone with a
 * READ_ALL role; otherwise items of the caller's own department, their own
 * items, and items they decide or have a review task on.
 *
 * Written so that every arm is an index lookup and the planner can OR them as
 * bitmaps (department, author, GIN on stage_deciders, the primary key for the
 * task-holder's items collected once) — a correlated EXISTS here made every
 * list a scan of review_tasks (see bench/publication.ts).
 */
function readAccess(reader: Reader, params: unknown[]): string {
  if (readsAll(reader)) return 'TRUE';
  params.push(reader.departmentId, reader.userId);
  const dept = `$${params.length - 1}`;
  const me = `$${params.length}`;
  // The last arm: a policy's lead (第一责任人) reads its interpretations' own publications, drafted in other departments.
  return `(p.department_id = ${dept} OR p.author_id = ${me} OR p.stage_deciders @> ARRAY[${me}]::text[]
    OR p.id = ANY (ARRAY(SELECT t.publication_id FROM review_tasks t WHERE t.assignee_id = ${me}
                         UNION SELECT t.publication_id FROM review_tasks t WHERE t.delegate_of = ${me}
                         UNION SELECT i.publication_id FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id
                                WHERE k.lead_id = ${me} AND i.publication_id IS NOT NULL)))`;
}

/**
 * readAccess() for an item already loaded, without a query, as far as the item
 * can tell: it holds every arm but the review-task holders (past steps,
 * delegates). False means "ask canRead()", not "may not read".
 */
export function itemShowsReadAccess(
  reader: Reader,
  item: Pick<PublicationRecord, 'departmentId' | 'authorId' | 'stageDeciders'>,
): boolean {
  return readsAll(reader) || item.departmentId === reader.departmentId || item.authorId === reader.userId || item.stageDeciders.includes(reader.userId);
}

/** `text` anywhere, as an ILIKE pattern (its own %, _ and \ taken literally). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class PublicationRepository {
  constructor(private readonly db: Db) {}

  // Built at the first query: entity metadata exists once the data source is initialised.
  private get summaryColumns(): string {
    return `${columnsOf(this.db, PublicationRecord, 'p', SUMMARY_FIELDS)}, d.name AS "departmentName"`;
  }

  private get versionColumns(): string {
    return columnsOf(this.db, PublicationVersionRecord, 'v', VERSION_FIELDS);
  }

  /** A repository on the caller's transaction. */
  in(m: Db): PublicationRepository {
    return new PublicationRepository(m);
  }

  /** `work` in one transaction, with this repository joined to it. */
  transaction<T>(work: (tx: PublicationRepository) => Promise<T>): Promise<T> {
    return managerOf(this.db).transaction((m) => work(this.in(m)));
  }

  /**
   * Claims `key` for this user's new item, with the request's fingerprint. When an earlier
   * request holds the key: its item, and whether it asked the same (a key claimed before
   * fingerprints were kept counts as the same).
   */
  async claimIdempotencyKey(
    userId: string,
    key: string,
    publicationId: string,
    requestHash: string,
  ): Promise<{ publicationId: string; sameRequest: boolean } | undefined> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (user_id, key, publication_id, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING publication_id`,
      [userId, key, publicationId, requestHash],
    );
    if (inserted.length > 0) return undefined;
    // A concurrent request with the key has committed (ON CONFLICT waited for it).
    const [row]: { publicationId: string; requestHash: string | null }[] = await this.db.query(
      'SELECT publication_id AS "publicationId", request_hash AS "requestHash" FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return row && { publicationId: row.publicationId, sameRequest: row.requestHash === null || row.requestHash === requestHash };
  }

  async insertDraft(d: NewDraft): Promise<void> {
    await this.db.query(
      `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute,
         attribute_reason, document_number, written_date, validity, title, workflow_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        d.id,
        d.organisationId,
        d.departmentId,
        d.authorId,
        d.authorName,
        d.category,
        d.attribute,
        d.attributeReason,
        d.documentNumber,
        d.writtenDate,
        d.validity,
        d.title,
        `publication:${d.id}`,
      ],
    );
    await this.insertVersion(d.id, 1, d, d.authorId);
  }

  /** Inserts draft version `version`; false when it exists already (another revision got there first). */
  async insertVersion(publicationId: string, version: number, d: DraftVersion, createdBy: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO publication_versions (publication_id, version, title, body, body_format, attachments, document_number, written_date, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (publication_id, version) DO NOTHING RETURNING version`,
      [publicationId, version, d.title, d.body, d.bodyFormat, JSON.stringify(d.attachments), d.documentNumber, d.writtenDate, createdBy],
    );
    return rows.length > 0;
  }

  /** Versions above the adopted one that no revision is using any more (a crash between insert and update). */
  async dropAbandonedVersions(publicationId: string, adopted: number): Promise<void> {
    await this.db.query(
      `DELETE FROM publication_versions WHERE publication_id = $1 AND version > $2 AND created_at < now() - interval '5 minutes'`,
      [publicationId, adopted],
    );
  }

  async deleteVersion(publicationId: string, version: number): Promise<void> {
    await this.db.query('DELETE FROM publication_versions WHERE publication_id = $1 AND version = $2', [publicationId, version]);
  }

  /** After the workflow adopted a revision: the record's searchable fields follow the new draft. */
  async adoptRevision(publicationId: string, d: DraftVersion): Promise<void> {
    await this.db.query(
      `UPDATE publications SET title = $2, document_number = $3, written_date = $4, validity = $5,
         attribute_reason = COALESCE($6, attribute_reason), updated_at = now()
       WHERE id = $1`,
      [publicationId, d.title, d.documentNumber, d.writtenDate, d.validity, d.attributeReason],
    );
  }

  async find(id: string): Promise<Publication | undefined> {
    const rows: Publication[] = await this.db.query(
      `SELECT ${this.summaryColumns}, p.state FROM publications p JOIN departments d ON d.id = p.department_id WHERE p.id = $1`,
      [id],
    );
    return rows[0];
  }

  async canRead(reader: Reader, id: string): Promise<boolean> {
    const params: unknown[] = [id];
    const access = readAccess(reader, params);
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM publications p WHERE p.id = $1 AND ${access}`, params);
    return rows.length > 0;
  }

  async list(reader: Reader, f: PublicationFilters): Promise<{ rows: PublicationSummary[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [readAccess(reader, params)];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.status) add((p) => `p.status = ${p}`, f.status);
    if (f.stage) add((p) => `p.stage_level = ${p} AND p.status = 'in_review'`, f.stage);
    if (f.department) add((p) => `p.department_id = ${p}`, f.department);
    if (f.category) add((p) => `p.category = ${p}`, f.category);
    if (f.overdue !== undefined) add((p) => `p.overdue = ${p}`, f.overdue);
    if (f.inFlightStage && IN_FLIGHT_STAGE_SQL[f.inFlightStage]) where.push(`(${IN_FLIGHT_STAGE_SQL[f.inFlightStage]})`);
    if (f.late) {
      params.push(f.late.overdueBefore);
      const late = `(p.overdue OR (p.status IN ('draft', 'returned', 'in_review') AND coalesce(p.written_date < $${params.length}::date, false)))`;
      where.push(f.late.value ? late : `NOT ${late}`);
    }
    if (f.dueSoon) {
      params.push(f.dueSoon.overdueBefore, f.dueSoon.dueBefore);
      where.push(
        `(p.status IN ('draft', 'returned', 'in_review') AND p.written_date >= $${params.length - 1}::date AND p.written_date < $${params.length}::date)`,
      );
    }
    if (f.publishedFrom) add((p) => `p.published_at >= ${p}`, f.publishedFrom);
    if (f.publishedUntil) add((p) => `p.published_at < ${p}`, f.publishedUntil);
    if (f.text?.trim()) {
      const text = f.text.trim();
      add((p) => `p.title_grams @> gongkai_query_grams(${p})`, text);
      add((p) => `p.title ILIKE ${p}`, likePattern(text));
    }
    const filter = where.join(' AND ');
    const offset = (f.page - 1) * f.pageSize;
    // The page walks an index in list order and stops after LIMIT rows; the total is a separate
    // count of the filter alone (no join, no columns), run beside it. (A `count(*) OVER ()` on the
    // page query made Postgres build every matching row, joined, before the LIMIT: 0.4 s at 100,000.)
    const page: Promise<PublicationSummary[]> = this.db.query(
      `SELECT ${this.summaryColumns}
       FROM publications p JOIN departments d ON d.id = p.department_id
       WHERE ${filter}
       ORDER BY p.created_at DESC, p.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, offset],
    );
    const count = async (): Promise<number> => {
      const counted: { total: string }[] = await this.db.query(`SELECT count(*) AS total FROM publications p WHERE ${filter}`, params);
      return Number(counted[0].total);
    };
    const [rows, counted] = await Promise.all([page, count()]);
    // A short first page is the whole answer (and agrees with itself even if a row came or went in between).
    return { rows, total: f.page === 1 && rows.length < f.pageSize ? rows.length : counted };
  }

  async version(publicationId: string, version: number): Promise<PublicationVersion | undefined> {
    const rows: PublicationVersion[] = await this.db.query(
      `SELECT ${this.versionColumns} FROM publication_versions v WHERE v.publication_id = $1 AND v.version = $2`,
      [publicationId, version],
    );
    return rows[0];
  }

  async versions(publicationId: string): Promise<PublicationVersion[]> {
    return this.db.query(`SELECT ${this.versionColumns} FROM publication_versions v WHERE v.publication_id = $1 ORDER BY v.version`, [
      publicationId,
    ]);
  }

  /** Items whose review waits on a step. */
  async inReviewIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM publications WHERE status = 'in_review'`);
    return rows.map((r) => r.id);
  }

  /** Title and version of an item, or undefined when there is none. */
  async heading(id: string): Promise<Pick<PublicationRecord, 'title' | 'version'> | undefined> {
    const [row]: Pick<PublicationRecord, 'title' | 'version'>[] = await this.db.query('SELECT title, version FROM publications WHERE id = $1', [id]);
    return row;
  }

  /**
   * Projects a transition's state onto the item, only over an older one
   * (projected_seq < seq), so a retried or late older write never undoes a
   * newer one. True when the item moved forward.
   */
  async projectTransition(r: TransitionRecord): Promise<boolean> {
    const s = r.state;
    const stage = s.status === 'in_review' ? s.stage : undefined;
    const moved = await queryRows(
      this.db,
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
    return moved.length > 0;
  }

  /** True when the item is a policy package's policy (政策解读): its review is started by the package's submit, never directly. */
  async reviewedThroughPackage(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM policy_packages WHERE policy_publication_id = $1', [id]);
    return rows.length > 0;
  }

  /** A consultation's notice or feedback report: the consultation workflow starts its review, as a child. */
  async reviewedThroughConsultation(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM consultations WHERE notice_publication_id = $1 OR feedback_publication_id = $1', [id]);
    return rows.length > 0;
  }

  /** The item for publishing, its row locked until the caller's transaction ends. */
  async lockForPublishing(id: string): Promise<PublishingItem | undefined> {
    const columns = columnsOf(this.db, PublicationRecord, 'p', [
      'organisationId', 'departmentId', 'category', 'attribute', 'validity', 'writtenDate', 'documentNumber', 'indexNumber', 'publishedAt', 'overdue',
    ] as const);
    const [row]: PublishingItem[] = await this.db.query(`SELECT ${columns} FROM publications p WHERE p.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /** An item withdrawn with another (a policy's interpretations), which has no review of its own to project it. */
  async markRetracted(id: string): Promise<void> {
    await this.db.query(`UPDATE publications SET status = 'retracted', phase = 'retracted', updated_at = now() WHERE id = $1`, [id]);
  }

  async markPublished(id: string, indexNumber: string, publishedAt: Date, overdue: boolean): Promise<void> {
    await this.db.query('UPDATE publications SET index_number = $2, published_at = $3, overdue = $4, updated_at = now() WHERE id = $1', [
      id,
      indexNumber,
      publishedAt,
      overdue,
    ]);
  }
}
