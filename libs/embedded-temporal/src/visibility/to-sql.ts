import { normalizeRfc3339, unixNanosToRfc3339 } from './datetime';
import { VisibilityQueryError } from './errors';
import type { AttributeRef, CompareOp, Expr, Literal, OrderItem, VisibilityQueryAst } from './parser';
import {
  BUILTIN_SEARCH_ATTRIBUTES,
  DEFAULT_SEARCH_ATTRIBUTES_COLUMN,
  DEFAULT_TABLE_ALIAS,
  EXECUTION_STATUSES,
  SEARCH_ATTRIBUTE_TYPES,
  isBuiltinSearchAttribute,
  type SearchAttributeSchema,
  type SearchAttributeType,
} from './schema';

/**
 * A filter compiled for PostgreSQL. Every user-supplied value is in `params`
 * and referenced by `$n`; the SQL text only ever contains column names, schema
 * attribute names (quoted as literals) and fixed syntax.
 */
export interface CompiledVisibilityQuery {
  /** A boolean SQL expression, safe to combine with `AND` as is (`TRUE` for an empty filter). */
  where: string;
  /** Values for `$paramOffset+1 … $paramOffset+params.length`, in order. */
  params: unknown[];
  /** The ORDER BY list (without the keywords "ORDER BY"); always ends in a unique tiebreaker. */
  orderBy: string;
  /**
   * True when the query had no ORDER BY, i.e. `orderBy` is the default
   * `COALESCE(close_time, 'infinity') DESC, start_time DESC, run_id`; keyset
   * page tokens (close time, start time, run id) are only valid for that order.
   */
  defaultOrder: boolean;
  /**
   * The SQL expression of the query's GROUP BY attribute, or undefined without one. As in Temporal, only
   * ExecutionStatus can be grouped by, one attribute at most, and only CountWorkflowExecutions accepts it.
   */
  groupBy?: string;
}

export interface CompileOptions {
  /** How many `$n` parameters precede ours in the statement; our first placeholder is `$(paramOffset + 1)`. Default 0. */
  paramOffset?: number;
  /** Alias (or name) of the executions table in the surrounding statement. Default `e`. */
  tableAlias?: string;
}

type Operator = CompareOp | 'IN' | 'NOT IN' | 'BETWEEN' | 'NOT BETWEEN' | 'STARTS_WITH' | 'NOT STARTS_WITH';

const ORDERING: Operator[] = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN'];

/**
 * Operators per type, as in Temporal's query converter (IS [NOT] NULL is
 * allowed for every type). Bool gets equality only: ordering booleans is
 * meaningless even though Temporal's parser lets it through.
 */
const OPERATORS: Record<SearchAttributeType, readonly Operator[]> = {
  Keyword: [...ORDERING, 'STARTS_WITH', 'NOT STARTS_WITH'],
  Text: ['=', '!='],
  Int: ORDERING,
  Double: ORDERING,
  Datetime: ORDERING,
  Bool: ['=', '!=', 'IN', 'NOT IN'],
  KeywordList: ['=', '!=', 'IN', 'NOT IN'],
};

/**
 * ExecutionStatus is a Keyword, but it is stored as a name whose text order
 * differs from Temporal's (numeric enum) order, so only equality is offered
 * rather than silently different range semantics.
 */
const EXECUTION_STATUS_OPERATORS: readonly Operator[] = ['=', '!=', 'IN', 'NOT IN'];

/** PostgreSQL's wire protocol limit on bind parameters per statement. */
const MAX_PARAMS = 65535;

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

interface ResolvedAttribute {
  name: string;
  type: SearchAttributeType;
  /** A column of the executions table rather than a key of the JSONB column. */
  builtin: boolean;
  /** Set for ExecutionStatus, whose values are validated against the enum. */
  isExecutionStatus: boolean;
  /** The stored value with no cast: a column, or text extracted from the JSONB (jsonb for KeywordList). */
  raw: string;
  /** The value cast to the attribute's type, for comparisons and ORDER BY. */
  typed: string;
}

export function toSql(
  ast: VisibilityQueryAst,
  schema: SearchAttributeSchema,
  options: CompileOptions = {},
): CompiledVisibilityQuery {
  return new SqlCompiler(schema, options).compile(ast);
}

class SqlCompiler {
  private readonly params: unknown[] = [];
  private readonly offset: number;
  private readonly alias: string;
  private readonly column: string;

