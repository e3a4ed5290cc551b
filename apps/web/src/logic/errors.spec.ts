import { fieldMessage, otherFieldMessages, signInMessage, toFailure } from './errors';

describe('API failures as the pages show them', () => {
  it('keeps the message and joins each field’s messages', () => {
    const f = toFailure(400, {
      statusCode: 400, error: 'Bad Request', message: '请求参数无效：title', requestId: 'r1',
      errors: [{ field: 'title', messages: ['不能为空', '不超过 200 字'] }, { field: 'confidentiality.conclusion', messages: ['必填'] }],
    });
    expect(f).toMatchObject({ status: 400, message: '请求参数无效：title', requestId: 'r1' });
    expect(f.fields.title).toBe('不能为空；不超过 200 字');
    expect(fieldMessage(f, 'confidentiality')).toBe('必填');
    expect(fieldMessage(f, 'body')).toBe('');
  });

  it('reads the machine-readable code the contract adds', () => {
    expect(toFailure(423, { statusCode: 423, message: '连续登录失败次数过多，账号已锁定，请 15 分钟后再试', code: 'ACCOUNT_LOCKED' }).code).toBe('ACCOUNT_LOCKED');
  });

  it('falls back to a message by status when the body is not the error shape', () => {
    expect(toFailure(504, 'gateway').message).toContain('操作可能已生效');
    expect(toFailure(502, null).message).toBe('服务器出错，请稍后再试');
    expect(toFailure(418, undefined).message).toBe('请求失败（418）');
  });

  it('lists the field errors a form does not show, so none is lost', () => {
    const f = toFailure(400, { message: 'x', errors: [{ field: 'title', messages: ['a'] }, { field: 'attachments.0.sha256', messages: ['b'] }] });
    expect(otherFieldMessages(f, ['title', 'body'])).toEqual(['attachments.0.sha256：b']);
  });

  it('sign-in: 401 never says whether the user exists; 423 shows the lock message', () => {
    expect(signInMessage(toFailure(401, { message: '用户不存在' }))).toBe('用户名或密码错误');
    expect(signInMessage(toFailure(423, { message: '连续登录失败次数过多，账号已锁定，请 15 分钟后再试' }))).toBe(
      '连续登录失败次数过多，账号已锁定，请 15 分钟后再试',
    );
  });
});
