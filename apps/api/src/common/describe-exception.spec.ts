import { BadRequestException, ConflictException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { ApplicationFailure, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describeException, ENGINE_TIMED_OUT } from './describe-exception';

describe('describeException', () => {
  it('keeps an HttpException status and message', () => {
    expect(describeException(new ConflictException('已经审结'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: '已经审结',
      fault: false,
    });
  });

  it('carries field errors of a validation failure', () => {
    const errors = [{ field: 'title', messages: ['title must be a string'] }];
    expect(describeException(new BadRequestException({ message: '请求参数无效：title', errors }))).toMatchObject({
      statusCode: 400,
      message: '请求参数无效：title',
      errors,
    });
  });

  it('joins a list of messages into one string', () => {
    expect(describeException(new BadRequestException(['a is bad', 'b is bad'])).message).toBe('a is bad; b is bad');
  });

  it("rewords Nest's unknown-route message", () => {
    expect(describeException(new NotFoundException('Cannot POST /v1/nothing')).message).toBe('没有这个接口: POST /v1/nothing');
  });

  it('maps a missing workflow to 404', () => {
    const err = new WorkflowNotFoundError('not found', 'publication:42', undefined);
    expect(describeException(err)).toMatchObject({ statusCode: 404, message: '工作流不存在: publication:42', fault: false });
  });

  it.each([
    ['NotAllowed', 403],
    ['WrongStage', 409],
    ['StaleVersion', 409],
    ['RuleRefused', 422],
  ])('maps an update refused with %s to %i, keeping the validator message', (type, status) => {
    const cause = ApplicationFailure.create({ type, message: '当前步骤由 李娜 审核', nonRetryable: true });
    const err = new WorkflowUpdateFailedError('Workflow Update failed', cause);
    expect(describeException(err)).toMatchObject({ statusCode: status, message: '当前步骤由 李娜 审核', fault: false });
  });

  it('treats an update failing for another reason as a fault', () => {
    const err = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'Boom', message: 'x' }));
    expect(describeException(err)).toMatchObject({ statusCode: 500, fault: true });
  });

  it('keeps a 4xx raised by Fastify or a plugin', () => {
    const err = Object.assign(new Error('Unsupported Media Type: text/csv'), { statusCode: 415 });
    expect(describeException(err)).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', fault: false });
  });

  it("tells Fastify's own refusals in Chinese by their code", () => {
    // As Nest hands a parser's refusal on: the status only.
    const unsupported = new HttpException('Unsupported Media Type', 415);
    expect(describeException(unsupported)).toMatchObject({ statusCode: 415, message: expect.stringContaining('application/json'), fault: false });
    const badUrl = Object.assign(new Error("'/catalog/%E0%A4%A' is not a valid url component"), { statusCode: 400, code: 'FST_ERR_BAD_URL' });
    expect(describeException(badUrl).message).toBe('网址中有无效的百分号编码（%XX），请检查链接');
  });

  it('turns anything else into a 500 fault without its details', () => {
    const described = describeException(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(described).toEqual({ statusCode: 500, error: 'Internal Server Error', message: '服务器内部错误', fault: true });
  });

  it('treats a 5xx HttpException as a fault to log', () => {
    expect(describeException(new PayloadTooLargeException()).fault).toBe(false);
    expect(describeException(Object.assign(new Error('x'), { statusCode: 503 })).fault).toBe(true);
  });

  it('answers 504 with what to do when the engine misses the deadline, 503 when it cannot be reached', () => {
    const grpc = (code: number) => Object.assign(new Error('grpc'), { code, details: 'd', metadata: new Metadata() });
    const late = describeException(new ServiceError('deadline', { cause: grpc(4) }));
    expect(late).toMatchObject({ statusCode: 504, message: ENGINE_TIMED_OUT, fault: false });
    expect(late.message).toContain('重试是安全的');
    expect(describeException(new WorkflowUpdateRPCTimeoutOrCancelledError('late', { cause: grpc(4) })).statusCode).toBe(504);
    expect(describeException(new ServiceError('down', { cause: grpc(14) })).statusCode).toBe(503);
  });
});
