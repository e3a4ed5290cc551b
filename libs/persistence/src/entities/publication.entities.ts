// Tables of the publication review (三审): org chart, 公开目录, routes, and the
// read model the workflow projects into. Columns are described in
// docs/publication-data.md; the migrations are the source of truth, and
// test/integration/entity-schema.test.ts fails when these entities disagree with them.
//
// Constraints and indexes carry the names PostgreSQL gave them, so the schema
// diff matches them. TypeORM compares an index by name, columns and uniqueness
// only: a column's DESC order lives in the migration alone. GIN indexes it
// cannot describe are declared with `synchronize: false` (named, never compared).
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

export interface IndexPatternJson {
  organisationCode: string;
  categoryCode?: string;
  period: 'YYYY' | 'YYYYMM';
  serialWidth: number;
  separator?: string;
}

export interface AttachmentJson {
  name: string;
  size: number;
  sha256: string;
}

/**
 * The stored, generated `title_grams` column (character 1- and 2-grams of the
 * title) behind the GIN-indexed title search of publications and the
 * catalogue; never read back or written.
 */
function TitleGrams(ginIndexName: string): PropertyDecorator {
  const column = Column({
    name: 'title_grams',
    type: 'text',
    array: true,
    nullable: true, // as PostgreSQL declares it (the function is STRICT), though title is NOT NULL
    generatedType: 'STORED',
    asExpression: 'gongkai_search_grams(title)',
    select: false,
    insert: false,
    update: false,
  });
  const index = Index(ginIndexName, { synchronize: false }); // USING gin: TypeORM cannot express it
  return (target, property) => {
    column(target, property);
    index(target, property);
  };
}

@Entity({ name: 'organisations' })
@Unique('organisations_code_key', ['code'])
export class OrganisationRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** 组织机构代码 / 统一社会信用代码: the first part of every 索引号. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'index_pattern', type: 'jsonb' })
  indexPattern!: IndexPatternJson;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

@Entity({ name: 'departments' })
@Unique('departments_organisation_id_name_key', ['organisationId', 'name'])
@Check('departments_kind_check', `kind IN ('section', 'office', 'leadership')`)
export class DepartmentRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  @ForeignKey(() => OrganisationRecord, { name: 'departments_organisation_id_fkey' })
  organisationId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: 'section' | 'office' | 'leadership';

  /** The department's public enquiry line (咨询电话), printed under its published interpretations. */
  @Column({ name: 'public_contact', type: 'text', nullable: true })
  publicContact!: string | null;
}

@Entity({ name: 'users' })
@Check('users_roles_check', `roles <@ ARRAY['author', 'section_head', 'leader', 'principal', 'office', 'office_head']::text[]`)
@Index('users_department_idx', ['departmentId'])
export class UserRecord {
  /** The username (JWT subject). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'department_id', type: 'text' })
  @ForeignKey(() => DepartmentRecord, { name: 'users_department_id_fkey' })
  departmentId!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Argon2id (PHC string); null: this user cannot sign in with a password. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;
}

/** Which sections a 分管领导 is responsible for. */
@Entity({ name: 'leader_departments' })
@Index('leader_departments_department_idx', ['departmentId'])
export class LeaderDepartmentRecord {
  @PrimaryColumn({ name: 'leader_id', type: 'text' })
  @ForeignKey(() => UserRecord, { name: 'leader_departments_leader_id_fkey' })
  leaderId!: string;

  @PrimaryColumn({ name: 'department_id', type: 'text' })
  @ForeignKey(() => DepartmentRecord, { name: 'leader_departments_department_id_fkey' })
  departmentId!: string;
}

/** A reviewer away: `delegate` acts for `holder` in [startsAt, endsAt) unless revoked. */
@Entity({ name: 'delegations' })
@Check('delegations_check', 'ends_at > starts_at')
@Check('delegations_check1', 'holder_id <> delegate_id')
@Index('delegations_holder_idx', ['holderId', 'startsAt'])
export class DelegationRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'holder_id', type: 'text' })
  @ForeignKey(() => UserRecord, { name: 'delegations_holder_id_fkey' })
  holderId!: string;

  @Column({ name: 'delegate_id', type: 'text' })
  @ForeignKey(() => UserRecord, { name: 'delegations_delegate_id_fkey' })
  delegateId!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** 公开目录: two-level 主题分类; `code` is what publications.category holds. */
