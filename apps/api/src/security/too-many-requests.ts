import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * The 429 to throw once an address is over a limit. The exception filter
 * answers it in the usual error shape; Retry-After (whole seconds, at least 1)
 * tells a well-behaved client when to come back.
 */
export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number, reason: 'requests' | 'auth-failures' | 'comments'): HttpException {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  void reply.header('retry-after', String(seconds));
  const message =
    reason === 'requests'
      ? `请求过于频繁，请 ${seconds} 秒后再试`
      : reason === 'comments'
        ? `同一网络地址每分钟提交的意见过多，请 ${seconds} 秒后再提交（已提交的意见均已收到）`
        : `身份验证失败次数过多，请 ${seconds} 秒后再试`;
  return new HttpException(message, HttpStatus.TOO_MANY_REQUESTS);
}
