import { VisibilityQueryError } from './errors';
import { parseVisibilityQuery, type Expr } from './parser';

/** A compact, position-free rendering of the AST, so precedence is easy to read in assertions. */
function show(e: Expr | null): string {
  if (!e) return '<all>';
  switch (e.kind) {
    case 'and':
      return `(${e.operands.map(show).join(' & ')})`;
    case 'or':
      return `(${e.operands.map(show).join(' | ')})`;
    case 'not':
      return `!${show(e.operand)}`;
    case 'compare':
      return `${e.attribute.name}${e.op}${String(e.value.value)}`;
    case 'in':
      return `${e.attribute.name} ${e.negated ? 'NOT IN' : 'IN'} [${e.values.map((v) => String(v.value)).join(',')}]`;
    case 'between':
      return `${e.attribute.name} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${String(e.low.value)}..${String(e.high.value)}`;
    case 'startsWith':
      return `${e.attribute.name} ${e.negated ? 'NOT STARTS_WITH' : 'STARTS_WITH'} ${String(e.prefix.value)}`;
    case 'isNull':
      return `${e.attribute.name} ${e.negated ? 'IS NOT NULL' : 'IS NULL'}`;
  }
}

const where = (q: string) => show(parseVisibilityQuery(q).where);

function parseError(q: string): VisibilityQueryError {
  try {
    parseVisibilityQuery(q);
  } catch (e) {
    if (e instanceof VisibilityQueryError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(q)} not to parse`);
}

describe('visibility query parser', () => {
  describe('empty query', () => {
    it.each(['', '   ', '\n\t'])('%j matches everything and has no ORDER BY', (q) => {
      expect(parseVisibilityQuery(q)).toEqual({ where: null, orderBy: [], groupBy: [] });
    });
  });

  describe('precedence', () => {
    it('binds AND tighter than OR', () => {
      expect(where("a = '1' OR b = '2' AND c = '3'")).toBe('(a=1 | (b=2 & c=3))');
      expect(where("a = '1' AND b = '2' OR c = '3'")).toBe('((a=1 & b=2) | c=3)');
    });

    it('lets parentheses override it', () => {
      expect(where("(a = '1' OR b = '2') AND c = '3'")).toBe('((a=1 | b=2) & c=3)');
      expect(where("a = '1' AND (b = '2' OR (c = '3' AND d = '4'))")).toBe('(a=1 & (b=2 | (c=3 & d=4)))');
    });

    it('flattens chains of the same operator', () => {
      expect(where("a = '1' OR b = '2' OR c = '3'")).toBe('(a=1 | b=2 | c=3)');
      expect(where("a = '1' AND b = '2' AND c = '3'")).toBe('(a=1 & b=2 & c=3)');
    });

    it('binds NOT tighter than AND', () => {
      expect(where("NOT a = '1' AND b = '2'")).toBe('(!a=1 & b=2)');
      expect(where("NOT (a = '1' AND b = '2')")).toBe('!(a=1 & b=2)');
      expect(where("NOT NOT a = '1'")).toBe('!!a=1');
    });

    it("does not confuse BETWEEN's AND with a conjunction", () => {
      expect(where('a BETWEEN 1 AND 2 AND b = 3 OR c NOT BETWEEN 4 AND 5')).toBe(
        '((a BETWEEN 1..2 & b=3) | c NOT BETWEEN 4..5)',
      );
    });

    it('accepts redundant parentheses', () => {
      expect(where("((a = '1'))")).toBe('a=1');
    });
  });

  describe('predicates', () => {
    it.each([
      ["a = 'x'", 'a=x'],
      ["a != 'x'", 'a!=x'],
      ["a <> 'x'", 'a!=x'],
      ['a > 1', 'a>1'],
      ['a >= 1', 'a>=1'],
      ['a < 1', 'a<1'],
      ['a <= 1', 'a<=1'],
      ["a IN ('x')", 'a IN [x]'],
      ["a in ('x', 'y', 'z')", 'a IN [x,y,z]'],
      ["a NOT IN ('x', 'y')", 'a NOT IN [x,y]'],
      ['a BETWEEN 1 AND 2', 'a BETWEEN 1..2'],
      ['a not between 1 and 2', 'a NOT BETWEEN 1..2'],
      ["a STARTS_WITH 'x'", 'a STARTS_WITH x'],
      ["a NOT STARTS_WITH 'x'", 'a NOT STARTS_WITH x'],
      ['a IS NULL', 'a IS NULL'],
      ['a is not null', 'a IS NOT NULL'],
      ['a = true', 'a=true'],
      ['a != FALSE', 'a!=false'],
      ['`a b` = 1', 'a b=1'],
      ['`Order` = 1', 'Order=1'],
    ])('%s', (q, expected) => {
      expect(where(q)).toBe(expected);
    });

    it('keeps literal kinds, raw text and positions', () => {
      const { where: e } = parseVisibilityQuery('Priority >= -1.5');
      expect(e).toEqual({
        kind: 'compare',
        attribute: { name: 'Priority', position: 0 },
        op: '>=',
        value: { kind: 'number', value: '-1.5', text: '-1.5', position: 12 },
        position: 9,
      });
    });
  });

  describe('ORDER BY', () => {
    it('parses a list with optional directions (default ASC)', () => {
      expect(parseVisibilityQuery('ORDER BY StartTime desc, `WorkflowId`, Priority ASC').orderBy).toEqual([
        { attribute: { name: 'StartTime', position: 9 }, direction: 'DESC' },
        { attribute: { name: 'WorkflowId', position: 25 }, direction: 'ASC' },
        { attribute: { name: 'Priority', position: 39 }, direction: 'ASC' },
      ]);
    });

    it('follows a filter', () => {
      const ast = parseVisibilityQuery("a = 'x' OR b = 'y' order by c");
      expect(show(ast.where)).toBe('(a=x | b=y)');
      expect(ast.orderBy.map((o) => o.attribute.name)).toEqual(['c']);
    });
  });

  describe('errors', () => {
    it.each([
      ["WorkflowId = 'x' AND", 'unexpected end of query at position 20: expected a search attribute name'],
      ["WorkflowId= AND x = 'y'", 'unexpected token "AND" at position 12: expected a value after "="'],
      ["AND WorkflowId = 'x'", 'unexpected token "AND" at position 0: expected a search attribute name'],
      ["WorkflowId = 'x' WorkflowType = 'y'", 'unexpected token "WorkflowType" at position 17'],
      ["WorkflowId 'x'", 'unexpected token "\'x\'" at position 11: expected an operator'],
      ['WorkflowId', 'unexpected end of query at position 10: expected an operator'],
      ["WorkflowId == 'x'", 'unexpected token "=" at position 12: expected a value after "="'],
      [
        'WorkflowId = abc',
        'unexpected token "abc" at position 13: expected a value after "=" (quote string values: \'abc\')',
      ],
      ["'x' = WorkflowId", 'unexpected token "\'x\'" at position 0: expected a search attribute name'],
      ["(WorkflowId = 'x'", 'unexpected end of query at position 17: expected ")"'],
      ["WorkflowId = 'x')", 'unexpected token ")" at position 16'],
      ['WorkflowId IN ()', 'IN needs at least one value at position 15'],
      ["WorkflowId IN 'x'", 'unexpected token "\'x\'" at position 14: expected "(" after IN'],
      ["WorkflowId IN ('x' 'y')", 'unexpected token "\'y\'" at position 19: expected ")" or "," in IN list'],
      ["WorkflowId IN ('x',)", 'unexpected token ")" at position 19: expected a value after IN'],
      ['Priority BETWEEN 1 OR 2', 'unexpected token "OR" at position 19: expected AND'],
      ['Priority BETWEEN 1', 'unexpected end of query at position 18: expected AND'],
      ["WorkflowId NOT = 'x'", 'unexpected token "=" at position 15: expected IN, BETWEEN or STARTS_WITH after NOT'],
      ['WorkflowId IS', 'unexpected end of query at position 13: expected NULL'],
      ["WorkflowId IS 'x'", 'unexpected token "\'x\'" at position 14: expected NULL'],
      ['WorkflowId = NULL', 'NULL is not a value at position 13: use IS NULL or IS NOT NULL'],
      ["WorkflowId LIKE 'x%'", 'LIKE is not supported at position 11: use STARTS_WITH'],
      ['ORDER StartTime', 'unexpected token "StartTime" at position 6: expected BY'],
      ['ORDER BY', 'unexpected end of query at position 8: expected a search attribute name after ORDER BY'],
      ['ORDER BY StartTime,', 'unexpected end of query at position 19: expected a search attribute name after ORDER BY'],
      ['ORDER BY StartTime DESC ASC', 'unexpected token "ASC" at position 24'],
      ["ORDER BY StartTime WorkflowId = 'x'", 'unexpected token "WorkflowId" at position 19'],
      ['GROUP BY', 'unexpected end of query at position 8: expected a search attribute name after GROUP BY'],
      ["GROUP BY ExecutionStatus WorkflowId = 'x'", 'unexpected token "WorkflowId" at position 25'],
      ["WorkflowId = 'x' LIMIT 10", 'LIMIT is not supported at position 17'],
      ['()', 'unexpected token ")" at position 1: expected a search attribute name'],
    ])('%j → %s', (q, message) => {
      expect(parseError(q).message).toBe(message);
    });

    it('exposes the problem and the position separately', () => {
      const e = parseError("WorkflowId= AND x = 'y'");
      expect(e).toBeInstanceOf(VisibilityQueryError);
      expect(e.name).toBe('VisibilityQueryError');
      expect(e.problem).toBe('unexpected token "AND"');
      expect(e.position).toBe(12);
    });

    it('refuses absurd nesting with a query error, not a stack overflow', () => {
      const q = `${'('.repeat(10_000)}a = 1${')'.repeat(10_000)}`;
      expect(parseError(q).message).toMatch(/^query is nested too deeply at position \d+$/);
      const nots = `${'NOT '.repeat(10_000)}a = 1`;
      expect(parseError(nots).message).toMatch(/^query is nested too deeply/);
    });

    it('accepts reasonable nesting', () => {
      expect(where(`${'('.repeat(50)}a = 1${')'.repeat(50)}`)).toBe('a=1');
    });
  });
});
