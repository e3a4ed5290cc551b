import { BadRequestException } from '@nestjs/common';
import { StorableTextPipe } from './storable-text.pipe';

const pipe = new StorableTextPipe();

function refusal(value: unknown, type: 'body' | 'query' | 'param', data?: string): { field: string; messages: string[] }[] {
  try {
    pipe.transform(value, { type, data });
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string; messages: string[] }[] }).errors;
  }
  throw new Error('expected a refusal');
}

describe('StorableTextPipe', () => {
  it('names a nested body field holding a NUL', () => {
    const errors = refusal({ title: 'ok', attachments: [{ name: 'a\u0000.pdf' }] }, 'body');
    expect(errors).toEqual([{ field: 'attachments.0.name', messages: [expect.stringContaining('空字符（U+0000）')] }]);
    expect(errors[0].messages[0]).toMatch(/^字段 attachments\.0\.name /);
  });

  it('says where a query or path parameter came from', () => {
    expect(refusal({ text: '\u0000' }, 'query')[0].messages[0]).toMatch(/^查询参数 text 含有空字符/);
    expect(refusal('\u0000', 'param', 'indexNumber')[0].messages[0]).toMatch(/^路径参数 indexNumber 含有空字符/);
  });

  it('refuses a lone surrogate and an object key with a NUL, shown escaped', () => {
    expect(refusal({ note: 'a\ud800b' }, 'body')[0].messages[0]).toContain('不成对的代理字符');
    expect(refusal({ 'a\u0000': 1 }, 'body')[0]).toEqual({ field: 'a\\u0000', messages: [expect.stringContaining('字段名 a\\u0000')] });
  });

  it('lets well-formed text through unchanged, emoji and Chinese included', () => {
    const body = { title: '关于 👍 的通知', n: 1, list: [null, true, 'x'] };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('\u0000', { type: 'custom' })).toBe('\u0000');
  });
});
