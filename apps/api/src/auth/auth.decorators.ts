import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@gongkai/contracts';
import type { AuthenticatedUser } from './roles';

export const IS_PUBLIC = 'gongkai:public';
export const REQUIRED_ROLES = 'gongkai:roles';

/** No token needed (health checks, the web page, the public catalogue). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const IS_PUBLIC_COMMENT = 'gongkai:public-comment';

/** A public write (a comment on a consultation): limited per address on top of the public limit. */
export const PublicComment = (): MethodDecorator => SetMetadata(IS_PUBLIC_COMMENT, true);

/** The caller needs at least one of these roles (403 otherwise). */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The request's user, set by the auth guard. */
export interface AuthenticatedRequest {
  user?: AuthenticatedUser;
}

/** The authenticated caller (the handler must not be @Public()). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser on a route without authentication');
  return user;
});
