import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldErrorDto } from './error-response';

/** Global DTO validation: unknown fields are refused, every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new BadRequestException({
        message: `请求参数无效：${fields.map((f) => f.field).join('、')}`,
        errors: fields,
      });
    },
  });
}

/** Nested class-validator errors → one entry per field path (`author.name`, `items.0.title`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: messagesOf(field, error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator's own English for a field that should not be there, or is not an object. */
const REWORDED = new Map<string, (field: string) => string>([
  ['whitelistValidation', (field) => `不接受字段 ${field}，请删除`],
  ['nestedValidation', (field) => `${field} 必须是对象`],
]);

/** Each message once (IsInt and Min often say the same), class-validator's own ones in Chinese. */
function messagesOf(field: string, constraints: Record<string, string>): string[] {
  return [...new Set(Object.entries(constraints).map(([name, message]) => REWORDED.get(name)?.(field) ?? message))];
}
