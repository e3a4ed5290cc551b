/**
 * 依申请公开 on /tasks and the board (issue 13): open requests wait on the
 * office (or, a reply awaiting approval, on the leaders), each with its due
 * date and working days left counted here on the working-day calendar, a
 * stopped clock said so, sorted by working days left; the board groups the
 * open requests by working days left and counts this year's closed ones on
 * time and late, every figure recomputed here from the rows.
 */
import { CalendarRepository } from '@gongkai/persistence';
import type { CivilDate, WorkingDayCalendar } from '@gongkai/domain';
import { startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

interface Request {
  id: string;
  status: string;
  dueOn?: string;
  clockRunning: boolean;
  overdue: boolean;
  onTime?: boolean;
}

interface Task {
  taskId: string;
  kind: string;
  kindLabel: string;
  dueAt: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  requestId?: string;
  trackingCode?: string;
  requestStatus?: string;
  clockRunning?: boolean;
  dueOn?: string;
  workingDaysRemainingWhenStopped?: number;
  stepLabel?: string;
}

let gk: RunningGongkai;
let calendar: WorkingDayCalendar;
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  gk = await startGongkaiApp({ env: { PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000' } });
  calendar = await new CalendarRepository(gk.dataSource).loadCalendar({ weekdayOnlyFallback: true });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

const call = async <T = Request>(method: string, path: string, as: DemoUsername | undefined, body: unknown, status: number) => {
  let res = await gk.request<T & ErrorBody>(method, path, { as, body });
  // A loaded machine can make the engine miss the API's update deadline; retrying the same update is safe (it says so).
  for (let retry = 0; res.status === 504 && retry < 3; retry++) res = await gk.request<T & ErrorBody>(method, path, { as, body });
  if (res.status !== status) throw new Error(`${method} ${path} as ${as ?? 'public'}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function until<T>(read: () => Promise<T>, done: (x: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}; last: ${JSON.stringify(last)}`);
}
const settled = (id: string, done: (r: Request) => boolean) => until(() => call('GET', `/requests/${id}`, 'zhaomin', undefined, 200), done, `request ${id}`);

const workingDaysBack = (n: number) => {
  let d = TODAY;
  for (let counted = 0; counted < n; ) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(d as CivilDate)) counted++;
  }
  return d;
};

const requester = { kind: 'natural_person', name: '王芳', contact: '13900001111' };
const register = async (receivedOn: string, content: string) => {
  const r = await call<{ id: string; trackingCode: string }>('POST', '/requests', 'zhaomin', { requester, content, channel: 'in_person', receivedOn }, 201);
  await settled(r.id, (x) => x.clockRunning);
  return r;
};

describe('requests on /tasks and the board', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.fresh = (await register(TODAY, '待办测试：今天收到')).id;
    ids.older = (await register(workingDaysBack(17), '待办测试：17 个工作日前收到')).id;
    ids.late = (await register(workingDaysBack(22), '待办测试：已逾期')).id;
    await settled(ids.late, (x) => x.overdue);

    ids.paused = (await register(TODAY, '待办测试：征求第三方意见')).id;
    await call('POST', `/requests/${ids.paused}/third-party`, 'zhaomin', { party: '示范科技有限公司', sentOn: TODAY }, 201);
    await settled(ids.paused, (x) => x.status === 'third_party' && !x.clockRunning);

    ids.approval = (await register(workingDaysBack(3), '待办测试：答复待审批')).id;
    await call('POST', `/requests/${ids.approval}/reply`, 'zhaomin', { outcome: 'disclosed', body: '经审查，予以公开。' }, 200);

    const { trackingCode } = await call<{ trackingCode: string }>('POST', '/public/requests', undefined, { organisation: 'demo', requester, content: '待办测试：网上申请' }, 201);
    ids.online = (await until(() => call<{ items: (Request & { trackingCode: string })[] }>('GET', '/requests?status=awaiting_confirmation&pageSize=100', 'zhaomin', undefined, 200), (p) => p.items.some((x) => x.trackingCode === trackingCode), 'online filing')).items.find((x) => x.trackingCode === trackingCode)!.id;

    ids.closedLate = (await register(workingDaysBack(21), '待办测试：逾期办结')).id;
    await call('POST', `/requests/${ids.closedLate}/reply`, 'zhaomin', { outcome: 'disclosed', body: '经审查，予以公开。' }, 200);
    await call('POST', `/requests/${ids.closedLate}/reply/approve`, 'wangqiang', {}, 200);
    await call('POST', `/requests/${ids.closedLate}/issue`, 'zhaomin', { issuedOn: TODAY, deliveredBy: '邮寄' }, 200);
    await settled(ids.closedLate, (x) => x.status === 'closed' && x.onTime === false);
  }, 120_000);

  it('lists the office’s open requests by working days left, each counted on the calendar, a stopped clock said so', async () => {
    const tasks = await until(
      () => call<Task[]>('GET', '/tasks', 'zhaomin', undefined, 200),
      (ts) => ts.some((t) => t.requestId === ids.online) && ts.some((t) => t.requestId === ids.paused && t.clockRunning === false),
      'office tasks',
    );
    const mine = tasks.filter((t) => t.kind === 'request');
    const of = (id: string) => mine.find((t) => t.requestId === id);
    for (const key of ['fresh', 'older', 'late', 'paused', 'online']) expect(of(ids[key])).toBeDefined();
    expect(of(ids.approval)).toBeUndefined();
    expect(of(ids.closedLate)).toBeUndefined();

    for (const key of ['fresh', 'older', 'late']) {
      const r = await call('GET', `/requests/${ids[key]}`, 'zhaomin', undefined, 200);
      const t = of(ids[key])!;
      expect(t).toMatchObject({ kind: 'request', kindLabel: '依申请公开', dueOn: r.dueOn, clockRunning: true, requestStatus: 'registered' });
      expect(t.workingDaysLeft).toBe(calendar.workingDaysBetween(TODAY, r.dueOn!));
      // The request itself (the desk's list and page) says the same.
      expect((r as Request & { workingDaysLeft?: number }).workingDaysLeft).toBe(t.workingDaysLeft);
      expect(t.overdue).toBe(r.dueOn! < TODAY);
    }
    expect(of(ids.late)!.workingDaysLeft).toBeLessThan(0);
    expect(of(ids.older)!.workingDaysLeft).toBe(3);
    expect(of(ids.fresh)!.workingDaysLeft).toBe(20);
    expect(of(ids.paused)).toMatchObject({ clockRunning: false, workingDaysLeft: null, dueAt: null, requestStatus: 'third_party', workingDaysRemainingWhenStopped: 20 });
    expect(of(ids.paused)!.dueOn).toBeUndefined();
    expect(of(ids.online)).toMatchObject({ clockRunning: false, workingDaysLeft: null, requestStatus: 'awaiting_confirmation', stepLabel: '确认收到网上申请' });

    // The whole list (reviews and interpretations too) by working days left; no days left (stopped, undated) last.
    const keys = tasks.map((t) => t.workingDaysLeft ?? Number.POSITIVE_INFINITY);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(mine.indexOf(of(ids.late)!)).toBeLessThan(mine.indexOf(of(ids.older)!));
    expect(mine.indexOf(of(ids.older)!)).toBeLessThan(mine.indexOf(of(ids.fresh)!));
  });

  it('puts a reply awaiting approval before the leaders, and nothing before a section clerk', async () => {
    const leader = await until(() => call<Task[]>('GET', '/tasks', 'wangqiang', undefined, 200), (ts) => ts.some((t) => t.requestId === ids.approval), 'leader tasks');
    const requests = leader.filter((t) => t.kind === 'request');
    expect(requests.every((t) => t.stepLabel === '审批答复')).toBe(true);
    const r = await call('GET', `/requests/${ids.approval}`, 'wangqiang', undefined, 200);
    expect(requests.find((t) => t.requestId === ids.approval)).toMatchObject({ dueOn: r.dueOn, workingDaysLeft: calendar.workingDaysBetween(TODAY, r.dueOn!), requestStatus: 'replying' });
    const clerk = await call<Task[]>('GET', '/tasks', 'zhangwei', undefined, 200);
    expect(clerk.filter((t) => t.kind === 'request')).toEqual([]);
  });

  it('shows the board’s requests block, recomputed here from the rows', async () => {
    const board = await call<{ requests: Record<string, unknown>; consultations: unknown[] }>('GET', '/dashboard', 'wangqiang', undefined, 200);
    const rows: { status: string; dueOn: string | null; clockRunning: boolean; overdue: boolean }[] = await gk.dataSource.query(
      `SELECT status, due_on::text AS "dueOn", clock_running AS "clockRunning", overdue FROM disclosure_requests WHERE status <> 'closed'`,
    );
    const expected = { open: rows.length, overdue: 0, dueWithin5WorkingDays: 0, due6To10WorkingDays: 0, dueAfter10WorkingDays: 0, clockStopped: 0, awaitingConfirmation: 0 };
    for (const r of rows) {
      if (r.status === 'awaiting_confirmation') expected.awaitingConfirmation++;
      else if (!r.clockRunning || !r.dueOn) expected.clockStopped++;
      else if (r.overdue || r.dueOn < TODAY) expected.overdue++;
      else {
        const left = calendar.workingDaysBetween(TODAY, r.dueOn);
        if (left <= 5) expected.dueWithin5WorkingDays++;
        else if (left <= 10) expected.due6To10WorkingDays++;
        else expected.dueAfter10WorkingDays++;
      }
    }
    const [closed]: { onTime: number; late: number }[] = await gk.dataSource.query(
      `SELECT count(*) FILTER (WHERE on_time IS NOT FALSE)::int AS "onTime", count(*) FILTER (WHERE on_time IS FALSE)::int AS late
       FROM disclosure_requests WHERE status = 'closed' AND extract(year FROM issued_on) = $1`,
      [Number(TODAY.slice(0, 4))],
    );
    expect(expected).toMatchObject({ overdue: expect.any(Number) });
    expect(expected.overdue).toBeGreaterThanOrEqual(1);
    expect(expected.clockStopped).toBeGreaterThanOrEqual(1);
    expect(closed.late).toBeGreaterThanOrEqual(1);
    expect(board.requests).toEqual({ ...expected, closedThisYear: { year: Number(TODAY.slice(0, 4)), ...closed } });
    // Existing fields stay as they were.
    expect(board.consultations).toEqual([]);
  });
});
