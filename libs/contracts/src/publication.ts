/**
 * The publication review (三审) contract: what the API sends the workflow, what
 * the workflow answers, and the activities it calls. Imported by the API, the
 * worker, the workflow and the activities alike — types and message
 * definitions only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorProof } from './actor-proof';
import type { BundleVersions, InterpretationRelease, PackageSubmission } from './policy';
import type { ConsultationPublication } from './consultation';

export type DisclosureAttribute = 'proactive' | 'on_request' | 'not_disclosed';
export type Role = 'author' | 'section_head' | 'leader' | 'principal' | 'office' | 'office_head';
export type PublicationStatus = 'draft' | 'returned' | 'in_review' | 'published' | 'withdrawn' | 'retracted';
/** Finer than status: where exactly the item is. */
export type PublicationPhase =
  | 'draft'
  | 'screening'
  | 'awaiting_acknowledgement'
  | 'returned'
  | 'in_review'
  | 'publishing'
  | 'published'
  | 'withdrawn'
  | 'retracted';

export const publicationWorkflowId = (publicationId: string) => `publication:${publicationId}`;
/** 撤回 after publication runs as its own short workflow: the review workflow has completed by then. */
export const retractionWorkflowId = (publicationId: string) => `publication-retraction:${publicationId}`;

export interface RetractionInput {
  publicationId: string;
  indexNumber: string;
  /** The main leader (principal) who approved the retraction. */
  actor: Actor;
  /** The API's signature of the actor (actor-proof.ts), message `retract`. */
  actorProof?: string;
  /** The public key (hex) the signature verifies with; the worker confirms it is the installation's. */
  actorKey?: string;
  reason: string;
  /** The review's final state, to project the retracted state from. */
  reviewState: PublicationReviewState;
}

/**
 * Retraction transitions are numbered after every review transition, so the
 * read model's "newer sequence wins" rule applies across both workflows.
 */
export const RETRACTION_SEQ_BASE = 1_000_000;

/** The authenticated user on whose behalf the API acts (from the JWT). */
export interface Actor {
  userId: string;
  name: string;
  departmentId: string;
  roles: Role[];
}

export interface PublicationReviewInput {
  publicationId: string;
  organisationId: string;
  departmentId: string;
  authorId: string;
  authorName: string;
  category: string;
  attribute: DisclosureAttribute;
  /** 成文日期 YYYY-MM-DD (Asia/Shanghai). */
  writtenDate: string;
  /** Draft version the item starts with (1). */
  version: number;
  /**
   * The public key (Ed25519, hex) every actor in this review's messages is
   * signed with (actor-proof.ts); the worker confirms it is the installation's.
   */
  actorKey?: string;
  /**
   * Set when a policy package (政策解读) started this review as its child: the
   * review submits at once on the lead's signed behalf, every decision records
   * the bundle's versions, and publishing publishes the ready interpretations
   * in the same transaction.
   */
  package?: PackageSubmission;
  /**
   * Set when a policy package started this review for one deferred
   * interpretation (暂缓解读) after the policy's publication: the review
   * submits at once on the lead's signed release, its route is the policy's
   * first level(s) (configurable), and publishing links it to the policy.
   */
  release?: InterpretationRelease;
  /** Set when a consultation started this review for its notice or its feedback report (征求意见). */
  consultation?: ConsultationPublication;
}

export interface RouteLevel {
  level: number;
  role: Extract<Role, 'section_head' | 'leader' | 'principal'>;
  /** 科室负责人 / 分管领导 / 主要负责人 */
  label: string;
}

export interface Assignment {
  assigneeId: string;
  assigneeName: string;
  /** Set when the holder is away and a delegate acts: the holder's id (recorded). */
  delegateOf?: { userId: string; name: string };
  /** Users allowed to decide this step: the assignee, plus the holder when a delegate stands in. */
  deciders: string[];
  /** ISO instants computed from the working-day calendar. */
  remindAt: string;
  escalateAt: string;
}

export interface StageState extends RouteLevel, Assignment {
  since: string;
  escalated: boolean;
  reminded: boolean;
}

export type DecisionKind = 'approve' | 'reject' | 'request_changes';

export interface Confidentiality {
  conclusion: 'not_secret' | 'secret';
  note?: string;
}

