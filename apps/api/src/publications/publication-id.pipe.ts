import { BadRequestException, Injectable, NotFoundException, ParseIntPipe, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A publication id is a UUID; anything else names no item (404, not a database error). */
@Injectable()
export class PublicationIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundException(`稿件不存在：${value}`);
    return value.toLowerCase();
  }
}

export const versionNumberPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException('版本号必须是正整数') });
