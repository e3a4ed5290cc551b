/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/** ListWorkflowExecutions / CountWorkflowExecutions over the executions table. */
import type { Engine } from '../engine/engine';
import { invalidArgument } from '../errors';

export async function listExecutions(engine: Engine, req: any): Promise<object> {
  const namespace = req.namespace || 'default';
  engine.namespace(namespace);
  const { where, params, orderBy } = compile(engine, namespace, req.query ?? '');
  const pageSize = Number(req.pageSize) > 0 ? Math.min(Number(req.pageSize), 1000) : 1000;
  const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) || 0 : 0;
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
  // Full query language: libs/embedded-temporal/src/visibility (wired in below once available).
  if (!query.trim()) return { where: '', params: [], orderBy: 'e.start_time DESC, e.run_id' };
  void engine;
  throw invalidArgument(`visibility query not supported yet: ${query}`);
}
