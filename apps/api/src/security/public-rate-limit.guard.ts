import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IS_PUBLIC, IS_PUBLIC_COMMENT } from '../auth/auth.decorators';

export type PublicLimit = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Applies the public limit to routes marked @Public(), read from the same
 * metadata (handler, then class) the AuthGuard reads, so "needs no token" and
 * "is limited per address" cannot drift apart. Routes that need a token are
 * left alone: their callers are signed-in staff, and failed sign-ins are
 * limited separately (see rate-limits.ts).
 */
export class PublicRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limit: PublicLimit,
    /** The stricter budget of public writes (@PublicComment()). */
    private readonly limitComments: PublicLimit = async () => undefined,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    await this.limit(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    if (this.reflector.get<boolean>(IS_PUBLIC_COMMENT, context.getHandler())) {
      await this.limitComments(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    }
    return true;
  }
}
