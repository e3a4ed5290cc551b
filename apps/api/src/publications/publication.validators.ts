import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { validateDocumentNumber } from '../../../../libs/domain/src/numbers/document-number';

/** 文号 in GB/T 9704 form; the message names what is wrong (e.g. the brackets). */
export function IsDocumentNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDocumentNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateDocumentNumber(value).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? `文号“${args.value}”不规范：${validateDocumentNumber(args.value).join('；')}`
            : '文号必须是字符串',
      },
    });
}

/** A real calendar date written YYYY-MM-DD. */
export function IsCivilDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCivilDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCivilDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? '日期'} 必须是 YYYY-MM-DD 格式的有效日期`,
      },
    });
}

export function isCivilDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/**
 * An HTML body must already be sanitised: no scripts, event handlers,
 * javascript: URLs or embedded frames. Plain text is never refused here.
 */
const UNSAFE_HTML = /<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=|javascript\s*:/i;

export function IsSafeHtmlBody(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSafeHtmlBody',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          (args?.object as { bodyFormat?: string }).bodyFormat !== 'html' || typeof value !== 'string' || !UNSAFE_HTML.test(value),
        defaultMessage: () => 'HTML 正文含有脚本、事件属性、javascript: 链接或内嵌框架，请先清理',
      },
    });
}
