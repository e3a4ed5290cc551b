/**
 * Policy interpretation (政策解读, 谁起草谁解读, 三同步): the contract of the
 * `policy-package:<id>` workflow. The package holds the interpretation plan
 * and each interpretation's drafting; the policy itself is a publication
 * reviewed by the one 三审 workflow (`publication:<policyId>`), which the
 * package starts as its child on submit. Refusals reuse RefusalType.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorProof } from './actor-proof';
import type { Actor, DisclosureAttribute, RouteLevel } from './publication';

export const INTERPRETATION_FORMS = ['text', 'qa', 'graphic', 'video', 'expert', 'media'] as const;
export type InterpretationForm = (typeof INTERPRETATION_FORMS)[number];
export const INTERPRETATION_FORM_LABELS: Record<InterpretationForm, string> = {
  text: '文字解读',
  qa: '政策问答',
  graphic: '图解',
  video: '视频/动漫',
  expert: '专家解读',
  media: '媒体解读',
};
/** The 主题分类 a published interpretation is catalogued under. */
export const INTERPRETATION_CATEGORY = '政策解读';

export type PolicyPackageStatus = 'drafting' | 'in_review' | 'returned' | 'published' | 'withdrawn' | 'retracted';
export type InterpretationStatus = 'drafting' | 'ready' | 'published' | 'retracted';

export const policyPackageWorkflowId = (packageId: string) => `policy-package:${packageId}`;

export interface PlannedInterpretation {
  id: string;
  form: InterpretationForm;
  ownerId: string;
  ownerName: string;
  ownerDepartmentId: string;
  title?: string;
}

export interface PolicyPackageInput {
  packageId: string;
  /** The policy's publication id (its review runs as `publication:<policyId>`). */
  policyId: string;
  organisationId: string;
  departmentId: string;
  /** The policy's author: 第一责任人 of the package. */
  leadId: string;
  leadName: string;
  category: string;
  attribute: DisclosureAttribute;
  writtenDate: string;
  /** The policy's draft version at creation (1). */
  policyVersion: number;
  interpretations: PlannedInterpretation[];
  deferral?: { reason: string };
  /** The API's actor-signing public key (as for the review). */
  actorKey?: string;
}

export interface InterpretationState extends PlannedInterpretation {
  status: InterpretationStatus;
  /** 0 until the first save. */
  version: number;
  /** Why the lead sent it back, until it is saved again. */
  returnedReason?: string;
  indexNumber?: string;
  publishedAt?: string;
  /** Set at publication (with the bundle) or at release (a deferred interpretation's own review). */
  publicationId?: string;
  /**
   * 暂缓解读: not ready when the policy was submitted under the plan's
   * deferral. Drafted after the policy's publication, due `dueAt` (end of the
   * Nth working day after the publication date); `late` once that passed
   * unpublished — both set by the workflow's durable timers.
   */
  deferred?: boolean;
  dueAt?: string;
  remindAt?: string;
  reminded?: boolean;
  late?: boolean;
}

/** What one signature covers: the policy version and each interpretation's version. */
export interface BundleVersions {
  policyVersion: number;
  interpretations: { id: string; version: number }[];
}

export interface PolicyPackageState {
  packageId: string;
  policyId: string;
  leadId: string;
  status: PolicyPackageStatus;
  /** After submit, interpretations cannot change. */
  locked: boolean;
  deferral?: { reason: string };
  interpretations: InterpretationState[];
  /** Why the policy's review returned the package, until it is resubmitted. */
  reviewReturnedReason?: string;
  /** The bundle submitted for review (set on submit). */
  bundle?: BundleVersions;
  /** The policy's review outcome, once it completed. */
  policyIndexNumber?: string;
  publishedAt?: string;
  /** Why the policy (and with it its interpretations) was retracted. */
  retractedReason?: string;
}

// ------------------------------------------------------------------ messages

export interface SaveInterpretationArgs extends ActorProof {
  actor: Actor;
  interpretationId: string;
  /** The interpretation's current version (0 for the first save). */
  version: number;
  title?: string;
  body: string;
}
export interface CommentInterpretationArgs extends ActorProof {
  actor: Actor;
  interpretationId: string;
  text: string;
  quote?: string;
}
export interface MarkInterpretationReadyArgs extends ActorProof { actor: Actor; interpretationId: string; version: number }
export interface ReturnInterpretationArgs extends ActorProof { actor: Actor; interpretationId: string; reason: string }
/** `version` is the ready interpretation's version the lead releases for its one-level review. */
export interface ReleaseInterpretationArgs extends ActorProof { actor: Actor; interpretationId: string; version: number }
/** `version` is the policy publication's current draft version. */
export interface SubmitPackageArgs extends ActorProof { actor: Actor; version: number }

