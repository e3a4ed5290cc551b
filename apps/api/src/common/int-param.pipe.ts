import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** The largest PostgreSQL `integer`: versions and years are stored as one. */
export const PG_INTEGER_MAX = 2_147_483_647;

/**
 * A whole-number path parameter within [min, max], else 400 with `message`.
 * (ParseIntPipe lets 2147483648 through, and Postgres then fails the query: a 500.)
 */
export class IntParamPipe implements PipeTransform<string, number> {
  constructor(private readonly range: { min: number; max: number; message: string }) {}

  transform(value: string): number {
    const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= this.range.min && n <= this.range.max)) throw new BadRequestException(this.range.message);
    return n;
  }
}
