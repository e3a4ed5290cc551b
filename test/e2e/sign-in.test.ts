/**
 * Password sign-in for the web app, over real HTTP: the session cookie and its
 * flags, one answer for an unknown user and a wrong password, the lockout and
 * its audit, CSRF on cookie-authenticated writes, bearer clients unaffected,
 * sign-out and idle expiry.
 */
import { hashPassword } from '@gongkai/persistence/passwords';
import { startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
const PASSWORD = 'Zhengwu-Gongkai-2026';

beforeAll(async () => {
  // A one-minute idle time (the test moves last_seen_at back rather than waiting); many 401s allowed from one address.
  gk = await startGongkaiApp({ env: { SESSION_IDLE_MINUTES: '1', AUTH_FAILURE_LIMIT_PER_MINUTE: '1000' } });
  const hash = await hashPassword(PASSWORD);
  await gk.dataSource.query(`UPDATE users SET password_hash = $1 WHERE id IN ('lina', 'zhaomin', 'liuyang', 'sunli')`, [hash]);
  await gk.dataSource.query(`DELETE FROM sign_in_lockouts`);
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(method: string, path: string, options: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const res = await fetch(`${gk.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

const login = (username: string, password: string) => call('POST', '/auth/login', { body: { username, password } });

/** The `gongkai_session=…` pair of a Set-Cookie header. */
function cookieOf(answer: Answer): string {
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const pair = /gongkai_session=[^;]*/.exec(setCookie);
  if (!pair) throw new Error(`no session cookie in ${setCookie}`);
  return pair[0];
}

const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('POST /auth/login', () => {
  it('signs in: the user, a CSRF token, the expiry, and an HttpOnly SameSite=Strict cookie', async () => {
    const res = await login('lina', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: 'lina', name: '李娜', department: 'jichu', departmentName: expect.any(String), roles: ['section_head'] },
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
      expiresAt: expect.any(String),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^gongkai_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here
    // The table holds the cookie's hash, never the value.
    const value = cookieOf(res).split('=')[1];
    const stored: { id: string }[] = await gk.dataSource.query(`SELECT id FROM sessions WHERE user_id = 'lina'`);
    expect(stored.map((s) => s.id)).not.toContain(value);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('accepts the username in any case, with spaces around it', async () => {
    expect((await login('  LiNa ', PASSWORD)).status).toBe(200);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await login('sunli', 'not-the-password');
    const unknown = await login(`nobody-${Date.now()}`, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'LOGIN_FAILED', message: '用户名或密码错误' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks a username after five failures (423), audits it, and refuses even the right password until the lock ends', async () => {
    await gk.dataSource.query(`DELETE FROM sign_in_lockouts WHERE username = 'liuyang'`);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await login('liuyang', `wrong-${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 423]);
    const locked = await login('liuyang', PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_LOCKED', message: '连续登录失败次数过多，账号已锁定，请 15 分钟后再试' });

    const events: { outcome: string; user_id: string | null; locked_until: Date | null; ip: string | null }[] = await gk.dataSource.query(
      `SELECT outcome, user_id, locked_until, ip FROM sign_in_events WHERE username = 'liuyang' ORDER BY id`,
    );
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'locked']);
    expect(events.every((e) => e.user_id === 'liuyang' && e.ip)).toBe(true);
    expect(events[4].locked_until).not.toBeNull();
    const minutes = (events[4].locked_until!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // When the lock has run out, the right password works again.
    await gk.dataSource.query(`UPDATE sign_in_lockouts SET locked_until = now() - interval '1 second' WHERE username = 'liuyang'`);
    expect((await login('liuyang', PASSWORD)).status).toBe(200);
  });

  it('locks an unknown username the same way, so a lock reveals nothing', async () => {
    const name = `ghost-${Date.now()}`;
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login(name, 'whatever-it-is')).status);
    expect(answers).toEqual([401, 401, 401, 401, 423, 423]);
    const events: { outcome: string; user_id: string | null }[] = await gk.dataSource.query(
      'SELECT outcome, user_id FROM sign_in_events WHERE username = $1 ORDER BY id',
      [name],
    );
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'locked']);
    expect(events.every((e) => e.user_id === null)).toBe(true);
  });

  it('refuses a body without a password with field errors (400)', async () => {
    const res = await call('POST', '/auth/login', { body: { username: 'lina' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });
});

describe('the session cookie', () => {
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    const res = await login('zhaomin', PASSWORD);
    cookie = cookieOf(res);
    csrf = res.body.csrfToken as string;
  });

  it('authenticates reads without a CSRF token, and GET /auth/session answers with the same token', async () => {
    const tasks = await call('GET', '/tasks', { cookie });
    expect(tasks.status).toBe(200);
    const session = await call('GET', '/auth/session', { cookie });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: { id: 'zhaomin' }, csrfToken: csrf });
  });

  it('refuses a cookie-authenticated write without the CSRF header or with a wrong one (403 CSRF_REJECTED)', async () => {
    const missing = await call('POST', '/publications', { cookie, body: {} });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: 'CSRF_REJECTED', message: '页面已过期，请刷新后重试' });
    const wrong = await call('POST', '/publications', { cookie, body: {}, headers: { 'x-csrf-token': `${csrf.slice(0, -1)}x` } });
    expect(wrong.status).toBe(403);
  });

  it('lets the write through with the header (here to validation: the body is empty)', async () => {
    const res = await call('POST', '/publications', { cookie, body: {}, headers: { 'x-csrf-token': csrf } });
    // zhaomin (office) is not an author: the role check answers, not CSRF.
    expect(res.status).toBe(403);
    expect(res.body.code).toBeUndefined();
  });

  it('leaves bearer clients as they were: no CSRF header needed', async () => {
    const res = await gk.request('POST', '/publications', { as: 'zhangwei', body: {} });
    expect(res.status).toBe(400);
    expect((await gk.request('GET', '/tasks', { as: 'lina' })).status).toBe(200);
  });

  it('answers 401 UNAUTHENTICATED for an unknown cookie', async () => {
    const res = await call('GET', '/tasks', { cookie: 'gongkai_session=made-up-value' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect((await call('GET', '/auth/session', { cookie: 'gongkai_session=made-up-value' })).status).toBe(401);
  });

  it('expires when idle longer than SESSION_IDLE_MINUTES, and at SESSION_MAX_HOURS however active', async () => {
    const idle = await login('sunli', PASSWORD);
    const idleCookie = cookieOf(idle);
    expect((await call('GET', '/auth/session', { cookie: idleCookie })).status).toBe(200);
    await gk.dataSource.query(`UPDATE sessions SET last_seen_at = now() - interval '61 seconds' WHERE user_id = 'sunli'`);
    expect((await call('GET', '/tasks', { cookie: idleCookie })).status).toBe(401);

    const old = await login('sunli', PASSWORD);
    const oldCookie = cookieOf(old);
    await gk.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = 'sunli'`);
    expect((await call('GET', '/tasks', { cookie: oldCookie })).status).toBe(401);
  });

  it('signs out: 204, the cookie cleared, the session gone (needs the CSRF header)', async () => {
    const res = await login('lina', PASSWORD);
    const own = cookieOf(res);
    expect((await call('POST', '/auth/logout', { cookie: own })).status).toBe(403);
    const out = await call('POST', '/auth/logout', { cookie: own, headers: { 'x-csrf-token': res.body.csrfToken as string } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/gongkai_session=;.*Expires=Thu, 01 Jan 1970/i);
    expect((await call('GET', '/auth/session', { cookie: own })).status).toBe(401);
    expect((await call('GET', '/tasks', { cookie: own })).status).toBe(401);
  });
});
