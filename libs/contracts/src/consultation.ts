/**
 * Public consultation (征求意见): the contract of the `consultation:<id>`
 * workflow. Its notice and its feedback report (意见采纳情况反馈) are
 * publications reviewed by the one 三审 workflow, started as its children.
 * The window opens in the notice's publish transaction and closes on the
 * workflow's durable timer; comments go straight to the database (many,
 * anonymous) and are accepted only while the row says open.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorProof } from './actor-proof';
import type { Actor } from './publication';

export type ConsultationStatus = 'draft' | 'in_review' | 'open' | 'closed' | 'concluded' | 'withdrawn';
export const DISPOSITION_DECISIONS = ['adopted', 'partly_adopted', 'not_adopted', 'not_applicable'] as const;
export type DispositionDecision = (typeof DISPOSITION_DECISIONS)[number];
export const DISPOSITION_LABELS: Record<DispositionDecision, string> = {
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不予采纳',
  not_applicable: '不适用',
};

/** The 主题分类 of a consultation's notice and of its feedback report. */
export const CONSULTATION_NOTICE_CATEGORY = '征求意见';
export const CONSULTATION_FEEDBACK_CATEGORY = '意见反馈';
/** 重大行政决策程序暂行条例: in general not less than 30 days; shorter must be explained. */
export const CONSULTATION_MIN_DAYS = 30;

export const consultationWorkflowId = (consultationId: string) => `consultation:${consultationId}`;

export interface ConsultationInput {
  consultationId: string;
  /** The notice's publication id (its review runs as `publication:<noticeId>`, this workflow's child). */
  noticeId: string;
  organisationId: string;
  departmentId: string;
  authorId: string;
  authorName: string;
  writtenDate: string;
  days: number;
  shortReason?: string;
  actorKey?: string;
}

export interface WindowExtension {
  days: number;
  reason: string;
  at: string;
  /** The new closing instant. */
  closesAt: string;
  by: string;
}

export interface ConsultationState {
  consultationId: string;
  noticeId: string;
  status: ConsultationStatus;
  days: number;
  opensAt?: string;
  closesAt?: string;
  closedAt?: string;
  extensions: WindowExtension[];
  noticeIndexNumber?: string;
  feedbackId?: string;
  feedbackIndexNumber?: string;
  /** The feedback report's due instant (working days after closing) and the workflow timers' flags. */
  feedbackDueAt?: string;
  feedbackRemindAt?: string;
  feedbackReminded?: boolean;
  feedbackLate?: boolean;
}

export interface ExtendWindowArgs extends ActorProof {
  actor: Actor;
  days: number;
  reason: string;
}
/** The API created the feedback report's publication draft; the workflow starts its review. */
export interface StartFeedbackArgs extends ActorProof {
  actor: Actor;
  feedbackId: string;
}

export const extendWindowUpdate = defineUpdate<ConsultationState, [ExtendWindowArgs]>('extendWindow');
export const startFeedbackUpdate = defineUpdate<ConsultationState, [StartFeedbackArgs]>('startFeedback');
export const consultationStateQuery = defineQuery<ConsultationState>('consultationState');

/** Set on the notice's or the feedback report's review input: what its publication means for the consultation. */
export interface ConsultationPublication {
  consultationId: string;
  role: 'notice' | 'feedback';
  /** notice: the window length in calendar days; its closing date is printed in the notice. */
  days?: number;
  shortReason?: string;
}

export interface ConsultationTransition {
  workflowId: string;
  seq: number;
  kind: string;
  at: string;
  state: ConsultationState;
}

export interface ConsultationActivities {
  /** Projects the state into `consultations` (newer seq wins; the window columns are the publish/close transactions'). */
  projectConsultation(t: ConsultationTransition): Promise<void>;
  /** Closes the window: from this commit on no comment is accepted (waits for comments in flight). */
  closeWindow(input: { consultationId: string; at: string }): Promise<void>;
  /** Moves the closing instant (an extension), in the row the comments check. */
  moveClosing(input: { consultationId: string; closesAt: string; extension: WindowExtension }): Promise<void>;
  /** The feedback report's reminder and due instants: configurable working days after the closing. */
  feedbackSchedule(input: { closedAt: string }): Promise<{ remindAt: string; dueAt: string }>;
  /** Tells the author (reminder) or the author, their section heads and leaders (late) that the feedback is due. */
  notifyFeedback(input: { workflowId: string; seq: number; consultationId: string; kind: 'reminder' | 'late' }): Promise<void>;
}
