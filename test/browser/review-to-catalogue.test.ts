/**
 * The review in a real browser, person by person: an author drafts and submits (screening answers first), the
 * section head approves from 我的待办 with the 保密审查 conclusion, the leader approves, and the item appears in
 * the public 公开目录 with its metadata block.
 */
import type { Browser, Page } from 'playwright-core';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';
import { choose, cspViolationsOf, describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(240_000);

describeInBrowser('browser: draft → 三审 → 公开目录', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;
  const title = `关于做好春季学期校园安全工作的通知（浏览器测试 ${Date.now().toString(36)}）`;
  let id = '';

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp();
    passwords = await setPasswords(app, ['zhangwei', 'lina', 'wangqiang']);
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  /** 我的待办 → the item → 通过, with the 保密审查 conclusion when the dialog asks for it. */
  async function approveFromTodo(page: Page, shot: string): Promise<void> {
    await page.goto(`${web.origin}/todo`);
    const link = page.locator('[data-test="todo-link"]', { hasText: title });
    await link.waitFor();
    await screenshot(page, `${shot}-todo`);
    await link.click();
    await page.waitForURL((u) => u.pathname === `/manuscripts/${id}`);
    await page.locator('[data-action="approve"]').click();
    const dialog = page.locator('[data-test="action-dialog"]');
    await dialog.waitFor();
    if (await dialog.locator('[data-test="confidentiality"]').count()) {
      // Sending without a conclusion is refused next to the field.
      await page.locator('[data-test="action-confirm"]').click();
      await dialog.locator('.el-form-item__error', { hasText: '请填写保密审查结论' }).waitFor();
      await dialog.getByText('经审查，不涉及国家秘密，可以公开').click();
    }
    await dialog.locator('textarea[name="comment"]').fill('同意');
    await screenshot(page, `${shot}-approve`);
    const answered = page.waitForResponse((r) => r.url().endsWith(`/publications/${id}/approve`));
    await page.locator('[data-test="action-confirm"]').click();
    expect((await answered).status()).toBe(200);
  }

  it('the author drafts and submits; screening passes and the review starts', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.locator('.el-menu').getByText('起草').click();
    await page.waitForURL((u) => u.pathname === '/manuscripts/new');

    // Sent empty: the form says what is missing next to each field.
    await page.locator('[data-test="draft-submit"]').click();
    await page.locator('[data-test="draft-form"] .el-form-item__error', { hasText: '请填写标题' }).waitFor();

    await page.locator('input[name="title"]').fill(title);
    await choose(page, 'category', '政务动态 / 工作动态');
    await page.locator('textarea[name="body"]').fill('各学校：\n为做好春季学期校园安全工作，现将有关事项通知如下。\n一、落实安全责任。\n二、开展隐患排查。');
    await screenshot(page, 'draft-form');
    const created = page.waitForResponse((r) => r.url().endsWith('/publications') && r.request().method() === 'POST');
    await page.locator('[data-test="draft-submit"]').click();
    const body = (await (await created).json()) as { id: string };
    id = body.id;
    await page.locator('[data-test="submit-result"]', { hasText: '已提交审核' }).waitFor();
    await screenshot(page, 'draft-submitted');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('the section head approves from 我的待办 with the 保密审查 conclusion', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'lina', passwords.lina);
    await approveFromTodo(page, 'section-head');
    await page.locator('[data-test="status"]', { hasText: '审核中' }).waitFor();
    await page.getByRole('tab', { name: '审核记录' }).click();
    await page.getByText('保密审查：不涉密').waitFor();
    await screenshot(page, 'manuscript-detail');
    await context.close();
  });

  it('the leader approves; the item is published', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'wangqiang', passwords.wangqiang);
    await approveFromTodo(page, 'leader');
    // Publishing (索引号, catalogue entry) completes in the workflow just after the decision.
    for (let i = 0; i < 40; i++) {
      await page.reload();
      if ((await page.locator('[data-test="status"]').innerText()).includes('已发布')) break;
      await page.waitForTimeout(500);
    }
    await expect(page.locator('[data-test="status"]').innerText()).resolves.toContain('已发布');
    await screenshot(page, 'manuscript-published');
    await context.close();
  });

  it('the item is in the public 公开目录 with its metadata, without signing in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.origin}/open?text=${encodeURIComponent('浏览器测试')}`);
    const link = page.locator('[data-test="catalog-link"]', { hasText: title });
    await link.waitFor();
    await screenshot(page, 'catalogue-list');
    await link.click();
    const meta = page.locator('[data-test="catalog-meta"]');
    await meta.waitFor();
    const text = await meta.innerText();
    for (const label of ['索引号', '发布机构', '成文日期', '发布日期', '文号', '有效性']) expect(text).toContain(label);
    expect(text).toContain('示范市教育局');
    expect(text).toContain('现行有效');
    await expect(page.locator('[data-test="catalog-title"]').innerText()).resolves.toBe(title);
    await expect(page.locator('[data-test="body"]').innerText()).resolves.toContain('落实安全责任');
    await screenshot(page, 'catalogue-entry');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
