import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeException } from './describe-exception';
import type { ErrorResponseDto } from './error-response';

/** The one exception filter: every error leaves as `ErrorResponseDto`, faults are logged with the request id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerWithError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

/**
 * Answers `exception` as an `ErrorResponseDto`. Also Fastify's `frameworkErrors`:
 * a URL it cannot decode is refused before routing, where no Nest filter sees it.
 */
export function answerWithError(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { fault, ...described } = describeException(exception);
  if (fault) {
    request.log.error({ err: exception, statusCode: described.statusCode }, `请求处理失败: ${request.method} ${request.url}`);
  }
  const body: ErrorResponseDto = { ...described, requestId: String(request.id) };
  void reply.status(described.statusCode).header('x-request-id', String(request.id)).send(body);
}
