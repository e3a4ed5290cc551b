/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * ListWorkflowExecutions / CountWorkflowExecutions over the executions table.
 * The query language is compiled to parameterised SQL by ../visibility; a
 * query the compiler refuses is the caller's fault (INVALID_ARGUMENT).
 */
import type { Engine } from '../engine/engine';
import { invalidArgument } from '../errors';
import type { VisibilityKey } from '../engine/store';
import { countGroups } from './count-groups';
import { compileVisibilityQuery, VisibilityQueryError, type SearchAttributeType } from '../visibility';

const MAX_PAGE = 1000;

export async function listExecutions(engine: Engine, req: any): Promise<object> {
  const namespace = req.namespace || 'default';
  engine.namespace(namespace);
  const { where, params, orderBy, defaultOrder, groupBy } = compile(engine, namespace, req.query ?? '');
  if (groupBy) throw invalidArgument("invalid query: 'GROUP BY' clause is only supported in CountWorkflowExecutions");
  const pageSize = Number(req.pageSize) > 0 ? Math.min(Number(req.pageSize), MAX_PAGE) : MAX_PAGE;
  const start = readPageToken(req.nextPageToken, defaultOrder);
  const rows = await engine.store.listExecutions(namespace, where, params, orderBy, pageSize + 1, start);
  const page = rows.slice(0, pageSize);
  let nextPageToken = Buffer.alloc(0);
  if (rows.length > pageSize) {
    nextPageToken = defaultOrder
      ? Buffer.from(`k${JSON.stringify(page[page.length - 1].key)}`)
      : Buffer.from(`o${('offset' in start ? start.offset : 0) + pageSize}`);
  }
  return { executions: page.map((r) => engine.executionInfo(r.state)), nextPageToken };
}

export async function countExecutions(engine: Engine, req: any): Promise<object> {
  const namespace = req.namespace || 'default';
  engine.namespace(namespace);
  const { where, params, groupBy } = compile(engine, namespace, req.query ?? '');
  if (!groupBy) return { count: await engine.store.countExecutions(namespace, where, params) };
  return countGroups(await engine.store.countExecutionsGrouped(namespace, where, params, groupBy));
}

function compile(engine: Engine, namespace: string, query: string): { where: string; params: unknown[]; orderBy: string; defaultOrder: boolean; groupBy?: string } {
  const custom = Object.fromEntries(engine.customSearchAttributes(namespace)) as Record<string, SearchAttributeType>;
  try {
    // $1 is the namespace in the store's statement.
    const compiled = compileVisibilityQuery(query, { custom }, { paramOffset: 1, tableAlias: 'e' });
    return { where: compiled.where, params: compiled.params, orderBy: compiled.orderBy, defaultOrder: compiled.defaultOrder, groupBy: compiled.groupBy };
  } catch (err) {
    if (err instanceof VisibilityQueryError) throw invalidArgument(`invalid query: ${err.message}`);
    throw err;
  }
}

/**
 * The page token: `k{key}` continues the default order after the last row's key (keyset), `o<n>` an
 * explicit ORDER BY at an offset (its sort keys may be any attribute, so no key is kept).
 */
function readPageToken(token: Uint8Array | undefined | null, defaultOrder: boolean): { offset: number } | { after: VisibilityKey } {
  if (!token?.length) return { offset: 0 };
  const text = Buffer.from(token).toString();
  const bad = () => invalidArgument('invalid next page token: pass back the token of the previous page, with the same query');
  if (text.startsWith('k') && defaultOrder) {
    let key: Partial<VisibilityKey>;
    try {
      key = JSON.parse(text.slice(1)) as Partial<VisibilityKey>;
    } catch {
      throw bad();
    }
    const time = (v: unknown) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(v) && !Number.isNaN(Date.parse(v));
    if (!key || (key.close !== null && !time(key.close)) || !time(key.start) || typeof key.runId !== 'string') throw bad();
    return { after: { close: key.close ?? null, start: key.start!, runId: key.runId } };
  }
  if (text.startsWith('o') && !defaultOrder) {
    const n = Number(text.slice(1));
    if (!Number.isSafeInteger(n) || n < 0) throw bad();
    return { offset: n };
  }
  throw bad();
}