  constructor(
    private readonly schema: SearchAttributeSchema,
    options: CompileOptions,
  ) {
    // Bad options or schema are server bugs, not user errors: plain errors, not VisibilityQueryError.
    this.offset = options.paramOffset ?? 0;
    if (!Number.isSafeInteger(this.offset) || this.offset < 0) {
      throw new TypeError(`paramOffset must be a non-negative integer, got ${String(options.paramOffset)}`);
    }
    this.alias = sqlIdentifier(options.tableAlias ?? DEFAULT_TABLE_ALIAS, 'tableAlias');
    this.column = sqlIdentifier(schema.searchAttributesColumn ?? DEFAULT_SEARCH_ATTRIBUTES_COLUMN, 'searchAttributesColumn');
    for (const [name, type] of Object.entries(schema.custom)) {
      if (isBuiltinSearchAttribute(name)) throw new TypeError(`custom search attribute "${name}" shadows a built-in one`);
      if (!SEARCH_ATTRIBUTE_TYPES.includes(type)) throw new TypeError(`custom search attribute "${name}" has unknown type "${String(type)}"`);
      // Names are inlined as SQL literals; these two characters are the only ones
      // a quote-doubling literal cannot carry safely in every server configuration.
      if (/[\0\\]/.test(name)) throw new TypeError(`custom search attribute name ${JSON.stringify(name)} contains NUL or backslash`);
    }
  }

  compile(ast: VisibilityQueryAst): CompiledVisibilityQuery {
    let where = 'TRUE';
    if (ast.where) {
      where = this.expr(ast.where);
      // The caller ANDs this with its own conditions (namespace, page token); a
      // top-level OR must not leak out of them.
      if (ast.where.kind === 'or') where = `(${where})`;
    }
    const defaultOrder = ast.orderBy.length === 0;
    const orderBy = defaultOrder ? this.defaultOrderBy() : this.orderBy(ast.orderBy);
    return { where, params: this.params, orderBy, defaultOrder, groupBy: this.groupBy(ast.groupBy ?? []) };
  }

  private groupBy(items: AttributeRef[]): string | undefined {
    if (!items.length) return undefined;
    if (items.length > 1) throw new VisibilityQueryError("'GROUP BY' clause supports only a single field", items[1].position);
    const attr = this.resolve(items[0]);
    if (!attr.isExecutionStatus) {
      throw new VisibilityQueryError(`'GROUP BY' clause is not supported for search attribute ${attr.name}`, items[0].position, 'only ExecutionStatus can be grouped by (as in Temporal)');
    }
    return attr.raw;
  }

  private expr(e: Expr): string {
    switch (e.kind) {
      case 'and':
        // OR binds looser than AND in SQL too, so only OR operands need parentheses.
        return e.operands.map((o) => (o.kind === 'or' ? `(${this.expr(o)})` : this.expr(o))).join(' AND ');
      case 'or':
        return e.operands.map((o) => this.expr(o)).join(' OR ');
      case 'not':
        return `NOT (${this.expr(e.operand)})`;
      case 'compare':
        return this.compare(e.attribute, e.op, e.value, e.position);
      case 'in':
        return this.in(e.attribute, e.negated, e.values, e.position);
      case 'between':
        return this.between(e.attribute, e.negated, e.low, e.high, e.position);
      case 'startsWith':
        return this.startsWith(e.attribute, e.negated, e.prefix, e.position);
      case 'isNull':
        return this.isNull(e.attribute, e.negated);
    }
  }

  private compare(ref: AttributeRef, op: CompareOp, value: Literal, position: number): string {
    const attr = this.resolve(ref);
    this.checkOperator(attr, op, position);
    switch (attr.type) {
      case 'Text': {
        // Temporal's Text "=" is a word match (Elasticsearch analyser, or PostgreSQL
        // full-text search in Temporal's SQL stores). We approximate it with a
        // case-insensitive substring match, LIKE wildcards in the value escaped:
        // `Title = 'foo'` matches "Foobar" too, which is a superset of Temporal's
        // result and needs no text-search configuration.
        const p = this.param(likeEscape(this.stringValue(attr, value)), '::text');
        return `${attr.raw} ${op === '=' ? 'ILIKE' : 'NOT ILIKE'} ('%' || ${p} || '%')`;
      }
      case 'KeywordList':
        return this.listContains(attr, [value], op === '!=');
      default: {
        const p = this.valueParam(attr, value);
        return `${this.comparable(attr, op)} ${op} ${p}`;
      }
    }
  }

