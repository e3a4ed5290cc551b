import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';

/** Far beyond any DTO here (attachments are three levels); deep enough for any honest client. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * JSON bodies, parsed as Fastify does (refusing `__proto__` and
 * `constructor.prototype`), after refusing nesting deeper than MAX_JSON_DEPTH:
 * 50,000 levels parse fine but overflow the stack of whatever walks them next
 * (class-transformer), a 500. Parse errors are told in Chinese. Registering it
 * replaces Nest's default parsers: the API takes JSON only.
 */
export function useJsonBody(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(new BadRequestException(`请求体的数组或对象嵌套超过 ${MAX_JSON_DEPTH} 层，无法处理；请检查提交的数据`), undefined);
      return;
    }
    const text = body.toString('utf8');
    void parse(request, text, (err, value) => done(err ? new BadRequestException(parseErrorMessage(text)) : null, value));
  });
}

/**
 * Whether the JSON text nests arrays/objects deeper than `limit`. Scans bytes:
 * in UTF-8 the ASCII quote, backslash and brackets never occur inside a
 * multi-byte character, so no decoding is needed.
 */
export function nestsDeeperThan(json: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

function parseErrorMessage(text: string): string {
  if (text.trim() === '') return '请求体为空，但 Content-Type 为 application/json；请提交 JSON，或不要发送该请求头';
  try {
    JSON.parse(text);
  } catch {
    return '请求体不是有效的 JSON，请检查引号、逗号和括号';
  }
  return '请求体含有不允许的键 __proto__ 或 constructor.prototype';
}
