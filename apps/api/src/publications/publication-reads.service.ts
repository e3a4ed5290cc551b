import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { PublicationReviewState } from '../../../../libs/contracts/src/publication';
import type { AuthenticatedUser } from '../auth/roles';
import type { DiffQueryDto, ListPublicationsQueryDto } from './publication.dto';
import type { PublicationDto, PublicationPageDto, TaskDto, TimelineEventDto, VersionDiffDto, VersionDto, VersionSummaryDto } from './publication-view.dto';
import { lineDiff } from './line-diff';
import { PublicationStore, type PublicationFilters, type PublicationRow } from './publication-store';
import { publicationView, summaryView, taskView, timelineView, versionSummaryView, versionView } from './publication-view';
import { PublicationWorkflows } from './publication-workflows';
import { WorkingDays } from '../calendar/working-days';
import { addDays, civilDateInShanghai, startOfDayInShanghai } from '../../../../libs/domain/src/calendar/civil-date';
import { disclosureCutoffs } from '../../../../libs/domain/src/calendar/disclosure-deadline';

/** Statuses after which the review workflow has completed: the projection is final. */
const SETTLED = new Set(['published', 'withdrawn', 'retracted']);

/** Reads: lists and inboxes from the read model (SQL only); one item with its live state. */
@Injectable()
export class PublicationReads {
  constructor(
    private readonly store: PublicationStore,
    private readonly workflows: PublicationWorkflows,
    private readonly workingDays: WorkingDays,
  ) {}

  /** The item, live from the workflow while it runs, else (or when it is slow) from the projection. */
  async get(user: AuthenticatedUser, id: string): Promise<PublicationDto> {
    const row = await this.readable(user, id);
    const live = SETTLED.has(row.status) ? undefined : await this.workflows.liveState(id);
    return this.view(user, row, live ?? row.state, live !== undefined);
  }

  /** The view of `row` with `state` (an update's answer, or the projection), as `user` may act on it. */
  async view(user: AuthenticatedUser, row: PublicationRow, state: PublicationReviewState | null, live: boolean): Promise<PublicationDto> {
    const draft = await this.store.version(row.id, state?.version ?? row.version);
    return publicationView(row, state, draft, live, user);
  }

  async list(user: AuthenticatedUser, q: ListPublicationsQueryDto): Promise<PublicationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { stage, overdue, dueWithinWorkingDays, publishedFrom, publishedTo, ...rest } = q;
    const filters: PublicationFilters = { ...rest, page, pageSize };
    if (stage !== undefined) {
      if (/^[1-3]$/.test(stage)) filters.stage = Number(stage);
      else filters.inFlightStage = stage;
    }
    if (overdue !== undefined || dueWithinWorkingDays !== undefined) {
      const cutoffs = disclosureCutoffs(await this.workingDays.calendar(), this.workingDays.today(), dueWithinWorkingDays ?? 0);
      if (overdue !== undefined) filters.late = { value: overdue, overdueBefore: cutoffs.overdueBefore };
      if (dueWithinWorkingDays !== undefined) filters.dueSoon = cutoffs;
    }
    if (publishedFrom) filters.publishedFrom = startOfDayInShanghai(publishedFrom);
    if (publishedTo) filters.publishedUntil = startOfDayInShanghai(addDays(publishedTo, 1));
    const { rows, total } = await this.store.list(user, filters);
    return { items: rows.map(summaryView), total, page, pageSize };
  }

  async timeline(user: AuthenticatedUser, id: string): Promise<TimelineEventDto[]> {
    await this.readable(user, id);
    return (await this.store.timeline(id)).map(timelineView);
  }

  async versions(user: AuthenticatedUser, id: string): Promise<VersionSummaryDto[]> {
    await this.readable(user, id);
    return (await this.store.versions(id)).map(versionSummaryView);
  }

  async version(user: AuthenticatedUser, id: string, n: number): Promise<VersionDto> {
    await this.readable(user, id);
    const version = await this.store.version(id, n);
    if (!version) throw new NotFoundException(`稿件没有第 ${n} 版`);
    return versionView(version);
  }

  async diff(user: AuthenticatedUser, id: string, n: number, q: DiffQueryDto): Promise<VersionDiffDto> {
    await this.readable(user, id);
    const against = q.against ?? n - 1;
    const [after, before] = await Promise.all([this.store.version(id, n), this.store.version(id, against)]);
    if (!after) throw new NotFoundException(`稿件没有第 ${n} 版`);
    if (!before) throw new NotFoundException(`稿件没有第 ${against} 版`);
    const fields = ['body_format', 'document_number', 'written_date'] as const;
    const changedFields = fields.filter((f) => before[f] !== after[f]).map((f) => ({ body_format: 'bodyFormat', document_number: 'documentNumber', written_date: 'writtenDate' })[f]);
    if (JSON.stringify(before.attachments) !== JSON.stringify(after.attachments)) changedFields.push('attachments');
    return { from: against, to: n, title: lineDiff(before.title, after.title), body: lineDiff(before.body, after.body), changedFields };
  }

  async tasks(user: AuthenticatedUser): Promise<TaskDto[]> {
    const now = new Date();
    const [rows, calendar] = await Promise.all([this.store.openTasks(user.userId), this.workingDays.calendar()]);
    const today = civilDateInShanghai(now);
    const tasks = rows.map((t) => taskView(t, now, t.due_at ? calendar.workingDaysBetween(today, civilDateInShanghai(t.due_at)) : null));
    // Due first; tasks without a due date last, oldest first (the store's order).
    const due = (t: TaskDto) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
    return tasks.sort((a, b) => due(a) - due(b));
  }

  /** The item when the caller may read it: 404 when there is none, 403 when it is not theirs to see. */
  private async readable(user: AuthenticatedUser, id: string): Promise<PublicationRow> {
    const row = await this.store.find(id);
    if (!row) throw new NotFoundException(`稿件不存在：${id}`);
    if (!(await this.store.canRead(user, id))) {
      throw new ForbiddenException('无权查看此稿件：仅本科室、经办审核人及分管领导、主要负责人、政务公开办可以查看');
    }
    return row;
  }
}
