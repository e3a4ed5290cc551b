/**
 * 征求意见 end to end over HTTP with the drill clock (issue 12): the notice
 * reviewed by the one 三审 opens the window and prints its closing date;
 * anyone comments without an account (personal data never public, duplicates
 * clustered); a leader extends the window; it closes at the right moment, not
 * before and not after, and refuses a late comment; every cluster gets a
 * disposition (with its refusals); the generated feedback report is reviewed,
 * published and linked to the notice, and the consultation is concluded. And a
 * consultation withdrawn before it opens.
 */
import { NOT_SECRET, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

interface Consultation {
  id: string;
  noticeId: string;
  status: string;
  days: number;
  opensAt?: string;
  closesAt?: string;
  extensions: { days: number; reason: string; closesAt: string }[];
  commentCount: number;
  clusterCount: number;
  noticeIndexNumber?: string;
  feedbackId?: string;
  feedbackIndexNumber?: string;
  contact?: string;
}
interface StaffComment { id: string; text: string; name: string | null; contact: string | null; clusterId: string; clusterSize: number }
interface CatalogEntry { body: string | null; related: { relation: string; indexNumber: string }[] }

const DAY_MS = 24 * 3600_000;
let gk: RunningGongkai;

beforeAll(async () => {
  gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: true, env: { GONGKAI_DEV_CLOCK: '1', PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000' } });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

const call = async <T = Record<string, unknown>>(method: string, path: string, as: DemoUsername | undefined, body: unknown, status: number) => {
  const res = await gk.request<T & ErrorBody>(method, path, { as, body });
  if (res.status !== status) throw new Error(`${method} ${path} as ${as ?? 'public'}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not happen; last: ${JSON.stringify(last)}`);
}

const consultation = (id: string) => call<Consultation>('GET', `/consultations/${id}`, 'zhangwei', undefined, 200);

async function approve(publicationId: string, steps: [DemoUsername, Record<string, unknown>][]): Promise<void> {
  for (const [as, body] of steps) {
    await until(
      `${as} approving ${publicationId}`,
      () => gk.request<ErrorBody>('POST', `/publications/${publicationId}/approve`, { as, body }),
      (r) => r.status === 200,
    );
  }
}

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: '关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告',
  draftBody: '第一条 为规范中小学校课后服务，制定本办法。\n第五条 课后服务结束时间原则上不早于17时30分。',
  explanation: '一、起草背景：家长对课后服务的需求日益增长。\n二、主要内容：明确服务时间、内容和收费。',
  days: 30,
  contact: '基础教育科 0000-12345601',
  ...overrides,
});

describe('a public consultation', () => {
  it('opens with its notice, takes comments, is extended, closes on time, and ends with a published feedback report', async () => {
    // Creation: the 30-day rule and the shape of `days`.
    expect((await gk.request<ErrorBody>('POST', '/consultations', { as: 'zhangwei', body: draft({ days: 15 }) })).status).toBe(422);
    for (const days of [0, 366, 1.5, '30']) {
      expect([days, (await gk.request('POST', '/consultations', { as: 'zhangwei', body: draft({ days }) })).status]).toEqual([days, 400]);
    }
    expect((await gk.request('POST', '/consultations', { as: 'lina', body: draft() })).status).toBe(403);
    const created = await call<Consultation>('POST', '/consultations', 'zhangwei', draft(), 201);
    expect(created).toMatchObject({ status: 'draft', days: 30, noticeId: expect.any(String) });

    // Not public, and no comments, before the notice is published.
    expect((await gk.request('GET', `/public/consultations/${created.id}`)).status).toBe(404);
    expect((await gk.request('POST', `/public/consultations/${created.id}/comments`, { body: { text: '提前提交' } })).status).toBe(409);

    // The notice goes through the normal review (征求意见: section head → leader).
    await call('POST', `/publications/${created.noticeId}/submit`, 'zhangwei', { version: 1 }, 200);
    expect((await consultation(created.id)).status).toBe('in_review');
    await approve(created.noticeId, [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
    ]);
    const open = await until('the window to open', () => consultation(created.id), (c) => c.status === 'open' && !!c.closesAt);
    const opensAt = new Date(open.opensAt!).getTime();
    const closesAt = new Date(open.closesAt!).getTime();
    // The end of the 30th day after the publication day, Asia/Shanghai.
    expect(new Date(closesAt + 8 * 3600_000).toISOString().slice(11, 23)).toBe('23:59:59.999');
    expect(closesAt - opensAt).toBeGreaterThan(29 * DAY_MS);
    expect(closesAt - opensAt).toBeLessThanOrEqual(31 * DAY_MS);
    const notice = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(open.noticeIndexNumber!)}`, undefined, undefined, 200);
    const closingDay = new Date(closesAt + 8 * 3600_000).toISOString().slice(0, 10).split('-').map(Number);
    expect(notice.body).toContain(`征求意见截止时间：${closingDay[0]}年${closingDay[1]}月${closingDay[2]}日24时`);

    // Anyone comments: duplicates cluster, personal data stays out of public views, contacts are staff-only.
    const comment = (body: Record<string, unknown>) => gk.request<{ receipt: string } & ErrorBody>('POST', `/public/consultations/${created.id}/comments`, { body });
    for (const text of ['建议延长课后服务时间！', '建议 延长课后服务时间。', '建议延长课后服务时间']) {
      const r = await comment({ text, name: '王小明', contact: '13812345678' });
      expect(r.status).toBe(201);
      expect(r.body.receipt).toMatch(/^ZQ-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    }
    expect((await comment({ text: '我的身份证号110101199003071233，建议免收课后服务费。', clause: '第五条' })).status).toBe(201);
    expect((await comment({ text: '建议增加体育和艺术类活动。' })).status).toBe(201);
    expect((await comment({ text: '' })).status).toBe(400);
    expect((await comment({ text: '长'.repeat(5001) })).status).toBe(400);
    expect((await comment({ text: '正常意见', contact: 42 })).status).toBe(400);
    expect((await gk.request('POST', `/public/consultations/00000000-0000-4000-8000-000000000000/comments`, { body: { text: '无此征求意见' } })).status).toBe(404);

    const publicView = await call<Record<string, unknown>>('GET', `/public/consultations/${created.id}`, undefined, undefined, 200);
    expect(publicView).toMatchObject({ status: 'open', commentCount: 5, noticeIndexNumber: open.noticeIndexNumber });
    const publicText = JSON.stringify(publicView) + JSON.stringify(await call('GET', '/public/consultations', undefined, undefined, 200));
    for (const secret of ['13812345678', '110101199003071233', '王小明', '0000-12345601']) expect(publicText).not.toContain(secret);

    expect((await gk.request('GET', `/consultations/${created.id}/comments`, { as: 'liuyang' })).status).toBe(403);
    const comments = await call<StaffComment[]>('GET', `/consultations/${created.id}/comments`, 'lina', undefined, 200);
    expect(comments).toHaveLength(5);
    expect(comments[0]).toMatchObject({ name: '王小明', contact: '13812345678', clusterSize: 3 });
    expect(new Set(comments.slice(0, 3).map((c) => c.clusterId)).size).toBe(1);
    expect((await consultation(created.id)).clusterCount).toBe(3);

    // Dispositions wait for the closing.
    expect((await gk.request('PUT', `/consultations/${created.id}/comments/${comments[0].id}/disposition`, { as: 'zhangwei', body: { decision: 'adopted' } })).status).toBe(409);

    // A leader extends the window by 5 days; an author cannot.
    expect((await gk.request('POST', `/consultations/${created.id}/extend`, { as: 'zhangwei', body: { days: 5, reason: '意见较多' } })).status).toBe(403);
    expect((await gk.request('POST', `/consultations/${created.id}/extend`, { as: 'wangqiang', body: { days: 5 } })).status).toBe(400);
    const extended = await call<{ closesAt: string }>('POST', `/consultations/${created.id}/extend`, 'wangqiang', { days: 5, reason: '社会关注度高，意见较多' }, 200);
    expect(new Date(extended.closesAt).getTime() - closesAt).toBe(5 * DAY_MS);
    const publicExtended = await call<{ closesAt: string; extensions: { reason: string }[] }>('GET', `/public/consultations/${created.id}`, undefined, undefined, 200);
    expect(publicExtended.closesAt).toBe(extended.closesAt);
    expect(publicExtended.extensions.map((e) => e.reason)).toEqual(['社会关注度高，意见较多']);

    // Not before: 34 days on, the window (35 days from publication) is still open.
    await call('POST', '/dev/clock/advance', 'zhaomin', { days: 34 }, 200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await consultation(created.id)).status).toBe('open');
    expect((await comment({ text: '最后一天提交的意见。' })).status).toBe(201);

    // Not after: two more days and it has closed; a late comment is refused with the closing date.
    await call('POST', '/dev/clock/advance', 'zhaomin', { days: 2 }, 200);
    const closed = await until('the window to close', () => consultation(created.id), (c) => c.status === 'closed');
    expect(closed.commentCount).toBe(6);
    const late = await comment({ text: '截止后提交的意见' });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('截止');
    expect((await gk.request('POST', `/consultations/${created.id}/extend`, { as: 'wangqiang', body: { days: 5, reason: '再延长' } })).status).toBe(409);

    // Dispositions: by the author or the section head, a reason for all but adopted, one per cluster.
    const all = await call<StaffComment[]>('GET', `/consultations/${created.id}/comments`, 'zhangwei', undefined, 200);
    const decide = (as: DemoUsername, commentId: string, body: Record<string, unknown>) =>
      gk.request<ErrorBody>('PUT', `/consultations/${created.id}/comments/${commentId}/disposition`, { as, body });
    expect((await decide('sunli', all[0].id, { decision: 'adopted' })).status).toBe(403);
    expect((await decide('zhangwei', all[3].id, { decision: 'not_adopted' })).status).toBe(422);
    expect((await decide('zhangwei', all[3].id, { decision: 'maybe', reason: 'x' })).status).toBe(400);
    expect((await decide('zhangwei', '999999999', { decision: 'adopted' })).status).toBe(404);
    expect((await decide('zhangwei', all[0].id, { decision: 'adopted' })).status).toBe(200);

    // The report waits for every cluster; only the author generates it.
    const early = await gk.request<ErrorBody>('POST', `/consultations/${created.id}/feedback`, { as: 'zhangwei' });
    expect(early.status).toBe(422);
    expect(early.body.message).toContain('未处理');
    expect((await decide('lina', all[3].id, { decision: 'not_adopted', reason: '课后服务成本需合理分担，收费标准已从低核定' })).status).toBe(200);
    expect((await decide('zhangwei', all[4].id, { decision: 'partly_adopted', reason: '已在第八条增加体育类服务内容' })).status).toBe(200);
    expect((await decide('zhangwei', all[5].id, { decision: 'not_applicable', reason: '与本办法无关' })).status).toBe(200);
    expect((await gk.request('POST', `/consultations/${created.id}/feedback`, { as: 'lina' })).status).toBe(403);
    const { feedbackId } = await call<{ feedbackId: string }>('POST', `/consultations/${created.id}/feedback`, 'zhangwei', undefined, 201);
    expect((await gk.request('POST', `/consultations/${created.id}/feedback`, { as: 'zhangwei' })).status).toBe(409);
    expect((await decide('zhangwei', all[0].id, { decision: 'adopted' })).status).toBe(409);

    const report = await call<{ title: string; body: string; category: string }>('GET', `/publications/${feedbackId}`, 'zhangwei', undefined, 200);
    expect(report.category).toBe('意见反馈');
    expect(report.body).toContain('共收到意见 6 条（内容相同的意见合并为 4 项）');
    expect(report.body).toContain('采纳 3 条');
    expect(report.body).not.toContain('110101199003071233');
    expect(report.body).not.toContain('王小明');

    // Reviewed like any item; published → concluded, and the two entries link each other.
    await call('POST', `/publications/${feedbackId}/submit`, 'zhangwei', { version: 1 }, 200);
    await approve(feedbackId, [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
    ]);
    const concluded = await until('the consultation to conclude', () => consultation(created.id), (c) => c.status === 'concluded' && !!c.feedbackIndexNumber);
    const noticeEntry = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(concluded.noticeIndexNumber!)}`, undefined, undefined, 200);
    expect(noticeEntry.related).toEqual([expect.objectContaining({ relation: 'feedback', indexNumber: concluded.feedbackIndexNumber })]);
    const feedbackEntry = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(concluded.feedbackIndexNumber!)}`, undefined, undefined, 200);
    expect(feedbackEntry.related).toEqual([expect.objectContaining({ relation: 'feedback_on', indexNumber: concluded.noticeIndexNumber })]);
    const publicDone = await call<Record<string, unknown>>('GET', `/public/consultations/${created.id}`, undefined, undefined, 200);
    expect(publicDone).toMatchObject({ status: 'concluded', feedbackIndexNumber: concluded.feedbackIndexNumber });
  }, 240_000);

  // Drill mode: activities date the notice on the engine's clock (GongkaiWorkerOptions.drillClock), as the window's
  // timer runs on it. Dated in real time, a window opened after an advance of D days closed D days early (at once here).
  it('opened after the drill clock was advanced, it still gets its whole window on the drill clock', async () => {
    // The first test moved the engine's clock 36 days ahead of real time; the window must be counted on that clock.
    const clock = await call<{ now: string }>('GET', '/dev/clock', 'zhaomin', undefined, 200);
    const created = await call<Consultation>('POST', '/consultations', 'zhangwei', draft(), 201);
    await call('POST', `/publications/${created.noticeId}/submit`, 'zhangwei', { version: 1 }, 200);
    await approve(created.noticeId, [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
    ]);
    const open = await until('the window to open', () => consultation(created.id), (c) => c.status !== 'draft' && c.status !== 'in_review' && !!c.closesAt);
    expect(open.status).toBe('open');
    expect(new Date(open.opensAt!).getTime()).toBeGreaterThanOrEqual(new Date(clock.now).getTime());
    expect(new Date(open.closesAt!).getTime() - new Date(clock.now).getTime()).toBeGreaterThan(29 * DAY_MS);
    await call('POST', '/dev/clock/advance', 'zhaomin', { days: 1 }, 200);
    expect((await consultation(created.id)).status).toBe('open');
    expect((await gk.request('POST', `/public/consultations/${created.id}/comments`, { body: { text: '演练时钟推进后提交的意见' } })).status).toBe(201);
  }, 120_000);

  it('is withdrawn with its notice before it opens', async () => {
    const created = await call<Consultation>('POST', '/consultations', 'zhangwei', draft({ days: 20, shortReason: '事项紧急，须在学期开始前出台' }), 201);
    const body = await call<{ body: string }>('GET', `/publications/${created.noticeId}`, 'zhangwei', undefined, 200);
    expect(body.body).toContain('因事项紧急，须在学期开始前出台，征求意见期少于 30 日');
    await call('POST', `/publications/${created.noticeId}/withdraw`, 'zhangwei', { reason: '暂缓发布' }, 200);
    await until('the consultation to be withdrawn', () => consultation(created.id), (c) => c.status === 'withdrawn');
    expect((await gk.request('GET', `/public/consultations/${created.id}`)).status).toBe(404);
    expect((await gk.request('POST', `/public/consultations/${created.id}/comments`, { body: { text: '意见' } })).status).toBe(409);
  }, 60_000);
});
