/**
 * 依申请公开 over HTTP (issue 13): registration by channel with its due date
 * on the working-day calendar, the public's online filing and its
 * confirmation, public tracking (status and due date only), a plain request
 * replied on time, a late one flagged by the workflow's timer, 补正 sent and
 * answered (the clock restarts), 补正 too late (422) and never answered
 * (closed by the timer), a third party (paused days excluded), the extension
 * (office head only, once, not after the due date), and every outcome code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CalendarRepository } from '@gongkai/persistence';
import { REQUEST_OUTCOMES } from '@gongkai/contracts';
import type { CivilDate, WorkingDayCalendar } from '@gongkai/domain';
import { startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

interface Request {
  id: string;
  trackingCode: string;
  status: string;
  receivedOn?: string;
  dueOn?: string;
  clockRunning: boolean;
  extended: boolean;
  outcome?: string;
  issuedOn?: string;
  onTime?: boolean;
  overdue: boolean;
}

let gk: RunningGongkai;
let calendar: WorkingDayCalendar;
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  gk = await startGongkaiApp({ env: { PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000' } });
  calendar = await new CalendarRepository(gk.dataSource).loadCalendar({ weekdayOnlyFallback: false });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

const call = async <T = Request>(method: string, path: string, as: DemoUsername | undefined, body: unknown, status: number) => {
  const res = await gk.request<T & ErrorBody>(method, path, { as, body });
  if (res.status !== status) throw new Error(`${method} ${path} as ${as ?? 'public'}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function untilAt<T>(path: string, as: DemoUsername | undefined, done: (r: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await call<T>('GET', path, as, undefined, 200);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${path} did not reach the expected state; last: ${JSON.stringify(last)}`);
}

const until = (id: string, done: (r: Request) => boolean) => untilAt<Request>(`/requests/${id}`, 'zhaomin', done);

const requester = { kind: 'natural_person', name: '李明', idNumber: '110101199003071233', contact: '13812345678', address: '示范市人民路1号' };
const register = (receivedOn: string, overrides: Record<string, unknown> = {}) =>
  call<{ id: string; trackingCode: string; status: string; receivedOn: string; dueOn: string }>(
    'POST',
    '/requests',
    'zhaomin',
    { requester, content: '申请公开2026年本市义务教育阶段学校招生计划', purpose: '了解子女入学政策', channel: 'in_person', receivedOn, ...overrides },
    201,
  );
const due = (from: string, n = 20) => calendar.addWorkingDays(from as CivilDate, n);
const workingDaysBack = (n: number) => {
  // A receipt date whose 20-working-day period has already ended (for lateness), counted back from today.
  let d = new Date(`${TODAY}T00:00:00Z`);
  let counted = 0;
  while (counted < n) {
    d = new Date(d.getTime() - 86_400_000);
    if (calendar.isWorkingDay(d.toISOString().slice(0, 10) as CivilDate)) counted++;
  }
  return d.toISOString().slice(0, 10);
};

async function replyAndIssue(id: string, outcome = 'disclosed', issuedOn = TODAY): Promise<Request> {
  await call('POST', `/requests/${id}/reply`, 'zhaomin', { outcome, body: '经审查，您申请的信息属于公开范围，现予以公开。' }, 200);
  expect((await gk.request('POST', `/requests/${id}/issue`, { as: 'zhaomin', body: { issuedOn, deliveredBy: '邮寄' } })).status).toBe(409);
  await call('POST', `/requests/${id}/reply/approve`, 'wangqiang', { comment: '同意' }, 200);
  return call('POST', `/requests/${id}/issue`, 'zhaomin', { issuedOn, deliveredBy: '邮寄' }, 200);
}

describe('registration and the clock', () => {
  it('registers by channel with the due date 20 working days after receipt, refuses a future receipt, and tracks publicly without personal data', async () => {
    const tomorrow = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await gk.request<ErrorBody>('POST', '/requests', { as: 'zhaomin', body: { requester, content: '申请', channel: 'in_person', receivedOn: tomorrow } })).status).toBe(422);
    expect((await gk.request('POST', '/requests', { as: 'zhangwei', body: { requester, content: '申请', channel: 'in_person', receivedOn: TODAY } })).status).toBe(403);
    expect((await gk.request('POST', '/requests', { as: 'zhaomin', body: { requester, content: '申请', channel: 'carrier_pigeon', receivedOn: TODAY } })).status).toBe(400);

    for (const channel of ['in_person', 'registered_post', 'ordinary_post', 'fax', 'email']) {
      const r = await register(TODAY, { channel });
      expect(r).toMatchObject({ status: 'registered', receivedOn: TODAY, dueOn: due(TODAY) });
    }
    const created = await register(TODAY, { requester: { kind: 'legal_person', category: 'research', name: '示范大学教育研究院', contact: '0000-1234567' } });
    const r = await until(created.id, (x) => x.dueOn === due(TODAY) && x.clockRunning);
    expect(r.trackingCode).toMatch(/^SQ-\d{4}-[2-9A-Z]{8}$/);

    // The office's page shows the workflow's live state; the public one reads the read model, which the workflow
    // writes a moment later.
    const tracked = await untilAt<Record<string, unknown>>(`/public/requests/${created.trackingCode}`, undefined, (t) => t.dueOn !== undefined);
    expect(tracked).toEqual({ trackingCode: created.trackingCode, status: 'registered', receivedOn: TODAY, dueOn: due(TODAY) });
    expect((await gk.request('GET', '/public/requests/SQ-2026-NOTACODE')).status).toBe(404);

    const explained = await call<{ dueOn: string; workingDaysLeft: number; events: { note: string }[] }>('GET', `/requests/${created.id}/deadline`, 'zhaomin', undefined, 200);
    expect(explained.dueOn).toBe(due(TODAY));
    expect(explained.events[0].note).toContain('第 0 日');
  });

  it('takes an online filing, received on the day the office confirms it', async () => {
    const { trackingCode } = await call<{ trackingCode: string }>('POST', '/public/requests', undefined, { organisation: 'demo', requester, content: '申请公开本市学区划分方案' }, 201);
    expect(await call<Record<string, unknown>>('GET', `/public/requests/${trackingCode}`, undefined, undefined, 200)).toEqual({ trackingCode, status: 'awaiting_confirmation' });
    const waiting = await call<{ items: Request[] }>('GET', '/requests?status=awaiting_confirmation&pageSize=100', 'zhaomin', undefined, 200);
    const filed = waiting.items.find((x) => x.trackingCode === trackingCode)!;
    expect(filed.status).toBe('awaiting_confirmation');
    expect((await gk.request('POST', `/requests/${filed.id}/reply`, { as: 'zhaomin', body: { outcome: 'disclosed', body: '答复' } })).status).toBe(409);
    const confirmed = await call('POST', `/requests/${filed.id}/confirm`, 'zhaomin', { confirmedOn: TODAY }, 200);
    expect(confirmed).toMatchObject({ status: 'registered', receivedOn: TODAY, dueOn: due(TODAY) });
    expect((await gk.request('POST', `/requests/${filed.id}/confirm`, { as: 'zhaomin', body: { confirmedOn: TODAY } })).status).toBe(409);
  });
});

describe('replies', () => {
  it('replies on time with a leader’s approval; a reply after the due date is flagged late, and the overdue timer fired first', async () => {
    const onTime = await register(TODAY);
    await until(onTime.id, (x) => x.clockRunning);
    expect((await gk.request('POST', `/requests/${onTime.id}/reply/approve`, { as: 'wangqiang', body: {} })).status).toBe(409);
    const closed = await replyAndIssue(onTime.id);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'disclosed', issuedOn: TODAY, onTime: true });

    const receivedOn = workingDaysBack(25);
    const late = await register(receivedOn);
    const overdue = await until(late.id, (x) => x.overdue);
    expect(overdue.dueOn! < TODAY).toBe(true);
    const done = await replyAndIssue(late.id, 'partly_disclosed');
    expect(done).toMatchObject({ status: 'closed', onTime: false, outcome: 'partly_disclosed' });
    const notices: { user_id: string }[] = await gk.dataSource.query(
      `SELECT DISTINCT user_id FROM notifications WHERE kind = 'escalation' AND workflow_id LIKE $1 ORDER BY user_id`,
      [`disclosure-request:${late.id}#%`],
    );
    expect(notices.map((n) => n.user_id)).toEqual(expect.arrayContaining(['chenjun', 'qianli', 'zhaomin']));
  });

  it('accepts every outcome code of table 3 (drafted, returned, drafted again)', async () => {
    const r = await register(TODAY);
    await until(r.id, (x) => x.clockRunning);
    for (const outcome of REQUEST_OUTCOMES) {
      await call('POST', `/requests/${r.id}/reply`, 'zhaomin', { outcome, body: `答复（${outcome}）`, ...(outcome === 'unavailable.not_held' ? { responsibleAgency: '示范市人力资源和社会保障局' } : {}) }, 200);
      expect((await gk.request('POST', `/requests/${r.id}/reply/return`, { as: 'zhaomin', body: { reason: '不可' } })).status).toBe(403);
      await call('POST', `/requests/${r.id}/reply/return`, 'wangqiang', { reason: `核对（${outcome}）` }, 200);
    }
    expect((await gk.request('POST', `/requests/${r.id}/reply`, { as: 'zhaomin', body: { outcome: 'refused.because', body: '答复' } })).status).toBe(400);
  });
});

/** The reply letter as bytes, and its text read back with pdfjs (test/support/pdf-text.mjs, run by node: pdfjs is ESM only). */
async function replyPdf(id: string, as: DemoUsername): Promise<{ status: number; headers: Headers; bytes: Buffer; text: string }> {
  const res = await fetch(`${gk.baseUrl}/requests/${id}/reply.pdf`, { headers: { authorization: `Bearer ${gk.tokenOf(as)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, headers: res.headers, bytes, text: '' };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'reply-letter-')), 'letter.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync(process.execPath, [path.join(__dirname, '../support/pdf-text.mjs'), file], { encoding: 'utf8' });
  // Lines break anywhere in Chinese text: compare without them.
  return { status: res.status, headers: res.headers, bytes, text: text.replace(/\n/g, '') };
}

const chinese = (civil: string) => civil.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`);

describe('the reply letter (告知书) as a PDF', () => {
  it('is refused before a reply is drafted, a draft until issued, and the issued letter after, with the outcome’s article and the remedies', async () => {
    const r = await register(TODAY);
    await until(r.id, (x) => x.clockRunning);
    const early = await gk.request<ErrorBody>('GET', `/requests/${r.id}/reply.pdf`, { as: 'zhaomin' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('尚未拟办答复');
    expect((await gk.request('GET', `/requests/${randomUUID()}/reply.pdf`, { as: 'zhaomin' })).status).toBe(404);
    const [{ name: agency }] = await gk.dataSource.query<{ name: string }[]>(`SELECT o.name FROM organisations o JOIN disclosure_requests r ON r.organisation_id = o.id WHERE r.id = $1`, [r.id]);

    await call('POST', `/requests/${r.id}/reply`, 'zhaomin', { outcome: 'refused.process_information', body: '所申请的招生计划尚在研究论证中。' }, 200);
    expect((await gk.request('GET', `/requests/${r.id}/reply.pdf`, { as: 'zhangwei' })).status).toBe(403);
    const draft = await replyPdf(r.id, 'wangqiang');
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    expect(draft.headers.get('content-disposition')).toMatch(/^inline; filename="reply-SQ-\d{4}-[2-9A-Z]{8}-draft\.pdf"; filename\*=UTF-8''%E7%AD%94/);
    expect(draft.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const words of ['政府信息公开申请答复告知书', `编号：${r.trackingCode}`, '李明：', '草稿', '过程性信息', '《条例》第十六条第二款', '所申请的招生计划尚在研究论证中。', '60日内', '申请行政复议', '6个月内向人民法院提起行政诉讼', agency]) {
      expect(draft.text).toContain(words);
    }

    await call('POST', `/requests/${r.id}/reply/return`, 'wangqiang', { reason: '应告知负责公开的机关' }, 200);
    await call('POST', `/requests/${r.id}/reply`, 'zhaomin', { outcome: 'unavailable.not_held', body: '联系电话：0000-12345678。', responsibleAgency: '示范市人力资源和社会保障局' }, 200);
    await call('POST', `/requests/${r.id}/reply/approve`, 'wangqiang', { comment: '同意' }, 200);
    expect((await replyPdf(r.id, 'chenjun')).text).toContain('草稿');
    await call('POST', `/requests/${r.id}/issue`, 'zhaomin', { issuedOn: TODAY, deliveredBy: '邮寄' }, 200);
    const issued = await replyPdf(r.id, 'zhaomin');
    expect(issued.status).toBe(200);
    expect(issued.headers.get('content-disposition')).toContain(`filename="reply-${r.trackingCode}.pdf"`);
    for (const words of ['李明：', '《条例》第三十六条第（五）项', '负责公开该政府信息的行政机关为示范市人力资源和社会保障局', '联系电话：0000-12345678。', '60日内', '6个月内', chinese(TODAY)]) {
      expect(issued.text).toContain(words);
    }
    expect(issued.text).not.toContain('草稿');
    expect(issued.text).not.toContain('过程性信息');
  });
});

describe('补正, third parties and the extension', () => {
  it('pauses for 补正 and restarts from the completed request; refuses a late notice naming the last day; closes an unanswered one by its timer', async () => {
    const receivedOn = workingDaysBack(3);
    const r = await register(receivedOn);
    await until(r.id, (x) => x.clockRunning);
    const sentOn = workingDaysBack(2);
    const paused = await call('POST', `/requests/${r.id}/clarification`, 'zhaomin', { items: ['请说明所需信息的年份', '请提供身份证明'], sentOn, replyBy: due(TODAY, 10) }, 200);
    expect(paused).toMatchObject({ status: 'awaiting_clarification', clockRunning: false });
    expect(paused.dueOn).toBeUndefined();
    expect((await gk.request('POST', `/requests/${r.id}/clarification`, { as: 'zhaomin', body: { items: ['再补一项'], sentOn: TODAY, replyBy: due(TODAY, 10) } })).status).toBe(409);
    const restarted = await call('POST', `/requests/${r.id}/clarified`, 'zhaomin', { receivedOn: TODAY }, 200);
    expect(restarted).toMatchObject({ status: 'registered', clockRunning: true, dueOn: due(TODAY) });

    const old = await register(workingDaysBack(12));
    await until(old.id, (x) => x.clockRunning);
    const tooLate = await gk.request<ErrorBody>('POST', `/requests/${old.id}/clarification`, { as: 'zhaomin', body: { items: ['请说明'], sentOn: TODAY, replyBy: due(TODAY, 10) } });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.message).toContain(`最晚 ${due(workingDaysBack(12), 7)}`);

    // A reply-by date already past: the workflow's timer closes the request as "no clarification".
    const silent = await register(workingDaysBack(4));
    await until(silent.id, (x) => x.clockRunning);
    await call('POST', `/requests/${silent.id}/clarification`, 'zhaomin', { items: ['请说明'], sentOn: workingDaysBack(3), replyBy: workingDaysBack(1) }, 200);
    const closed = await until(silent.id, (x) => x.status === 'closed');
    expect(closed.outcome).toBe('other.no_clarification');
    // Closed by the timer without a drafted reply: the letter says the request is treated as withdrawn (Art. 30).
    const letter = await replyPdf(silent.id, 'zhaomin');
    expect(letter.text).toContain('视为放弃申请');
    expect(letter.text).toContain('《条例》第三十条');
    expect(letter.text).not.toContain('草稿');
  });

  it('does not count the days a third party is consulted', async () => {
    const receivedOn = workingDaysBack(6);
    const r = await register(receivedOn);
    const before = (await until(r.id, (x) => x.clockRunning)).dueOn!;
    const sentOn = workingDaysBack(5);
    const { thirdPartyId } = await call<{ thirdPartyId: string }>('POST', `/requests/${r.id}/third-party`, 'zhaomin', { party: '示范市某培训学校', sentOn }, 201);
    expect((await until(r.id, (x) => x.status === 'third_party')).clockRunning).toBe(false);
    const answeredOn = workingDaysBack(1);
    const resumed = await call('POST', `/requests/${r.id}/third-party/${thirdPartyId}/answer`, 'zhaomin', { receivedOn: answeredOn, opinion: 'object' }, 200);
    expect(resumed).toMatchObject({ status: 'registered', clockRunning: true });
    // The paused working days (after sentOn, up to and including answeredOn) are added back.
    expect(resumed.dueOn).toBe(due(before, calendar.workingDaysBetween(sentOn as CivilDate, answeredOn as CivilDate)));
  });

  it('extends once, by the office head only, and not after the due date', async () => {
    const r = await register(TODAY);
    await until(r.id, (x) => x.clockRunning);
    for (const as of ['zhaomin', 'wangqiang', 'zhangwei'] as const) {
      expect((await gk.request('POST', `/requests/${r.id}/extend`, { as, body: { reason: '需调取档案' } })).status).toBe(403);
    }
    let extendedDue: string | undefined;
    try {
      extendedDue = due(due(TODAY), 20);
    } catch {
      extendedDue = undefined;
    }
    if (extendedDue) {
      const extended = await call('POST', `/requests/${r.id}/extend`, 'qianli', { reason: '涉及多个科室，需调取历年档案' }, 200);
      expect(extended).toMatchObject({ extended: true, dueOn: extendedDue });
      expect((await gk.request('POST', `/requests/${r.id}/extend`, { as: 'qianli', body: { reason: '再延长' } })).status).toBe(409);
    } else {
      // Near the end of the last year with holiday data the extended date cannot be computed: refused, never guessed.
      const refusedForCalendar = await gk.request<ErrorBody>('POST', `/requests/${r.id}/extend`, { as: 'qianli', body: { reason: '涉及多个科室' } });
      expect(refusedForCalendar.status).toBe(422);
      expect(refusedForCalendar.body.message).toMatch(/缺少 \d{4} 年的节假日数据.*不作推定/);
      expect((await call('GET', `/requests/${r.id}`, 'zhaomin', undefined, 200)).extended).toBe(false);
    }

    const late = await register(workingDaysBack(25));
    await until(late.id, (x) => x.clockRunning);
    const refused = await gk.request<ErrorBody>('POST', `/requests/${late.id}/extend`, { as: 'qianli', body: { reason: '太迟' } });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('已过');
  });
});
