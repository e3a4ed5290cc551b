import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the list and inbox reads need at scale (bench/publication.ts, 100,000
 * items): who-may-read as index lookups instead of a scan of review_tasks per
 * query, stage deciders searchable, and `overdue` usable both ways.
 */
export class PublicationReadIndexes1764300003000 implements MigrationInterface {
  name = 'PublicationReadIndexes1764300003000';

  async up(q: QueryRunner): Promise<void> {
    // readAccess(): the items a user has (had) a review task on, as assignee or as the holder a delegate stood in for.
    await q.query('CREATE INDEX review_tasks_assignee_publication_idx ON review_tasks (assignee_id, publication_id)');
    await q.query(
      'CREATE INDEX review_tasks_delegate_publication_idx ON review_tasks (delegate_of, publication_id) WHERE delegate_of IS NOT NULL',
    );
    // readAccess(): `stage_deciders @> ARRAY[user]`.
    await q.query('CREATE INDEX publications_deciders_idx ON publications USING gin (stage_deciders)');
    // ?overdue=false as well as ?overdue=true (the partial index only served true).
    await q.query('CREATE INDEX publications_overdue_created_idx ON publications (overdue, created_at DESC)');
    await q.query('DROP INDEX publications_overdue_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX publications_overdue_idx ON publications (created_at DESC) WHERE overdue');
    await q.query('DROP INDEX publications_overdue_created_idx');
    await q.query('DROP INDEX publications_deciders_idx');
    await q.query('DROP INDEX review_tasks_delegate_publication_idx');
    await q.query('DROP INDEX review_tasks_assignee_publication_idx');
  }
}
