/**
 * Sign-in in a real browser: the wrong-password message (the same for an unknown user), the lockout message after
 * five failures, and a page that needs a session sending the visitor to /login and back after signing in.
 */
import type { Browser } from 'playwright-core';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';
import { describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(180_000);

describeInBrowser('browser: sign-in', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp();
    passwords = await setPasswords(app, ['sunli']);
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  it('a wrong password says 用户名或密码错误, and so does an unknown user', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.origin}/login`);
    await page.locator('input[name="username"]').fill('sunli');
    await page.locator('input[name="password"]').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('[data-test="login-error"]').innerText()).resolves.toContain('用户名或密码错误');
    await screenshot(page, 'sign-in-wrong-password');

    await page.locator('input[name="username"]').fill('nobody-at-all');
    await page.locator('input[name="password"]').fill('whatever');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForTimeout(300);
    await expect(page.locator('[data-test="login-error"]').innerText()).resolves.toContain('用户名或密码错误');
    await context.close();
  });

  it('five wrong passwords lock the name; the sixth attempt shows the lock message', async () => {
    const { context, page } = await newPage(browser);
    const name = `locked-${Date.now().toString(36)}`;
    await page.goto(`${web.origin}/login`);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.locator('input[name="username"]').fill(name);
      await page.locator('input[name="password"]').fill(`wrong-${i}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/auth/login'));
      await page.getByRole('button', { name: '登录' }).click();
      statuses.push((await answered).status());
    }
    // The first four are plain failures; the fifth locks (answered 401 or already 423).
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    await page.locator('input[name="password"]').fill('wrong-again');
    const answered = page.waitForResponse((r) => r.url().endsWith('/auth/login'));
    await page.getByRole('button', { name: '登录' }).click();
    expect((await answered).status()).toBe(423);
    await expect(page.locator('[data-test="login-error"]').innerText()).resolves.toContain('账号已锁定');
    await screenshot(page, 'sign-in-locked');
    await context.close();
  });

  it('a signed-out visitor is sent to /login and back to the page after signing in; sign-out ends the session', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.origin}/manuscripts`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.locator('input[name="username"]').fill('sunli');
    await page.locator('input[name="password"]').fill(passwords.sunli);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/manuscripts');
    await expect(page.locator('[data-test="current-user"]').innerText()).resolves.toContain('孙丽');
    // An author's menu: no 领导看板.
    await expect(page.locator('.el-menu').innerText()).resolves.not.toContain('领导看板');
    await screenshot(page, 'manuscripts-list');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.goto(`${web.origin}/todo`);
    await page.waitForURL((u) => u.pathname === '/login');
    await context.close();
  });

  it('signs in with the right password (the helper other tests use)', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'sunli', passwords.sunli);
    expect(new URL(page.url()).pathname).toBe('/todo');
    await context.close();
  });
});
