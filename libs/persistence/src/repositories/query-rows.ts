import type { DataSource, EntityManager } from 'typeorm';

/** Where a repository runs its statements: the pool, or a caller's transaction it joins. */
export type Db = DataSource | EntityManager;

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

/** The manager of `db`, to run a transaction on or to join one. */
export function managerOf(db: Db): EntityManager {
  return 'connection' in db ? db : db.manager;
}

/**
 * A SELECT list for `props` of `entity` under table alias `alias`, each column
 * named after its property, so a raw row already has the entity's shape
 * (`Pick<Entity, …>`). A `date` column is read as its `YYYY-MM-DD` text, as the
 * entities declare it.
 */
const selectLists = new WeakMap<object, Map<string, string>>();

export function columnsOf<E, K extends keyof E & string>(
  db: Db,
  entity: new () => E,
  alias: string,
  props: readonly K[],
): string {
  const ds = managerOf(db).connection;
  const lists = selectLists.get(ds) ?? new Map<string, string>();
  selectLists.set(ds, lists);
  const key = `${entity.name} ${alias} ${props.join(',')}`;
  const known = lists.get(key);
  if (known !== undefined) return known;
  const metadata = ds.getMetadata(entity);
  const list = props
    .map((p) => {
      const column = metadata.findColumnWithPropertyName(p);
      if (!column) throw new Error(`${metadata.name} has no column ${p}`);
      return `${alias}.${column.databaseName}${column.type === 'date' ? '::text' : ''} AS "${p}"`;
    })
    .join(', ');
  lists.set(key, list);
  return list;
}
