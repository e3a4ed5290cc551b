import { lifetimeProblem, MAX_TOKEN_LIFETIME_SECONDS, ttlProblem, ttlSeconds } from './token-lifetime';

describe('ttlSeconds', () => {
  it('reads seconds and s/m/h/d', () => {
    expect([ttlSeconds(90), ttlSeconds('90'), ttlSeconds('90s'), ttlSeconds('30m'), ttlSeconds('12h'), ttlSeconds('1D')]).toEqual([
      90, 90, 90, 1800, 43200, 86400,
    ]);
  });

  it('reads nothing else', () => {
    expect([ttlSeconds('0'), ttlSeconds(-5), ttlSeconds(1.5), ttlSeconds('1 week'), ttlSeconds('h'), ttlSeconds('')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('ttlProblem', () => {
  it('allows up to 12 hours and says what the cap is beyond it', () => {
    expect(ttlProblem('12h')).toBeUndefined();
    expect(ttlProblem(MAX_TOKEN_LIFETIME_SECONDS + 1)).toContain('超过上限 12 小时');
    expect(ttlProblem('30d')).toBe('令牌有效期 30d 超过上限 12 小时');
    expect(ttlProblem('soon')).toContain('格式不正确');
  });
});

describe('lifetimeProblem', () => {
  const now = 1_700_000_000;

  it('measures exp - iat, or exp - now without iat', () => {
    expect(lifetimeProblem({ iat: now - 11 * 3600, exp: now + 3600 }, now)).toBeUndefined();
    expect(lifetimeProblem({ iat: now - 12 * 3600, exp: now + 1 }, now)).toContain('有效期过长');
    expect(lifetimeProblem({ exp: now + 12 * 3600 }, now)).toBeUndefined();
    expect(lifetimeProblem({ exp: now + 12 * 3600 + 1 }, now)).toContain('有效期过长');
  });

  it('tolerates a minute of issuer clock skew, not more', () => {
    expect(lifetimeProblem({ iat: now + 60, exp: now + 3600 }, now)).toBeUndefined();
    expect(lifetimeProblem({ iat: now + 61, exp: now + 3600 }, now)).toContain('iat');
  });

  it('takes another cap', () => {
    expect(lifetimeProblem({ iat: now, exp: now + 3600 }, now, 1800)).toContain('上限 30 分钟');
  });
});
