import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { describeRemovals, reviewNoticeHtml, type NoticeAttachment, type NoticeHtmlRemoval } from '@gongkai/domain/html';
import { validateDocumentNumber } from '@gongkai/domain';

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

/**
 * The end of a range (a civil date, or anything ordered as a string) is not
 * before its start, the sibling property `from`; either missing or invalid is
 * left to its own validation.
 */
export function IsNotBefore(from: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [from],
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const start = (args?.object as Record<string, unknown> | undefined)?.[from];
          return typeof value !== 'string' || typeof start !== 'string' || start <= value;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? '结束日期'}（${String(args?.value)}）不能早于 ${from}（${String((args?.object as Record<string, unknown> | undefined)?.[from])}）`,
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
 * An HTML body (bodyFormat=html) must come through the notice allowlist
 * unchanged: what cleaning would remove is named back to the author rather
 * than dropped from what they submitted. Images may only show the DTO's own
 * attachments. Plain text is never refused here.
 */
export function IsCleanNoticeHtml(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCleanNoticeHtml',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => removalsFrom(value, args?.object).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          `HTML 正文中有不允许的内容，保存时会被删除：${describeRemovals(removalsFrom(args?.value, args?.object))}。请在编辑器中删除这些内容后重新提交`,
      },
    });
}

function removalsFrom(body: unknown, dto: object | undefined): NoticeHtmlRemoval[] {
  const { bodyFormat, attachments } = (dto ?? {}) as { bodyFormat?: unknown; attachments?: unknown };
  if (bodyFormat !== 'html' || typeof body !== 'string') return [];
  return reviewNoticeHtml(body, attachmentsFrom(attachments)).removed;
}

/** Only well-formed entries: a malformed attachment is refused by its own field's validation. */
function attachmentsFrom(value: unknown): NoticeAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.filter((a): a is NoticeAttachment => typeof a?.name === 'string' && typeof a?.sha256 === 'string');
}
