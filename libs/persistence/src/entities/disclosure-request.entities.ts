// Tables of disclosure on request (依申请公开, issue 13): the request as its
// workflow projects it and every event with its effect on the clock.
// Migration 1764300011000 is the source of truth; test/integration/entity-schema.test.ts
// holds these to it.
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DisclosureRequestState, LegalPersonCategory, RequestChannel, RequesterKind, RequestStatus } from '@gongkai/contracts';

@Entity({ name: 'disclosure_requests' })
@Unique('disclosure_requests_tracking_code_key', ['trackingCode'])
@Check('disclosure_requests_status_check', `status IN ('awaiting_confirmation', 'registered', 'awaiting_clarification', 'third_party', 'replying', 'closed')`)
@Check('disclosure_requests_requester_kind_check', `requester_kind IN ('natural_person', 'legal_person')`)
@Check('disclosure_requests_requester_category_check', `requester_category IN ('commercial', 'research', 'public_interest', 'legal_services', 'other')`)
@Check('disclosure_requests_channel_check', `channel IN ('in_person', 'registered_post', 'ordinary_post', 'online', 'fax', 'email')`)
@Index('disclosure_requests_status_due_idx', ['status', 'dueOn'])
@Index('disclosure_requests_received_idx', ['receivedOn'])
export class DisclosureRequestRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** What the requester quotes to follow the request publicly (no personal data in it). */
  @Column({ name: 'tracking_code', type: 'text' })
  trackingCode!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ type: 'text' })
  status!: RequestStatus;

  @Column({ name: 'requester_kind', type: 'text' })
  requesterKind!: RequesterKind;

  @Column({ name: 'requester_category', type: 'text', nullable: true })
  requesterCategory!: LegalPersonCategory | null;

  /** Staff-only (personal data). */
  @Column({ name: 'requester_name', type: 'text' })
  requesterName!: string;

  /** Staff-only (personal data). */
  @Column({ name: 'requester_id_number', type: 'text', nullable: true })
  requesterIdNumber!: string | null;

  /** Staff-only (personal data). */
  @Column({ name: 'requester_contact', type: 'text' })
  requesterContact!: string;

  /** Staff-only (personal data). */
  @Column({ name: 'requester_address', type: 'text', nullable: true })
  requesterAddress!: string | null;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'text' })
  channel!: RequestChannel;

  @Column({ name: 'received_on', type: 'date', nullable: true })
  receivedOn!: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ name: 'clock_running', type: 'boolean', default: false })
  clockRunning!: boolean;

  @Column({ type: 'boolean', default: false })
  extended!: boolean;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn!: string | null;

  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime!: boolean | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'registered_by', type: 'text', nullable: true })
  registeredBy!: string | null;

  @Column({ name: 'projected_seq', type: 'integer', default: 0 })
  projectedSeq!: number;

  @Column({ type: 'jsonb', nullable: true })
  state!: DisclosureRequestState | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'disclosure_request_events' })
@Unique('disclosure_request_events_workflow_id_seq_key', ['workflowId', 'seq'])
@Index('disclosure_request_events_request_idx', ['requestId', 'at'])
export class DisclosureRequestEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  @ForeignKey(() => DisclosureRequestRecord, { name: 'disclosure_request_events_request_id_fkey' })
  requestId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

export const disclosureRequestEntities = [DisclosureRequestRecord, DisclosureRequestEventRecord];