  private in(ref: AttributeRef, negated: boolean, values: Literal[], position: number): string {
    const attr = this.resolve(ref);
    this.checkOperator(attr, negated ? 'NOT IN' : 'IN', position);
    if (attr.type === 'KeywordList') {
      // "Tags IN ('a', 'b')" means the list contains any of them (as in Temporal).
      return this.listContains(attr, values, negated);
    }
    const placeholders = values.map((v) => this.valueParam(attr, v)).join(', ');
    return `${attr.typed} ${negated ? 'NOT IN' : 'IN'} (${placeholders})`;
  }

  private between(ref: AttributeRef, negated: boolean, low: Literal, high: Literal, position: number): string {
    const attr = this.resolve(ref);
    const op = negated ? 'NOT BETWEEN' : 'BETWEEN';
    this.checkOperator(attr, op, position);
    const from = this.valueParam(attr, low);
    const to = this.valueParam(attr, high);
    // Parenthesised so the BETWEEN's own AND cannot be misread next to the query's ANDs.
    return `(${this.comparable(attr, '<')} ${op} ${from} AND ${to})`;
  }

  private startsWith(ref: AttributeRef, negated: boolean, prefix: Literal, position: number): string {
    const attr = this.resolve(ref);
    this.checkOperator(attr, negated ? 'NOT STARTS_WITH' : 'STARTS_WITH', position);
    // The prefix is a literal string: %, _ and \ in it are escaped so they match
    // themselves. Backslash is PostgreSQL's default LIKE escape character, so no
    // ESCAPE clause is needed (and none that depends on standard_conforming_strings).
    const p = this.param(likeEscape(this.stringValue(attr, prefix)), '::text');
    return `${attr.raw} ${negated ? 'NOT LIKE' : 'LIKE'} (${p} || '%')`;
  }

  private isNull(ref: AttributeRef, negated: boolean): string {
    const attr = this.resolve(ref);
    if (attr.type === 'KeywordList') {
      // An absent key, a JSON null and an empty list all mean "no value", like
      // Elasticsearch's exists query that Temporal's IS NULL is defined by.
      return `COALESCE(${attr.raw}, '[]'::jsonb) ${negated ? '!=' : '='} '[]'::jsonb`;
    }
    // The raw (uncast) value, so a malformed stored value cannot fail the cast here.
    return `${attr.raw} IS ${negated ? 'NOT NULL' : 'NULL'}`;
  }

  private orderBy(items: OrderItem[]): string {
    const parts = items.map(({ attribute, direction }) => {
      const attr = this.resolve(attribute);
      if (attr.type === 'Text' || attr.type === 'KeywordList') {
        throw new VisibilityQueryError(
          `cannot ORDER BY search attribute "${attr.name}" of type ${attr.type}`,
          attribute.position,
          attr.type === 'Text' ? 'Text values are not sortable (as in Temporal)' : 'a list has no single sort key',
        );
      }
      // Rows lacking the attribute go last in both directions, as Elasticsearch
      // (the store where Temporal honours ORDER BY) sorts missing values.
      return `${this.comparable(attr, '<')} ${direction} NULLS LAST`;
    });
    // A unique tiebreaker makes the order total, so offset-based paging neither
    // repeats nor skips rows with equal sort keys.
    if (!items.some((i) => i.attribute.name === 'RunId')) parts.push(`${this.alias}.${BUILTIN_SEARCH_ATTRIBUTES.RunId.column} ASC`);
    return parts.join(', ');
  }

  private defaultOrderBy(): string {
    const key = defaultOrderKey(this.alias);
    return `${key.close} DESC, ${key.start} DESC, ${key.runId} ASC`;
  }

  // ---- attributes ---------------------------------------------------------

  private resolve(ref: AttributeRef): ResolvedAttribute {
    const a = this.alias;
    const builtin = isBuiltinSearchAttribute(ref.name) ? BUILTIN_SEARCH_ATTRIBUTES[ref.name] : undefined;
    if (builtin) {
      const column = `${a}.${builtin.column}`;
      return {
        name: ref.name,
        type: builtin.type,
        builtin: true,
        isExecutionStatus: ref.name === 'ExecutionStatus',
        raw: column,
        typed: column,
      };
    }

    const type = Object.prototype.hasOwnProperty.call(this.schema.custom, ref.name) ? this.schema.custom[ref.name] : undefined;
    if (!type) throw this.unknownAttribute(ref);

    // The key is inlined as a literal, not a parameter: it comes from the
    // schema, not the user, and a literal key lets PostgreSQL use expression
    // indexes such as ((search_attributes->>'GongkaiStage')).
    const key = sqlStringLiteral(ref.name);
    const json = `${a}.${this.column}`;
    if (type === 'KeywordList') {
      // jsonb, with a JSON null read as SQL NULL like ->> does for scalars, so
      // an absent list and a null list behave the same everywhere.
      const raw = `NULLIF(${json}->${key}, 'null'::jsonb)`;
      return { name: ref.name, type, builtin: false, isExecutionStatus: false, raw, typed: raw };
    }
    const raw = `(${json}->>${key})`;
    return { name: ref.name, type, builtin: false, isExecutionStatus: false, raw, typed: `${raw}${CASTS[type]}` };
  }

