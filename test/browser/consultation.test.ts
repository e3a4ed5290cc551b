/**
 * 征求意见 in a real browser (issue 12), on the drill clock (time skipping locked, GONGKAI_DEV_CLOCK): the author
 * creates a consultation in the UI (a short window asks for its reason); the notice is reviewed (over the API); a
 * leader extends the window in the UI; members of the public read the page with its countdown and comment without
 * an account (receipt shown; the 429 of a busy address waits out Retry-After); the clock is advanced past the
 * closing (over the API) and a comment from a page left open is refused with the API's 409; the author records a
 * disposition per cluster (a reason required but for 采纳) and generates the 意见采纳情况反馈, whose manuscript opens.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NOT_SECRET, startGongkaiApp, type DemoUsername, type RunningGongkai } from '../support/gongkai-app';
import { choose, cspViolationsOf, describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(300_000);

interface Consultation {
  id: string;
  noticeId: string;
  status: string;
  closesAt?: string;
  commentCount: number;
  feedbackId?: string;
  noticeIndexNumber?: string;
  feedbackIndexNumber?: string;
}

const DRAFT = [
  '第一条 为规范中小学校课后服务，保障学生健康成长，制定本办法。',
  '第二条 本办法适用于本市行政区域内的公办中小学校。',
  '第五条 课后服务结束时间原则上不早于17时30分。',
  '第八条 课后服务以作业辅导、体育、艺术、科普等活动为主。',
].join('\n');
const EXPLANATION = '一、起草背景：家长对课后服务的需求日益增长。\n二、主要内容：明确服务时间、内容和收费。';
const SAME = '建议把课后服务结束时间延长到18时！';

/** Polls the API until `done` (the window opens and closes on the workflow's side). */
async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 200; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not happen; last: ${JSON.stringify(last)}`);
}

describeInBrowser('browser: 征求意见 — create, comment, close on the drill clock, dispositions, feedback', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;
  const title = `关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告（浏览器测试 ${Date.now().toString(36)}）`;
  let created: Consultation;
  /** A member of the public's page, left open across the closing. */
  let stale: { context: BrowserContext; page: Page } | undefined;
  let feedbackId: string;

  const consultation = async () => (await app.request<Consultation>('GET', `/consultations/${created.id}`, { as: 'zhangwei' })).body;
  /** A member of the public at their own address (the app trusts the loopback proxy's X-Forwarded-For). */
  const publicPage = async (address: string) => {
    const opened = await newPage(browser);
    await opened.context.setExtraHTTPHeaders({ 'X-Forwarded-For': address });
    return opened;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp({
      timeSkipping: true,
      timeSkippingLocked: true,
      // Two comments a minute per address, so the 429 is reached; each member of the public has their own address.
      env: { GONGKAI_DEV_CLOCK: '1', PUBLIC_COMMENT_LIMIT_PER_MINUTE: '2', TRUSTED_PROXIES: '127.0.0.1' },
    });
    passwords = await setPasswords(app, ['zhangwei', 'wangqiang']);
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await stale?.context.close();
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  it('the author creates the consultation in the UI; a window under 30 days asks for its reason', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.locator('.el-menu').getByText('征求意见').click();
    await page.waitForURL((u) => u.pathname === '/consultation-admin');
    await page.locator('[data-test="consultation-new"]').click();
    await page.waitForURL((u) => u.pathname === '/consultation-admin/new');

    await page.locator('input[name="title"]').fill(title);
    await page.locator('textarea[name="draftBody"]').fill(DRAFT);
    await page.locator('textarea[name="explanation"]').fill(EXPLANATION);
    await page.locator('input[name="contact"]').fill('基础教育科 0000-12345601');
    const days = page.locator('input[name="days"]');
    await days.fill('15');
    await days.press('Tab');
    await page.locator('[data-test="short-warning"]').waitFor();
    await page.locator('[data-test="consultation-save"]').click();
    await page.locator('.el-form-item__error', { hasText: '须说明理由' }).waitFor();
    await days.fill('30');
    await days.press('Tab');
    await page.locator('[data-test="short-warning"]').waitFor({ state: 'detached' });

    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/consultations' && r.request().method() === 'POST');
    await page.locator('[data-test="consultation-save"]').click();
    const res = await saved;
    expect(res.status()).toBe(201);
    created = (await res.json()) as Consultation;
    await page.waitForURL((u) => u.pathname === `/consultation-admin/${created.id}`);
    await page.locator('[data-test="consultation-status"]', { hasText: '草稿' }).waitFor();
    await expect(page.locator('[data-test="notice-manuscript"]').getAttribute('href')).resolves.toBe(`/manuscripts/${created.noticeId}?consultation=${created.id}`);
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  /** Submitted and approved by the section head and the leader (征求意见 and 意见反馈: two levels). */
  const review = async (publicationId: string) => {
    expect((await app.request('POST', `/publications/${publicationId}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(200);
    const steps: [DemoUsername, Record<string, unknown>][] = [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
    ];
    for (const [as, body] of steps) {
      await until(`${as} approving`, () => app.request('POST', `/publications/${publicationId}/approve`, { as, body }), (r) => r.status === 200);
    }
  };

  it('the notice is reviewed and published (over the API), which opens the window', async () => {
    await review(created.noticeId);
    created = await until('the window to open', consultation, (c) => c.status === 'open' && !!c.closesAt);
  });

  it('a leader extends the window in the UI; the extension is public', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'wangqiang', passwords.wangqiang);
    await page.goto(`${web.origin}/consultation-admin/${created.id}`);
    await page.locator('[data-test="consultation-status"]', { hasText: '征求意见中' }).waitFor();
    await page.locator('[data-test="extend-open"]').click();
    const dialog = page.locator('[data-test="extend-dialog"]');
    await dialog.locator('input[name="extend-days"]').fill('5');
    await dialog.locator('input[name="extend-days"]').press('Tab');
    await dialog.locator('textarea[name="extend-reason"]').fill('社会关注度高，意见较多');
    const extended = page.waitForResponse((r) => r.url().endsWith(`/consultations/${created.id}/extend`));
    await dialog.locator('[data-test="extend-confirm"]').click();
    expect((await extended).status()).toBe(200);
    await page.locator('[data-test="extension"]', { hasText: '社会关注度高，意见较多' }).waitFor();
    const after = await consultation();
    expect(Date.parse(after.closesAt!) - Date.parse(created.closesAt!)).toBe(5 * 24 * 3600_000);
    created = after;
    await context.close();
  });

  it('a member of the public reads the page with its countdown and comments without an account; a busy address waits out Retry-After', async () => {
    const { context, page } = await publicPage('203.0.113.7');
    await page.goto(`${web.origin}/participate`);
    await page.locator('[data-test="participate-link"]', { hasText: title }).click();
    await page.waitForURL((u) => u.pathname === `/participate/${created.id}`);
    await expect(page.locator('[data-test="countdown"]').innerText()).resolves.toMatch(/^距截止还有 3[45] 天 \d+ 小时$/);
    await page.locator('[data-test="extension-notice"]', { hasText: '社会关注度高，意见较多' }).waitFor();
    await expect(page.locator('[data-test="draft-body"]').innerText()).resolves.toContain('第五条');
    await expect(page.locator('[data-test="privacy-note"]').innerText()).resolves.toContain('不公开');

    // The text is required.
    await page.locator('[data-test="comment-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '请填写意见内容' }).waitFor();

    await page.locator('textarea[name="comment-text"]').fill(SAME);
    await page.locator('input[name="comment-clause"]').fill('第五条');
    await page.locator('input[name="comment-name"]').fill('王小明');
    await page.locator('input[name="comment-contact"]').fill('13812345678');
    await screenshot(page, 'consultation-public');
    await page.locator('[data-test="comment-submit"]').click();
    const receipt = page.locator('[data-test="receipt"]');
    await expect(receipt.innerText()).resolves.toMatch(/^ZQ-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await page.locator('[data-test="comment-count"]', { hasText: '1' }).waitFor();
    await screenshot(page, 'consultation-public-receipt');

    await page.locator('[data-test="comment-another"]').click();
    await page.locator('textarea[name="comment-text"]').fill('建议增加体育和艺术类活动。');
    await page.locator('[data-test="comment-submit"]').click();
    await receipt.waitFor();

    // Two a minute per address in this app: the third is refused with the API's message, and the button waits.
    await page.locator('[data-test="comment-another"]').click();
    await page.locator('textarea[name="comment-text"]').fill('第三条意见');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/public/consultations/${created.id}/comments`));
    await page.locator('[data-test="comment-submit"]').click();
    expect((await refused).status()).toBe(429);
    await expect(page.locator('[data-test="comment-error"]').innerText()).resolves.toMatch(/请 \d+ 秒后再提交/);
    await expect(page.locator('[data-test="comment-submit"]').innerText()).resolves.toMatch(/^请 \d+ 秒后再提交$/);
    await expect(page.locator('[data-test="comment-submit"]').isDisabled()).resolves.toBe(true);
    await expect(page.locator('textarea[name="comment-text"]').inputValue()).resolves.toBe('第三条意见');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();

    // Another member of the public sends the same comment in other words' spacing; their page stays open.
    stale = await publicPage('203.0.113.8');
    await stale.page.goto(`${web.origin}/participate/${created.id}`);
    await stale.page.locator('textarea[name="comment-text"]').fill(`  ${SAME.replace('！', '')}。`);
    await stale.page.locator('[data-test="comment-submit"]').click();
    await stale.page.locator('[data-test="receipt"]').waitFor();
    await stale.page.locator('[data-test="comment-another"]').click();
  });

  it('the clock passes the closing (over the API); a comment from a page left open gets the API’s 409', async () => {
    expect((await app.request('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 37 } })).status).toBe(200);
    created = await until('the window to close', consultation, (c) => c.status === 'closed');
    expect(created.commentCount).toBe(3);

    const { page } = stale!;
    await page.locator('textarea[name="comment-text"]').fill('截止后提交的意见');
    const late = page.waitForResponse((r) => r.url().endsWith(`/public/consultations/${created.id}/comments`));
    await page.locator('[data-test="comment-submit"]').click();
    const refused = await late;
    expect(refused.status()).toBe(409);
    const { message } = (await refused.json()) as { message: string };
    expect(message).toContain('截止');
    // The form gives way to the closed notice, in the API's words.
    await page.locator('[data-test="comments-closed"]', { hasText: message }).waitFor();
    await page.locator('[data-test="comment-form"]').waitFor({ state: 'detached' });
    await expect(page.locator('[data-test="countdown"]').innerText()).resolves.toBe('已截止');
    await screenshot(page, 'consultation-public-closed');
  });

  it('the author records a disposition per cluster and generates the feedback report', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.goto(`${web.origin}/consultation-admin/${created.id}`);
    await page.locator('[data-test="consultation-status"]', { hasText: '已截止' }).waitFor();
    // The same comment twice is one cluster of two, largest first; names and contacts are shown to staff.
    const first = page.locator('[data-test="cluster-0"]');
    await expect(first.locator('[data-test="cluster-size"]').innerText()).resolves.toBe('2 条相同意见');
    await expect(first.locator('[data-test="cluster-comments"]').innerText()).resolves.toContain('13812345678');
    await page.locator('[data-test="undecided"]', { hasText: '还有 2 项意见未处理' }).waitFor();
    await expect(page.locator('[data-test="feedback-generate"]').isDisabled()).resolves.toBe(true);

    // 不予采纳 without a reason is refused before sending; with one it is recorded for the whole cluster.
    await choose(page, 'decision-0', '不予采纳');
    await first.locator('[data-test="decision-save-0"]').click();
    await first.locator('[data-test="decision-error"]', { hasText: '须说明理由' }).waitFor();
    await first.locator('textarea[name="reason-0"]').fill('课后服务时间须兼顾学生休息，各校可按需提供延时托管');
    await first.locator('[data-test="decision-save-0"]').click();
    await first.locator('[data-test="cluster-decision"]', { hasText: '不予采纳' }).waitFor();

    await expect(first.locator('[data-test="cluster-reason"]').innerText()).resolves.toContain('延时托管');

    const second = page.locator('[data-test="cluster-1"]');
    await choose(page, 'decision-1', '采纳');
    await page.locator('[data-test="undecided"]', { hasText: '还有 1 项意见未处理' }).waitFor();
    await second.locator('[data-test="cluster-decide"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'consultation-dispositions');
    await second.locator('[data-test="decision-save-1"]').click();
    await second.locator('[data-test="cluster-decision"]', { hasText: '采纳' }).waitFor();
    await page.locator('[data-test="undecided"]').waitFor({ state: 'detached' });

    const generated = page.waitForResponse((r) => r.url().endsWith(`/consultations/${created.id}/feedback`));
    await page.locator('[data-test="feedback-generate"]').click();
    const res = await generated;
    expect(res.status()).toBe(201);
    ({ feedbackId } = (await res.json()) as { feedbackId: string });
    const link = page.locator('[data-test="feedback-manuscript"]');
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe(`/manuscripts/${feedbackId}?consultation=${created.id}`);
    await page.locator('[data-test="feedback-generate"]').waitFor({ state: 'detached' });
    await link.click();
    await page.waitForURL((u) => u.pathname === `/manuscripts/${feedbackId}`);
    await page.locator('[data-test="title"]').waitFor();
    await expect(page.locator('[data-test="status"]').innerText()).resolves.toBe('草稿');
    // The feedback's manuscript says what it is and leads back to the consultation.
    await page.locator('[data-test="consultation-note"]', { hasText: '意见采纳情况反馈' }).waitFor();
    await page.locator('[data-test="consultation-link"]').click();
    await page.waitForURL((u) => u.pathname === `/consultation-admin/${created.id}`);
    await page.locator('[data-test="feedback-manuscript"]').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('once the feedback is published (over the API), the public page links it, and the catalogue links it to the notice', async () => {
    await review(feedbackId);
    created = await until('the consultation to conclude', consultation, (c) => c.status === 'concluded' && !!c.feedbackIndexNumber);
    const { context, page } = await publicPage('203.0.113.9');
    await page.goto(`${web.origin}/participate?status=concluded`);
    await page.locator('[data-test="participate-link"]', { hasText: title }).click();
    await page.locator('[data-test="consultation-status"]', { hasText: '已反馈' }).waitFor();
    await expect(page.locator('[data-test="countdown"]').innerText()).resolves.toBe('已截止');
    await page.locator('[data-test="comments-closed"]').waitFor();
    const link = page.locator('[data-test="feedback-link"]');
    await expect(link.innerText()).resolves.toContain(created.feedbackIndexNumber!);
    await screenshot(page, 'consultation-public-concluded');
    await link.click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/open/${created.feedbackIndexNumber}`);
    await page.locator('[data-test="catalog-title"]').waitFor();
    await page.locator('[data-test="related-entry"]', { hasText: '征求意见公告' }).locator('[data-test="related-link"]').click();
    await page.locator('[data-test="catalog-title"]', { hasText: title }).waitFor();
    await page.locator('[data-test="related-entry"]', { hasText: '意见采纳情况反馈' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
