import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { FieldErrorDto } from './error-response';

/** A UTF-16 surrogate without its partner: not text. The driver would store it as U+FFFD, silently. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const WHERE: Partial<Record<ArgumentMetadata['type'], string>> = { query: '查询参数', param: '路径参数', body: '字段' };

/** Enough to tell the caller what to fix; a hostile body could name thousands. */
const MAX_REPORTED = 20;

/**
 * Global pipe, before DTO validation: refuses any string in a body, query or
 * path parameter that PostgreSQL cannot store (NUL, which it rejects with an
 * error, even inside jsonb) or that is not well-formed Unicode. Once here, so no
 * field, DTO or activity has to remember it — a NUL that reached a workflow
 * made its projection activity fail for ever.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const where = WHERE[metadata.type];
    if (!where) return value;
    const errors = unstorableText(value, metadata.data ?? '', where);
    if (errors.length > 0) {
      throw new BadRequestException({ message: `请求参数无效：${errors.map((e) => e.field).join('、')}`, errors });
    }
    return value;
  }
}

/** Every string (values and object keys) in `value` that cannot be stored, by field path. */
export function unstorableText(value: unknown, root: string, where = '字段'): FieldErrorDto[] {
  const errors: FieldErrorDto[] = [];
  // Iterative: a body's depth is bounded by the JSON parser, but this pipe should not depend on that.
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      const field = printable(path) || '请求体';
      if (problem) errors.push({ field, messages: [`${where} ${field} ${problem}`] });
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => pending.push([item, join(path, String(i))]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) errors.push({ field: printable(join(path, key)), messages: [`${where}名 ${printable(key)} ${problem}`] });
        else pending.push([item, join(path, key)]);
      }
    }
  }
  return errors;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return '含有空字符（U+0000），无法保存；请删除该字符后重试';
  if (text.search(LONE_SURROGATE) >= 0) return '含有不成对的代理字符（U+D800–U+DFFF），不是有效的文字；请重新输入后重试';
  return undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A field name as it can be shown in a message: control characters and lone surrogates escaped. */
function printable(name: string): string {
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return name.replace(/\p{Cc}/gu, escape).replace(LONE_SURROGATE, escape);
}
