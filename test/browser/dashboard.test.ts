/**
 * 领导看板 in a real browser: the charts draw (non-empty canvases), the figures are the API's, and a figure
 * clicks through to the 稿件 list with its filters.
 */
import type { Browser } from 'playwright-core';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';
import { cspViolationsOf, describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(240_000);

interface DashboardBody {
  deadlines: { overdue: number; dueWithin3WorkingDays: number };
  departments: { department: string; published: number }[];
  publishedPerMonth: { month: string; count: number }[];
}

describeInBrowser('browser: 领导看板', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp();
    passwords = await setPasswords(app, ['wangqiang', 'zhangwei']);
    // Something in flight, so the in-flight chart has a bar: a draft submitted into review.
    const created = await app.request<{ id: string; version: number }>('POST', '/publications', {
      as: 'zhangwei',
      body: { title: '看板测试：关于开展读书月活动的通知', body: '各学校：请组织开展读书月活动。', writtenDate: new Date().toISOString().slice(0, 10), category: '工作动态', attribute: 'proactive' },
    });
    await app.request('POST', `/publications/${created.body.id}/submit`, { as: 'zhangwei', body: { version: created.body.version } });
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  it('draws its charts and shows the same numbers as GET /dashboard', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'wangqiang', passwords.wangqiang);
    // The numbers the page was given by GET /dashboard (other test files publish concurrently, so a second request
    // could differ; this is the answer the page shows).
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/dashboard' && r.request().method() === 'GET');
    await page.locator('.el-menu').getByText('领导看板').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    const api = (await response.json()) as DashboardBody;
    await page.waitForURL((u) => u.pathname === '/board');
    await page.locator('[data-test="figures"]').waitFor();
    await page.locator('[data-test="chart-in-flight"] canvas').waitFor();
    await page.waitForTimeout(500);

    // Every chart canvas has drawn pixels.
    // (A string: this file is compiled without the DOM library; it runs in the page.)
    const drawn = (await page.evaluate(`Array.from(document.querySelectorAll('canvas')).map((c) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
      return { width: c.width, height: c.height, painted };
    })`)) as { width: number; height: number; painted: number }[];
    expect(drawn.length).toBeGreaterThanOrEqual(1);
    for (const c of drawn) {
      expect(c.width).toBeGreaterThan(0);
      expect(c.painted).toBeGreaterThan(100);
    }
    await screenshot(page, 'dashboard');

    // The same numbers as the API's answer.
    const figure = async (key: string) => (await page.locator(`[data-figure="${key}"] .value`).innerText()).trim();
    expect(await figure('overdue')).toBe(String(api.deadlines.overdue));
    expect(await figure('dueSoon')).toBe(String(api.deadlines.dueWithin3WorkingDays));
    expect(await figure('published')).toBe(String(api.publishedPerMonth.reduce((n, m) => n + m.count, 0)));
    for (const d of api.departments) {
      await expect(page.locator(`[data-test="dept-published"][data-department="${d.department}"]`).innerText()).resolves.toBe(String(d.published));
    }

    // Under the app's strict CSP (no eval, no inline script or style element) nothing was refused.
    expect(cspViolationsOf(page)).toEqual([]);

    // A figure clicks through to the list behind it.
    await page.locator('[data-figure="overdue"]').click();
    await page.waitForURL((u) => u.pathname === '/manuscripts' && u.searchParams.get('overdue') === 'true');
    await page.locator('[data-test="manuscript-table"]').waitFor();
    await context.close();
  });

  it('is not in an author’s menu, and the route sends them back to 我的待办', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await expect(page.locator('.el-menu').innerText()).resolves.not.toContain('领导看板');
    await page.goto(`${web.origin}/board`);
    await page.waitForURL((u) => u.pathname === '/todo');
    await screenshot(page, 'todo-author');
    await context.close();
  });

  it('系统状态 shows the readiness checks', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'wangqiang', passwords.wangqiang);
    await page.goto(`${web.origin}/system`);
    await page.locator('[data-test="readiness"]').waitFor();
    await expect(page.locator('#app').innerText()).resolves.toContain('数据库');
    await screenshot(page, 'system');
    await context.close();
  });
});
