import { SignJWT, type JWTPayload } from 'jose';
import type { Role } from '@gongkai/contracts';
import { ttlProblem, ttlSeconds } from './token-lifetime';

/** Who a token is for: the username (`sub`), display name, department id and roles. */
export interface TokenUser {
  username: string;
  name: string;
  departmentId: string;
  roles: readonly Role[];
}

/**
 * gongkai's claims, beside the registered ones. Only `sub` is trusted: the
 * verifier takes name, department and roles from `users`. The others are
 * signed for display (the workbench page shows who a token is for).
 */
export interface GongkaiClaims extends JWTPayload {
  name?: unknown;
  dept?: unknown;
  roles?: unknown;
}

export const TOKEN_ALGORITHM = 'HS256';

/**
 * A bearer token for `user`, HS256 with `secret`; `ttl` like '30m', '12h' or
 * seconds, at most MAX_TOKEN_LIFETIME_SECONDS (a longer one would be refused
 * by the verifier, so it is refused here with a RangeError).
 */
export async function signToken(user: TokenUser, secret: string, ttl: string | number = '12h'): Promise<string> {
  const problem = ttlProblem(ttl);
  if (problem) throw new RangeError(problem);
  // One clock reading for both claims, so exp - iat is exactly the ttl.
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: user.name, dept: user.departmentId, roles: [...user.roles] })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(user.username)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds(ttl)!)
    .sign(new TextEncoder().encode(secret));
}
