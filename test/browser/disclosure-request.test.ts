/**
 * 依申请公开 in a real browser (issue 13): a member of the public files online at /apply and gets a tracking code
 * whose lookup shows status and dates only; the office confirms that filing from the desk; the office registers a
 * request received in person on the desk, consults a third party (the clock stops, the page says so) and records the
 * answer (it runs again), drafts a reply with the outcome picker; the leader finds it on 我的待办 and approves it; the
 * office issues it, the request closes on time, and the public lookup says 已办结. A second request: a 补正 notice
 * (the clock stops) answered (it restarts), the office head extends the period, the leader returns the reply and it
 * comes back for redrafting. Screenshots of each page, and of the board's requests block.
 */
import type { Browser, Page } from 'playwright-core';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';
import { choose, cspViolationsOf, describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(300_000);

const UNIQUE = Date.now().toString(36);
const CONTENT = `申请公开2026年本市义务教育阶段学校招生计划（浏览器测试 ${UNIQUE}）`;

/** The native input or textarea behind an Element Plus field carrying `data-test`. */
const field = (page: Page, id: string) =>
  page.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`).first();

/** Opens an action's dialog, lets `fill` complete it, and submits; waits for the dialog to close. */
async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['locator']>) => Promise<void> = async () => undefined): Promise<void> {
  await page.locator(`[data-test="action-${action}"]`).click();
  const dialog = page.locator('.el-dialog[data-test="request-action-dialog"], [data-test="request-action-dialog"]').first();
  await dialog.waitFor();
  await fill(dialog);
  await page.locator('[data-test="dlg-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
}

describeInBrowser('browser: 依申请公开 — file, register, handle, reply, approve, issue', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;
  let onlineCode = '';
  let requestId = '';
  let trackingCode = '';

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp({ env: { PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000' } });
    passwords = await setPasswords(app, ['zhaomin', 'wangqiang', 'qianli']);
    // A second agency, so the public form must ask which one (the run's database may hold others' too).
    await app.dataSource.query(`INSERT INTO organisations (id, name, code, index_pattern) VALUES ('browser-agency', '浏览器测试局', '009999999', $1) ON CONFLICT (id) DO NOTHING`, [
      JSON.stringify({ organisationCode: '009999999', period: 'YYYY', serialWidth: 5, separator: '/' }),
    ]);
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  it('the public files online without an account and looks the code up: status and dates only', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.origin}/apply`);
    await page.locator('[data-test="apply-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '请填写申请人姓名' }).waitFor();
    await field(page, 'apply-name').fill('王芳');
    await field(page, 'apply-contact').fill('13900001111');
    await field(page, 'apply-content').fill(`网上申请：${CONTENT}`);
    await field(page, 'apply-purpose').fill('了解子女入学政策');
    // Several agencies: the form asks which one, and refuses to file without it.
    await page.locator('[data-test="apply-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '请选择受理申请的机关' }).waitFor();
    await choose(page, 'apply-agency', '示范市教育局');
    await screenshot(page, 'request-01-apply-form');
    await page.locator('[data-test="apply-submit"]').click();
    onlineCode = (await page.locator('[data-test="apply-code"]').innerText()).trim();
    expect(onlineCode).toMatch(/^SQ-\d{4}-[2-9A-Z]{8}$/);
    await screenshot(page, 'request-02-apply-code');

    await page.goto(`${web.origin}/apply?code=${onlineCode.toLowerCase()}`);
    await page.locator('[data-test="track-status"]', { hasText: '待受理机关确认收到' }).waitFor();
    const shown = await page.locator('[data-test="track-result"]').innerText();
    expect(shown).not.toContain('王芳');
    expect(shown).not.toContain('招生计划');
    await screenshot(page, 'request-03-track');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('the office confirms the online filing and registers an in-person request on the desk', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhaomin', passwords.zhaomin);
    await page.locator('.el-menu').getByText('依申请公开').click();
    await page.waitForURL((u) => u.pathname === '/request-desk');

    // The list reads the projection, which may trail the filing on a loaded machine: look again until it is there.
    const filed = page.locator('[data-test="request-link"]', { hasText: onlineCode });
    for (let i = 0; i < 10 && (await filed.count()) === 0; i++) {
      await page.goto(`${web.origin}/request-desk?status=awaiting_confirmation`);
      await filed.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await filed.click();
    await page.locator('[data-test="request-status"]', { hasText: '待确认收到' }).waitFor();
    await act(page, 'confirm');
    await page.locator('[data-test="request-status"]', { hasText: '办理中' }).waitFor();
    await page.locator('[data-test="request-clock"]', { hasText: '计时中' }).waitFor();

    await page.goto(`${web.origin}/request-desk`);
    await page.locator('[data-test="request-register-open"]').click();
    await page.locator('[data-test="reg-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '请填写申请公开的政府信息内容' }).waitFor();
    await field(page, 'reg-name').fill('李明');
    await field(page, 'reg-id-number').fill('110101199003071233');
    await field(page, 'reg-contact').fill('13812345678');
    await field(page, 'reg-address').fill('示范市人民路1号');
    await field(page, 'reg-content').fill(CONTENT);
    await field(page, 'reg-purpose').fill('了解子女入学政策');
    await screenshot(page, 'request-04-register');
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/requests' && r.request().method() === 'POST');
    await page.locator('[data-test="reg-submit"]').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { id: string; trackingCode: string; dueOn: string };
    [requestId, trackingCode] = [body.id, body.trackingCode];
    await page.waitForURL((u) => u.pathname === `/request-desk/${requestId}`);
    await page.locator('[data-test="request-due"]', { hasText: body.dueOn }).waitFor();
    await page.locator('[data-test="request-days-left"]', { hasText: '剩 20 个工作日' }).waitFor();
    await page.locator('[data-test="request-timeline"]', { hasText: '第 0 日' }).waitFor();
    await screenshot(page, 'request-05-handle');

    await page.goto(`${web.origin}/request-desk`);
    await page.locator('[data-test="request-link"]', { hasText: trackingCode }).waitFor();
    await screenshot(page, 'request-06-desk');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('the office consults a third party (the clock stops), records the answer and drafts the reply', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhaomin', passwords.zhaomin);
    await page.goto(`${web.origin}/request-desk/${requestId}`);
    await act(page, 'thirdParty', async (d) => {
      await d.locator('input[data-test="dlg-party"], [data-test="dlg-party"] input').first().fill('示范科技有限公司');
    });
    await page.locator('[data-test="request-status"]', { hasText: '征求第三方意见' }).waitFor();
    await page.locator('[data-test="request-clock"]', { hasText: '已暂停' }).waitFor();
    await page.locator('[data-test="request-days-left"]', { hasText: '期限暂停' }).waitFor();
    await page.locator('[data-test="request-remaining"]', { hasText: '尚余 20 个工作日' }).waitFor();
    await screenshot(page, 'request-07-third-party');
    await act(page, 'thirdPartyAnswer');
    await page.locator('[data-test="request-clock"]', { hasText: '计时中' }).waitFor();

    await page.locator('[data-test="action-reply"]').click();
    await choose(page, 'dlg-outcome', '予以公开');
    await field(page, 'dlg-body').fill('经审查，您申请的信息属于公开范围，现予以公开，详见附件。');
    await screenshot(page, 'request-08-reply-draft');
    await page.locator('[data-test="dlg-submit"]').click();
    await page.locator('[data-test="request-status"]', { hasText: '答复拟办审批' }).waitFor();
    await page.locator('[data-test="request-reply"]', { hasText: '待领导审批' }).waitFor();
    expect(await page.locator('[data-test="reply-pdf"]').getAttribute('href')).toBe(`/requests/${requestId}/reply.pdf`);
    // Nothing left for the office to do until the leader decides.
    expect(await page.locator('[data-test="request-actions"] [data-test^="action-"]').count()).toBe(0);
    await context.close();
  });

  it('the leader finds the reply on 我的待办 and approves it', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'wangqiang', passwords.wangqiang);
    await page.goto(`${web.origin}/todo`);
    const link = page.locator('[data-test="todo-link"]', { hasText: CONTENT.slice(0, 20) });
    await link.first().waitFor();
    await screenshot(page, 'request-09-leader-todo');
    await link.first().click();
    await page.waitForURL((u) => u.pathname === `/request-desk/${requestId}`);
    await act(page, 'approve', async (d) => {
      await d.locator('input[data-test="dlg-comment"], [data-test="dlg-comment"] input').first().fill('同意');
    });
    await page.locator('[data-test="request-reply"]', { hasText: '领导已同意' }).waitFor();
    await screenshot(page, 'request-10-approved');
    await context.close();
  });

  it('the office issues the reply; the request closes on time and the public lookup says so', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhaomin', passwords.zhaomin);
    await page.goto(`${web.origin}/request-desk/${requestId}`);
    await act(page, 'issue');
    await page.locator('[data-test="request-status"]', { hasText: '已办结' }).waitFor();
    await page.locator('[data-test="request-on-time"]', { hasText: '按期' }).waitFor();
    await page.locator('[data-test="request-timeline"]', { hasText: '按期办结' }).waitFor();
    await screenshot(page, 'request-11-closed');

    await page.goto(`${web.origin}/apply?code=${trackingCode}`);
    await page.locator('[data-test="track-status"]', { hasText: '已办结' }).waitFor();
    await screenshot(page, 'request-12-track-closed');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('补正 stops and restarts the clock; the office head extends; the leader returns the reply for redrafting', async () => {
    const head = await newPage(browser);
    const page = head.page;
    await signInAs(page, web.origin, 'qianli', passwords.qianli);
    await page.goto(`${web.origin}/request-desk`);
    await page.locator('[data-test="request-register-open"]').click();
    await field(page, 'reg-name').fill('示范大学教育研究院');
    await field(page, 'reg-contact').fill('0551-1234567');
    await field(page, 'reg-content').fill(`第二件：${CONTENT}`);
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/requests' && r.request().method() === 'POST');
    await page.locator('[data-test="reg-submit"]').click();
    const second = (await (await created).json()) as { id: string; dueOn: string };
    await page.waitForURL((u) => u.pathname === `/request-desk/${second.id}`);

    await page.locator('[data-test="action-clarification"]').click();
    await field(page, 'dlg-items').fill('请写明所需信息的文号\n请写明所需信息的年份');
    const replyBy = field(page, 'dlg-reply-by');
    await replyBy.fill(second.dueOn);
    await replyBy.press('Enter');
    await page.locator('[data-test="dlg-submit"]').click();
    await page.locator('[data-test="request-status"]', { hasText: '等待补正' }).waitFor();
    await page.locator('[data-test="request-clock"]', { hasText: '已暂停' }).waitFor();
    await screenshot(page, 'request-13-clarification');
    await act(page, 'clarified');
    await page.locator('[data-test="request-clock"]', { hasText: '计时中' }).waitFor();
    await page.locator('[data-test="request-timeline"]', { hasText: '重新计算' }).waitFor();

    // The extended due date must be on the calendar: when it falls in a year not yet imported, the API refuses
    // (naming the year) and the page shows it; otherwise the period grows by 20 working days, once.
    await page.locator('[data-test="action-extend"]').click();
    await field(page, 'dlg-reason').fill('申请内容涉及多个科室，需会商');
    await page.locator('[data-test="dlg-submit"]').click();
    const refused = page.locator('[data-test="action-error"]', { hasText: '工作日历缺少' });
    const extended = page.locator('[data-test="request-timeline"]', { hasText: '延长答复期限 20 个工作日' });
    await refused.or(extended).first().waitFor();
    if (await refused.isVisible()) {
      await screenshot(page, 'request-14-extend-refused');
      await page.locator('[data-test="request-action-dialog"]').getByRole('button', { name: '取消' }).click();
    } else {
      await page.locator('[data-test="request-days-left"]', { hasText: '剩 40 个工作日' }).waitFor();
      expect(await page.locator('[data-test="action-extend"]').count()).toBe(0);
      await screenshot(page, 'request-14-extended');
    }

    await page.locator('[data-test="action-reply"]').click();
    await choose(page, 'dlg-outcome', '本机关不掌握相关政府信息');
    await page.locator('[data-test="dlg-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '请写明负责公开的机关' }).waitFor();
    await field(page, 'dlg-agency').fill('示范市统计局');
    await field(page, 'dlg-body').fill('经检索，本机关未制作、获取该信息；该信息由示范市统计局负责公开。');
    await page.locator('[data-test="dlg-submit"]').click();
    await page.locator('[data-test="request-reply"]', { hasText: '待领导审批' }).waitFor();

    const leader = await newPage(browser);
    await signInAs(leader.page, web.origin, 'wangqiang', passwords.wangqiang);
    await leader.page.goto(`${web.origin}/request-desk/${second.id}`);
    await act(leader.page, 'return', async (d) => {
      await d.locator('textarea[data-test="dlg-reason"], [data-test="dlg-reason"] textarea').first().fill('请补充检索范围');
    });
    await leader.page.locator('[data-test="request-reply"]', { hasText: '领导已退回' }).waitFor();
    await leader.page.goto(`${web.origin}/board`);
    await leader.page.locator('[data-test="board-requests"]').waitFor();
    await leader.page.locator('[data-test="board-requests"]').scrollIntoViewIfNeeded();
    await screenshot(leader.page, 'request-15-board');
    await leader.context.close();

    await page.reload();
    await page.locator('[data-test="request-reply"]', { hasText: '请补充检索范围' }).waitFor();
    await page.locator('[data-test="action-reply"]').waitFor();
    await screenshot(page, 'request-16-returned');
    expect(cspViolationsOf(page)).toEqual([]);
    await head.context.close();
  });
});
