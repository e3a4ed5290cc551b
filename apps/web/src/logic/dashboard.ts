/** 领导看板: `GET /dashboard` → the charts' options, the plain figures, and each one's click-through URL. */
import type { Dashboard, DashboardQuery } from '../api/types';
import { manuscriptsUrl, type ManuscriptFilters } from './manuscript-query';
import { num, percent, text, workingDays } from './format';

function scope(d: Pick<Dashboard, 'department'>): Partial<ManuscriptFilters> {
  const department = text(d.department);
  return department ? { department } : {};
}

export interface DashboardFigure {
  key: string;
  label: string;
  value: string;
  /** The list behind the figure; absent when there is none yet (e.g. consultations before that family lands). */
  href?: string;
  danger?: boolean;
}

export function deadlineFigures(d: Dashboard): DashboardFigure[] {
  const figures: DashboardFigure[] = [
    {
      key: 'overdue',
      label: '已逾期',
      value: String(d.deadlines.overdue),
      href: manuscriptsUrl({ ...scope(d), status: 'in_review', overdue: true }),
      danger: d.deadlines.overdue > 0,
    },
    {
      key: 'dueSoon',
      label: '3 个工作日内到期',
      value: String(d.deadlines.dueWithin3WorkingDays),
      href: manuscriptsUrl({ ...scope(d), status: 'in_review', dueWithinWorkingDays: 3 }),
      danger: false,
    },
    {
      key: 'published',
      label: '期间发布',
      value: String(d.publishedPerMonth.reduce((n, x) => n + x.count, 0)),
      href: publishedUrl(d),
    },
  ];
  if (d.consultations.length > 0) figures.push({ key: 'consultations', label: '进行中的征求意见', value: String(d.consultations.length) });
  if (d.pendingInterpretations > 0) figures.push({ key: 'interpretations', label: '待发布的政策解读', value: String(d.pendingInterpretations) });
  return figures;
}

export function publishedUrl(d: Pick<Dashboard, 'department' | 'from' | 'to'>, department?: string): string {
  return manuscriptsUrl({
    ...(department ? { department } : scope(d)),
    status: 'published',
    publishedFrom: d.from,
    publishedTo: d.to,
  });
}

export interface DepartmentRow {
  department: string;
  departmentName: string;
  published: number;
  median: string;
  within20: string;
  /** below 100 % of items published within 20 working days (条例第二十六条) */
  late: boolean;
  href: string;
  lateHref: string;
}

export function departmentRows(d: Dashboard): DepartmentRow[] {
  return d.departments.map((x) => ({
    department: x.department,
    departmentName: x.departmentName,
    published: x.published,
    median: workingDays(num(x.medianWorkingDaysToPublish)),
    within20: percent(num(x.within20WorkingDaysShare)),
    late: (num(x.within20WorkingDaysShare) ?? 1) < 1,
    href: publishedUrl(d, x.department),
    lateHref: manuscriptsUrl({ department: x.department, status: 'published', overdue: true, publishedFrom: d.from, publishedTo: d.to }),
  }));
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The month's published list, clamped to the dashboard's range. */
export function monthUrl(d: Pick<Dashboard, 'department' | 'from' | 'to'>, month: string): string {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  return manuscriptsUrl({
    ...scope(d),
    status: 'published',
    publishedFrom: first < d.from ? d.from : first,
    publishedTo: last > d.to ? d.to : last,
  });
}

export interface ChartSpec {
  option: Record<string, unknown>;
  /** links[seriesIndex][dataIndex]: the list behind each bar */
  links: (string | undefined)[][];
  empty: boolean;
}

/** In-flight items: one bar group per stage, one series per workflow family. */
export function inFlightChart(d: Dashboard): ChartSpec {
  const stages: { stage: string; label: string }[] = [];
  for (const x of d.inFlight) if (!stages.some((s) => s.stage === x.stage)) stages.push({ stage: x.stage, label: x.stageLabel });
  const families: { family: string; label: string }[] = [];
  for (const x of d.inFlight) if (!families.some((f) => f.family === x.family)) families.push({ family: x.family, label: x.familyLabel });
  const count = (family: string, stage: string) => d.inFlight.find((x) => x.family === family && x.stage === stage)?.count ?? 0;
  const links = families.map(() =>
    // The list takes the dashboard's stage names as they are (draft and returned items are in flight too).
    stages.map((s) => manuscriptsUrl({ ...scope(d), stage: s.stage as ManuscriptFilters['stage'] })),
  );
  return {
    empty: d.inFlight.length === 0,
    links,
    option: {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
      // Every stage named under its bar (ECharts would otherwise drop every other label when they crowd).
      xAxis: { type: 'category', data: stages.map((s) => s.label), axisLabel: { interval: 0, rotate: stages.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '件' },
      series: families.map((f) => ({
        type: 'bar',
        name: f.label,
        barMaxWidth: 48,
        label: { show: true, position: 'top' },
        data: stages.map((s) => count(f.family, s.stage)),
      })),
    },
  };
}

export function publishedPerMonthChart(d: Dashboard): ChartSpec {
  return {
    empty: d.publishedPerMonth.length === 0,
    links: [d.publishedPerMonth.map((m) => monthUrl(d, m.month))],
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: d.publishedPerMonth.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1, name: '件' },
      series: [
        {
          type: 'bar',
          name: '发布数',
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
          data: d.publishedPerMonth.map((m) => m.count),
        },
      ],
    },
  };
}

/** The click target of an ECharts click event (`seriesIndex`, `dataIndex`). */
export function linkAt(spec: ChartSpec, seriesIndex: number | undefined, dataIndex: number | undefined): string | undefined {
  if (seriesIndex === undefined || dataIndex === undefined) return undefined;
  return spec.links[seriesIndex]?.[dataIndex];
}

/** The dashboard's own query string (department, from, to) ⇄ the API query. */
export function dashboardQuery(query: Record<string, unknown>): DashboardQuery {
  const pick = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
  const date = (k: string) => {
    const v = pick(k);
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  };
  const out: DashboardQuery = {};
  const department = pick('department');
  if (department) out.department = department;
  const from = date('from');
  if (from) out.from = from;
  const to = date('to');
  if (to) out.to = to;
  return out;
}

/**
 * 依申请公开 on the board: open requests by working days left (counted by the API on the working-day calendar),
 * and this year's closed ones on time and late. Figures with a list behind them link to the request desk.
 */
export function requestFigures(d: Pick<Dashboard, 'requests'>): DashboardFigure[] {
  const r = d.requests;
  const closed = r.closedThisYear;
  return [
    { key: 'requestsOverdue', label: '已逾期', value: String(r.overdue), href: '/request-desk?overdue=true', danger: r.overdue > 0 },
    { key: 'requestsWithin5', label: '剩 5 个工作日以内', value: String(r.dueWithin5WorkingDays) },
    { key: 'requests6To10', label: '剩 6–10 个工作日', value: String(r.due6To10WorkingDays) },
    { key: 'requestsOver10', label: '剩 10 个工作日以上', value: String(r.dueAfter10WorkingDays) },
    { key: 'requestsStopped', label: '期限暂停（补正、第三方）', value: String(r.clockStopped) },
    { key: 'requestsUnconfirmed', label: '网上申请待确认', value: String(r.awaitingConfirmation), href: '/request-desk?status=awaiting_confirmation' },
    { key: 'requestsClosed', label: `${closed.year} 年办结：按期 / 逾期`, value: `${closed.onTime} / ${closed.late}`, href: '/request-desk?status=closed', danger: closed.late > 0 },
  ];
}
