/**
 * Temporal's visibility query language (the "List Filter" of
 * ListWorkflowExecutions / CountWorkflowExecutions) compiled to parameterised
 * PostgreSQL over the executions table.
 *
 * Typical use:
 *
 *   const q = compileVisibilityQuery(request.query, schema, { paramOffset: 1 });
 *   client.query(
 *     `SELECT … FROM executions e WHERE e.namespace_id = $1 AND ${q.where} ORDER BY ${q.orderBy} LIMIT …`,
 *     [namespaceId, ...q.params],
 *   );
 *
 * A VisibilityQueryError means the query is the caller's fault (→ INVALID_ARGUMENT);
 * a TypeError means the schema or options passed by the server are wrong.
 *
 * Semantics where Temporal's stores differ or PostgreSQL needed a choice:
 *  - Missing attributes follow SQL NULL rules: a row without attribute X never
 *    satisfies a predicate on X — not `!=`, `NOT IN`, `NOT BETWEEN`,
 *    `NOT STARTS_WITH`, nor `NOT (…)` — only `X IS NULL` finds it (as in
 *    Temporal's SQL stores). A KeywordList that is absent, JSON null or `[]` IS NULL.
 *  - Text `=` is a case-insensitive substring match (ILIKE, wildcards escaped),
 *    not Temporal's word match; `!=` is its negation. Text supports no other operator.
 *  - KeywordList `=` means "contains", `IN` "contains any"; values must be
 *    stored as JSON arrays.
 *  - Keyword ranges and ORDER BY compare byte-wise (COLLATE "C").
 *  - ExecutionStatus takes names ('Running'), enum numbers (1) or proto names
 *    (WORKFLOW_EXECUTION_STATUS_RUNNING), stored and compared as the name;
 *    only =, !=, IN, NOT IN (the text order of names is not the enum order).
 *  - Datetime takes RFC3339 (validated; fraction truncated to µs) or an
 *    integer of Unix nanoseconds, as Temporal does. Int accepts fractions.
 *  - ORDER BY puts missing values last in both directions, refuses Text and
 *    KeywordList, and ends with run_id as tiebreaker. Without ORDER BY the
 *    order is Temporal's: COALESCE(close_time, 'infinity') DESC, start_time DESC, run_id.
 *  - Built-in Keyword columns must be text/varchar (their parameters are typed
 *    from the column).
 */
import { parseVisibilityQuery } from './parser';
import type { SearchAttributeSchema } from './schema';
import { toSql, type CompileOptions, type CompiledVisibilityQuery } from './to-sql';

export { VisibilityQueryError } from './errors';
export { parseVisibilityQuery } from './parser';
export type { VisibilityQueryAst, Expr, Literal, AttributeRef, OrderItem, CompareOp } from './parser';
export {
  BUILTIN_SEARCH_ATTRIBUTES,
  DEFAULT_SEARCH_ATTRIBUTES_COLUMN,
  DEFAULT_TABLE_ALIAS,
  EXECUTION_STATUSES,
  SEARCH_ATTRIBUTE_TYPES,
  isBuiltinSearchAttribute,
} from './schema';
export type { BuiltinSearchAttribute, SearchAttributeSchema, SearchAttributeType } from './schema';
export type { CompileOptions, CompiledVisibilityQuery } from './to-sql';
export { afterDefaultOrderKey } from './to-sql';

export function compileVisibilityQuery(
  query: string,
  schema: SearchAttributeSchema,
  options?: CompileOptions,
): CompiledVisibilityQuery {
  return toSql(parseVisibilityQuery(query), schema, options);
}
