/**
 * Disclosure on request (依申请公开, 条例 Art. 27–37): the contract of the
 * `disclosure-request:<id>` workflow. The workflow keeps the statutory clock
 * as a value (its events), asks an activity to read it on the working-day
 * calendar (a year without calendar data is an error, never a guess), and
 * holds the reminder, overdue, 补正 and third-party deadlines on durable timers.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorProof } from './actor-proof';
import type { Actor } from './publication';

export const REQUESTER_KINDS = ['natural_person', 'legal_person'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
/** The annual report's columns for 法人或其他组织. */
export const LEGAL_PERSON_CATEGORIES = ['commercial', 'research', 'public_interest', 'legal_services', 'other'] as const;
export type LegalPersonCategory = (typeof LEGAL_PERSON_CATEGORIES)[number];

/** Art. 31: how the request reached the agency decides its date of receipt. */
export const REQUEST_CHANNELS = ['in_person', 'registered_post', 'ordinary_post', 'online', 'fax', 'email'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export const REQUEST_CHANNEL_LABELS: Record<RequestChannel, string> = {
  in_person: '当面提交',
  registered_post: '邮政挂号信',
  ordinary_post: '平信',
  online: '网上申请',
  fax: '传真',
  email: '电子邮件',
};

export type RequestStatus = 'awaiting_confirmation' | 'registered' | 'awaiting_clarification' | 'third_party' | 'replying' | 'closed';

/** One outcome per row of table 3 of the annual report (国办公开办函〔2021〕30号). */
export const REQUEST_OUTCOMES = [
  'disclosed',
  'partly_disclosed',
  'refused.state_secret',
  'refused.prohibited_by_law',
  'refused.three_safeties',
  'refused.third_party_rights',
  'refused.internal_affairs',
  'refused.process_information',
  'refused.enforcement_file',
  'refused.administrative_query',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear_after_clarification',
  'not_processed.petition',
  'not_processed.repeat',
  'not_processed.publication',
  'not_processed.excessive',
  'not_processed.confirmation',
  'other.no_clarification',
  'other.unpaid_fee',
  'other.other',
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export const disclosureRequestWorkflowId = (requestId: string) => `disclosure-request:${requestId}`;

/** The clock as plain JSON (libs/domain StatutoryClockSpec). */
export interface RequestClockSpec {
  receivedOn: string;
  workingDays: number;
  maxExtensionWorkingDays?: number;
  events: (
    | { type: 'pause'; on: string; reason: 'correction_notice' | 'third_party_consultation' | 'agency_consultation' }
    | { type: 'resume'; on: string }
    | { type: 'restart'; on: string }
    | { type: 'extend'; on: string; workingDays: number }
  )[];
}

/** What the calendar says of the clock now (an activity reads it). */
export interface ClockReadingView {
  running: boolean;
  dueOn?: string;
  /** End of the due day, Asia/Shanghai. */
  dueAt?: string;
  /** The reminder: the morning of the 5th working day before the due day. */
  remindAt?: string;
  counted: number;
  remaining: number;
}

export interface DisclosureRequestInput {
  requestId: string;
  organisationId: string;
  /** Absent for an online filing until staff confirm it (Art. 31: the day both sides confirm). */
  receivedOn?: string;
  actorKey?: string;
}

export interface RequestClarification {
  items: string[];
  sentOn: string;
  replyBy: string;
  /** The durable timer's instant: the end of `replyBy`. */
  replyByAt: string;
  answeredOn?: string;
}

export interface RequestThirdParty {
  id: string;
  party: string;
  sentOn: string;
  /** 15 working days after `sentOn` (the end of that day). */
  answerByAt: string;
  answerBy: string;
  receivedOn?: string;
  opinion?: 'agree' | 'object' | 'none';
}

export interface RequestReply {
  outcome: RequestOutcome;
  body: string;
  responsibleAgency?: string;
  draftedBy: string;
  status: 'awaiting_approval' | 'approved' | 'returned';
  returnedReason?: string;
  approvedBy?: string;
  approvedComment?: string;
}

export interface DisclosureRequestState {
  requestId: string;
  status: RequestStatus;
  receivedOn?: string;
  clock?: RequestClockSpec;
  reading?: ClockReadingView;
  extended: boolean;
  extensionReason?: string;
  clarification?: RequestClarification;
  thirdParties: RequestThirdParty[];
  reply?: RequestReply;
  outcome?: RequestOutcome;
  issuedOn?: string;
  deliveredBy?: string;
  onTime?: boolean;
  reminded: boolean;
  overdue: boolean;
  /** Why the clock could not be read (a calendar year not imported): kept until a calendar change lets it be read. */
  calendarProblem?: string;
  /** Every change of the due date, explained (Art. 33 and the clock's events). */
  history: { at: string; kind: string; note: string; dueOn?: string }[];
}

interface Acting extends ActorProof {
  actor: Actor;
}
export interface ConfirmRequestArgs extends Acting { confirmedOn: string }
export interface ClarificationArgs extends Acting { items: string[]; sentOn: string; replyBy: string }
export interface ClarifiedArgs extends Acting { receivedOn: string }
export interface ThirdPartyArgs extends Acting { thirdPartyId: string; party: string; sentOn: string }
export interface ThirdPartyAnswerArgs extends Acting { thirdPartyId: string; receivedOn: string; opinion: 'agree' | 'object' | 'none' }
export interface ExtendRequestArgs extends Acting { reason: string; on: string }
export interface DraftReplyArgs extends Acting { outcome: RequestOutcome; body: string; responsibleAgency?: string }
export interface ApproveReplyArgs extends Acting { comment?: string }
export interface ReturnReplyArgs extends Acting { reason: string }
export interface IssueReplyArgs extends Acting { issuedOn: string; deliveredBy: string }

export const confirmRequestUpdate = defineUpdate<DisclosureRequestState, [ConfirmRequestArgs]>('confirmRequest');
export const requestClarificationUpdate = defineUpdate<DisclosureRequestState, [ClarificationArgs]>('requestClarification');
export const clarifiedUpdate = defineUpdate<DisclosureRequestState, [ClarifiedArgs]>('clarified');
export const consultThirdPartyUpdate = defineUpdate<DisclosureRequestState, [ThirdPartyArgs]>('consultThirdParty');
export const thirdPartyAnswerUpdate = defineUpdate<DisclosureRequestState, [ThirdPartyAnswerArgs]>('thirdPartyAnswer');
export const extendRequestUpdate = defineUpdate<DisclosureRequestState, [ExtendRequestArgs]>('extendRequest');
export const draftReplyUpdate = defineUpdate<DisclosureRequestState, [DraftReplyArgs]>('draftReply');
export const approveReplyUpdate = defineUpdate<DisclosureRequestState, [ApproveReplyArgs]>('approveReply');
export const returnReplyUpdate = defineUpdate<DisclosureRequestState, [ReturnReplyArgs]>('returnReply');
export const issueReplyUpdate = defineUpdate<DisclosureRequestState, [IssueReplyArgs]>('issueReply');
export const disclosureRequestStateQuery = defineQuery<DisclosureRequestState>('requestState');
/** A calendar correction: the clock is read again (as reviews recompute their deadlines). */
export const requestCalendarChangedSignal = defineSignal('requestCalendarChanged');

export interface RequestTransition {
  workflowId: string;
  seq: number;
  kind: string;
  at: string;
  actorId?: string;
  actorName?: string;
  note?: string;
  state: DisclosureRequestState;
}

export interface DisclosureRequestActivities {
  /** Reads the clock on the working-day calendar (refuses, non-retryable, for a year without calendar data). */
  readRequestClock(input: { clock: RequestClockSpec; asOf?: string }): Promise<ClockReadingView>;
  /** Working days after a date (the 补正 limit, the third party's 15 days), the end of that day. */
  workingDaysAfter(input: { from: string; workingDays: number }): Promise<{ on: string; endAt: string }>;
  /** Projects the state into disclosure_requests and appends the event (idempotent on workflowId + seq). */
  projectRequest(t: RequestTransition): Promise<void>;
  /** The reminder (5 working days before due) and the overdue escalation: notifications to the office (and its head). */
  notifyRequest(input: { workflowId: string; seq: number; requestId: string; kind: 'reminder' | 'overdue' }): Promise<void>;
}
