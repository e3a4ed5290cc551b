import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DEMO_USERS } from '@gongkai/persistence/seed/demo-data';
import { loadApiConfig } from '../config';
import { loadOrCreateAuthSecret } from './auth-secret';
import { demoTokens } from './demo-tokens';
import type { AuthenticatedUser } from './roles';
import { TokenVerifier } from './token-verifier';
import { signToken } from './tokens';
import type { ActiveUsers } from './user-directory';

const SECRET = 'unit-test-secret-of-at-least-thirty-two-chars';
const ZHANGWEI = { username: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author' as const] };
const HOUR = 3600;

/** The users table as the verifier sees it: the demo organisation, editable per test. */
function directoryOf(users: AuthenticatedUser[] = DEMO_USERS.map((u) => ({ userId: u.id, name: u.name, departmentId: u.departmentId, roles: [...u.roles] }))) {
  const active = new Map(users.map((u) => [u.userId, u]));
  const directory: ActiveUsers & { active: typeof active } = { active, activeUser: async (id) => active.get(id) };
  return directory;
}

function verifier(env: Record<string, string> = {}, home = os.tmpdir(), users: ActiveUsers = directoryOf()): TokenVerifier {
  return new TokenVerifier(loadApiConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', AUTH_JWT_SECRET: SECRET, GONGKAI_HOME: home, ...env }), users);
}

/** A zhangwei token with exactly these registered claims (seconds from now; undefined leaves the claim out). */
async function tokenWith(times: { iat?: number; exp?: number }, claims: Record<string, unknown> = { dept: 'jichu', roles: ['author'] }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('zhangwei');
  if (times.iat !== undefined) jwt.setIssuedAt(now + times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(now + times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnauthorizedException);
  return (err as Error).message;
}

describe('signToken and TokenVerifier', () => {
  it('round-trips the user: username, name, department and roles', async () => {
    const token = await signToken(ZHANGWEI, SECRET, '1h');
    await expect(verifier().verify(token)).resolves.toEqual({ userId: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'] });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken(ZHANGWEI, `${SECRET}-other`, '1h');
    expect(await refusal(verifier().verify(token))).toContain('签名无效');
  });

  it('refuses an expired token with a message saying so', async () => {
    expect(await refusal(verifier().verify(await tokenWith({ iat: -100, exp: -10 })))).toContain('过期');
  });

  it('refuses garbage and a token without a subject', async () => {
    await refusal(verifier().verify('abc.def.ghi'));
    const bare = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifier().verify(bare))).toContain('sub');
  });

  it('checks iss and aud when configured', async () => {
    const token = await signToken(ZHANGWEI, SECRET, '1h');
    expect(await refusal(verifier({ AUTH_ISSUER: 'sso.gov' }).verify(token))).toContain('iss');
  });
});

describe('token lifetime', () => {
  it('refuses a token without exp', async () => {
    expect(await refusal(verifier().verify(await tokenWith({ iat: 0 })))).toContain('有效期（exp）');
  });

  it('refuses a token living longer than 12 hours, with or without iat', async () => {
    expect(await refusal(verifier().verify(await tokenWith({ iat: 0, exp: 30 * 24 * HOUR })))).toContain('有效期过长');
    expect(await refusal(verifier().verify(await tokenWith({ exp: 13 * HOUR })))).toContain('有效期过长');
    // Issued long ago and still unexpired: the lifetime, not what is left of it, counts.
    expect(await refusal(verifier().verify(await tokenWith({ iat: -20 * HOUR, exp: HOUR })))).toContain('有效期过长');
  });

  it('refuses a token issued in the future, which would stretch its lifetime', async () => {
    expect(await refusal(verifier().verify(await tokenWith({ iat: 24 * HOUR, exp: 30 * HOUR })))).toContain('iat');
  });

  it('accepts exactly 12 hours, the default of signToken', async () => {
    await expect(verifier().verify(await tokenWith({ iat: 0, exp: 12 * HOUR }))).resolves.toMatchObject({ userId: 'zhangwei' });
    await expect(verifier().verify(await signToken(ZHANGWEI, SECRET))).resolves.toMatchObject({ userId: 'zhangwei' });
  });

  it('signToken will not sign what the verifier would refuse', async () => {
    await expect(signToken(ZHANGWEI, SECRET, '30d')).rejects.toThrow('超过上限 12 小时');
    await expect(signToken(ZHANGWEI, SECRET, '1 week')).rejects.toThrow('格式不正确');
  });
});

describe('the user behind a token', () => {
  it('takes name, department and roles from the directory, not from the claims', async () => {
    const token = await tokenWith({ iat: 0, exp: HOUR }, { name: '冒名', dept: 'lingdao', roles: ['principal', 'office'] });
    await expect(verifier().verify(token)).resolves.toEqual({ userId: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'] });
  });

  it('refuses a user the directory does not know or has deactivated', async () => {
    const users = directoryOf();
    const token = await signToken(ZHANGWEI, SECRET, '1h');
    users.active.delete('zhangwei');
    expect(await refusal(verifier({}, os.tmpdir(), users).verify(token))).toContain('用户不存在或已停用');
    const stranger = await signToken({ ...ZHANGWEI, username: 'nobody' }, SECRET, '1h');
    expect(await refusal(verifier().verify(stranger))).toContain('用户不存在或已停用');
  });

  it('answers 503, not 401, when the directory cannot be asked', async () => {
    const down: ActiveUsers = { activeUser: () => Promise.reject(new Error('connection refused')) };
    const err = await verifier({}, os.tmpdir(), down)
      .verify(await signToken(ZHANGWEI, SECRET, '1h'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableException);
  });
});

describe('loadOrCreateAuthSecret', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-auth-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('prefers AUTH_JWT_SECRET and writes nothing', () => {
    expect(loadOrCreateAuthSecret(home, { AUTH_JWT_SECRET: ` ${SECRET} ` })).toBe(SECRET);
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('generates a secret once, owner-only, and returns the same one afterwards', () => {
    const nested = path.join(home, 'new-home');
    const first = loadOrCreateAuthSecret(nested);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(nested, 'auth-secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAuthSecret(nested, {})).toBe(first);
  });

  it('is what the verifier uses when no secret is configured, so printed tokens stay valid', async () => {
    const secret = loadOrCreateAuthSecret(home);
    const token = await signToken(ZHANGWEI, secret, '1h');
    const v = new TokenVerifier(loadApiConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', GONGKAI_HOME: home }), directoryOf());
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'zhangwei' });
  });
});

describe('demoTokens', () => {
  it('signs a token for each of the nine demo users', async () => {
    const tokens = await demoTokens(SECRET);
    expect(tokens.map((t) => t.username)).toEqual(['zhangwei', 'liuyang', 'lina', 'sunli', 'zhoutao', 'wangqiang', 'chenjun', 'zhaomin', 'qianli']);
    const chenjun = tokens.find((t) => t.username === 'chenjun')!;
    expect(chenjun.label).toBe('陈军（局领导，主要负责人）');
    await expect(verifier().verify(chenjun.token)).resolves.toEqual({ userId: 'chenjun', name: '陈军', departmentId: 'lingdao', roles: ['principal'] });
  });
});