export const saveInterpretationUpdate = defineUpdate<PolicyPackageState, [SaveInterpretationArgs]>('saveInterpretation');
export const commentInterpretationUpdate = defineUpdate<PolicyPackageState, [CommentInterpretationArgs]>('commentInterpretation');
export const markInterpretationReadyUpdate = defineUpdate<PolicyPackageState, [MarkInterpretationReadyArgs]>('markInterpretationReady');
export const returnInterpretationUpdate = defineUpdate<PolicyPackageState, [ReturnInterpretationArgs]>('returnInterpretation');
export const releaseInterpretationUpdate = defineUpdate<PolicyPackageState, [ReleaseInterpretationArgs]>('releaseInterpretation');
export const submitPackageUpdate = defineUpdate<PolicyPackageState, [SubmitPackageArgs]>('submitPackage');
export const policyPackageStateQuery = defineQuery<PolicyPackageState>('packageState');
/** The policy's review → its package: the policy was returned (rejected, changes requested, stopped); the package unlocks. */
export const packageReviewReturnedSignal = defineSignal<[{ reason?: string }]>('packageReviewReturned');
/** The policy's retraction → its package: the policy and its interpretations were withdrawn; deferred work stops. */
export const packageRetractedSignal = defineSignal<[{ reason: string }]>('packageRetracted');
/** The package → the policy's (returned) review: resubmitted with this bundle; the review restarts at level 1. */
export const packageResubmittedSignal = defineSignal<[PackageSubmission]>('packageResubmitted');

/**
 * The package's submission, handed to the child review: the review re-verifies
 * the lead's signature (made for the package workflow and `submitPackage`)
 * before it submits the policy on the lead's behalf.
 */
export interface PackageSubmission extends ActorProof {
  packageId: string;
  packageWorkflowId: string;
  actor: Actor;
  version: number;
  bundle: BundleVersions;
}

/**
 * A deferred interpretation released by the lead: its own review (the
 * package's child) re-verifies the lead's signature, made for the package
 * workflow and `releaseInterpretation` with the interpretation's version.
 */
export interface InterpretationRelease extends ActorProof {
  packageId: string;
  packageWorkflowId: string;
  interpretationId: string;
  actor: Actor;
  version: number;
  /** The policy's first review level(s): who approves a deferred interpretation. */
  route: RouteLevel[];
}

// ------------------------------------------------------------------ activities

/** A package transition written to the read model; `seq` makes each write idempotent per workflow. */
export interface PackageTransition {
  workflowId: string;
  seq: number;
  kind: string;
  at: string;
  state: PolicyPackageState;
  /** A saved interpretation version (written once). */
  version?: { interpretationId: string; version: number; title?: string; body: string; authorId: string };
  /** A comment (written once, keyed by workflowId + seq). */
  comment?: { interpretationId: string; text: string; quote?: string; authorId: string; authorName: string };
}

export interface PublishedInterpretation {
  id: string;
  indexNumber: string;
  publishedAt: string;
  publicationId: string;
}

/** A deferred interpretation's clock, from the policy's publication (working-day calendar, configurable). */
export interface DeferredSchedule {
  /** End of the due day (23:59:59 Asia/Shanghai). */
  dueAt: string;
  /** Start of the due day's morning: the owner's reminder. */
  remindAt: string;
  /** How many of the policy's review levels approve it (default 1: the level-1 reviewer). */
  releaseLevels: number;
}

export interface PolicyPackageActivities {
  /** Projects the package into policy_packages / policy_interpretations (newer seq wins) plus versions and comments. */
  projectPackage(t: PackageTransition): Promise<void>;
  /** The interpretations the policy's publication published with it (read back after the review completed). */
  publishedInterpretations(input: { packageId: string }): Promise<PublishedInterpretation[]>;
  /** The due date, reminder and approving levels of interpretations deferred past a policy published at `publishedAt`. */
  deferredSchedule(input: { publishedAt: string }): Promise<DeferredSchedule>;
  /**
   * The deferred interpretation's own publication row (category 政策解读,
   * draft version 1 = the released interpretation version), idempotent on
   * `publicationId` (chosen by the workflow).
   */
  prepareRelease(input: { packageId: string; interpretationId: string; version: number; publicationId: string }): Promise<void>;
  /**
   * Tells people about a deferred interpretation (notifications, idempotent
   * on workflowId + seq): `reminder` its owner before the due day ends;
   * `late` its owner, the lead and the owner's section heads (escalation).
   */
  notifyDeferred(input: { workflowId: string; seq: number; packageId: string; interpretationId: string; kind: 'reminder' | 'late' }): Promise<void>;
}
