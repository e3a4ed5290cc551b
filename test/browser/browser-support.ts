/**
 * What the browser tests share: Debian's Chromium through playwright-core (one setting: GONGKAI_CHROMIUM, default
 * /usr/bin/chromium), known passwords for the demo users (set the way `npm run password` does, as Argon2id hashes),
 * the built web app, and screenshots at 1280×800 in test/browser/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { hashPassword } from '@gongkai/persistence/passwords';
import { UserCredentialsRepository } from '@gongkai/persistence/repositories/user-credentials.repository';
import type { DemoUsername, RunningGongkai } from '../support/gongkai-app';

export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');
const ROOT = path.join(__dirname, '../..');

/**
 * `describe` when the browser is installed. On a developer's machine without it the suite is skipped with the
 * reason in its name; under CI (which installs it, .ci/run) a missing browser fails, so these tests cannot pass unrun.
 */
export const describeInBrowser: jest.Describe =
  fs.existsSync(CHROMIUM) || process.env.CI === 'true'
    ? describe
    : (((name: string, fn: () => void) => describe.skip(`${name} (no Chromium at ${CHROMIUM}: set GONGKAI_CHROMIUM)`, fn)) as jest.Describe);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'] });
}

const cspViolations = new WeakMap<Page, string[]>();

/** What the page's Content-Security-Policy refused (inline script, eval, inline style elements, outside hosts). */
export function cspViolationsOf(page: Page): string[] {
  return cspViolations.get(page) ?? [];
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // The page's own errors (and CSP refusals) in the test output: a failing step then says why.
  const refused: string[] = [];
  cspViolations.set(page, refused);
  page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) refused.push(msg.text());
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) console.error(`[browser console] ${msg.text()}`);
  });
  page.on('response', (r) => {
    // (Sign-in failures and the signed-out session probe are expected answers, not news.)
    const where = new URL(r.url()).pathname;
    if (r.status() >= 400 && where !== '/auth/login' && where !== '/auth/session') {
      void r.text().then((body) => console.error(`[browser] ${r.status()} ${r.request().method()} ${where} ${body.slice(0, 300)}`), () => undefined);
    }
  });
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Let Element Plus's loading masks and transitions finish. (Not waitForFunction: a string predicate is evaluated
  // in the page, which the app's CSP rightly refuses.)
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * A password per demo user, stored as the password CLI stores it. The same password for a user in every file: test
 * files run at once on one database, and one must not change the password another is about to type.
 */
export async function setPasswords(app: RunningGongkai, users: readonly DemoUsername[]): Promise<Record<string, string>> {
  const repo = new UserCredentialsRepository(app.dataSource);
  const out: Record<string, string> = {};
  for (const user of users) {
    out[user] = `browser-test-${user}-password`;
    await repo.setPasswordHash(user, await hashPassword(out[user]));
  }
  return out;
}

/**
 * Builds dist/web when its sources changed (the launcher's hash-cached build). Call it before starting the app:
 * the API reads index.html once at start.
 */
export async function ensureWebBuilt(): Promise<void> {
  // In its own process: Vite is ESM only, which jest's CommonJS runtime cannot load.
  execFileSync(process.execPath, ['-r', './scripts/register.js', 'apps/launcher/src/web-build.ts'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * The origin the browser opens: the app itself, which serves dist/web at `/` (so cookies, CSRF and the
 * Content-Security-Policy are the production ones). Fails when the app does not serve the web app.
 */
export async function webOrigin(app: RunningGongkai): Promise<{ origin: string; close: () => Promise<void> }> {
  const probe = await fetch(`${app.baseUrl}/login`);
  if (!probe.ok || !(probe.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`the app does not serve the web app at /login (${probe.status} ${probe.headers.get('content-type')}): is dist/web built?`);
  }
  return { origin: app.baseUrl, close: async () => undefined };
}

/** Signs in through the page, as a person would. */
export async function signInAs(page: Page, origin: string, username: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Picks an option of an Element Plus select by its visible label. */
export async function choose(page: Page, selectTestId: string, label: string): Promise<void> {
  await page.locator(`[data-test="${selectTestId}"]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}
