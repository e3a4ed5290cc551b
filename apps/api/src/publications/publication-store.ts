import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PublicationReviewState } from '../../../../libs/contracts/src/publication';
import type { AuthenticatedUser } from '../auth/roles';
import type { AttachmentDto } from './publication.dto';

/** A row of `publications` (record + projection), dates as YYYY-MM-DD text. */
export interface PublicationRow {
  id: string;
  organisation_id: string;
  department_id: string;
  department_name: string;
  author_id: string;
  author_name: string;
  category: string;
  attribute: string;
  attribute_reason: string | null;
  document_number: string | null;
  written_date: string | null;
  validity: string;
  title: string;
  status: string;
  phase: string;
  version: number;
  stage_level: number | null;
  stage_role: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  delegate_of: string | null;
  stage_deciders: string[];
  stage_since: Date | null;
  stage_remind_at: Date | null;
  stage_due: Date | null;
  index_number: string | null;
  published_at: Date | null;
  overdue: boolean;
  projected_seq: number;
  state: PublicationReviewState | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  version: number;
  title: string;
  body: string;
  body_format: string;
  attachments: AttachmentDto[];
  document_number: string | null;
  written_date: string | null;
  created_by: string;
  created_at: Date;
}

export interface TimelineRow {
  id: string;
  seq: number | null;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  version: number | null;
  at: Date;
  detail: Record<string, unknown> | null;
}

export interface TaskRow {
  id: string;
  publication_id: string;
  level: number;
  role: string;
  version: number;
  delegate_of: string | null;
  created_at: Date;
  remind_at: Date | null;
  due_at: Date | null;
  title: string;
  department_id: string;
  department_name: string;
  author_name: string;
  category: string;
}

export interface PublicationFilters {
  status?: string;
  stage?: number;
  department?: string;
  category?: string;
  overdue?: boolean;
  text?: string;
  /** A dashboard stage of an item in flight (IN_FLIGHT_STAGES). */
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

export interface NewDraft {
  id: string;
  organisationId: string;
  departmentId: string;
  authorId: string;
  authorName: string;
  category: string;
  attribute: string;
  attributeReason: string | null;
  documentNumber: string | null;
  writtenDate: string;
  validity: string;
  title: string;
  body: string;
  bodyFormat: string;
  attachments: AttachmentDto[];
}

export type DraftVersion = Omit<NewDraft, 'id' | 'organisationId' | 'departmentId' | 'authorId' | 'authorName' | 'category' | 'attribute'>;

const PUBLICATION_COLUMNS = `
  p.id, p.organisation_id, p.department_id, d.name AS department_name, p.author_id, p.author_name, p.category,
  p.attribute, p.attribute_reason, p.document_number, p.written_date::text AS written_date, p.validity, p.title,
  p.status, p.phase, p.version, p.stage_level, p.stage_role, p.assignee_id, p.assignee_name, p.delegate_of,
  p.stage_deciders, p.stage_since, p.stage_remind_at, p.stage_due, p.index_number, p.published_at, p.overdue,
  p.projected_seq, p.created_at, p.updated_at`;

const VERSION_COLUMNS = `version, title, body, body_format, attachments, document_number, written_date::text AS written_date, created_by, created_at`;

/** Roles that may read every item of the organisation (分管领导, 主要负责人, 政务公开办). */
export const READ_ALL_ROLES = ['leader', 'principal', 'office'] as const;

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
function readAccess(user: AuthenticatedUser, params: unknown[]): string {
  if (user.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r))) return 'TRUE';
  params.push(user.departmentId, user.userId);
  const dept = `$${params.length - 1}`;
  const me = `$${params.length}`;
  return `(p.department_id = ${dept} OR p.author_id = ${me} OR p.stage_deciders @> ARRAY[${me}]::text[]
    OR p.id = ANY (ARRAY(SELECT t.publication_id FROM review_tasks t WHERE t.assignee_id = ${me}
                         UNION SELECT t.publication_id FROM review_tasks t WHERE t.delegate_of = ${me})))`;
}

/**
 * readAccess() for a row already loaded, without a query, as far as the row
 * can tell: it holds every arm but the review-task holders (past steps,
 * delegates). False means "ask canRead()", not "may not read".
 */
