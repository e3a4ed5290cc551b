/**
 * How long a bearer token may live. A token cannot be revoked, only its user
 * deactivated (see user-directory.ts), so a leaked token must also run out
 * soon: one working day. The same cap applies to the SSO's tokens (JWKS) —
 * an SSO that issues longer-lived access tokens must be configured to issue
 * shorter ones for gongkai; nothing here lets a longer token through.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/** How far an issuer's clock may run ahead of ours before its `iat` counts as a lie. */
const CLOCK_SKEW_SECONDS = 60;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `ttl` in seconds: a positive number of seconds, or '90s', '30m', '12h', '1d'; undefined for anything else. */
export function ttlSeconds(ttl: string | number): number | undefined {
  if (typeof ttl === 'number') return Number.isSafeInteger(ttl) && ttl > 0 ? ttl : undefined;
  const match = /^\s*(\d{1,9})\s*([smhd]?)\s*$/i.exec(ttl);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()] : 0;
  return seconds > 0 ? seconds : undefined;
}

/** Why a token cannot be signed with `ttl`, or undefined when it can. */
export function ttlProblem(ttl: string | number): string | undefined {
  const seconds = ttlSeconds(ttl);
  if (seconds === undefined) return `令牌有效期格式不正确：“${ttl}”（应为秒数，或如 30m、12h）`;
  if (seconds > MAX_TOKEN_LIFETIME_SECONDS) return `令牌有效期 ${ttl} 超过上限 ${describeSeconds(MAX_TOKEN_LIFETIME_SECONDS)}`;
  return undefined;
}

/**
 * Why a verified token lives too long, or undefined. Its lifetime is `exp - iat`,
 * or `exp - now` without `iat`; a future `iat` is refused, since it would let a
 * token start its allowed lifetime long after it was handed out.
 */
export function lifetimeProblem(claims: { exp?: number; iat?: number }, nowSeconds: number, max = MAX_TOKEN_LIFETIME_SECONDS): string | undefined {
  if (claims.exp === undefined) return '令牌缺少有效期（exp）';
  if (claims.iat !== undefined && claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) return '令牌的签发时间（iat）晚于当前时间';
  if (claims.exp - (claims.iat ?? nowSeconds) > max) return `令牌有效期过长（上限 ${describeSeconds(max)}），请重新获取`;
  return undefined;
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} 小时`;
  if (seconds % 60 === 0) return `${seconds / 60} 分钟`;
  return `${seconds} 秒`;
}
