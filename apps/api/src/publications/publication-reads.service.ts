import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { PublicationReviewState } from '@gongkai/contracts';
import { PolicyPackageRepository, PublicationRepository, ReviewTaskRepository, TimelineRepository, type Publication, type PublicationFilters } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import type { DiffQueryDto, ListPublicationsQueryDto } from './publication.dto';
import type { PublicationDto, PublicationPageDto, TaskDto, TimelineEventDto, VersionDiffDto, VersionDto, VersionSummaryDto } from './publication-view.dto';
import { lineDiff } from './line-diff';
import { interpretationTaskView, publicationView, summaryView, taskView, timelineView, versionSummaryView, versionView } from './publication-view';
import { PublicationWorkflows } from './publication-workflows';
import { WorkingDays } from '../calendar/working-days';
import { RequestTasks } from '../requests/request-tasks.service';
import { byWorkingDaysLeft } from '../requests/request-standing';
import { addDays, civilDateInShanghai, startOfDayInShanghai, disclosureCutoffs } from '@gongkai/domain';

/** Statuses after which the review workflow has completed: the projection is final. */
const SETTLED = new Set(['published', 'withdrawn', 'retracted']);

/** Reads: lists and inboxes from the read model (SQL only); one item with its live state. */
@Injectable()
export class PublicationReads {
  constructor(
    private readonly publications: PublicationRepository,
    private readonly timelines: TimelineRepository,
    private readonly reviewTasks: ReviewTaskRepository,
    private readonly workflows: PublicationWorkflows,
    private readonly workingDays: WorkingDays,
    private readonly policyPackages: PolicyPackageRepository,
    private readonly requestTasks: RequestTasks,
  ) {}

  /** The item, live from the workflow while it runs, else (or when it is slow) from the projection. */
  async get(user: AuthenticatedUser, id: string): Promise<PublicationDto> {
    const row = await this.readable(user, id);
    const live = SETTLED.has(row.status) ? undefined : await this.workflows.liveState(id);
    return this.view(user, row, live ?? row.state, live !== undefined);
  }

  /** The view of `row` with `state` (an update's answer, or the projection), as `user` may act on it. */
  async view(user: AuthenticatedUser, row: Publication, state: PublicationReviewState | null, live: boolean): Promise<PublicationDto> {
    const draft = await this.publications.version(row.id, state?.version ?? row.version);
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
    const { rows, total } = await this.publications.list(user, filters);
    return { items: rows.map(summaryView), total, page, pageSize };
  }

  async timeline(user: AuthenticatedUser, id: string): Promise<TimelineEventDto[]> {
    await this.readable(user, id);
    return (await this.timelines.forPublication(id)).map(timelineView);
  }

  async versions(user: AuthenticatedUser, id: string): Promise<VersionSummaryDto[]> {
    await this.readable(user, id);
    return (await this.publications.versions(id)).map(versionSummaryView);
  }

  async version(user: AuthenticatedUser, id: string, n: number): Promise<VersionDto> {
    await this.readable(user, id);
    const version = await this.publications.version(id, n);
    if (!version) throw new NotFoundException(`稿件没有第 ${n} 版`);
    return versionView(version);
  }

  async diff(user: AuthenticatedUser, id: string, n: number, q: DiffQueryDto): Promise<VersionDiffDto> {
    await this.readable(user, id);
    const against = q.against ?? n - 1;
    const [after, before] = await Promise.all([this.publications.version(id, n), this.publications.version(id, against)]);
    if (!after) throw new NotFoundException(`稿件没有第 ${n} 版`);
    if (!before) throw new NotFoundException(`稿件没有第 ${against} 版`);
    const fields = ['bodyFormat', 'documentNumber', 'writtenDate'] as const;
    const changedFields: string[] = fields.filter((f) => before[f] !== after[f]);
    if (JSON.stringify(before.attachments) !== JSON.stringify(after.attachments)) changedFields.push('attachments');
    return { from: against, to: n, title: lineDiff(before.title, after.title), body: lineDiff(before.body, after.body), changedFields };
  }

  async tasks(user: AuthenticatedUser): Promise<TaskDto[]> {
    const now = new Date();
    const [rows, drafting, calendar] = await Promise.all([
      this.reviewTasks.openFor(user.userId),
      this.policyPackages.draftingTasks(user.userId),
      this.workingDays.calendar(),
    ]);
    const today = civilDateInShanghai(now);
    const tasks = rows.map((t) => taskView(t, now, t.dueAt ? calendar.workingDaysBetween(today, civilDateInShanghai(t.dueAt)) : null));
    // 解读起草 beside the reviews (政策解读): a deferred one is due; one in co-drafting has no date yet.
    tasks.push(...drafting.map((t) => interpretationTaskView(t, t.dueAt ? calendar.workingDaysBetween(today, civilDateInShanghai(t.dueAt)) : null)));
    // 依申请公开 waiting on the caller.
    tasks.push(...(await this.requestTasks.tasks(user)));
    // Fewest working days left (so due) first; stopped clocks and tasks without a due date last, oldest first (the store's order).
    return tasks.sort(byWorkingDaysLeft);
  }

  /** The item when the caller may read it: 404 when there is none, 403 when it is not theirs to see. */
  private async readable(user: AuthenticatedUser, id: string): Promise<Publication> {
    const row = await this.publications.find(id);
    if (!row) throw new NotFoundException(`稿件不存在：${id}`);
    if (!(await this.publications.canRead(user, id))) {
      throw new ForbiddenException('无权查看此稿件：仅本科室、经办审核人及分管领导、主要负责人、政务公开办可以查看');
    }
    return row;
  }
}
