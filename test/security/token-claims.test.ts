/**
 * Security finding 7: a token's claims are not trusted without a lookup. Over
 * real HTTP: a token must carry exp and live at most 12 hours; its `sub` must
 * be an active row of `users`, whose roles, department and name are the ones
 * that apply — changes reach tokens already handed out within USER_CACHE_MS.
 *
 * The demo users are shared with other test files running at the same time,
 * so what is changed here is a user this file inserts (in a demo department).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import type { Role } from '@gongkai/contracts/publication';
import { signToken } from '../../apps/api/src/auth/tokens';
import { USER_CACHE_MS } from '../../apps/api/src/auth/user-directory';
import { draftOf, startGongkaiApp, type ErrorBody, type HttpResult, type PublicationBody, type RunningGongkai } from '../support/gongkai-app';

const ROOT = path.resolve(__dirname, '../..');
const HOUR = 3600;

let gk: RunningGongkai;
const inserted: string[] = [];

beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.dataSource.query('DELETE FROM users WHERE id = ANY($1)', [inserted]).catch(() => undefined);
  await gk?.stop();
});

/** A new user of 基础教育科 with a unique id, and a 1-hour token whose claims say otherwise about everything but `sub`. */
async function newUser(name: string, roles: Role[]): Promise<{ id: string; token: string }> {
  const id = `token-claims-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await gk.dataSource.query('INSERT INTO users (id, name, department_id, roles) VALUES ($1, $2, $3, $4)', [id, name, 'jichu', roles]);
  inserted.push(id);
  const token = await signToken({ username: id, name: '冒名顶替', departmentId: 'lingdao', roles: ['author', 'principal', 'office'] }, gk.secret, '1h');
  return { id, token };
}

/** A zhangwei token with exactly these registered claims (seconds from now; undefined leaves one out). */
async function zhangweiToken(times: { iat?: number; exp?: number }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ name: '张伟', dept: 'jichu', roles: ['author'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('zhangwei');
  if (times.iat !== undefined) jwt.setIssuedAt(now + times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(now + times.exp);
  return jwt.sign(new TextEncoder().encode(gk.secret));
}

function refusedWith(res: HttpResult, status: number): string {
  expect(res.status).toBe(status);
  return (res.body as unknown as ErrorBody).message;
}

/** Repeats `attempt` until `done`, for at most the cache period and a margin; answers the last result. */
async function withinCachePeriod<T extends HttpResult<unknown>>(attempt: () => Promise<T>, done: (res: T) => boolean): Promise<T> {
  const deadline = Date.now() + USER_CACHE_MS + 2_000;
  for (;;) {
    const res = await attempt();
    if (done(res) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('token lifetime', () => {
  it('refuses a token without exp', async () => {
    expect(refusedWith(await gk.request('GET', '/tasks', { token: await zhangweiToken({ iat: 0 }) }), 401)).toContain('有效期（exp）');
  });

  it('refuses a token that lives 30 days, with or without iat', async () => {
    expect(refusedWith(await gk.request('GET', '/tasks', { token: await zhangweiToken({ iat: 0, exp: 30 * 24 * HOUR }) }), 401)).toContain('有效期过长');
    expect(refusedWith(await gk.request('GET', '/tasks', { token: await zhangweiToken({ exp: 30 * 24 * HOUR }) }), 401)).toContain('有效期过长');
    expect((await gk.request('GET', '/tasks', { token: await zhangweiToken({ iat: 0, exp: 12 * HOUR }) })).status).toBe(200);
  });

  it('npm run token refuses a ttl over 12 hours with exit code 2', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-token-ttl-'));
    try {
      const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/api/src/auth/token-cli.ts', 'zhangwei', '--ttl', '30d'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', GONGKAI_HOME: home },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('令牌有效期 30d 超过上限 12 小时');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the user behind a token', () => {
  it('refuses a token for a user who does not exist', async () => {
    const token = await signToken({ username: 'no-such-user', name: '无名', departmentId: 'jichu', roles: ['author'] }, gk.secret, '1h');
    expect(refusedWith(await gk.request('GET', '/tasks', { token }), 401)).toContain('用户不存在或已停用');
  });

  it('stops accepting a user within the cache period after they are deactivated', async () => {
    expect(USER_CACHE_MS).toBeLessThanOrEqual(5_000);
    const user = await newUser('待停用', ['author']);
    expect((await gk.request('GET', '/tasks', { token: user.token })).status).toBe(200);
    await gk.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    const res = await withinCachePeriod(
      () => gk.request('GET', '/tasks', { token: user.token }),
      (r) => r.status !== 200,
    );
    expect(refusedWith(res, 401)).toContain('用户不存在或已停用');
  });

  it("applies the table's roles, department and name, not the token's, and a role change within the cache period", async () => {
    const user = await newUser('测试科长', ['section_head']);
    // The token claims 撰稿人 (and more); the table says 科室负责人, who may not draft.
    expect(refusedWith(await gk.request('POST', '/publications', { token: user.token, body: draftOf() }), 403)).toContain('撰稿人');
    await gk.dataSource.query(`UPDATE users SET roles = '{author}', name = '测试撰稿人' WHERE id = $1`, [user.id]);
    const created = await withinCachePeriod(
      () => gk.request<PublicationBody & { departmentId: string; authorId: string; authorName: string }>('POST', '/publications', { token: user.token, body: draftOf() }),
      (r) => r.status !== 403,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ authorId: user.id, authorName: '测试撰稿人', departmentId: 'jichu' });
  });
});
