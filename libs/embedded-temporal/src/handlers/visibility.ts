/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * ListWorkflowExecutions / CountWorkflowExecutions over the executions table.
 * The query language is compiled to parameterised SQL by ../visibility; a
 * query the compiler refuses is the caller's fault (INVALID_ARGUMENT).
 */
import type { Engine } from '../engine/engine';
import { invalidArgument } from '../errors';
import { compileVisibilityQuery, VisibilityQueryError, type SearchAttributeType } from '../visibility';

const MAX_PAGE = 1000;

export async function listExecutions(engine: Engine, req: any): Promise<object> {
  const namespace = req.namespace || 'default';
  engine.namespace(namespace);
  const { where, params, orderBy } = compile(engine, namespace, req.query ?? '');
  const pageSize = Number(req.pageSize) > 0 ? Math.min(Number(req.pageSize), MAX_PAGE) : MAX_PAGE;
  const offset = pageOffset(req.nextPageToken);
  const rows = await engine.store.listExecutions(namespace, where, params, orderBy, pageSize + 1, offset);
  const more = rows.length > pageSize;
  return {
    executions: rows.slice(0, pageSize).map((s) => engine.executionInfo(s)),
    nextPageToken: more ? Buffer.from(String(offset + pageSize)) : Buffer.alloc(0),
  };
}

export async function countExecutions(engine: Engine, req: any): Promise<object> {
  const namespace = req.namespace || 'default';
  engine.namespace(namespace);
  const { where, params } = compile(engine, namespace, req.query ?? '');
  return { count: await engine.store.countExecutions(namespace, where, params) };
}

function compile(engine: Engine, namespace: string, query: string): { where: string; params: unknown[]; orderBy: string } {
  const custom = Object.fromEntries(engine.customSearchAttributes(namespace)) as Record<string, SearchAttributeType>;
  try {
    // $1 is the namespace in the store's statement.
    const compiled = compileVisibilityQuery(query, { custom }, { paramOffset: 1, tableAlias: 'e' });
    return { where: compiled.where, params: compiled.params, orderBy: compiled.orderBy };
  } catch (err) {
    if (err instanceof VisibilityQueryError) throw invalidArgument(`invalid query: ${err.message}`);
    throw err;
  }
}

function pageOffset(token: Uint8Array | undefined | null): number {
  if (!token?.length) return 0;
  const n = Number(Buffer.from(token).toString());
  if (!Number.isSafeInteger(n) || n < 0) throw invalidArgument('invalid next page token');
  return n;
}
