// Tables of policy interpretation (政策解读, issue 11): the package, its
// interpretations with their versions and comments, and the catalogue links
// between a policy and its interpretations. Migration 1764300008000 is the
// source of truth; test/integration/entity-schema.test.ts holds these to it.
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { PolicyPackageState } from '@gongkai/contracts';
import { CatalogEntryRecord, PublicationRecord } from './publication.entities';

@Entity({ name: 'policy_packages' })
@Unique('policy_packages_policy_publication_id_key', ['policyPublicationId'])
export class PolicyPackageRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'policy_publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'policy_packages_policy_publication_id_fkey' })
  policyPublicationId!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ name: 'department_id', type: 'text' })
  departmentId!: string;

  @Column({ name: 'lead_id', type: 'text' })
  leadId!: string;

  @Column({ name: 'lead_name', type: 'text' })
  leadName!: string;

  @Column({ name: 'deferral_reason', type: 'text', nullable: true })
  deferralReason!: string | null;

  @Column({ type: 'text', default: 'drafting' })
  status!: string;

  @Column({ name: 'projected_seq', type: 'integer', default: 0 })
  projectedSeq!: number;

  @Column({ type: 'jsonb', nullable: true })
  state!: PolicyPackageState | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'policy_interpretations' })
@Index('policy_interpretations_package_idx', ['packageId'])
@Index('policy_interpretations_owner_idx', ['ownerId', 'status'])
export class PolicyInterpretationRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'package_id', type: 'uuid' })
  @ForeignKey(() => PolicyPackageRecord, { name: 'policy_interpretations_package_id_fkey' })
  packageId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  form!: string;

  @Column({ name: 'owner_id', type: 'text' })
  ownerId!: string;

  @Column({ name: 'owner_name', type: 'text' })
  ownerName!: string;

  @Column({ name: 'owner_department_id', type: 'text' })
  ownerDepartmentId!: string;

  @Column({ type: 'text', default: 'drafting' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'index_number', type: 'text', nullable: true })
  indexNumber!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'publication_id', type: 'uuid', nullable: true })
  @ForeignKey(() => PublicationRecord, { name: 'policy_interpretations_publication_id_fkey' })
  publicationId!: string | null;

  /** A deferred interpretation's due instant (the workflow's schedule). */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** Set by the workflow's timer when the due instant passed unpublished. */
  @Column({ type: 'boolean', default: false })
  late!: boolean;
}

@Entity({ name: 'policy_interpretation_versions' })
export class PolicyInterpretationVersionRecord {
  @PrimaryColumn({ name: 'interpretation_id', type: 'uuid' })
  @ForeignKey(() => PolicyInterpretationRecord, { name: 'policy_interpretation_versions_interpretation_id_fkey' })
  interpretationId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

@Entity({ name: 'policy_interpretation_comments' })
@Unique('policy_interpretation_comments_workflow_id_seq_key', ['workflowId', 'seq'])
@Index('policy_interpretation_comments_interpretation_idx', ['interpretationId', 'at'])
export class PolicyInterpretationCommentRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'interpretation_id', type: 'uuid' })
  @ForeignKey(() => PolicyInterpretationRecord, { name: 'policy_interpretation_comments_interpretation_id_fkey' })
  interpretationId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', nullable: true })
  quote!: string | null;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

@Entity({ name: 'catalog_entry_links' })
@Check('catalog_entry_links_relation_check', `relation IN ('interpreted_by', 'interprets', 'feedback', 'feedback_on')`)
export class CatalogEntryLinkRecord {
  @PrimaryColumn({ name: 'index_number', type: 'text' })
  @ForeignKey(() => CatalogEntryRecord, { name: 'catalog_entry_links_index_number_fkey' })
  indexNumber!: string;

  @PrimaryColumn({ name: 'related_index_number', type: 'text' })
  @ForeignKey(() => CatalogEntryRecord, { name: 'catalog_entry_links_related_index_number_fkey' })
  relatedIndexNumber!: string;

  @Column({ type: 'text' })
  /** A policy and its interpretations (issue 11); a consultation notice and its feedback report (issue 12). */
  relation!: 'interpreted_by' | 'interprets' | 'feedback' | 'feedback_on';

  @Column({ type: 'text', nullable: true })
  form!: string | null;
}

export const policyEntities = [
  PolicyPackageRecord,
  PolicyInterpretationRecord,
  PolicyInterpretationVersionRecord,
  PolicyInterpretationCommentRecord,
  CatalogEntryLinkRecord,
];
