import type { DataSource } from 'typeorm';
import { createDataSource } from '@gongkai/persistence/data-source';
import { testDatabaseUrl } from '../support/database';

/**
 * TypeORM reads a generated column's expression from its own `typeorm_metadata`
 * table, which the migrations (rightly) never create. Rebuilt here from the
 * catalog as a temporary table, per session: the entities' `asExpression` is
 * compared with what PostgreSQL actually stores, and the shared schema is untouched.
 */
async function provideGeneratedColumnExpressions(ds: DataSource): Promise<void> {
  await ds.query(`
    CREATE TEMPORARY TABLE typeorm_metadata (
      type varchar NOT NULL, database varchar, schema varchar, "table" varchar, name varchar, value text
    )`);
  await ds.query(`
    INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
    SELECT 'GENERATED_COLUMN', table_catalog, table_schema, table_name, column_name, generation_expression
    FROM information_schema.columns
    WHERE table_schema = 'public' AND is_generated = 'ALWAYS'`);
}

// The migrations own the schema (synchronize is off); the entities must describe
// the same tables, or TypeORM reads and writes columns that are not what it thinks.
describe('the TypeORM entities', () => {
  let ds: DataSource;
  beforeAll(async () => {
    // gongkai's schema is `public`, set as the search path rather than the `schema` option (with
    // that, TypeORM would look for `public.typeorm_metadata`, not the temporary table). The engine's
    // own schemas stay out. One connection, so every query TypeORM makes sees the temporary table.
    ds = createDataSource(testDatabaseUrl(), { extra: { max: 1, options: '-c search_path=public' } });
    await ds.initialize();
    await provideGeneratedColumnExpressions(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('are compared with gongkai’s own schema', () => {
    expect(ds.driver.schema).toBe('public');
  });

  it('match the migrated schema: a schema diff finds nothing to change', async () => {
    const { upQueries } = await ds.driver.createSchemaBuilder().log();
    // Each element is the SQL TypeORM would run to make the database fit the entities.
    expect(upQueries.map((q) => q.query)).toEqual([]);
  });
});
