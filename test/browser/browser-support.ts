/**
 * What the browser tests share: Debian's Chromium through playwright-core (one setting: GONGKAI_CHROMIUM, default
 * /usr/bin/chromium), known passwords for the demo users (set the way `npm run password` does, as Argon2id hashes),
 * the built web app, and screenshots at 1280×800 in test/browser/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { hashPassword } from '@gongkai/persistence/passwords';
import { UserCredentialsRepository } from '@gongkai/persistence/repositories/user-credentials.repository';
import type { DemoUsername, RunningGongkai } from '../support/gongkai-app';

export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');
const ROOT = path.join(__dirname, '../..');
const WEB = path.join(ROOT, 'dist/web');

/** `describe` when the browser is installed; otherwise the suite is skipped with the reason in its name. */
export const describeInBrowser: jest.Describe = fs.existsSync(CHROMIUM)
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

const SPA_PREFIXES = ['/login', '/todo', '/manuscripts', '/open', '/board', '/system', '/assets/'];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };

/**
 * The origin the browser opens: the app itself once it serves dist/web at `/`; until then a same-origin stand-in
 * that serves dist/web and passes every other path to the API (so cookies and CSRF behave as in production).
 */
export async function webOrigin(app: RunningGongkai): Promise<{ origin: string; close: () => Promise<void> }> {
  const probe = await fetch(`${app.baseUrl}/login`).catch(() => undefined);
  if (probe?.ok && (probe.headers.get('content-type') ?? '').includes('text/html')) return { origin: app.baseUrl, close: async () => undefined };

  const index = fs.readFileSync(path.join(WEB, 'index.html'));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const isSpa = url.pathname === '/' || SPA_PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(p.endsWith('/') ? p : `${p}/`));
    if (isSpa && req.method === 'GET') {
      const file = path.normalize(path.join(WEB, url.pathname));
      if (url.pathname.startsWith('/assets/') && file.startsWith(WEB) && fs.existsSync(file)) {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        res.end(fs.readFileSync(file));
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'" });
        res.end(index);
      }
      return;
    }
    const target = new URL(req.url ?? '/', app.baseUrl);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
