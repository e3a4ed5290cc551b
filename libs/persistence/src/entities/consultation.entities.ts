// Tables of public consultation (征求意见, issue 12): the consultation with its
// window, the public comments grouped into clusters, and every disposition.
// Migration 1764300010000 is the source of truth; test/integration/entity-schema.test.ts
// holds these to it.
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ConsultationState } from '@gongkai/contracts';
import { PublicationRecord } from './publication.entities';

export type ConsultationStatus = 'draft' | 'in_review' | 'open' | 'closed' | 'concluded' | 'withdrawn';
export type DispositionDecision = 'adopted' | 'partly_adopted' | 'not_adopted' | 'not_applicable';

@Entity({ name: 'consultations' })
@Unique('consultations_notice_publication_id_key', ['noticePublicationId'])
@Check('consultations_days_check', 'days >= 1 AND days <= 365')
@Check('consultations_status_check', `status IN ('draft', 'in_review', 'open', 'closed', 'concluded', 'withdrawn')`)
@Index('consultations_status_idx', ['status', 'closesAt'])
@Index('consultations_department_idx', ['departmentId', 'createdAt'])
export class ConsultationRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'notice_publication_id', type: 'uuid' })
  @ForeignKey(() => PublicationRecord, { name: 'consultations_notice_publication_id_fkey' })
  noticePublicationId!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ name: 'department_id', type: 'text' })
  departmentId!: string;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'draft_body', type: 'text' })
  draftBody!: string;

  @Column({ type: 'text' })
  explanation!: string;

  @Column({ type: 'integer' })
  days!: number;

  @Column({ name: 'short_reason', type: 'text', nullable: true })
  shortReason!: string | null;

  /** Staff-only: how the department can be reached about the consultation. */
  @Column({ type: 'text', nullable: true })
  contact!: string | null;

  @Column({ type: 'text', default: 'draft' })
  status!: ConsultationStatus;

  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt!: Date | null;

  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true })
  closesAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  extensions!: { days: number; reason: string; at: string; closesAt: string; by: string }[];

  @Column({ name: 'notice_index_number', type: 'text', nullable: true })
  noticeIndexNumber!: string | null;

  @Column({ name: 'feedback_publication_id', type: 'uuid', nullable: true })
  @ForeignKey(() => PublicationRecord, { name: 'consultations_feedback_publication_id_fkey' })
  feedbackPublicationId!: string | null;

  @Column({ name: 'feedback_index_number', type: 'text', nullable: true })
  feedbackIndexNumber!: string | null;

  @Column({ name: 'feedback_due_at', type: 'timestamptz', nullable: true })
  feedbackDueAt!: Date | null;

  @Column({ name: 'feedback_late', type: 'boolean', default: false })
  feedbackLate!: boolean;

  @Column({ name: 'projected_seq', type: 'integer', default: 0 })
  projectedSeq!: number;

  @Column({ type: 'jsonb', nullable: true })
  state!: ConsultationState | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'consultation_clusters' })
@Unique('consultation_clusters_consultation_id_fingerprint_key', ['consultationId', 'fingerprint'])
@Check('consultation_clusters_decision_check', `decision IN ('adopted', 'partly_adopted', 'not_adopted', 'not_applicable')`)
export class ConsultationClusterRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'consultation_id', type: 'uuid' })
  @ForeignKey(() => ConsultationRecord, { name: 'consultation_clusters_consultation_id_fkey' })
  consultationId!: string;

  /** The comment text normalised (spaces and punctuation removed): equal fingerprints are duplicates. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'integer', default: 0 })
  size!: number;

  /** The first comment's text, as the cluster's representative (masked wherever it is shown publicly). */
  @Column({ name: 'sample_text', type: 'text' })
  sampleText!: string;

  @Column({ type: 'text', nullable: true })
  decision!: DispositionDecision | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}

@Entity({ name: 'consultation_comments' })
@Unique('consultation_comments_receipt_key', ['receipt'])
@Index('consultation_comments_consultation_idx', ['consultationId', 'id'])
@Index('consultation_comments_cluster_idx', ['clusterId'])
export class ConsultationCommentRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'consultation_id', type: 'uuid' })
  @ForeignKey(() => ConsultationRecord, { name: 'consultation_comments_consultation_id_fkey' })
  consultationId!: string;

  @Column({ name: 'cluster_id', type: 'bigint' })
  @ForeignKey(() => ConsultationClusterRecord, { name: 'consultation_comments_cluster_id_fkey' })
  clusterId!: string;

  /** What the commenter is given to quote (回执号). */
  @Column({ type: 'text' })
  receipt!: string;

  @Column({ type: 'text' })
  text!: string;

  /** Staff-only. */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** Staff-only. */
  @Column({ type: 'text', nullable: true })
  contact!: string | null;

  @Column({ type: 'text', nullable: true })
  clause!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}

@Entity({ name: 'consultation_dispositions' })
@Index('consultation_dispositions_cluster_idx', ['clusterId', 'at'])
export class ConsultationDispositionRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'cluster_id', type: 'bigint' })
  @ForeignKey(() => ConsultationClusterRecord, { name: 'consultation_dispositions_cluster_id_fkey' })
  clusterId!: string;

  @Column({ type: 'text' })
  decision!: DispositionDecision;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_name', type: 'text' })
  actorName!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}

export const consultationEntities = [ConsultationRecord, ConsultationClusterRecord, ConsultationCommentRecord, ConsultationDispositionRecord];
