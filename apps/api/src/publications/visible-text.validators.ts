import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, registerDecorator, type ValidationOptions } from 'class-validator';

/** Characters that show nothing: whitespace (incl. the ideographic space U+3000 and U+FEFF) and the zero-width ones. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Bidi embeddings, overrides and isolates: they reorder how the text around
 * them is displayed, so a title or file name could read differently from what
 * it is (“通知\u202Efdp.exe” shows as “通知exe.pdf”).
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

/** Refuses a non-empty string with nothing visible in it; an empty one is left to @IsNotEmpty, a non-string to @IsString. */
export function IsVisibleText(label: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isVisibleText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${label}不能只由空格或零宽字符组成，请填写内容`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || value === '' || hasVisibleText(value) },
    });
}

export function HasNoBidiControls(label: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasNoBidiControls',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${label}含有文字方向控制字符（U+202A–U+202E、U+2066–U+2069），会使显示的文字顺序与实际不符；请删除后重试`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !BIDI_CONTROL.test(value) },
    });
}

/** An optional text of only spaces or zero-width characters is treated as not given (a reason so written is a missing reason). */
export function BlankAsMissing(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && !hasVisibleText(value) ? undefined : value));
}

/** A required free-text field: a string, not blank, at most `max` characters, with visible text and no bidi controls. */
export function VisibleTextField(label: string, max: number): PropertyDecorator {
  return (target, key) =>
    [
      IsString({ message: `${label}必须是字符串` }),
      IsNotEmpty({ message: `${label}不能为空` }),
      MaxLength(max, { message: `${label}不能超过 ${max} 个字符` }),
      IsVisibleText(label),
      HasNoBidiControls(label),
    ].forEach((d) => d(target, key));
}

/** The same field, optional: blank counts as missing. */
export function OptionalVisibleTextField(label: string, max: number): PropertyDecorator {
  return (target, key) => [BlankAsMissing(), IsOptional(), VisibleTextField(label, max)].forEach((d) => d(target, key));
}
