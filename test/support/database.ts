import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@gongkai/persistence/data-source';

/** The URL of the run's shared PostgreSQL (started by global-setup.ts). */
export function testDatabaseUrl(): string {
  const url = process.env.GONGKAI_TEST_DATABASE_URL;
  if (!url) throw new Error('GONGKAI_TEST_DATABASE_URL is not set: run tests through jest (global setup starts Postgres)');
  return url;
}

/** A TypeORM data source on the test database; destroy it in afterAll. */
export async function openTestDataSource(): Promise<DataSource> {
  const ds = createDataSource(testDatabaseUrl(), { extra: { max: 10 } });
  await ds.initialize();
  return ds;
}

/** A raw pg client on the test database; end it in afterAll. */
export async function openTestClient(): Promise<Client> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  return client;
}
