import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@gongkai/contracts';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { ROLE_LABELS, type AuthenticatedUser } from './roles';
import { sessionCookie } from './session-cookie';
import { sessionExpired, SignInService } from './sign-in.service';
import { TokenVerifier } from './token-verifier';

/**
 * Every route needs a valid bearer token or a web session unless marked
 * @Public(). A bearer token wins when both are sent; a session cookie alone
 * must come with the session's X-CSRF-Token on anything but GET/HEAD/OPTIONS.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly signIn: SignInService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const user = await this.authenticate(request);
    request.user = user;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`需要以下角色之一：${required.map((r) => ROLE_LABELS[r]).join('、')}`);
    }
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    if (header === undefined && sessionCookie(request) !== undefined) {
      const found = await this.signIn.authenticate(request);
      if (!found) throw sessionExpired();
      this.signIn.checkCsrf(request, found.session);
      return found.user;
    }
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new UnauthorizedException(
        header ? 'Authorization 头格式应为 “Bearer <令牌>”' : '未登录：请在 Authorization 头中提供 Bearer 令牌',
      );
    }
    return this.verifier.verify(match[1]);
  }
}
