/** Rows and workflow state → the JSON the API answers with. Pure functions. */
import {
  isRole,
  ROLE_LABELS,
  type PublicationPhase,
  type PublicationReviewState,
  type PublicationStatus,
  type StageState,
  INTERPRETATION_FORM_LABELS,
  type InterpretationForm,
} from '@gongkai/contracts';
import { allowedReviewActions, reviewStateBusy, type ReviewActor } from '@gongkai/domain';
import type { PublicationDto, PublicationSummaryDto, StageDto, TaskDto, TimelineEventDto, VersionDto, VersionSummaryDto } from './publication-view.dto';
import type { InboxTask, InterpretationTask, Publication, PublicationSummary, PublicationVersion, TimelineEvent } from '@gongkai/persistence';


const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

function stageFromState(stage: StageState): StageDto {
  return {
    level: stage.level,
    role: stage.role,
    label: stage.label,
    assignee: stage.assigneeId,
    assigneeName: stage.assigneeName,
    ...(stage.delegateOf ? { delegateOf: { userId: stage.delegateOf.userId, name: stage.delegateOf.name } } : {}),
    deciders: stage.deciders,
    since: stage.since,
    remindAt: stage.remindAt,
    dueAt: stage.escalateAt,
    reminded: stage.reminded,
    escalated: stage.escalated,
  };
}

function stageFromRow(row: PublicationSummary): StageDto | null {
  if (row.status !== 'in_review' || row.stageLevel === null || !row.assigneeId) return null;
  return {
    level: row.stageLevel,
    role: row.stageRole ?? '',
    label: isRole(row.stageRole) ? ROLE_LABELS[row.stageRole] : '',
    assignee: row.assigneeId,
    assigneeName: row.assigneeName ?? row.assigneeId,
    ...(row.delegateOf ? { delegateOf: { userId: row.delegateOf, name: row.delegateOf } } : {}),
    deciders: row.stageDeciders ?? [],
    since: iso(row.stageSince) ?? '',
    remindAt: iso(row.stageRemindAt) ?? undefined,
    dueAt: iso(row.stageDue) ?? undefined,
    reminded: false,
    escalated: false,
  };
}

