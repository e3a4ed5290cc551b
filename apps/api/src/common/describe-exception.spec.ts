import { BadRequestException, ConflictException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { describeException } from './describe-exception';

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
});
