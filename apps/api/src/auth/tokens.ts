import { SignJWT, type JWTPayload } from 'jose';
import type { Role } from '../../../../libs/contracts/src/publication';
import { isRole, type AuthenticatedUser } from './roles';

/** Who a token is for: the username (`sub`), display name, department id and roles. */
export interface TokenUser {
  username: string;
  name: string;
  departmentId: string;
  roles: readonly Role[];
}

/** gongkai's claims, beside the registered ones. */
export interface GongkaiClaims extends JWTPayload {
  name?: unknown;
  dept?: unknown;
  roles?: unknown;
}

export const TOKEN_ALGORITHM = 'HS256';

/** A bearer token for `user`, HS256 with `secret`; `ttl` like '12h', '30d' or seconds. */
export async function signToken(user: TokenUser, secret: string, ttl: string | number = '12h'): Promise<string> {
  return new SignJWT({ name: user.name, dept: user.departmentId, roles: [...user.roles] })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(user.username)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

/**
 * The user a verified token speaks for, or the reason it cannot be used.
 * Roles gongkai does not know (an SSO may send more) are ignored.
 */
export function userFromClaims(claims: GongkaiClaims): AuthenticatedUser | string {
  if (typeof claims.sub !== 'string' || !claims.sub) return '令牌缺少用户名（sub）';
  if (typeof claims.dept !== 'string' || !claims.dept) return '令牌缺少所属部门（dept）';
  if (!Array.isArray(claims.roles)) return '令牌缺少角色（roles）';
  const name = typeof claims.name === 'string' && claims.name ? claims.name : claims.sub;
  return { userId: claims.sub, name, departmentId: claims.dept, roles: claims.roles.filter(isRole) };
}
