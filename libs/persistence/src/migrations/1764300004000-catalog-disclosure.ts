import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public catalogue holds only what the law makes public (条例 Art. 19–20):
 * every entry carries its disclosure attribute, and the database itself refuses
 * a body on an entry that is not 主动公开 or that has been retracted. Bodies
 * that earlier versions copied into such entries are erased here; the draft
 * versions (staff-only) keep the text.
 */
export class CatalogDisclosure1764300004000 implements MigrationInterface {
  name = 'CatalogDisclosure1764300004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE catalog_entries ADD COLUMN attribute text');
    await q.query('UPDATE catalog_entries c SET attribute = p.attribute FROM publications p WHERE p.id = c.publication_id');
    await q.query(`
      ALTER TABLE catalog_entries
        ALTER COLUMN attribute SET NOT NULL,
        ADD CONSTRAINT catalog_entries_attribute_check CHECK (attribute IN ('proactive', 'on_request', 'not_disclosed')),
        ALTER COLUMN body DROP NOT NULL`);
    await q.query(`UPDATE catalog_entries SET body = NULL, attachments = '[]' WHERE attribute <> 'proactive' OR status = 'withdrawn'`);
    await q.query(`
      ALTER TABLE catalog_entries ADD CONSTRAINT catalog_entries_public_body_check
        CHECK (body IS NULL OR (attribute = 'proactive' AND status = 'published'))`);
    // The public list: 主动公开 entries only, newest first.
    await q.query(
      `CREATE INDEX catalog_entries_public_idx ON catalog_entries (published_at DESC, index_number DESC) WHERE attribute = 'proactive'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX catalog_entries_public_idx');
    await q.query('ALTER TABLE catalog_entries DROP CONSTRAINT catalog_entries_public_body_check');
    await q.query(`UPDATE catalog_entries SET body = '' WHERE body IS NULL`);
    await q.query('ALTER TABLE catalog_entries ALTER COLUMN body SET NOT NULL, DROP CONSTRAINT catalog_entries_attribute_check');
    await q.query('ALTER TABLE catalog_entries DROP COLUMN attribute');
  }
}