export function rowShowsReadAccess(user: AuthenticatedUser, row: PublicationRow): boolean {
  return (
    user.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r)) ||
    row.department_id === user.departmentId ||
    row.author_id === user.userId ||
    row.stage_deciders.includes(user.userId)
  );
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL for the publication tables (the record the API writes and the projection activities write). */
@Injectable()
export class PublicationStore {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async categoryExists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM catalog_categories WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async department(id: string): Promise<{ organisationId: string; name: string } | undefined> {
    const rows: { organisation_id: string; name: string }[] = await this.dataSource.query(
      'SELECT organisation_id, name FROM departments WHERE id = $1',
      [id],
    );
    return rows[0] && { organisationId: rows[0].organisation_id, name: rows[0].name };
  }

  /**
   * Claims `key` for this user's new item, with the request's fingerprint. When an earlier
   * request holds the key: its item, and whether it asked the same (a key claimed before
   * fingerprints were kept counts as the same).
   */
  async claimIdempotencyKey(
    m: EntityManager,
    userId: string,
    key: string,
    publicationId: string,
    requestHash: string,
  ): Promise<{ publicationId: string; sameRequest: boolean } | undefined> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO idempotency_keys (user_id, key, publication_id, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING publication_id`,
      [userId, key, publicationId, requestHash],
    );
    if (inserted.length > 0) return undefined;
    // A concurrent request with the key has committed (ON CONFLICT waited for it).
    const rows: { publication_id: string; request_hash: string | null }[] = await m.query(
      'SELECT publication_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    const row = rows[0];
    return row && { publicationId: row.publication_id, sameRequest: row.request_hash === null || row.request_hash === requestHash };
  }

  async insertDraft(m: EntityManager, d: NewDraft): Promise<void> {
    await m.query(
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
    await this.insertVersion(d.id, 1, d, d.authorId, m);
  }

  /** Inserts draft version `version`; false when it exists already (another revision got there first). */
  async insertVersion(publicationId: string, version: number, d: DraftVersion, createdBy: string, m?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (m ?? this.dataSource).query(
      `INSERT INTO publication_versions (publication_id, version, title, body, body_format, attachments, document_number, written_date, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (publication_id, version) DO NOTHING RETURNING version`,
      [publicationId, version, d.title, d.body, d.bodyFormat, JSON.stringify(d.attachments), d.documentNumber, d.writtenDate, createdBy],
    );
    return rows.length > 0;
  }

  /** Versions above the adopted one that no revision is using any more (a crash between insert and update). */
  async dropAbandonedVersions(publicationId: string, adopted: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM publication_versions WHERE publication_id = $1 AND version > $2 AND created_at < now() - interval '5 minutes'`,
      [publicationId, adopted],
    );
  }

  async deleteVersion(publicationId: string, version: number): Promise<void> {
    await this.dataSource.query('DELETE FROM publication_versions WHERE publication_id = $1 AND version = $2', [publicationId, version]);
  }

  /** After the workflow adopted a revision: the record's searchable fields follow the new draft. */
  async adoptRevision(publicationId: string, d: DraftVersion): Promise<void> {
    await this.dataSource.query(
      `UPDATE publications SET title = $2, document_number = $3, written_date = $4, validity = $5,
         attribute_reason = COALESCE($6, attribute_reason), updated_at = now()
       WHERE id = $1`,
      [publicationId, d.title, d.documentNumber, d.writtenDate, d.validity, d.attributeReason],
    );
  }

  async find(id: string): Promise<PublicationRow | undefined> {
    const rows: PublicationRow[] = await this.dataSource.query(
      `SELECT ${PUBLICATION_COLUMNS}, p.state FROM publications p JOIN departments d ON d.id = p.department_id WHERE p.id = $1`,
      [id],
    );
    return rows[0];
  }