@Entity({ name: 'catalog_categories' })
export class CatalogCategoryRecord {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  @ForeignKey(() => CatalogCategoryRecord, { name: 'catalog_categories_parent_code_fkey' })
  parentCode!: string | null;

  @Column({ type: 'integer', default: 0 })
  sort!: number;
}

@Entity({ name: 'review_routes' })
@Unique('review_routes_category_attribute_key', ['category', 'attribute'])
@Check('review_routes_attribute_check', `attribute IN ('*', 'proactive', 'on_request', 'not_disclosed')`)
@Check(
  'review_routes_levels_check',
  `cardinality(levels) BETWEEN 1 AND 3 AND levels <@ ARRAY['section_head', 'leader', 'principal']::text[]`,
)
export class ReviewRouteRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** A category code, a parent category code (applies to its children), or '*'. */
  @Column({ type: 'text', default: '*' })
  category!: string;

  @Column({ type: 'text', default: '*' })
  attribute!: string;

  @Column({ type: 'text', array: true })
  levels!: string[];

  @Column({ type: 'integer', default: 0 })
  priority!: number;
}

@Entity({ name: 'review_settings' })
export class ReviewSettingRecord {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'publications' })
@Unique('publications_index_number_key', ['indexNumber'])
@Check('publications_attribute_check', `attribute IN ('proactive', 'on_request', 'not_disclosed')`)
@Check('publications_validity_check', `validity IN ('现行有效', '已废止')`)
@Check('publications_status_check', `status IN ('draft', 'returned', 'in_review', 'published', 'withdrawn', 'retracted')`)
@Index('publications_created_idx', ['createdAt', 'id'])
@Index('publications_status_idx', ['status', 'createdAt'])
@Index('publications_phase_idx', ['phase', 'createdAt'])
@Index('publications_department_idx', ['departmentId', 'createdAt'])
@Index('publications_category_idx', ['category', 'createdAt'])
@Index('publications_overdue_created_idx', ['overdue', 'createdAt'])
@Index('publications_author_idx', ['authorId', 'createdAt'])
@Index('publications_published_idx', ['publishedAt', 'departmentId', 'writtenDate'], { where: 'published_at IS NOT NULL' })
export class PublicationRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  @ForeignKey(() => OrganisationRecord, { name: 'publications_organisation_id_fkey' })
  organisationId!: string;

  @Column({ name: 'department_id', type: 'text' })
  @ForeignKey(() => DepartmentRecord, { name: 'publications_department_id_fkey' })
  departmentId!: string;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ type: 'text' })
  @ForeignKey(() => CatalogCategoryRecord, { name: 'publications_category_fkey' })
  category!: string;

  @Column({ type: 'text' })
  attribute!: 'proactive' | 'on_request' | 'not_disclosed';

  @Column({ name: 'attribute_reason', type: 'text', nullable: true })
  attributeReason!: string | null;

  @Column({ name: 'document_number', type: 'text', nullable: true })
  documentNumber!: string | null;

  /** 成文日期, `YYYY-MM-DD`. */
  @Column({ name: 'written_date', type: 'date', nullable: true })
  writtenDate!: string | null;

  @Column({ type: 'text', default: '现行有效' })
  validity!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: string;

  @Column({ type: 'text', default: 'draft' })
  phase!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'workflow_id', type: 'text', nullable: true })
  workflowId!: string | null;

  @Column({ name: 'stage_level', type: 'integer', nullable: true })
  stageLevel!: number | null;

  @Column({ name: 'stage_role', type: 'text', nullable: true })
  stageRole!: string | null;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'assignee_name', type: 'text', nullable: true })
  assigneeName!: string | null;

  @Column({ name: 'delegate_of', type: 'text', nullable: true })
  delegateOf!: string | null;

  @Column({ name: 'stage_deciders', type: 'text', array: true, default: () => "'{}'" })
  @Index('publications_deciders_idx', { synchronize: false }) // USING gin
  stageDeciders!: string[];

  @Column({ name: 'stage_since', type: 'timestamptz', nullable: true })
  stageSince!: Date | null;

  @Column({ name: 'stage_remind_at', type: 'timestamptz', nullable: true })
  stageRemindAt!: Date | null;

  /** When the waiting step escalates. */
  @Column({ name: 'stage_due', type: 'timestamptz', nullable: true })
  stageDue!: Date | null;

  @Column({ name: 'index_number', type: 'text', nullable: true })
  indexNumber!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  /** The `seq` of the newest transition projected here (older writes are ignored). */
  @Column({ name: 'projected_seq', type: 'integer', default: 0 })
  projectedSeq!: number;

  /** The workflow's PublicationReviewState after that transition. */
  @Column({ type: 'jsonb', nullable: true })
  state!: unknown;

  @TitleGrams('publications_title_grams_idx')
  titleGrams?: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'publication_versions' })
