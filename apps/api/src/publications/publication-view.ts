/** Rows and workflow state → the JSON the API answers with. Pure functions. */
import { isRole, ROLE_LABELS } from '../../../../libs/contracts/src/roles';
import type { PublicationPhase, PublicationReviewState, PublicationStatus, StageState } from '../../../../libs/contracts/src/publication';
import { allowedReviewActions, reviewStateBusy, type ReviewActor } from '../../../../libs/domain/src/review/review-actions';
import type { PublicationDto, PublicationSummaryDto, StageDto, TaskDto, TimelineEventDto, VersionDto, VersionSummaryDto } from './publication-view.dto';
import type { PublicationRow, TaskRow, TimelineRow, VersionRow } from './publication-store';


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

function stageFromRow(row: PublicationRow): StageDto | null {
  if (row.status !== 'in_review' || row.stage_level === null || !row.assignee_id) return null;
  return {
    level: row.stage_level,
    role: row.stage_role ?? '',
    label: isRole(row.stage_role) ? ROLE_LABELS[row.stage_role] : '',
    assignee: row.assignee_id,
    assigneeName: row.assignee_name ?? row.assignee_id,
    ...(row.delegate_of ? { delegateOf: { userId: row.delegate_of, name: row.delegate_of } } : {}),
    deciders: row.stage_deciders ?? [],
    since: iso(row.stage_since) ?? '',
    remindAt: iso(row.stage_remind_at) ?? undefined,
    dueAt: iso(row.stage_due) ?? undefined,
    reminded: false,
    escalated: false,
  };
}

export function summaryView(row: PublicationRow): PublicationSummaryDto {
  return {
    id: row.id,
    title: row.title,
    departmentId: row.department_id,
    departmentName: row.department_name,
    authorId: row.author_id,
    authorName: row.author_name,
    category: row.category,
    attribute: row.attribute,
    status: row.status,
    phase: row.phase,
    version: row.version,
    stage: stageFromRow(row),
    indexNumber: row.index_number,
    publishedAt: iso(row.published_at),
    overdue: row.overdue,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** Before the first projection there is no state yet: the record alone (a fresh draft). */
function stateFromRow(row: PublicationRow): PublicationReviewState {
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
  row: PublicationRow,
  state: PublicationReviewState | null,
  draft: VersionRow | undefined,
  live: boolean,
  viewer: ReviewActor,
): PublicationDto {
  const judged = state ?? stateFromRow(row);
  const allowedActions = allowedReviewActions({ state: judged, authorId: row.author_id, busy: reviewStateBusy(judged) }, viewer);
  const summary = summaryView(row);
  const view: PublicationDto = {
    ...summary,
    title: draft?.title ?? row.title,
    attributeReason: row.attribute_reason,
    documentNumber: draft ? draft.document_number : row.document_number,
    writtenDate: draft ? draft.written_date : row.written_date,
    validity: row.validity,
    body: draft?.body ?? '',
    bodyFormat: draft?.body_format ?? 'text',
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
    indexNumber: state.indexNumber ?? row.index_number,
    publishedAt: state.publishedAt ?? summary.publishedAt,
    overdue: state.overdue ?? row.overdue,
    closingReason: state.closingReason ?? null,
  };
}

export function versionSummaryView(v: VersionRow): VersionSummaryDto {
  return {
    version: v.version,
    title: v.title,
    documentNumber: v.document_number,
    writtenDate: v.written_date,
    createdBy: v.created_by,
    createdAt: iso(v.created_at)!,
  };
}

export function versionView(v: VersionRow): VersionDto {
  return { ...versionSummaryView(v), body: v.body, bodyFormat: v.body_format, attachments: v.attachments };
}

export function timelineView(e: TimelineRow): TimelineEventDto {
  return {
    id: e.id,
    seq: e.seq,
    kind: e.kind,
    actorId: e.actor_id,
    actorName: e.actor_name,
    version: e.version,
    at: iso(e.at)!,
    detail: e.detail,
  };
}

/** Every task kind's label (审核 today; interpretation, consultation and reply tasks as those families land). */
export const TASK_KIND_LABELS = { review: '审核', interpretation: '解读起草', consultation: '意见处理', reply: '答复' } as const;

/** `workingDaysLeft`: working days from today to the due date (negative when past it), computed by the caller from the calendar. */
export function taskView(t: TaskRow, now: Date, workingDaysLeft: number | null = null): TaskDto {
  const overdue = t.due_at !== null && t.due_at.getTime() < now.getTime();
  return {
    taskId: t.id,
    publicationId: t.publication_id,
    title: t.title,
    departmentId: t.department_id,
    departmentName: t.department_name,
    authorName: t.author_name,
    category: t.category,
    level: t.level,
    role: t.role,
    version: t.version,
    delegateOf: t.delegate_of,
    createdAt: iso(t.created_at)!,
    remindAt: iso(t.remind_at),
    dueAt: iso(t.due_at),
    late: overdue,
    kind: 'review',
    kindLabel: TASK_KIND_LABELS.review,
    workingDaysLeft,
    overdue,
  };
}