export interface DecisionRecord {
  kind: DecisionKind;
  level: number;
  role: string;
  version: number;
  actorId: string;
  actorName: string;
  /** The decider acted as delegate of this holder. */
  onBehalfOf?: string;
  comment?: string;
  reason?: string;
  confidentiality?: Confidentiality;
  at: string;
  /** A policy package's review: the policy and interpretation versions this decision covered. */
  bundle?: BundleVersions;
}

export interface ScreeningFinding {
  kind: string;
  severity: 'block' | 'warn';
  text: string;
  start: number;
  end: number;
  suggestion: string;
  /** Where in the draft (or in `part`): its title or its body; start/end are offsets into that text. */
  field?: 'title' | 'body';
  /** A policy package's review screens the bundle too: the interpretation (and its version) the finding is in. */
  part?: ScreenedPart;
}

/** A part of a policy package other than the policy itself: one interpretation at the version the bundle holds. */
export interface ScreenedPart {
  interpretationId: string;
  version: number;
  form: string;
  /** As a person reads it, e.g. 文字解读（张伟）. */
  label: string;
}

/** The live state a query returns (and the API shows with the record). */
export interface PublicationReviewState {
  publicationId: string;
  status: PublicationStatus;
  phase: PublicationPhase;
  version: number;
  route: RouteLevel[];
  stage?: StageState;
  decisions: DecisionRecord[];
  findings: ScreeningFinding[];
  warningsAcknowledged: boolean;
  indexNumber?: string;
  publishedAt?: string;
  overdue?: boolean;
  /** Why the item was returned / withdrawn / retracted, when it was. */
  closingReason?: string;
}

// ------------------------------------------------------------------ messages

export interface SubmitArgs extends ActorProof { actor: Actor; version: number }
export interface AcknowledgeWarningsArgs extends ActorProof { actor: Actor; version: number }
export interface DecisionArgs extends ActorProof {
  actor: Actor;
  version: number;
  /** The level the decider saw as current; a mismatch means someone decided first (409). */
  expectedLevel?: number;
  comment?: string;
  reason?: string;
  confidentiality?: Confidentiality;
}
export interface ReviseArgs extends ActorProof { actor: Actor; version: number }
export interface WithdrawArgs extends ActorProof { actor: Actor; reason: string }
export interface RetractArgs extends ActorProof { actor: Actor; reason: string }

export const submitUpdate = defineUpdate<PublicationReviewState, [SubmitArgs]>('submit');
export const acknowledgeWarningsUpdate = defineUpdate<PublicationReviewState, [AcknowledgeWarningsArgs]>('acknowledgeWarnings');
export const approveUpdate = defineUpdate<PublicationReviewState, [DecisionArgs]>('approve');
export const rejectUpdate = defineUpdate<PublicationReviewState, [DecisionArgs]>('reject');
export const requestChangesUpdate = defineUpdate<PublicationReviewState, [DecisionArgs]>('requestChanges');
export const reviseUpdate = defineUpdate<PublicationReviewState, [ReviseArgs]>('revise');
export const withdrawUpdate = defineUpdate<PublicationReviewState, [WithdrawArgs]>('withdraw');
export const retractUpdate = defineUpdate<PublicationReviewState, [RetractArgs]>('retract');
export const reviewStateQuery = defineQuery<PublicationReviewState>('state');
/**
 * The working-day calendar changed (a holiday announced late, a correction):
 * a waiting step recomputes its reminder and escalation instants.
 */
export const calendarChangedSignal = defineSignal<[{ years: number[] }]>('calendarChanged');

/**
 * Why an update was refused: the ApplicationFailure `type` a validator throws.
 * The API maps them to HTTP: FORBIDDEN → 403 (and records the attempt),
 * CONFLICT → 409, UNPROCESSABLE → 422.
 */
export const RefusalType = {
  NotAllowed: 'NotAllowed', // 403: not the assignee, not the author, self-approval, wrong department
  WrongStage: 'WrongStage', // 409: the step is not current / the item is not in that state
  StaleVersion: 'StaleVersion', // 409: decision on an old draft version
  RuleRefused: 'RuleRefused', // 422: a business rule (missing 保密审查 conclusion, reason required…)
} as const;
export type RefusalType = (typeof RefusalType)[keyof typeof RefusalType];

export const REFUSAL_HTTP_STATUS: Record<RefusalType, number> = {
  NotAllowed: 403,
  WrongStage: 409,
  StaleVersion: 409,
  RuleRefused: 422,
};

