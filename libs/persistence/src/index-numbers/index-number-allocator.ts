/**
 * Allocates 索引号 serials: per organisation and period, in a database
 * transaction, so concurrent API/worker replicas never hand out the same
 * number. The counter row is updated with `INSERT … ON CONFLICT DO UPDATE`,
 * which takes a row lock: allocators for the same series queue, others don't.
 *
 * Gap-free on success: pass the caller's transaction (`manager`) and the serial
 * is committed or rolled back together with the item that uses it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  type CivilDate,
  formatIndexNumber,
  IndexNumberError,
  indexNumberPeriod,
  type IndexNumberPattern,
  maxSerial,
  validateIndexNumberPattern,
} from '@gongkai/domain';

export interface AllocatedIndexNumber {
  indexNumber: string;
  organisationCode: string;
  period: string;
  serial: number;
}

export class IndexNumberAllocator {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The next index number for an item dated `date` (Asia/Shanghai civil date).
   * With `manager` inside an open transaction the allocation joins it;
   * otherwise it runs in a transaction of its own.
   */
  async allocate(pattern: IndexNumberPattern, date: CivilDate, manager?: EntityManager): Promise<AllocatedIndexNumber> {
    validateIndexNumberPattern(pattern);
    const period = indexNumberPeriod(pattern, date);
    if (manager?.queryRunner?.isTransactionActive) return this.next(manager, pattern, period);
    return this.dataSource.transaction((m) => this.next(m, pattern, period));
  }

  private async next(m: EntityManager, pattern: IndexNumberPattern, period: string): Promise<AllocatedIndexNumber> {
    const rows: { last_serial: number }[] = await m.query(
      `INSERT INTO index_number_counter (organisation_code, period, last_serial) VALUES ($1, $2, 1)
       ON CONFLICT (organisation_code, period)
       DO UPDATE SET last_serial = index_number_counter.last_serial + 1, updated_at = now()
       RETURNING last_serial`,
      [pattern.organisationCode, period],
    );
    const serial = rows[0].last_serial;
    if (serial > maxSerial(pattern)) {
      // Throwing rolls the increment back with the transaction.
      throw new IndexNumberError(
        `${pattern.organisationCode} 在 ${period} 的索引号已用完（${pattern.serialWidth} 位流水号最多 ${maxSerial(pattern)} 个），请调整索引号规则`,
      );
    }
    return { indexNumber: formatIndexNumber(pattern, period, serial), organisationCode: pattern.organisationCode, period, serial };
  }
}