  private unknownAttribute(ref: AttributeRef): VisibilityQueryError {
    // Names are case-sensitive in Temporal; point out the likely typo.
    const lower = ref.name.toLowerCase();
    const known = [...Object.keys(BUILTIN_SEARCH_ATTRIBUTES), ...Object.keys(this.schema.custom)];
    const suggestion = known.find((k) => k.toLowerCase() === lower);
    return new VisibilityQueryError(
      `unknown search attribute "${ref.name}"`,
      ref.position,
      suggestion ? `did you mean "${suggestion}"? (names are case-sensitive)` : undefined,
    );
  }

  private checkOperator(attr: ResolvedAttribute, op: Operator, position: number): void {
    const allowed = attr.isExecutionStatus ? EXECUTION_STATUS_OPERATORS : OPERATORS[attr.type];
    if (!allowed.includes(op)) {
      throw new VisibilityQueryError(
        `operator ${JSON.stringify(op)} is not supported for search attribute "${attr.name}" of type ${attr.type}`,
        position,
        `use ${allowed.join(', ')}, IS NULL or IS NOT NULL`,
      );
    }
  }

  /**
   * The attribute as the left side of an ordering comparison or ORDER BY.
   * Keywords compare byte-wise (COLLATE "C"), like Elasticsearch keywords and
   * independent of the database's locale.
   */
  private comparable(attr: ResolvedAttribute, op: Operator): string {
    if (attr.type === 'Keyword' && op !== '=' && op !== '!=') return `${attr.typed} COLLATE "C"`;
    return attr.typed;
  }

  // ---- values -------------------------------------------------------------

  /**
   * "The list holds one of these values", by jsonb containment. Containment on
   * the extracted list (rather than on the whole JSONB column) is NULL, not
   * false, for a row without the list, so that NOT, != and NOT IN never select
   * rows lacking the attribute — the same SQL NULL semantics as every other
   * type. A GIN index on this expression can serve it.
   */
  private listContains(attr: ResolvedAttribute, values: Literal[], negated: boolean): string {
    const terms = values.map((v) => `${attr.raw} @> jsonb_build_array(${this.param(this.stringValue(attr, v), '::text')})`);
    const any = terms.join(' OR ');
    if (negated) return `NOT (${any})`;
    return terms.length === 1 ? any : `(${any})`;
  }

  /** Validates a literal against the attribute's type and returns its placeholder (with cast). */
  private valueParam(attr: ResolvedAttribute, lit: Literal): string {
    switch (attr.type) {
      case 'Keyword':
      case 'Text':
      case 'KeywordList': {
        const value = attr.isExecutionStatus ? this.executionStatus(attr, lit) : this.stringValue(attr, lit);
        // Built-in columns are left uncast so PostgreSQL types the parameter
        // from the column (text, varchar…); JSONB extractions are text anyway.
        return this.param(value, attr.builtin ? '' : '::text');
      }
      case 'Int':
      case 'Double':
        return this.param(this.numberValue(attr, lit), '::numeric');
      case 'Bool':
        if (lit.kind !== 'boolean') throw this.typeMismatch(attr, lit, 'true or false');
        return this.param(lit.value, '::boolean');
      case 'Datetime':
        return this.param(this.datetimeValue(attr, lit), '::timestamptz');
    }
  }

  private stringValue(attr: ResolvedAttribute, lit: Literal): string {
    if (lit.kind !== 'string') throw this.typeMismatch(attr, lit, 'a quoted string');
    return lit.value;
  }

  private numberValue(attr: ResolvedAttribute, lit: Literal): number | string {
    if (lit.kind !== 'number') throw this.typeMismatch(attr, lit, 'a number');
    const n = Number(lit.value);
    if (!Number.isFinite(n)) throw this.typeMismatch(attr, lit, 'a finite number');
    if (/^[+-]?\d+$/.test(lit.value) && !Number.isSafeInteger(n)) {
      // Beyond 2^53 a JS number would round; PostgreSQL's numeric takes the exact text.
      return BigInt(lit.value).toString();
    }
    // Int attributes accept fractional values, as Temporal does (Priority > 1.5).
    return n;
  }