export function summaryView(row: PublicationSummary): PublicationSummaryDto {
  return {
    id: row.id,
    title: row.title,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    authorId: row.authorId,
    authorName: row.authorName,
    category: row.category,
    attribute: row.attribute,
    status: row.status,
    phase: row.phase,
    version: row.version,
    stage: stageFromRow(row),
    indexNumber: row.indexNumber,
    publishedAt: iso(row.publishedAt),
    overdue: row.overdue,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

/** Before the first projection there is no state yet: the record alone (a fresh draft). */
function stateFromRow(row: Publication): PublicationReviewState {
  return {
    publicationId: row.id,
    status: row.status as PublicationStatus,
    phase: row.phase as PublicationPhase,
    version: row.version,
    route: [],
    decisions: [],
    findings: [],
    warningsAcknowledged: false,
  };
}

/**
 * One item: the record, the draft at the state's version, and the review
 * state — live from the workflow when `live`, else the projected one — with
 * what `viewer` may do to it now, by the rules the workflow refuses with.
 */
export function publicationView(
  row: Publication,
  state: PublicationReviewState | null,
  draft: PublicationVersion | undefined,
  live: boolean,
  viewer: ReviewActor,
): PublicationDto {
  const judged = state ?? stateFromRow(row);
  const allowedActions = allowedReviewActions({ state: judged, authorId: row.authorId, busy: reviewStateBusy(judged) }, viewer);
  const summary = summaryView(row);
  const view: PublicationDto = {
    ...summary,
    title: draft?.title ?? row.title,
    attributeReason: row.attributeReason,
    documentNumber: draft ? draft.documentNumber : row.documentNumber,
    writtenDate: draft ? draft.writtenDate : row.writtenDate,
    validity: row.validity,
    body: draft?.body ?? '',
    bodyFormat: draft?.bodyFormat ?? 'text',
    attachments: draft?.attachments ?? [],
    route: [],
    decisions: [],
    findings: [],
    warningsAcknowledged: false,
    closingReason: null,
    live,
    allowedActions,
  };
  if (!state) return view;
  return {
    ...view,
    status: state.status,
    phase: state.phase,
    version: state.version,
    // Between a decision and the next assignment the live state has no stage for a moment.
    stage: state.status === 'in_review' && state.stage ? stageFromState(state.stage) : null,
    route: state.route,
    decisions: state.decisions,
    findings: state.findings,
    warningsAcknowledged: state.warningsAcknowledged,
    indexNumber: state.indexNumber ?? row.indexNumber,
    publishedAt: state.publishedAt ?? summary.publishedAt,
    overdue: state.overdue ?? row.overdue,
    closingReason: state.closingReason ?? null,
  };
}

export function versionSummaryView(v: PublicationVersion): VersionSummaryDto {
  return {
    version: v.version,
    title: v.title,
    documentNumber: v.documentNumber,
    writtenDate: v.writtenDate,
    createdBy: v.createdBy,
    createdAt: iso(v.createdAt)!,
  };
}

export function versionView(v: PublicationVersion): VersionDto {
  return { ...versionSummaryView(v), body: v.body, bodyFormat: v.bodyFormat, attachments: v.attachments };
}

export function timelineView(e: TimelineEvent): TimelineEventDto {
  return {
    id: e.id,
    seq: e.seq,
    kind: e.kind,
    actorId: e.actorId,
    actorName: e.actorName,
    version: e.version,
    at: iso(e.at)!,
    detail: e.detail,
  };
}

/** Every task kind's label (审核 today; interpretation, consultation and reply tasks as those families land). */
export const TASK_KIND_LABELS = { review: '审核', interpretation: '解读起草', consultation: '意见处理', reply: '答复' } as const;

/** `workingDaysLeft`: working days from today to the due date (negative when past it), computed by the caller from the calendar. */
export function taskView(t: InboxTask, now: Date, workingDaysLeft: number | null = null): TaskDto {
  const overdue = t.dueAt !== null && t.dueAt.getTime() < now.getTime();
  return {
    taskId: t.id,
    publicationId: t.publicationId,
    title: t.title,
    departmentId: t.departmentId,
    departmentName: t.departmentName,
    authorName: t.authorName,
    category: t.category,
    level: t.level,
    role: t.role,
    version: t.version,
    delegateOf: t.delegateOf,
    createdAt: iso(t.createdAt)!,
    remindAt: iso(t.remindAt),
    dueAt: iso(t.dueAt),
    late: overdue,
    kind: 'review',
    kindLabel: TASK_KIND_LABELS.review,
    workingDaysLeft,
    overdue,
  };
}

/** An interpretation to draft (政策解读), beside the review tasks: level 0, role owner, no due date until deferrals have one. */
/** An interpretation to draft; a deferred one carries its due instant and the workflow's late flag. */
export function interpretationTaskView(t: InterpretationTask, workingDaysLeft: number | null = null): TaskDto {
  const label = INTERPRETATION_FORM_LABELS[t.form as InterpretationForm] ?? t.form;
  return {
    taskId: `interpretation:${t.interpretationId}`,
    publicationId: t.policyId,
    title: t.title ?? `《${t.policyTitle}》${label}`,
    departmentId: t.departmentId,
    departmentName: t.departmentName,
    authorName: t.leadName,
    category: t.category,
    level: 0,
    role: 'owner',
    version: t.version,
    delegateOf: null,
    createdAt: iso(t.since)!,
    remindAt: null,
    dueAt: iso(t.dueAt),
    late: t.late,
    kind: 'interpretation',
    kindLabel: TASK_KIND_LABELS.interpretation,
    workingDaysLeft,
    overdue: t.late,
    packageId: t.packageId,
    interpretationId: t.interpretationId,
    form: t.form,
  };
}
