import type { DataSource } from 'typeorm';
import type { IndexNumberPattern } from '@gongkai/domain/numbers/index-number';
import { IndexNumberAllocator } from '@gongkai/persistence/index-numbers/index-number-allocator';
import { openTestDataSource } from '../support/database';

describe('IndexNumberAllocator on PostgreSQL', () => {
  let ds: DataSource;
  let allocator: IndexNumberAllocator;
  // A fresh organisation per run keeps reruns against a kept database independent.
  const org = () => `9${String(Date.now()).slice(-8)}${Math.floor(Math.random() * 1e4)}`.slice(0, 12).toUpperCase();

  beforeAll(async () => {
    ds = await openTestDataSource();
    allocator = new IndexNumberAllocator(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('hands 50 concurrent allocators 50 different serials, 1 to 50 with no gap', async () => {
    const pattern: IndexNumberPattern = { organisationCode: org(), period: 'YYYY', serialWidth: 5 };
    const results = await Promise.all(Array.from({ length: 50 }, () => allocator.allocate(pattern, '2025-06-30')));
    const serials = results.map((r) => r.serial).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.indexNumber)).size).toBe(50);
    expect(results.find((r) => r.serial === 7)!.indexNumber).toBe(`${pattern.organisationCode}/2025-00007`);
  });

  it('keeps separate series per period and per organisation', async () => {
    const monthly: IndexNumberPattern = { organisationCode: org(), period: 'YYYYMM', serialWidth: 3, categoryCode: 'A01' };
    expect((await allocator.allocate(monthly, '2025-01-31')).indexNumber).toBe(`${monthly.organisationCode}/A01-202501-001`);
    expect((await allocator.allocate(monthly, '2025-02-01')).indexNumber).toBe(`${monthly.organisationCode}/A01-202502-001`);
    expect((await allocator.allocate(monthly, '2025-01-15')).serial).toBe(2);
    const other = { ...monthly, organisationCode: org() + 'B' };
    expect((await allocator.allocate(other, '2025-01-15')).serial).toBe(1);
  });

  it('leaves no gap when the caller’s transaction rolls back', async () => {
    const pattern: IndexNumberPattern = { organisationCode: org(), period: 'YYYY', serialWidth: 5 };
    await allocator.allocate(pattern, '2025-03-01');
    await expect(
      ds.transaction(async (m) => {
        const taken = await allocator.allocate(pattern, '2025-03-02', m);
        expect(taken.serial).toBe(2);
        throw new Error('publishing the item failed');
      }),
    ).rejects.toThrow('publishing the item failed');
    expect((await allocator.allocate(pattern, '2025-03-03')).serial).toBe(2);
  });

  it('refuses to overflow the serial width instead of wrapping around', async () => {
    const pattern: IndexNumberPattern = { organisationCode: org(), period: 'YYYY', serialWidth: 3 };
    await ds.query('INSERT INTO index_number_counter (organisation_code, period, last_serial) VALUES ($1, $2, 999)', [
      pattern.organisationCode,
      '2025',
    ]);
    await expect(allocator.allocate(pattern, '2025-12-31')).rejects.toThrow(/索引号已用完/);
    const [row] = await ds.query('SELECT last_serial FROM index_number_counter WHERE organisation_code = $1', [
      pattern.organisationCode,
    ]);
    expect(row.last_serial).toBe(999);
  });
});
