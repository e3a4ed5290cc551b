import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { IntParamPipe, PG_INTEGER_MAX } from '../common/int-param.pipe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A publication id is a UUID; anything else names no item (404, not a database error). */
@Injectable()
export class PublicationIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundException(`稿件不存在：${value}`);
    return value.toLowerCase();
  }
}

export const versionNumberPipe = new IntParamPipe({ min: 1, max: PG_INTEGER_MAX, message: `版本号必须是 1–${PG_INTEGER_MAX} 的整数` });
