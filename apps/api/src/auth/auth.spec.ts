import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UnauthorizedException } from '@nestjs/common';
import { SignJWT } from 'jose';
import { loadApiConfig } from '../config';
import { loadOrCreateAuthSecret } from './auth-secret';
import { demoTokens } from './demo-tokens';
import { TokenVerifier } from './token-verifier';
import { signToken, userFromClaims } from './tokens';

const SECRET = 'unit-test-secret-of-at-least-thirty-two-chars';
const ZHANGWEI = { username: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author' as const] };

function verifier(env: Record<string, string> = {}, home = os.tmpdir()): TokenVerifier {
  return new TokenVerifier(loadApiConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', AUTH_JWT_SECRET: SECRET, GONGKAI_HOME: home, ...env }));
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
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ dept: 'jichu', roles: ['author'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhangwei')
      .setIssuedAt(now - 100)
      .setExpirationTime(now - 10)
      .sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifier().verify(token))).toContain('过期');
  });

  it('refuses garbage and a token without gongkai claims', async () => {
    await refusal(verifier().verify('abc.def.ghi'));
    const bare = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifier().verify(bare))).toContain('dept');
  });

  it('checks iss and aud when configured', async () => {
    const token = await signToken(ZHANGWEI, SECRET, '1h');
    expect(await refusal(verifier({ AUTH_ISSUER: 'sso.gov' }).verify(token))).toContain('iss');
  });

  it('ignores roles gongkai does not know', () => {
    expect(userFromClaims({ sub: 'a', dept: 'd', roles: ['leader', 'admin'] })).toMatchObject({ roles: ['leader'], name: 'a' });
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
    const v = new TokenVerifier(loadApiConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', GONGKAI_HOME: home }));
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'zhangwei' });
  });
});

describe('demoTokens', () => {
  it('signs a token for each of the eight demo users', async () => {
    const tokens = await demoTokens(SECRET);
    expect(tokens.map((t) => t.username)).toEqual(['zhangwei', 'liuyang', 'lina', 'sunli', 'zhoutao', 'wangqiang', 'chenjun', 'zhaomin']);
    const chenjun = tokens.find((t) => t.username === 'chenjun')!;
    expect(chenjun.label).toBe('陈军（局领导，主要负责人）');
    await expect(verifier().verify(chenjun.token)).resolves.toEqual({ userId: 'chenjun', name: '陈军', departmentId: 'lingdao', roles: ['principal'] });
  });
});