@Check('publication_versions_version_check', 'version > 0')
@Check('publication_versions_body_format_check', `body_format IN ('text', 'html')`)
export class PublicationVersionRecord {
  @PrimaryColumn({ name: 'publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'publication_versions_publication_id_fkey' })
  publicationId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'body_format', type: 'text', default: 'text' })
  bodyFormat!: 'text' | 'html';

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: AttachmentJson[];

  @Column({ name: 'document_number', type: 'text', nullable: true })
  documentNumber!: string | null;

  @Column({ name: 'written_date', type: 'date', nullable: true })
  writtenDate!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

@Entity({ name: 'review_tasks' })
@Unique('review_tasks_publication_id_level_created_at_key', ['publicationId', 'level', 'createdAt'])
@Check('review_tasks_status_check', `status IN ('open', 'done', 'escalated', 'cancelled')`)
@Index('review_tasks_inbox_idx', ['assigneeId', 'status', 'createdAt'])
@Index('review_tasks_delegated_idx', ['delegateOf', 'createdAt'], { where: `status = 'open' AND delegate_of IS NOT NULL` })
@Index('review_tasks_publication_idx', ['publicationId'], { where: `status = 'open'` })
@Index('review_tasks_assignee_publication_idx', ['assigneeId', 'publicationId'])
@Index('review_tasks_delegate_publication_idx', ['delegateOf', 'publicationId'], { where: 'delegate_of IS NOT NULL' })
export class ReviewTaskRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'review_tasks_publication_id_fkey' })
  publicationId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'integer' })
  level!: number;

  @Column({ type: 'text' })
  role!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'assignee_id', type: 'text' })
  assigneeId!: string;

  @Column({ name: 'assignee_name', type: 'text' })
  assigneeName!: string;

  @Column({ name: 'delegate_of', type: 'text', nullable: true })
  delegateOf!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  deciders!: string[];

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'done' | 'escalated' | 'cancelled';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'remind_at', type: 'timestamptz', nullable: true })
  remindAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}

