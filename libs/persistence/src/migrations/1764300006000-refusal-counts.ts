import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refused attempts by people who may not read an item are counted, not
 * listed: they share one timeline row per (item, user, action, hour), found
 * by `dedupe_key` (TimelineRepository.append upserts on it for a counted refusal). Every other
 * row keeps a NULL key, which the partial unique index leaves out.
 */
export class RefusalCounts1764300006000 implements MigrationInterface {
  name = 'RefusalCounts1764300006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE timeline_events ADD COLUMN dedupe_key text');
    await q.query(
      'CREATE UNIQUE INDEX timeline_events_dedupe_key_idx ON timeline_events (publication_id, dedupe_key) WHERE dedupe_key IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX timeline_events_dedupe_key_idx');
    await q.query('ALTER TABLE timeline_events DROP COLUMN dedupe_key');
  }
}
