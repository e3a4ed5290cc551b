import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { REFUSAL_HTTP_STATUS, type RefusalType } from '@gongkai/contracts';
import type { ErrorResponseDto, FieldErrorDto } from './error-response';

export interface DescribedException extends Omit<ErrorResponseDto, 'requestId'> {
  /** A genuine server fault: log it with its stack. Client mistakes are not logged as errors. */
  fault: boolean;
}

/**
 * The single place where anything thrown while serving a request becomes an
 * HTTP status and message. Add domain mappings here (e.g. a refused workflow
 * update → 409/422), never in controllers.
 */
export function describeException(exception: unknown): DescribedException {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof WorkflowNotFoundError) {
    return shape(HttpStatus.NOT_FOUND, `工作流不存在: ${exception.workflowId}`);
  }
  if (exception instanceof WorkflowUpdateFailedError) return fromRefusedUpdate(exception);
  if (exception instanceof WorkflowUpdateRPCTimeoutOrCancelledError || grpcCode(exception) === GRPC_DEADLINE_EXCEEDED) {
    return shape(HttpStatus.GATEWAY_TIMEOUT, ENGINE_TIMED_OUT);
  }
  if (temporalUnavailable(exception)) {
    return { ...shape(HttpStatus.SERVICE_UNAVAILABLE, '工作流引擎暂时不可用，请稍后重试'), fault: true };
  }
  const clientStatus = clientErrorStatus(exception);
  if (clientStatus !== undefined) return shape(clientStatus, fastifyMessage(clientStatus, exception) ?? (exception as Error).message);
  return { ...shape(HttpStatus.INTERNAL_SERVER_ERROR, '服务器内部错误'), fault: true };
}

function fromHttpException(exception: HttpException): DescribedException {
  const statusCode = exception.getStatus();
  const body = exception.getResponse();
  let message = exception.message;
  let errors: FieldErrorDto[] | undefined;
  let code: string | undefined;
  if (typeof body === 'string') {
    message = body;
  } else if (body && typeof body === 'object') {
    const fields = body as { message?: unknown; errors?: unknown; code?: unknown };
    if (typeof fields.code === 'string') code = fields.code;
    if (typeof fields.message === 'string') message = fields.message;
    else if (Array.isArray(fields.message)) message = fields.message.join('; ');
    if (Array.isArray(fields.errors)) errors = fields.errors as FieldErrorDto[];
  }
  // Nest's own "Cannot GET /x" for an unknown route.
  const unknownRoute = statusCode === 404 ? /^Cannot ([A-Z]+) (.*)$/.exec(message) : null;
  if (unknownRoute) message = `没有这个接口: ${unknownRoute[1]} ${unknownRoute[2]}`;
  message = fastifyMessage(statusCode, exception) ?? message;
  return { ...shape(statusCode, message), ...(code ? { code } : {}), ...(errors ? { errors } : {}), fault: statusCode >= 500 };
}

/**
 * A workflow update refused by its validator: the failure's type says why
 * (REFUSAL_HTTP_STATUS: 403 / 409 / 422) and its message is for the user.
 * Anything else failing inside an update is a server fault.
 */
function fromRefusedUpdate(exception: WorkflowUpdateFailedError): DescribedException {
  const cause = exception.cause;
  if (cause instanceof ApplicationFailure && cause.type && Object.hasOwn(REFUSAL_HTTP_STATUS, cause.type)) {
    return shape(REFUSAL_HTTP_STATUS[cause.type as RefusalType], cause.message);
  }
  return { ...shape(HttpStatus.INTERNAL_SERVER_ERROR, '服务器内部错误'), fault: true };
}

/**
 * The engine did not answer within TEMPORAL_CALL_TIMEOUT_MS (it may be
 * recovering from a restart). The decision may still take effect, and
 * repeating the same request is safe: one that already took effect answers
 * with the item (repeated-decision.ts).
 */
export const ENGINE_TIMED_OUT =
  '工作流引擎未在时限内答复：操作可能仍会生效。请稍后刷新稿件（GET /publications/{id}）查看结果；用同一请求重试是安全的，已生效的操作会直接返回稿件';

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** The gRPC status inside a Temporal client error, if there is one. */
function grpcCode(exception: unknown): number | undefined {
  const grpc = exception instanceof ServiceError ? exception.cause : exception;
  return isGrpcServiceError(grpc) ? grpc.code : undefined;
}

/** Temporal cannot be reached (the API serves on; the caller may retry). */
function temporalUnavailable(exception: unknown): boolean {
  return grpcCode(exception) === GRPC_UNAVAILABLE;
}

/** Errors raised by Fastify or its plugins carry a 4xx `statusCode` (body too large, bad media type…). */
function clientErrorStatus(exception: unknown): number | undefined {
  if (!(exception instanceof Error)) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Fastify's own refusals of a request, told in Chinese. Nest hands a parser's
 * on as an HttpException keeping only the status (nothing else here answers
 * 413 or 415); a URL Fastify cannot decode comes raw, with its code.
 */
const FASTIFY_BY_STATUS = new Map([
  [413, '请求体过大，超过服务器接受的上限'],
  [415, '不支持该 Content-Type：请求体请用 JSON（Content-Type: application/json）'],
]);
const FASTIFY_BY_CODE = new Map([['FST_ERR_BAD_URL', '网址中有无效的百分号编码（%XX），请检查链接']]);

function fastifyMessage(statusCode: number, exception: unknown): string | undefined {
  return FASTIFY_BY_CODE.get(String((exception as { code?: unknown }).code)) ?? FASTIFY_BY_STATUS.get(statusCode);
}

function shape(statusCode: number, message: string): DescribedException {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, fault: false };
}
