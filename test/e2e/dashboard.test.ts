/**
 * GET /dashboard over real HTTP against rows written straight into the read
 * model for a department of this test's own (the run's database is shared):
 * every figure is recomputed here from the rows with the working-day calendar,
 * each figure's click-through list (GET /publications with the same filters)
 * has as many items, and only leaders, the principal and the office may look.
 */
import { randomUUID } from 'node:crypto';
import { addDays, civilDateInShanghai } from '@gongkai/domain/calendar/civil-date';
import { CalendarRepository } from '@gongkai/persistence';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
const DEPT = `dash${Date.now().toString(36)}`;
const DEPT_NAME = `看板测试科${DEPT}`;

interface Seeded {
  status: string;
  phase: string;
  stageRole: string | null;
  written: string;
  publishedAt: Date | null;
}

const seeded: Seeded[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  gk = await startGongkaiApp();
  await gk.dataSource.query(`INSERT INTO departments (id, organisation_id, name, kind) VALUES ($1, 'demo', $2, 'section')`, [DEPT, DEPT_NAME]);
  const today = civilDateInShanghai(new Date());
  const now = Date.now();
  const rows: Seeded[] = [
    // In flight: at each stage, with 成文日期 long ago (overdue), near the deadline, and fresh.
    { status: 'in_review', phase: 'in_review', stageRole: 'section_head', written: addDays(today, -60), publishedAt: null },
    { status: 'in_review', phase: 'in_review', stageRole: 'section_head', written: addDays(today, -26), publishedAt: null },
    { status: 'in_review', phase: 'in_review', stageRole: 'leader', written: addDays(today, -24), publishedAt: null },
    { status: 'in_review', phase: 'in_review', stageRole: 'principal', written: addDays(today, -22), publishedAt: null },
    { status: 'in_review', phase: 'screening', stageRole: null, written: today, publishedAt: null },
    { status: 'draft', phase: 'draft', stageRole: null, written: addDays(today, -90), publishedAt: null },
    { status: 'returned', phase: 'returned', stageRole: null, written: addDays(today, -3), publishedAt: null },
    // Published now and in the last days, 10 to 45 calendar days after 成文; one last year (outside the range).
    ...[10, 18, 25, 31, 45].map((gap, i) => ({
      status: 'published',
      phase: 'published',
      stageRole: null,
      written: addDays(civilDateInShanghai(new Date(now - i * DAY)), -gap),
      publishedAt: new Date(now - i * DAY),
    })),
    { status: 'published', phase: 'published', stageRole: null, written: addDays(today, -400), publishedAt: new Date(now - 370 * DAY) },
  ];
  for (const r of rows) {
    await gk.dataSource.query(
      `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute, written_date, title,
         status, phase, stage_role, stage_level, published_at)
       VALUES ($1, 'demo', $2, 'zhangwei', '张伟', '机构职能', 'proactive', $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), DEPT, r.written, `看板${DEPT}`, r.status, r.phase, r.stageRole, r.stageRole ? 1 : null, r.publishedAt],
    );
    seeded.push(r);
  }
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface Dashboard {
  department: string | null;
  from: string;
  to: string;
  inFlight: { family: string; stage: string; stageLabel: string; count: number }[];
  deadlines: { overdue: number; dueWithin3WorkingDays: number };
  departments: { department: string; departmentName: string; published: number; medianWorkingDaysToPublish: number | null; within20WorkingDaysShare: number | null }[];
  consultations: unknown[];
  pendingInterpretations: number;
  publishedPerMonth: { month: string; count: number }[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('GET /dashboard', () => {
  it('answers figures that match the rows, recomputed with the working-day calendar', async () => {
    const calendar = await new CalendarRepository(gk.dataSource).loadCalendar({ weekdayOnlyFallback: true });
    const today = civilDateInShanghai(new Date());
    const from = `${today.slice(0, 4)}-01-01`;
    const res = await gk.request<Dashboard>('GET', `/dashboard?department=${DEPT}`, { as: 'wangqiang' });
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ department: DEPT, from, to: today, consultations: [], pendingInterpretations: 0 });

    expect(d.inFlight).toEqual([
      { family: 'publication', familyLabel: '信息发布', stage: 'draft', stageLabel: '起草中', count: 1 },
      { family: 'publication', familyLabel: '信息发布', stage: 'returned', stageLabel: '退回修改', count: 1 },
      { family: 'publication', familyLabel: '信息发布', stage: 'screening', stageLabel: '自动检查', count: 1 },
      { family: 'publication', familyLabel: '信息发布', stage: 'section_review', stageLabel: '科室审核', count: 2 },
      { family: 'publication', familyLabel: '信息发布', stage: 'leader_review', stageLabel: '分管领导审核', count: 1 },
      { family: 'publication', familyLabel: '信息发布', stage: 'principal_review', stageLabel: '主要负责人审核', count: 1 },
    ]);

    const inReview = seeded.filter((r) => r.status === 'in_review');
    const deadline = (r: Seeded) => calendar.addWorkingDays(r.written, 20);
    const overdue = inReview.filter((r) => deadline(r) < today).length;
    const dueSoon = inReview.filter((r) => deadline(r) >= today && calendar.workingDaysBetween(today, deadline(r)) <= 3).length;
    expect(overdue).toBeGreaterThan(0);
    expect(d.deadlines).toEqual({ overdue, dueWithin3WorkingDays: dueSoon });

    const published = seeded.filter((r) => r.publishedAt && civilDateInShanghai(r.publishedAt) >= from);
    const days = published.map((r) => calendar.workingDaysBetween(r.written, civilDateInShanghai(r.publishedAt!)));
    expect(d.departments).toEqual([
      {
        department: DEPT,
        departmentName: DEPT_NAME,
        published: published.length,
        medianWorkingDaysToPublish: median(days),
        within20WorkingDaysShare: days.filter((n) => n <= 20).length / days.length,
      },
    ]);

    const months = new Map<string, number>();
    for (const r of published) months.set(civilDateInShanghai(r.publishedAt!).slice(0, 7), (months.get(civilDateInShanghai(r.publishedAt!).slice(0, 7)) ?? 0) + 1);
    expect(d.publishedPerMonth.filter((m) => m.count > 0)).toEqual([...months].sort().map(([month, count]) => ({ month, count })));
    expect(d.publishedPerMonth[0].month).toBe(from.slice(0, 7));
    expect(d.publishedPerMonth[d.publishedPerMonth.length - 1].month).toBe(today.slice(0, 7));
  });

  it('has a list behind every figure: GET /publications with the same filters', async () => {
    const d = (await gk.request<Dashboard>('GET', `/dashboard?department=${DEPT}`, { as: 'zhaomin' })).body;
    const total = async (query: string) =>
      (await gk.request<{ total: number }>('GET', `/publications?department=${DEPT}&pageSize=100&${query}`, { as: 'zhaomin' })).body.total;
    for (const stage of d.inFlight) expect(await total(`stage=${stage.stage}`)).toBe(stage.count);
    expect(await total('status=in_review&overdue=true')).toBe(d.deadlines.overdue);
    expect(await total('status=in_review&dueWithinWorkingDays=3')).toBe(d.deadlines.dueWithin3WorkingDays);
    expect(await total(`publishedFrom=${d.from}&publishedTo=${d.to}`)).toBe(d.departments[0].published);
    const month = d.publishedPerMonth[d.publishedPerMonth.length - 1];
    expect(await total(`publishedFrom=${month.month}-01&publishedTo=${d.to}`)).toBe(month.count);
  });

  it('narrows to a date range, and refuses a range that ends before it starts', async () => {
    const today = civilDateInShanghai(new Date());
    const lastYear = String(Number(today.slice(0, 4)) - 1);
    const old = await gk.request<Dashboard>('GET', `/dashboard?department=${DEPT}&from=${lastYear}-01-01&to=${lastYear}-12-31`, { as: 'chenjun' });
    expect(old.status).toBe(200);
    expect(old.body.departments[0].published).toBe(seeded.filter((r) => r.publishedAt && civilDateInShanghai(r.publishedAt).startsWith(lastYear)).length);
    expect(old.body.publishedPerMonth).toHaveLength(12);
    const bad = await gk.request('GET', `/dashboard?from=${today}&to=${lastYear}-01-01`, { as: 'chenjun' });
    expect(bad.status).toBe(400);
    expect((await gk.request('GET', '/dashboard?from=2026-02-30', { as: 'chenjun' })).status).toBe(400);
  });

  it('is for leaders, the principal and the office only', async () => {
    expect((await gk.request('GET', '/dashboard', { as: 'zhangwei' })).status).toBe(403);
    expect((await gk.request('GET', '/dashboard', { as: 'lina' })).status).toBe(403);
    expect((await gk.request('GET', '/dashboard')).status).toBe(401);
    const all = await gk.request<Dashboard>('GET', '/dashboard', { as: 'zhaomin' });
    expect(all.status).toBe(200);
    expect(all.body.department).toBeNull();
    expect(all.body.departments.map((x) => x.department)).toContain(DEPT);
  });
});
