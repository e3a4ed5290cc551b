/**
 * Security issue 9 through real HTTP: security headers on every kind of
 * answer (JSON, error, HTML page), the per-address public limit and its
 * allowlist, the budget for 401s, and refusals by people who may not read an
 * item (counted on one timeline row, told nothing about the review).
 *
 * The API trusts 127.0.0.1 as a proxy here, so each test plays its own caller
 * through X-Forwarded-For and the tests do not spend each other's budgets.
 */
import { createAndSubmit, NOT_SECRET, startGongkaiApp, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

const PUBLIC_LIMIT = 10;
const AUTH_FAILURE_LIMIT = 3;

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp({
    env: {
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(PUBLIC_LIMIT),
      AUTH_FAILURE_LIMIT_PER_MINUTE: String(AUTH_FAILURE_LIMIT),
      RATE_LIMIT_ALLOWLIST: '198.51.100.0/24',
      TRUSTED_PROXIES: '127.0.0.1',
    },
  });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

const from = (address: string) => ({ 'x-forwarded-for': address });

function get(path: string, address: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gk.baseUrl}${path}`, { headers: { ...from(address), ...headers } });
}

function expectSecurityHeaders(headers: Headers): string {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  return csp;
}

describe('security headers', () => {
  it('are on a JSON answer, and its CSP loads nothing', async () => {
    const res = await get('/healthz', '203.0.113.1');
    expect(res.status).toBe(200);
    expect(expectSecurityHeaders(res.headers)).toContain("default-src 'none'");
  });

  it('are on errors: an unknown path (404) and a body that is not JSON (400)', async () => {
    const missing = await get('/no-such-path', '203.0.113.1');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers);
    const bad = await fetch(`${gk.baseUrl}/publications`, {
      method: 'POST',
      headers: { ...from('203.0.113.1'), authorization: `Bearer ${gk.tokenOf('zhangwei')}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad.headers);
  });

  it('give the web app page (or, unbuilt, the page saying how to build it) a strict policy, on every app route, never cached', async () => {
    for (const route of ['/', '/board', '/manuscripts/3f2c5a4e-8d7b-4a51-9a53-0c2b6f0e7d11', '/open/003012345%2F2026-00001']) {
      const res = await get(route, '203.0.113.2');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
      expect(directive(csp, 'default-src')).toEqual(["'none'"]);
      // Scripts only from the app's own files, styles only from its files (or, unbuilt, the page's one hashed style);
      // inline style attributes are the one allowance (Element Plus), in style-src-attr alone.
      for (const source of directive(csp, 'script-src')) expect(source).toMatch(/^'self'$|^'none'$/);
      for (const source of directive(csp, 'style-src')) expect(source).toMatch(/^'self'$|^'sha256-/);
      expect(csp.replace(/style-src-attr 'unsafe-inline'/, '')).not.toContain('unsafe-');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      if (!html.includes('type="module"')) expect(html).toContain('npm run build:web');
      // Built: its hashed assets are cached for a year.
      for (const asset of [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])) {
        const loaded = await get(asset, '203.0.113.2');
        expect(loaded.status).toBe(200);
        expect(loaded.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        await loaded.arrayBuffer();
      }
    }
  });

  it('keep unknown API paths a JSON 404, also under /assets when nothing is built there', async () => {
    const res = await get('/no-such-api/x', '203.0.113.2');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const asset = await get('/assets/no-such-file-0000.js', '203.0.113.2');
    expect(asset.status).toBe(404);
  });

  it('give Swagger UI a policy under which all its assets come from this server', async () => {
    const res = await get('/api/docs', '203.0.113.3');
    expect(res.status).toBe(200);
    const csp = expectSecurityHeaders(res.headers);
    expect(directive(csp, 'script-src')).toEqual(["'self'"]);
    const html = await res.text();
    expect(html).not.toMatch(/<script>/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/')).toBe(true);
      const loaded = await get(asset, '203.0.113.3');
      expect(loaded.status).toBe(200);
      expect(loaded.headers.get('x-content-type-options')).toBe('nosniff');
      await loaded.arrayBuffer();
    }
  });
});