  private datetimeValue(attr: ResolvedAttribute, lit: Literal): string {
    const expected = `an RFC3339 date-time such as '2024-01-02T15:04:05Z' (or Unix nanoseconds)`;
    if (lit.kind === 'string') {
      const normalized = normalizeRfc3339(lit.value);
      if (normalized === null) throw this.typeMismatch(attr, lit, expected);
      return normalized;
    }
    if (lit.kind === 'number' && /^[+-]?\d+$/.test(lit.value)) {
      // Temporal reads an integer Datetime value as Unix nanoseconds.
      const converted = unixNanosToRfc3339(lit.value);
      if (converted === null) throw this.typeMismatch(attr, lit, expected);
      return converted;
    }
    throw this.typeMismatch(attr, lit, expected);
  }

  private executionStatus(attr: ResolvedAttribute, lit: Literal): string {
    const valid = EXECUTION_STATUSES.slice(1);
    if (lit.kind === 'string') {
      if (valid.includes(lit.value)) return lit.value;
      // Also accept the proto enum spelling, WORKFLOW_EXECUTION_STATUS_RUNNING.
      const fromEnum = valid.find((s) => `WORKFLOW_EXECUTION_STATUS_${screamingSnake(s)}` === lit.value);
      if (fromEnum) return fromEnum;
    } else if (lit.kind === 'number' && /^\d+$/.test(lit.value)) {
      // Temporal accepts the enum number too (ExecutionStatus = 1).
      const byNumber = EXECUTION_STATUSES[Number(lit.value)];
      if (Number(lit.value) > 0 && byNumber) return byNumber;
    }
    throw new VisibilityQueryError(
      `invalid value ${lit.text} for search attribute "${attr.name}"`,
      lit.position,
      `expected one of ${valid.map((s) => `'${s}'`).join(', ')}`,
    );
  }

  private typeMismatch(attr: ResolvedAttribute, lit: Literal, expected: string): VisibilityQueryError {
    return new VisibilityQueryError(
      `invalid value ${lit.text} for search attribute "${attr.name}" of type ${attr.type}`,
      lit.position,
      `expected ${expected}`,
    );
  }

  private param(value: unknown, cast: string): string {
    if (this.offset + this.params.length >= MAX_PARAMS) {
      throw new VisibilityQueryError(`query has too many values (PostgreSQL allows ${MAX_PARAMS} parameters per statement)`);
    }
    this.params.push(value);
    return `$${this.offset + this.params.length}${cast}`;
  }
}

const CASTS: Record<SearchAttributeType, string> = {
  Keyword: '',
  Text: '',
  KeywordList: '',
  Int: '::numeric',
  Double: '::numeric',
  Bool: '::boolean',
  Datetime: '::timestamptz',
};

/** Escapes LIKE's wildcards and its (default) escape character so the value matches literally. */
/**
 * The default order's key: Temporal's order is ClosedTime DESC NULLS FIRST, StartTime DESC, then run id (its
 * SQL stores do exactly this). Running executions have no close time; COALESCE to +infinity puts them first
 * and keeps the key non-null, so a page token can compare tuples without NULL special cases.
 */
function defaultOrderKey(alias: string): { close: string; start: string; runId: string } {
  const col = (name: string) => `${alias}.${BUILTIN_SEARCH_ATTRIBUTES[name].column}`;
  return { close: `COALESCE(${col('CloseTime')}, 'infinity'::timestamptz)`, start: col('StartTime'), runId: col('RunId') };
}

/**
 * Keyset paging in the default order: the rows after a key, given as three parameters from `firstParam`
 * on — close time (or 'infinity' for a running row), start time, run id.
 */
export function afterDefaultOrderKey(firstParam: number, alias = DEFAULT_TABLE_ALIAS): string {
  const key = defaultOrderKey(alias);
  const [c, t, r] = [`$${firstParam}::timestamptz`, `$${firstParam + 1}::timestamptz`, `$${firstParam + 2}`];
  return `(${key.close} < ${c} OR (${key.close} = ${c} AND (${key.start} < ${t} OR (${key.start} = ${t} AND ${key.runId} > ${r}))))`;
}

export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A SQL string literal for trusted text; doubling quotes is complete with standard_conforming_strings (the default since 9.1). */
function sqlStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlIdentifier(name: string, what: string): string {
  if (!SQL_IDENTIFIER.test(name)) throw new TypeError(`${what} must be a lower-case SQL identifier, got ${JSON.stringify(name)}`);
  return name;
}

function screamingSnake(pascal: string): string {
  return pascal.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
