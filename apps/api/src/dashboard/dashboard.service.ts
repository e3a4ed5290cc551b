import { BadRequestException, Injectable } from '@nestjs/common';
import {
  addDays,
  daysBetween,
  startOfDayInShanghai,
  type WorkingDayCalendar,
  DISCLOSURE_WORKING_DAYS,
  disclosureCutoffs,
  histogramMedian,
  shareAtMost,
} from '@gongkai/domain';
import { DashboardRepository, type DayTable, type InFlightCount, type PublishedCount } from '@gongkai/persistence';
import { WorkingDays } from '../calendar/working-days';
import { IN_FLIGHT_STAGES } from '../publications/publication.dto';
import { RequestTasks } from '../requests/request-tasks.service';
import type { DashboardDto, DashboardQueryDto, DepartmentFiguresDto, InFlightDto, MonthCountDto } from './dashboard.dto';

/** "Due soon" on the board: within this many working days. */
export const DUE_SOON_WORKING_DAYS = 3;

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  draft: '起草中',
  returned: '退回修改',
  screening: '自动检查',
  section_review: '科室审核',
  leader_review: '分管领导审核',
  principal_review: '主要负责人审核',
  publishing: '发布中',
};

/** How far before the range's start the day table reaches back for 成文日期 (older ones count as "more than 20"). */
const DAY_TABLE_DAYS_BEFORE = 3 * 366;

/**
 * How long an answer is reused for the same department and range. The board
 * is a summary a leader glances at (the read model itself trails the
 * workflows); without it each look costs a scan of the range's published items.
 */
export const DASHBOARD_CACHE_MS = 15_000;
const DASHBOARD_CACHE_ENTRIES = 100;

/** The leaders' board (领导看板), from the read model; the same question within DASHBOARD_CACHE_MS shares one answer. */
@Injectable()
export class DashboardService {
  /** The last day table built, reused while the calendar and the span are the same. */
  private lastTable?: { calendar: WorkingDayCalendar; first: string; last: string; table: DayTable };

  constructor(
    private readonly repository: DashboardRepository,
    private readonly workingDays: WorkingDays,
    private readonly requestTasks: RequestTasks,
  ) {}

  private readonly answers = new Map<string, { at: number; answer: Promise<DashboardDto> }>();

  figures(q: DashboardQueryDto): Promise<DashboardDto> {
    const now = Date.now();
    const key = JSON.stringify([q.department ?? null, q.from ?? null, q.to ?? null, this.workingDays.today()]);
    const cached = this.answers.get(key);
    if (cached && now - cached.at < DASHBOARD_CACHE_MS) return cached.answer;
    this.answers.delete(key);
    if (this.answers.size >= DASHBOARD_CACHE_ENTRIES) this.answers.delete(this.answers.keys().next().value as string);
    const answer = this.compute(q);
    this.answers.set(key, { at: now, answer });
    answer.catch(() => {
      if (this.answers.get(key)?.answer === answer) this.answers.delete(key);
    });
    return answer;
  }

  private async compute(q: DashboardQueryDto): Promise<DashboardDto> {
    const today = this.workingDays.today();
    const from = q.from ?? `${today.slice(0, 4)}-01-01`;
    const to = q.to ?? today;
    if (from > to) throw new BadRequestException('from 不能晚于 to');
    const calendar = await this.workingDays.calendar();
    const cutoffs = disclosureCutoffs(calendar, today, DUE_SOON_WORKING_DAYS);
    const window = {
      department: q.department,
      publishedFrom: startOfDayInShanghai(from),
      publishedUntil: startOfDayInShanghai(addDays(to, 1)),
      ...cutoffs,
    };
    const [inFlight, published, departments, requests] = await Promise.all([
      this.repository.inFlight(window),
      this.repository.published(window, this.dayTable(calendar, addDays(from, -DAY_TABLE_DAYS_BEFORE), to > today ? to : today)),
      this.repository.departments(q.department),
      this.requestTasks.figures(),
    ]);
    return {
      department: q.department ?? null,
      from,
      to,
      inFlight: inFlightFigures(inFlight),
      deadlines: {
        overdue: inFlight.reduce((sum, r) => sum + r.overdue, 0),
        dueWithin3WorkingDays: inFlight.reduce((sum, r) => sum + r.dueSoon, 0),
      },
      departments: departmentFigures(published, departments),
      consultations: [],
      pendingInterpretations: 0,
      publishedPerMonth: monthFigures(published, from, to),
      requests,
    };
  }

  private dayTable(calendar: WorkingDayCalendar, first: string, last: string): DayTable {
    const cached = this.lastTable;
    if (cached && cached.calendar === calendar && cached.first === first && cached.last === last) return cached.table;
    const table = dayTable(calendar, first, last);
    this.lastTable = { calendar, first, last, table };
    return table;
  }
}

/** The day table for [first, last]: working-day ordinals counted from `first`, and months as yyyymm. */
export function dayTable(calendar: WorkingDayCalendar, first: string, last: string): DayTable {
  const ordinals: number[] = [];
  const months: number[] = [];
  let ordinal = 0;
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (day !== first && calendar.isWorkingDay(day)) ordinal += 1;
    ordinals.push(ordinal);
    months.push(Number(day.slice(0, 4)) * 100 + Number(day.slice(5, 7)));
  }
  return { first, firstDayNumber: daysBetween('1970-01-01', first), ordinals, months };
}

export function inFlightFigures(rows: readonly InFlightCount[]): InFlightDto[] {
  const byStage = new Map(rows.map((r) => [r.stage, r.count]));
  return IN_FLIGHT_STAGES.filter((stage) => (byStage.get(stage) ?? 0) > 0).map((stage) => ({
    family: 'publication',
    familyLabel: '信息发布',
    stage,
    stageLabel: STAGE_LABELS[stage],
    count: byStage.get(stage) ?? 0,
  }));
}

/** Per department: how many were published, and the working-day histogram's median and share within 20. */
export function departmentFigures(rows: readonly PublishedCount[], departments: readonly { id: string; name: string }[]): DepartmentFiguresDto[] {
  const histograms = new Map<string, { published: number; days: Map<number, number> }>();
  for (const r of rows) {
    if (r.departmentId === null) continue;
    const h = histograms.get(r.departmentId) ?? { published: 0, days: new Map<number, number>() };
    h.published += r.count;
    if (r.workingDays !== null) h.days.set(r.workingDays, (h.days.get(r.workingDays) ?? 0) + r.count);
    histograms.set(r.departmentId, h);
  }
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const ids = [...new Set([...departments.map((d) => d.id), ...histograms.keys()])];
  return ids
    .map((id) => {
      const h = histograms.get(id);
      return {
        department: id,
        departmentName: names.get(id) ?? id,
        published: h?.published ?? 0,
        medianWorkingDaysToPublish: h ? histogramMedian(h.days) : null,
        within20WorkingDaysShare: h ? shareAtMost(h.days, DISCLOSURE_WORKING_DAYS) : null,
      };
    })
    .sort((a, b) => b.published - a.published || a.departmentName.localeCompare(b.departmentName, 'zh-CN'));
}

/** Every month from `from` to `to`, with zero where nothing was published. */
export function monthFigures(rows: readonly PublishedCount[], from: string, to: string): MonthCountDto[] {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.month !== null) counts.set(r.month, (counts.get(r.month) ?? 0) + r.count);
  const months: MonthCountDto[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push({ month: key, count: counts.get(key) ?? 0 });
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}