  async canRead(user: AuthenticatedUser, id: string): Promise<boolean> {
    const params: unknown[] = [id];
    const access = readAccess(user, params);
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM publications p WHERE p.id = $1 AND ${access}`, params);
    return rows.length > 0;
  }

  async list(user: AuthenticatedUser, f: PublicationFilters): Promise<{ rows: PublicationRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [readAccess(user, params)];
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
    const page: Promise<PublicationRow[]> = this.dataSource.query(
      `SELECT ${PUBLICATION_COLUMNS}
       FROM publications p JOIN departments d ON d.id = p.department_id
       WHERE ${filter}
       ORDER BY p.created_at DESC, p.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, offset],
    );
    const count = async (): Promise<number> => {
      const counted: { total: string }[] = await this.dataSource.query(`SELECT count(*) AS total FROM publications p WHERE ${filter}`, params);
      return Number(counted[0].total);
    };
    const [rows, counted] = await Promise.all([page, count()]);
    // A short first page is the whole answer (and agrees with itself even if a row came or went in between).
    return { rows, total: f.page === 1 && rows.length < f.pageSize ? rows.length : counted };
  }

  async version(publicationId: string, version: number): Promise<VersionRow | undefined> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM publication_versions WHERE publication_id = $1 AND version = $2`,
      [publicationId, version],
    );
    return rows[0];
  }

  async versions(publicationId: string): Promise<VersionRow[]> {
    return this.dataSource.query(`SELECT ${VERSION_COLUMNS} FROM publication_versions WHERE publication_id = $1 ORDER BY version`, [
      publicationId,
    ]);
  }

  async timeline(publicationId: string): Promise<TimelineRow[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, seq, kind, actor_id, actor_name, version, at, detail
       FROM timeline_events WHERE publication_id = $1 ORDER BY at, id`,
      [publicationId],
    );
  }

  /** A refused attempt (403) by someone who may read the item, one row each; written by the API: no workflow sequence number. */
  async recordRefusal(
    row: Pick<PublicationRow, 'id' | 'version'>,
    user: AuthenticatedUser,
    action: string,
    reason: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO timeline_events (workflow_id, seq, publication_id, kind, actor_id, actor_name, version, at, detail)
       VALUES ($1, NULL, $2, 'refused', $3, $4, $5, now(), $6)`,
      [`publication:${row.id}`, row.id, user.userId, user.name, row.version, JSON.stringify({ action, reason })],
    );
  }

  /**
   * A refused attempt by someone who may not read the item: one row per
   * (item, user, action, clock hour) whose detail counts the attempts, so a
   * script hammering an item cannot flood its timeline. The upsert takes the
   * row's lock, so concurrent attempts each add one; the hour is the
   * database's, so every replica agrees on it.
   */
  async countRefusal(
    row: Pick<PublicationRow, 'id' | 'version'>,
    user: AuthenticatedUser,
    action: string,
    reason: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO timeline_events (workflow_id, seq, publication_id, kind, actor_id, actor_name, version, at, detail, dedupe_key)
       VALUES ($1, NULL, $2, 'refused', $3, $4, $5, now(), jsonb_build_object('action', $6::text, 'reason', $7::text, 'count', 1),
               concat_ws(':', 'refused', $6::text, to_char(date_trunc('hour', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24'), $3::text))
       ON CONFLICT (publication_id, dedupe_key) WHERE dedupe_key IS NOT NULL
       DO UPDATE SET version = EXCLUDED.version,
         detail = timeline_events.detail || jsonb_build_object('reason', $7::text, 'count', (timeline_events.detail->>'count')::int + 1, 'lastAt', now())`,
      [`publication:${row.id}`, row.id, user.userId, user.name, row.version, action, reason],
    );
  }

  /** The caller's open review tasks (as assignee, or as the holder a delegate stands in for), oldest first. */
  async openTasks(userId: string): Promise<TaskRow[]> {
    return this.dataSource.query(
      `SELECT t.id::text AS id, t.publication_id, t.level, t.role, t.version, t.delegate_of, t.created_at, t.remind_at, t.due_at,
              p.title, p.department_id, d.name AS department_name, p.author_name, p.category
       FROM review_tasks t
       JOIN publications p ON p.id = t.publication_id
       JOIN departments d ON d.id = p.department_id
       WHERE t.status = 'open' AND (t.assignee_id = $1 OR t.delegate_of = $1)
       ORDER BY t.created_at, t.id`,
      [userId],
    );
  }
}