describe('the public limit', () => {
  it(`answers 429 with Retry-After and the usual error body after ${PUBLIC_LIMIT} requests a minute from one address`, async () => {
    const caller = '203.0.113.10';
    for (let i = 0; i < PUBLIC_LIMIT; i++) expect((await get('/catalog', caller)).status).toBe(200);
    const refused = await get('/catalog', caller);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expectSecurityHeaders(refused.headers);
    const body = (await refused.json()) as ErrorBody & { requestId: string };
    expect(body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('请求过于频繁'), requestId: expect.any(String) });
    expect(body.requestId).toBe(refused.headers.get('x-request-id'));
    // The page and unknown paths share the budget.
    expect((await get('/', caller)).status).toBe(429);
    expect((await get('/no-such-path', caller)).status).toBe(429);
  });

  it('does not stop other addresses, the probes, or signed-in work from the same address', async () => {
    const caller = '203.0.113.11';
    for (let i = 0; i <= PUBLIC_LIMIT; i++) await get('/catalog', caller);
    expect((await get('/catalog', caller)).status).toBe(429);
    expect((await get('/catalog', '203.0.113.12')).status).toBe(200);
    expect((await get('/healthz', caller)).status).toBe(200);
    // Ready or not (503) depends on the engine; what matters is that it is not throttled.
    expect((await get('/readyz', caller)).status).not.toBe(429);
    const signedIn = await gk.request('GET', '/tasks', { as: 'lina', headers: from(caller) });
    expect(signedIn.status).toBe(200);
  });

  it('exempts an allowlisted address (the portal server)', async () => {
    for (let i = 0; i < PUBLIC_LIMIT * 2; i++) expect((await get('/catalog', '198.51.100.7')).status).toBe(200);
  });
});

describe('the budget for failed sign-ins', () => {
  it(`answers 429 to an address once it has had ${AUTH_FAILURE_LIMIT} answers 401 in a minute, even with a good token`, async () => {
    const caller = '203.0.113.20';
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      const guess = await gk.request('GET', '/tasks', { token: `guess-${i}`, headers: from(caller) });
      expect(guess.status).toBe(401);
    }
    const throttled = await gk.request<ErrorBody>('GET', '/tasks', { token: 'guess-next', headers: from(caller) });
    expect(throttled.status).toBe(429);
    expect(throttled.body.message).toContain('身份验证失败次数过多');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The token is not even looked at any more; another address is unaffected.
    expect((await gk.request('GET', '/tasks', { as: 'lina', headers: from(caller) })).status).toBe(429);
    expect((await gk.request('GET', '/tasks', { token: 'guess', headers: from('203.0.113.21') })).status).toBe(401);
  });

  it('does not count against an allowlisted address', async () => {
    for (let i = 0; i < AUTH_FAILURE_LIMIT + 2; i++) {
      expect((await gk.request('GET', '/tasks', { token: 'guess', headers: from('198.51.100.8') })).status).toBe(401);
    }
  });
});

describe('refusals by someone who may not read the item', () => {
  interface TimelineEvent {
    kind: string;
    actorId: string | null;
    detail: { action?: string; reason?: string; count?: number } | null;
  }

  const refusedBy = async (id: string, actor: string): Promise<TimelineEvent[]> => {
    const timeline = await gk.request<TimelineEvent[]>('GET', `/publications/${id}/timeline`, { as: 'zhaomin' });
    expect(timeline.status).toBe(200);
    return timeline.body.filter((e) => e.kind === 'refused' && e.actorId === actor);
  };

  it('answer 403 without naming the reviewer or the level, and are counted on one timeline row', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    // 周涛 heads another section: he may not read 张伟's item, whose step 李娜 (科室负责人) reviews.
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await gk.request<ErrorBody>('POST', `/publications/${item.id}/approve`, { as: 'zhoutao', body: { version: 1, confidentiality: NOT_SECRET } }),
      );
    }
    // A stale level is a 409 naming the current level for a participant; an outsider gets the same 403.
    answers.push(await gk.request<ErrorBody>('POST', `/publications/${item.id}/approve`, { as: 'zhoutao', body: { version: 1, level: 2 } }));
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('您无权处理该稿件');
      expect(res.body.message).not.toContain('李娜');
      expect(res.body.message).not.toMatch(/第 \d+ 级/);
    }

    const rows = await refusedBy(item.id, 'zhoutao');
    expect(rows).toEqual([expect.objectContaining({ detail: expect.objectContaining({ action: 'approve', count: answers.length }) })]);
    // Staff who read the timeline still see what was attempted.
    expect(rows[0].detail?.reason).toBeDefined();
  });

  it('keep one row per attempt, with the reviewer named, for someone who may read the item', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    // 王强 (分管领导) reads every item but does not review level 1.
    for (let i = 0; i < 2; i++) {
      const res = await gk.request<ErrorBody>('POST', `/publications/${item.id}/reject`, { as: 'wangqiang', body: { version: 1, reason: '不同意' } });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('李娜');
    }
    const rows = await refusedBy(item.id, 'wangqiang');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.detail?.count === undefined)).toBe(true);
  });
});

/** The sources of one CSP directive. */
function directive(csp: string, name: string): string[] {
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found ? found.slice(1) : [];
}