// ------------------------------------------------------------------ activities

/** A transition written to the read model; `seq` makes the write idempotent per workflow. */
export interface TransitionRecord {
  workflowId: string;
  publicationId: string;
  seq: number;
  /** Timeline event kind, e.g. submitted, screened, assigned, approved, rejected, reminded, escalated, published… */
  kind: string;
  actorId?: string;
  actorName?: string;
  version: number;
  at: string;
  /** The item's state after the transition (projected into the items and tasks tables). */
  state: PublicationReviewState;
  detail?: Record<string, unknown>;
}

export interface PublishResult {
  indexNumber: string;
  publishedAt: string;
  /** Published later than 20 working days after 成文日期 (条例 Art. 26). */
  overdue: boolean;
}

export interface PublicationActivities {
  /** Refuses (non-retryable) unless `actorKey` is this installation's actor-signing public key. */
  confirmActorKey(input: { actorKey: string }): Promise<void>;
  /**
   * Screens the stored draft version (title + body) and, for a policy package's review, each bundled
   * interpretation version (its findings carry `part`).
   */
  screenDraft(input: {
    publicationId: string;
    version: number;
    bundle?: { packageId: string; interpretations: { id: string; version: number }[] };
  }): Promise<{ findings: ScreeningFinding[] }>;
  /** The review levels for this category and attribute (configurable route table). */
  resolveRoute(input: { category: string; attribute: DisclosureAttribute }): Promise<RouteLevel[]>;
  /** The holder (or delegate) of a level for the item's department, and the step's reminder/escalation instants. */
  assignStage(input: { publicationId: string; departmentId: string; level: RouteLevel; since: string; authorId: string }): Promise<Assignment>;
  /** The holder a waiting step escalates to (the next level's holder), with new deadlines. */
  escalationTarget(input: { publicationId: string; departmentId: string; level: RouteLevel; since: string; authorId: string }): Promise<Assignment>;
  /** The reminder/escalation instants of a step waiting since `since`, on the calendar as it is now. */
  stageDeadlines(input: { since: string }): Promise<{ remindAt: string; escalateAt: string }>;
  /** Projects a transition into items / tasks / timeline (idempotent on workflowId + seq). */
  recordTransition(record: TransitionRecord): Promise<void>;
  /** Sends a reminder to the assignee (notification + timeline), idempotent on workflowId + seq. */
  sendReminder(input: { workflowId: string; publicationId: string; seq: number; assigneeId: string; level: number }): Promise<void>;
  /** Allocates the 索引号, writes the catalogue entry and publication date (idempotent per publication). */
  publish(input: {
    workflowId: string;
    publicationId: string;
    version: number;
    writtenDate: string;
    /**
     * The instant of publication on the workflow's clock (ISO). Publishing runs as a local activity, which has
     * no engine-scheduled instant to date by (in drill mode the engine's clock is not real time); reviews
     * started before that leave it out and the activity reads its own clock.
     */
    at?: string;
    /** A policy package: its interpretations at these versions are published in the same transaction, linked both ways. */
    bundle?: { packageId: string; interpretations: { id: string; version: number }[] };
    /** A deferred interpretation's own publication: marked published on its package and linked to the policy's entry. */
    interprets?: { packageId: string; interpretationId: string };
    /** A consultation's notice (the window opens, its closing date printed) or feedback report (linked to the notice). */
    consultation?: ConsultationPublication;
  }): Promise<PublishResult>;
  /** Tells the portal (webhook) — retried; the receiver gets an idempotency key so a retry never publishes twice. */
  notifyPortal(input: { publicationId: string; indexNumber: string; event: 'published' | 'retracted' }): Promise<void>;
  /** Marks the catalogue entry withdrawn (never deleted). */
  retractFromCatalog(input: { publicationId: string; reason: string; actorId: string; at: string }): Promise<RetractedFromCatalog>;
}

/**
 * What a retraction withdrew: a policy's interpretations go with it in the
 * same transaction; a package still running (deferred interpretations) is
 * told, so it stops.
 */
export interface RetractedFromCatalog {
  /** The interpretations withdrawn with the policy (the portal is told of each). */
  interpretations?: { publicationId: string; indexNumber: string }[];
  /** The policy's package workflow, when the item is a package's policy. */
  packageWorkflowId?: string;
}
