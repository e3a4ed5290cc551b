import {
  BUILTIN_SEARCH_ATTRIBUTES,
  compileVisibilityQuery,
  VisibilityQueryError,
  type CompileOptions,
  type SearchAttributeSchema,
} from './index';

const schema: SearchAttributeSchema = {
  custom: {
    GongkaiStage: 'Keyword',
    Priority: 'Int',
    Tags: 'KeywordList',
    Title: 'Text',
    Score: 'Double',
    Urgent: 'Bool',
    DueAt: 'Datetime',
  },
};

const DEFAULT_ORDER = "COALESCE(e.close_time, 'infinity'::timestamptz) DESC, e.start_time DESC, e.run_id ASC";

const compile = (q: string, options?: CompileOptions) => compileVisibilityQuery(q, schema, options);
const sql = (q: string) => {
  const { where, params } = compile(q);
  return { where, params };
};

function compileError(q: string, s: SearchAttributeSchema = schema): VisibilityQueryError {
  try {
    compileVisibilityQuery(q, s);
  } catch (e) {
    if (e instanceof VisibilityQueryError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(q)} not to compile`);
}

const SA = (key: string) => `(e.search_attributes->>'${key}')`;

describe('compileVisibilityQuery', () => {
  it('compiles an empty query to "everything" in the default order', () => {
    expect(compile('')).toEqual({ where: 'TRUE', params: [], orderBy: DEFAULT_ORDER, defaultOrder: true });
    expect(compile('  ')).toEqual({ where: 'TRUE', params: [], orderBy: DEFAULT_ORDER, defaultOrder: true });
  });

  describe('GROUP BY (CountWorkflowExecutions)', () => {
    it('groups by ExecutionStatus only, one attribute, after the filter', () => {
      expect(compile('GROUP BY ExecutionStatus').groupBy).toBe('e.status');
      expect(compile("WorkflowType = 'x' GROUP BY ExecutionStatus")).toMatchObject({ where: 'e.workflow_type = $1', params: ['x'], groupBy: 'e.status' });
      expect(compile("WorkflowType = 'x'").groupBy).toBeUndefined();
    });

    it.each([
      ['GROUP BY WorkflowType', "'GROUP BY' clause is not supported for search attribute WorkflowType at position 9: only ExecutionStatus can be grouped by (as in Temporal)"],
      ['GROUP BY ExecutionStatus, WorkflowType', "'GROUP BY' clause supports only a single field at position 26"],
    ])('%j → %s', (q, message) => {
      expect(compileError(q).message).toBe(message);
    });
  });

  describe('built-in attributes', () => {
    it.each(Object.entries(BUILTIN_SEARCH_ATTRIBUTES).filter(([, a]) => a.type === 'Keyword' && a.column !== 'status'))(
      '%s is the %o column, compared as text',
      (name, { column }) => {
        expect(sql(`${name} = 'v'`)).toEqual({ where: `e.${column} = $1`, params: ['v'] });
      },
    );

    it.each([
      ['StartTime', 'start_time'],
      ['CloseTime', 'close_time'],
      ['ExecutionTime', 'execution_time'],
    ])('%s is the %s timestamptz column', (name, column) => {
      expect(sql(`${name} >= '2024-05-01T00:00:00Z'`)).toEqual({
        where: `e.${column} >= $1::timestamptz`,
        params: ['2024-05-01T00:00:00Z'],
      });
    });

    it('HistoryLength is an integer column', () => {
      expect(sql('HistoryLength > 100')).toEqual({ where: 'e.history_length > $1::numeric', params: [100] });
    });

    it('ExecutionStatus is the status column holding names', () => {
      expect(sql("ExecutionStatus = 'Running'")).toEqual({ where: 'e.status = $1', params: ['Running'] });
    });
  });

  describe('Keyword', () => {
    it.each([
      ["WorkflowType = 'a'", 'e.workflow_type = $1', ['a']],
      ["WorkflowType != 'a'", 'e.workflow_type != $1', ['a']],
      ["WorkflowType <> 'a'", 'e.workflow_type != $1', ['a']],
      ["WorkflowType > 'a'", 'e.workflow_type COLLATE "C" > $1', ['a']],
      ["WorkflowType >= 'a'", 'e.workflow_type COLLATE "C" >= $1', ['a']],
      ["WorkflowType < 'a'", 'e.workflow_type COLLATE "C" < $1', ['a']],
      ["WorkflowType <= 'a'", 'e.workflow_type COLLATE "C" <= $1', ['a']],
      ["WorkflowType IN ('a', 'b')", 'e.workflow_type IN ($1, $2)', ['a', 'b']],
      ["WorkflowType NOT IN ('a')", 'e.workflow_type NOT IN ($1)', ['a']],
      ["WorkflowType BETWEEN 'a' AND 'm'", '(e.workflow_type COLLATE "C" BETWEEN $1 AND $2)', ['a', 'm']],
      ["WorkflowType NOT BETWEEN 'a' AND 'm'", '(e.workflow_type COLLATE "C" NOT BETWEEN $1 AND $2)', ['a', 'm']],
      ["WorkflowType STARTS_WITH 'inv'", "e.workflow_type LIKE ($1::text || '%')", ['inv']],
      ["WorkflowType NOT STARTS_WITH 'inv'", "e.workflow_type NOT LIKE ($1::text || '%')", ['inv']],
      ['WorkflowType IS NULL', 'e.workflow_type IS NULL', []],
      ['ParentWorkflowId IS NOT NULL', 'e.parent_workflow_id IS NOT NULL', []],
      ["GongkaiStage = 'review'", `${SA('GongkaiStage')} = $1::text`, ['review']],
      ["GongkaiStage IN ('a', 'b')", `${SA('GongkaiStage')} IN ($1::text, $2::text)`, ['a', 'b']],
      ["GongkaiStage > 'a'", `${SA('GongkaiStage')} COLLATE "C" > $1::text`, ['a']],
      ["GongkaiStage STARTS_WITH 're'", `${SA('GongkaiStage')} LIKE ($1::text || '%')`, ['re']],
      ['GongkaiStage IS NULL', `${SA('GongkaiStage')} IS NULL`, []],
    ])('%s', (q, where, params) => {
      expect(sql(q)).toEqual({ where, params });
    });
  });

  describe('Int and Double', () => {
    it.each([
      ['Priority = 3', `${SA('Priority')}::numeric = $1::numeric`, [3]],
      ['Priority != 3', `${SA('Priority')}::numeric != $1::numeric`, [3]],
      ['Priority > -3', `${SA('Priority')}::numeric > $1::numeric`, [-3]],
      ['Priority >= 3', `${SA('Priority')}::numeric >= $1::numeric`, [3]],
      ['Priority < 3', `${SA('Priority')}::numeric < $1::numeric`, [3]],
      ['Priority <= 3', `${SA('Priority')}::numeric <= $1::numeric`, [3]],
      ['Priority > 1.5', `${SA('Priority')}::numeric > $1::numeric`, [1.5]],
      ['Priority IN (1, 2, 3)', `${SA('Priority')}::numeric IN ($1::numeric, $2::numeric, $3::numeric)`, [1, 2, 3]],
      ['Priority NOT IN (1)', `${SA('Priority')}::numeric NOT IN ($1::numeric)`, [1]],
      ['Priority BETWEEN 1 AND 5', `(${SA('Priority')}::numeric BETWEEN $1::numeric AND $2::numeric)`, [1, 5]],
      ['Priority NOT BETWEEN 1 AND 5', `(${SA('Priority')}::numeric NOT BETWEEN $1::numeric AND $2::numeric)`, [1, 5]],
      ['Priority IS NULL', `${SA('Priority')} IS NULL`, []],
      ['Score >= 0.75', `${SA('Score')}::numeric >= $1::numeric`, [0.75]],
      ['Score < 1e3', `${SA('Score')}::numeric < $1::numeric`, [1000]],
      ['Score = 2', `${SA('Score')}::numeric = $1::numeric`, [2]],
    ])('%s', (q, where, params) => {
      expect(sql(q)).toEqual({ where, params });
    });

    it('passes integers beyond 2^53 as exact text', () => {
      expect(sql('Priority = 9007199254740993').params).toEqual(['9007199254740993']);
      expect(sql('Priority = +9007199254740993').params).toEqual(['9007199254740993']);
    });
  });

  describe('Bool', () => {
    it.each([
      ['Urgent = true', `${SA('Urgent')}::boolean = $1::boolean`, [true]],
      ['Urgent != FALSE', `${SA('Urgent')}::boolean != $1::boolean`, [false]],
      ['Urgent IN (true)', `${SA('Urgent')}::boolean IN ($1::boolean)`, [true]],
      ['Urgent IS NOT NULL', `${SA('Urgent')} IS NOT NULL`, []],
    ])('%s', (q, where, params) => {
      expect(sql(q)).toEqual({ where, params });
    });
  });

  describe('Datetime', () => {
    it.each([
      ["DueAt > '2024-01-02T03:04:05Z'", `${SA('DueAt')}::timestamptz > $1::timestamptz`, ['2024-01-02T03:04:05Z']],
      [
        "DueAt BETWEEN '2024-01-01T00:00:00+08:00' AND '2024-12-31T23:59:59.999999-05:30'",
        `(${SA('DueAt')}::timestamptz BETWEEN $1::timestamptz AND $2::timestamptz)`,
        ['2024-01-01T00:00:00+08:00', '2024-12-31T23:59:59.999999-05:30'],
      ],
      ['DueAt IS NULL', `${SA('DueAt')} IS NULL`, []],
      ["StartTime IN ('2024-02-29T12:00:00z')", 'e.start_time IN ($1::timestamptz)', ['2024-02-29T12:00:00Z']],
      ["CloseTime < '2024-01-01t00:00:00.5Z'", 'e.close_time < $1::timestamptz', ['2024-01-01T00:00:00.5Z']],
    ])('%s', (q, where, params) => {
      expect(sql(q)).toEqual({ where, params });
    });

    it('truncates fractions to the microseconds PostgreSQL stores', () => {
      expect(sql("StartTime < '2024-01-01T00:00:00.123456789Z'").params).toEqual(['2024-01-01T00:00:00.123456Z']);
    });

    it('reads integers as Unix nanoseconds, as Temporal does', () => {
      expect(sql('StartTime > 1700000000123456789').params).toEqual(['2023-11-14T22:13:20.123456Z']);
      expect(sql('StartTime > 0').params).toEqual(['1970-01-01T00:00:00.000000Z']);
      expect(sql('StartTime > -1500').params).toEqual(['1969-12-31T23:59:59.999998Z']);
    });
  });

  describe('Text', () => {
    it('= is a case-insensitive contains match, != its negation', () => {
      expect(sql("Title = 'annual report'")).toEqual({
        where: `${SA('Title')} ILIKE ('%' || $1::text || '%')`,
        params: ['annual report'],
      });
      expect(sql("Title != 'draft'")).toEqual({
        where: `${SA('Title')} NOT ILIKE ('%' || $1::text || '%')`,
        params: ['draft'],
      });
      expect(sql('Title IS NULL')).toEqual({ where: `${SA('Title')} IS NULL`, params: [] });
    });
  });

  describe('KeywordList', () => {
    const list = "NULLIF(e.search_attributes->'Tags', 'null'::jsonb)";
    const contains = (n: number) => `${list} @> jsonb_build_array($${n}::text)`;

    it.each([
      ["Tags = 'urgent'", contains(1), ['urgent']],
      ["Tags != 'urgent'", `NOT (${contains(1)})`, ['urgent']],
      ["Tags IN ('a')", contains(1), ['a']],
      ["Tags IN ('a', 'b')", `(${contains(1)} OR ${contains(2)})`, ['a', 'b']],
      ["Tags NOT IN ('a')", `NOT (${contains(1)})`, ['a']],
      ["Tags NOT IN ('a', 'b')", `NOT (${contains(1)} OR ${contains(2)})`, ['a', 'b']],
      ['Tags IS NULL', `COALESCE(${list}, '[]'::jsonb) = '[]'::jsonb`, []],
      ['Tags IS NOT NULL', `COALESCE(${list}, '[]'::jsonb) != '[]'::jsonb`, []],
    ])('%s', (q, where, params) => {
      expect(sql(q)).toEqual({ where, params });
    });
  });

  describe('ExecutionStatus values', () => {
    it.each([
      ["ExecutionStatus = 'Completed'", ['Completed']],
      ['ExecutionStatus = 1', ['Running']],
      ['ExecutionStatus = 7', ['TimedOut']],
      ["ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW'", ['ContinuedAsNew']],
      ["ExecutionStatus IN ('Failed', 'Canceled', 5)", ['Failed', 'Canceled', 'Terminated']],
    ])('%s', (q, params) => {
      expect(sql(q).params).toEqual(params);
    });

    it.each([
      ["ExecutionStatus = 'running'", "invalid value 'running' for search attribute \"ExecutionStatus\" at position 18"],
      ["ExecutionStatus = 'Unspecified'", "invalid value 'Unspecified' for search attribute \"ExecutionStatus\" at position 18"],
      ['ExecutionStatus = 0', 'invalid value 0 for search attribute "ExecutionStatus" at position 18'],
      ['ExecutionStatus = 42', 'invalid value 42 for search attribute "ExecutionStatus" at position 18'],
    ])('rejects %s', (q, message) => {
      expect(compileError(q).message).toBe(
        `${message}: expected one of 'Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut', 'Paused'`,
      );
    });

    it('offers equality only, since stored names do not sort like the enum', () => {
      expect(compileError("ExecutionStatus > 'Running'").message).toBe(
        'operator ">" is not supported for search attribute "ExecutionStatus" of type Keyword at position 16: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL',
      );
      expect(compileError("ExecutionStatus STARTS_WITH 'Run'").problem).toMatch(/operator "STARTS_WITH" is not supported/);
    });
  });

  describe('boolean structure', () => {
    it('parenthesises OR inside AND and a top-level OR, so callers can AND the result', () => {
      expect(sql("WorkflowId = 'a' OR WorkflowId = 'b' AND WorkflowType = 'c'").where).toBe(
        '(e.workflow_id = $1 OR e.workflow_id = $2 AND e.workflow_type = $3)',
      );
      expect(sql("(WorkflowId = 'a' OR WorkflowId = 'b') AND WorkflowType = 'c'").where).toBe(
        '(e.workflow_id = $1 OR e.workflow_id = $2) AND e.workflow_type = $3',
      );
      expect(sql("WorkflowType = 'c' AND (WorkflowId = 'a' OR (WorkflowId = 'b' AND Priority = 1))").where).toBe(
        `e.workflow_type = $1 AND (e.workflow_id = $2 OR e.workflow_id = $3 AND ${SA('Priority')}::numeric = $4::numeric)`,
      );
    });

    it('renders NOT with parentheses', () => {
      expect(sql("NOT WorkflowId = 'a' AND NOT (WorkflowId = 'b' OR WorkflowId = 'c')").where).toBe(
        'NOT (e.workflow_id = $1) AND NOT (e.workflow_id = $2 OR e.workflow_id = $3)',
      );
    });

    it('numbers placeholders left to right', () => {
      const { where, params } = sql(
        "Priority BETWEEN 1 AND 2 AND Tags IN ('x', 'y') OR GongkaiStage = 's' AND DueAt < '2025-01-01T00:00:00Z'",
      );
      expect([...where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(params).toEqual([1, 2, 'x', 'y', 's', '2025-01-01T00:00:00Z']);
    });
  });

  describe('options and schema', () => {
    it('starts placeholders after paramOffset', () => {
      expect(compile("WorkflowId = 'a' AND Priority IN (1, 2)", { paramOffset: 3 })).toMatchObject({
        where: `e.workflow_id = $4 AND ${SA('Priority')}::numeric IN ($5::numeric, $6::numeric)`,
        params: ['a', 1, 2],
      });
    });

    it('uses the configured table alias and JSONB column everywhere', () => {
      const compiled = compileVisibilityQuery(
        "Priority > 1 AND Tags = 'x' AND WorkflowId = 'w' ORDER BY Priority",
        { custom: { Priority: 'Int', Tags: 'KeywordList' }, searchAttributesColumn: 'attrs' },
        { tableAlias: 'wf' },
      );
      expect(compiled.where).toBe(
        "(wf.attrs->>'Priority')::numeric > $1::numeric AND NULLIF(wf.attrs->'Tags', 'null'::jsonb) @> jsonb_build_array($2::text) AND wf.workflow_id = $3",
      );
      expect(compiled.orderBy).toBe("(wf.attrs->>'Priority')::numeric ASC NULLS LAST, wf.run_id ASC");
      expect(compileVisibilityQuery('', { custom: {} }, { tableAlias: 'x' }).orderBy).toBe(
        "COALESCE(x.close_time, 'infinity'::timestamptz) DESC, x.start_time DESC, x.run_id ASC",
      );
    });

    it('inlines schema attribute names as properly quoted literals', () => {
      const { where } = compileVisibilityQuery("`it's` = 'v'", { custom: { "it's": 'Keyword' } });
      expect(where).toBe("(e.search_attributes->>'it''s') = $1::text");
    });

    it('does not treat Object.prototype members as attributes', () => {
      expect(compileError("constructor = 'x'").message).toBe('unknown search attribute "constructor" at position 0');
      expect(compileError("`__proto__` = 'x'").message).toBe('unknown search attribute "__proto__" at position 0');
    });

    it.each<[string, () => unknown, RegExp]>([
      ['negative paramOffset', () => compile('', { paramOffset: -1 }), /paramOffset/],
      ['fractional paramOffset', () => compile('', { paramOffset: 1.5 }), /paramOffset/],
      ['alias that is not an identifier', () => compile('', { tableAlias: 'e; DROP TABLE x' }), /tableAlias/],
      [
        'column that is not an identifier',
        () => compileVisibilityQuery('', { custom: {}, searchAttributesColumn: 'Attrs"' }),
        /searchAttributesColumn/,
      ],
      [
        'custom attribute shadowing a built-in',
        () => compileVisibilityQuery('', { custom: { WorkflowId: 'Keyword' } }),
        /shadows a built-in/,
      ],
      [
        'unknown type',
        () => compileVisibilityQuery('', { custom: { X: 'Json' as never } }),
        /unknown type "Json"/,
      ],
      ['backslash in a name', () => compileVisibilityQuery('', { custom: { 'a\\b': 'Int' } }), /backslash/],
    ])('rejects %s as a server bug (TypeError)', (_what, run, message) => {
      expect(run).toThrow(TypeError);
      expect(run).toThrow(message);
    });
  });

  describe('escaping and injection', () => {
    it('keeps quotes inside values, whichever quoting was used', () => {
      expect(sql(`WorkflowId = 'O''Brien' OR WorkflowId = "say ""hi""" OR WorkflowId = 'a\\'b'`).params).toEqual([
        "O'Brien",
        'say "hi"',
        "a'b",
      ]);
    });

    it('escapes LIKE wildcards and backslashes in STARTS_WITH prefixes', () => {
      expect(sql("WorkflowId STARTS_WITH '100%_done\\\\'").params).toEqual(['100\\%\\_done\\\\']);
      expect(sql("WorkflowId STARTS_WITH '%'").params).toEqual(['\\%']);
      expect(sql("WorkflowId STARTS_WITH '_'").params).toEqual(['\\_']);
    });

    it('escapes LIKE wildcards in Text matches', () => {
      expect(sql("Title = '50% off_now'").params).toEqual(['50\\% off\\_now']);
    });

    it.each([
      ["WorkflowId = 'x'' OR 1=1 --'", "x' OR 1=1 --"],
      ['WorkflowId = "x"" OR ""1""=""1"', 'x" OR "1"="1'],
      ["WorkflowId = 'x\\' OR 1=1 --'", "x' OR 1=1 --"],
      ["WorkflowId = '); DROP TABLE executions; --'", '); DROP TABLE executions; --'],
      ["WorkflowId = '$1'", '$1'],
      ["WorkflowId = 'a\\0b'", 'a\0b'],
    ])('%s becomes a single parameter', (q, value) => {
      expect(sql(q)).toEqual({ where: 'e.workflow_id = $1', params: [value] });
    });

    it('keeps injected text out of the SQL for every type', () => {
      const evil = "x'); DROP TABLE e; --";
      const quoted = `'${evil.replace(/'/g, "''")}'`;
      for (const q of [
        `GongkaiStage = ${quoted}`,
        `Tags IN (${quoted}, 'y')`,
        `Title = ${quoted}`,
        `WorkflowId STARTS_WITH ${quoted}`,
      ]) {
        const { where, params } = sql(q);
        expect(where).not.toContain('DROP');
        expect(params).toContainEqual(expect.stringContaining('DROP TABLE'));
      }
    });

    it('rejects statement separators and comments outside strings', () => {
      expect(compileError("WorkflowId = 'x'; DROP TABLE e").message).toBe('unexpected character ";" at position 16');
      expect(compileError("WorkflowId = 'x' /* c */").message).toBe('unexpected character "/" at position 17');
    });
  });

  describe('ORDER BY', () => {
    it('orders by the typed expression with NULLS LAST and a run id tiebreaker', () => {
      expect(compile('ORDER BY StartTime')).toEqual({
        where: 'TRUE',
        params: [],
        orderBy: 'e.start_time ASC NULLS LAST, e.run_id ASC',
        defaultOrder: false,
      });
      expect(compile("WorkflowType = 'x' ORDER BY Priority DESC, CloseTime asc, WorkflowId DESC").orderBy).toBe(
        `${SA('Priority')}::numeric DESC NULLS LAST, e.close_time ASC NULLS LAST, e.workflow_id COLLATE "C" DESC NULLS LAST, e.run_id ASC`,
      );
      expect(compile('ORDER BY DueAt, Urgent, Score, GongkaiStage').orderBy).toBe(
        `${SA('DueAt')}::timestamptz ASC NULLS LAST, ${SA('Urgent')}::boolean ASC NULLS LAST, ${SA('Score')}::numeric ASC NULLS LAST, ${SA('GongkaiStage')} COLLATE "C" ASC NULLS LAST, e.run_id ASC`,
      );
    });

    it('adds no tiebreaker when RunId is already ordered on', () => {
      expect(compile('ORDER BY RunId DESC').orderBy).toBe('e.run_id COLLATE "C" DESC NULLS LAST');
    });

    it.each([
      ['ORDER BY Title', 'cannot ORDER BY search attribute "Title" of type Text at position 9: Text values are not sortable (as in Temporal)'],
      ['ORDER BY StartTime, Tags DESC', 'cannot ORDER BY search attribute "Tags" of type KeywordList at position 20: a list has no single sort key'],
      ['ORDER BY Nope', 'unknown search attribute "Nope" at position 9'],
    ])('%s is an error', (q, message) => {
      expect(compileError(q).message).toBe(message);
    });
  });

  describe('errors', () => {
    it.each([
      ["Foo = 'x'", 'unknown search attribute "Foo" at position 0'],
      ["WorkflowId = 'x' AND Foo IS NULL", 'unknown search attribute "Foo" at position 21'],
      ["workflowId = 'x'", 'unknown search attribute "workflowId" at position 0: did you mean "WorkflowId"? (names are case-sensitive)'],
      ['priority = 1', 'unknown search attribute "priority" at position 0: did you mean "Priority"? (names are case-sensitive)'],
      ['WorkflowId = 1', 'invalid value 1 for search attribute "WorkflowId" of type Keyword at position 13: expected a quoted string'],
      ['GongkaiStage IN (1)', 'invalid value 1 for search attribute "GongkaiStage" of type Keyword at position 17: expected a quoted string'],
      ['WorkflowId STARTS_WITH 1', 'invalid value 1 for search attribute "WorkflowId" of type Keyword at position 23: expected a quoted string'],
      ["Priority = 'abc'", "invalid value 'abc' for search attribute \"Priority\" of type Int at position 11: expected a number"],
      ["Priority = '3'", "invalid value '3' for search attribute \"Priority\" of type Int at position 11: expected a number"],
      ['Priority = true', 'invalid value true for search attribute "Priority" of type Int at position 11: expected a number'],
      ['Score > 1e400', 'invalid value 1e400 for search attribute "Score" of type Double at position 8: expected a finite number'],
      ["Urgent = 'true'", "invalid value 'true' for search attribute \"Urgent\" of type Bool at position 9: expected true or false"],
      ['Urgent = 1', 'invalid value 1 for search attribute "Urgent" of type Bool at position 9: expected true or false'],
      ["Tags = 1", 'invalid value 1 for search attribute "Tags" of type KeywordList at position 7: expected a quoted string'],
      ['Title = 1', 'invalid value 1 for search attribute "Title" of type Text at position 8: expected a quoted string'],
      ["Priority STARTS_WITH '1'", 'operator "STARTS_WITH" is not supported for search attribute "Priority" of type Int at position 9: use =, !=, <, <=, >, >=, IN, NOT IN, BETWEEN, NOT BETWEEN, IS NULL or IS NOT NULL'],
      ["StartTime NOT STARTS_WITH '2024'", 'operator "NOT STARTS_WITH" is not supported for search attribute "StartTime" of type Datetime at position 10: use =, !=, <, <=, >, >=, IN, NOT IN, BETWEEN, NOT BETWEEN, IS NULL or IS NOT NULL'],
      ["Tags > 'a'", 'operator ">" is not supported for search attribute "Tags" of type KeywordList at position 5: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL'],
      ["Tags BETWEEN 'a' AND 'b'", 'operator "BETWEEN" is not supported for search attribute "Tags" of type KeywordList at position 5: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL'],
      ["Tags STARTS_WITH 'a'", 'operator "STARTS_WITH" is not supported for search attribute "Tags" of type KeywordList at position 5: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL'],
      ["Title IN ('a')", 'operator "IN" is not supported for search attribute "Title" of type Text at position 6: use =, !=, IS NULL or IS NOT NULL'],
      ["Title STARTS_WITH 'a'", 'operator "STARTS_WITH" is not supported for search attribute "Title" of type Text at position 6: use =, !=, IS NULL or IS NOT NULL'],
      ["Title > 'a'", 'operator ">" is not supported for search attribute "Title" of type Text at position 6: use =, !=, IS NULL or IS NOT NULL'],
      ['Urgent > false', 'operator ">" is not supported for search attribute "Urgent" of type Bool at position 7: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL'],
      ['Urgent BETWEEN false AND true', 'operator "BETWEEN" is not supported for search attribute "Urgent" of type Bool at position 7: use =, !=, IN, NOT IN, IS NULL or IS NOT NULL'],
    ])('%s', (q, message) => {
      expect(compileError(q).message).toBe(message);
    });

    const DATETIME_HINT = "expected an RFC3339 date-time such as '2024-01-02T15:04:05Z' (or Unix nanoseconds)";
    it.each([
      "'abc'",
      "''",
      "'2024-01-02'",
      "'2024-01-02 03:04:05Z'",
      "'2024-01-02T03:04:05'",
      "'2024-13-01T00:00:00Z'",
      "'2023-02-29T00:00:00Z'",
      "'2024-04-31T00:00:00Z'",
      "'2024-01-01T24:00:00Z'",
      "'2024-01-01T00:60:00Z'",
      "'2024-01-01T00:00:60Z'",
      "'2024-01-01T00:00:00+24:00'",
      "'0000-01-01T00:00:00Z'",
      "'2024-01-01T00:00:00.Z'",
      "'2024-01-01T00:00:00.1234567890Z'",
      '1.5',
      'true',
      '99999999999999999999999999',
    ])('Datetime rejects %s', (value) => {
      expect(compileError(`StartTime > ${value}`).message).toBe(
        `invalid value ${value} for search attribute "StartTime" of type Datetime at position 12: ${DATETIME_HINT}`,
      );
    });

    it('validates every value of IN and BETWEEN', () => {
      expect(compileError("DueAt BETWEEN '2024-01-01T00:00:00Z' AND 'tomorrow'").position).toBe(41);
      expect(compileError("Priority IN (1, 2, 'three')").position).toBe(19);
    });

    it('refuses more values than PostgreSQL can bind', () => {
      const values = Array.from({ length: 70_000 }, (_, i) => `'${i}'`).join(',');
      expect(compileError(`WorkflowId IN (${values})`).message).toBe(
        'query has too many values (PostgreSQL allows 65535 parameters per statement)',
      );
    });
  });
});