@Entity({ name: 'timeline_events' })
@Unique('timeline_events_workflow_id_seq_key', ['workflowId', 'seq'])
@Index('timeline_events_publication_idx', ['publicationId', 'at', 'id'])
@Index('timeline_events_dedupe_key_idx', ['publicationId', 'dedupeKey'], { unique: true, where: 'dedupe_key IS NOT NULL' })
export class TimelineEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'workflow_id', type: 'text', nullable: true })
  workflowId!: string | null;

  /** NULL for rows the API writes itself (refused attempts). */
  @Column({ type: 'integer', nullable: true })
  seq!: number | null;

  @Column({ name: 'publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'timeline_events_publication_id_fkey' })
  publicationId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  /** Set on a counted refusal row (one per item, user, action and hour); NULL on every other row. */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey!: string | null;
}

@Entity({ name: 'catalog_entries' })
@Unique('catalog_entries_publication_id_key', ['publicationId'])
@Check('catalog_entries_status_check', `status IN ('published', 'withdrawn')`)
@Check('catalog_entries_attribute_check', `attribute IN ('proactive', 'on_request', 'not_disclosed')`)
@Check('catalog_entries_public_body_check', `body IS NULL OR (attribute = 'proactive' AND status = 'published')`)
@Index('catalog_entries_published_idx', ['status', 'publishedAt'])
@Index('catalog_entries_category_idx', ['category', 'publishedAt'])
@Index('catalog_entries_public_idx', ['publishedAt', 'indexNumber'], { where: `attribute = 'proactive'` })
export class CatalogEntryRecord {
  @PrimaryColumn({ name: 'index_number', type: 'text' })
  indexNumber!: string;

  @Column({ name: 'publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'catalog_entries_publication_id_fkey' })
  publicationId!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  @ForeignKey(() => OrganisationRecord, { name: 'catalog_entries_organisation_id_fkey' })
  organisationId!: string;

  @Column({ name: 'organisation_name', type: 'text' })
  organisationName!: string;

  @Column({ name: 'department_name', type: 'text' })
  departmentName!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ name: 'category_name', type: 'text' })
  categoryName!: string;

  @Column({ name: 'parent_category_name', type: 'text', nullable: true })
  parentCategoryName!: string | null;

  @Column({ type: 'text' })
  title!: string;

  /** Only a published 主动公开 entry has a body (a database check enforces it). */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ name: 'body_format', type: 'text' })
  bodyFormat!: 'text' | 'html';

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: AttachmentJson[];

  /** proactive (主动公开) entries are public; the others form the staff-only register. */
  @Column({ type: 'text' })
  attribute!: 'proactive' | 'on_request' | 'not_disclosed';

  @Column({ name: 'document_number', type: 'text', nullable: true })
  documentNumber!: string | null;

  @Column({ name: 'written_date', type: 'date', nullable: true })
  writtenDate!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ type: 'text', default: '现行有效' })
  validity!: string;

  @Column({ name: 'disclosure_method', type: 'text', default: '主动公开' })
  disclosureMethod!: string;

  @Column({ type: 'text', default: '面向社会' })
  scope!: string;

  @Column({ type: 'text', default: 'published' })
  status!: 'published' | 'withdrawn';

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  @Column({ name: 'withdrawn_by', type: 'text', nullable: true })
  withdrawnBy!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @TitleGrams('catalog_entries_title_grams_idx')
  titleGrams?: string[];
}

@Entity({ name: 'notifications' })
@Unique('notifications_workflow_id_seq_key', ['workflowId', 'seq'])
@Index('notifications_user_idx', ['userId', 'createdAt'])
export class NotificationRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'publication_id', type: 'uuid', nullable: true })
  @ForeignKey(() => PublicationRecord, { name: 'notifications_publication_id_fkey' })
  publicationId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ name: 'workflow_id', type: 'text', nullable: true })
  workflowId!: string | null;

  @Column({ type: 'integer', nullable: true })
  seq!: number | null;
}

@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRecord {
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ name: 'publication_id', type: 'uuid', nullable: true })
  publicationId!: string | null;

  /** sha256 of the claiming request's canonical JSON; null for keys claimed before it was kept (treated as matching). */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

@Entity({ name: 'portal_deliveries' })
@Check('portal_deliveries_status_check', `status IN ('pending', 'delivered', 'failed', 'skipped')`)
export class PortalDeliveryRecord {
  /** `<publicationId>:<event>`, also sent as the `Idempotency-Key` header. */
  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'publication_id', type: 'uuid' })
  publicationId!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'text' })
  status!: 'pending' | 'delivered' | 'failed' | 'skipped';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

export const publicationEntities = [
  OrganisationRecord,
  DepartmentRecord,
  UserRecord,
  LeaderDepartmentRecord,
  DelegationRecord,
  CatalogCategoryRecord,
  ReviewRouteRecord,
  ReviewSettingRecord,
  PublicationRecord,
  PublicationVersionRecord,
  ReviewTaskRecord,
  TimelineEventRecord,
  CatalogEntryRecord,
  NotificationRecord,
  IdempotencyKeyRecord,
  PortalDeliveryRecord,
];
