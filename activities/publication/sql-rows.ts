/**
 * TypeORM's `query()` on Postgres answers UPDATE/DELETE with `[rows, rowCount]`
 * but INSERT/SELECT with `rows`; `queryRows` returns the (RETURNING) rows either way.
 */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function queryRows<T = Record<string, unknown>>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await db.query(sql, parameters);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
