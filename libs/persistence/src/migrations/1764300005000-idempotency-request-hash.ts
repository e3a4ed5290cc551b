import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key remembers a fingerprint of the request that claimed it,
 * so reusing the key for a different request is refused (422) instead of
 * answering the first item. Keys claimed before this have none and are
 * treated as matching.
 */
export class IdempotencyRequestHash1764300005000 implements MigrationInterface {
  name = 'IdempotencyRequestHash1764300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN request_hash text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN request_hash');
  }
}
