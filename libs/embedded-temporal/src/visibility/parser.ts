import { VisibilityQueryError } from './errors';
import { tokenize, type Token } from './lexer';

/*
 * Grammar (keywords case-insensitive; AND binds tighter than OR, NOT tighter
 * than AND, as in SQL and in Temporal's own parser):
 *
 *   query      := [ or ] [ GROUP BY attr { "," attr } ] [ ORDER BY orderItem { "," orderItem } ] EOF
 *   or         := and { OR and }
 *   and        := unary { AND unary }
 *   unary      := NOT unary | "(" or ")" | predicate
 *   predicate  := attr ( compareOp value
 *                      | [NOT] IN "(" value { "," value } ")"
 *                      | [NOT] BETWEEN value AND value
 *                      | [NOT] STARTS_WITH value
 *                      | IS [NOT] NULL )
 *   orderItem  := attr [ ASC | DESC ]
 *   value      := string | number | TRUE | FALSE
 *
 * The parser knows nothing about search attributes; names, types and which
 * operator suits which type are checked in to-sql.ts.
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface AttributeRef {
  name: string;
  position: number;
}

export type Literal =
  | { kind: 'string'; value: string; text: string; position: number }
  | { kind: 'number'; value: string; text: string; position: number }
  | { kind: 'boolean'; value: boolean; text: string; position: number };

export type Expr =
  | { kind: 'and'; operands: Expr[] }
  | { kind: 'or'; operands: Expr[] }
  | { kind: 'not'; operand: Expr; position: number }
  | { kind: 'compare'; attribute: AttributeRef; op: CompareOp; value: Literal; position: number }
  | { kind: 'in'; attribute: AttributeRef; negated: boolean; values: Literal[]; position: number }
  | { kind: 'between'; attribute: AttributeRef; negated: boolean; low: Literal; high: Literal; position: number }
  | { kind: 'startsWith'; attribute: AttributeRef; negated: boolean; prefix: Literal; position: number }
  | { kind: 'isNull'; attribute: AttributeRef; negated: boolean; position: number };

export interface OrderItem {
  attribute: AttributeRef;
  direction: 'ASC' | 'DESC';
}

export interface VisibilityQueryAst {
  /** null for an empty filter: every execution matches. */
  where: Expr | null;
  /** Empty when the query has no ORDER BY. */
  orderBy: OrderItem[];
  /** Empty when the query has no GROUP BY (only CountWorkflowExecutions accepts one; to-sql.ts checks the attribute). */
  groupBy: AttributeRef[];
}

/**
 * Deep enough for any hand-written or UI-generated filter; the cap exists so a
 * hostile "((((…" cannot overflow the stack and surface as an internal error.
 */
const MAX_DEPTH = 200;

export function parseVisibilityQuery(query: string): VisibilityQueryAst {
  return new Parser(tokenize(query)).parseQuery();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): VisibilityQueryAst {
    let where: Expr | null = null;
    if (!this.atKeyword('ORDER') && !this.atKeyword('GROUP') && this.peek().kind !== 'eof') where = this.parseOr();

    const groupBy: AttributeRef[] = [];
    if (this.atKeyword('GROUP')) {
      this.next();
      this.expectKeyword('BY');
      do groupBy.push(this.parseAttribute('a search attribute name after GROUP BY'));
      while (this.accept('comma'));
    }

    const orderBy: OrderItem[] = [];
    if (this.atKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      do {
        const attribute = this.parseAttribute('a search attribute name after ORDER BY');
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.atKeyword('ASC') || this.atKeyword('DESC')) direction = this.next().value as 'ASC' | 'DESC';
        orderBy.push({ attribute, direction });
      } while (this.accept('comma'));
    }

    const last = this.peek();
    if (last.kind !== 'eof') {
      if (last.kind === 'keyword' && last.value === 'LIMIT') throw new VisibilityQueryError('LIMIT is not supported', last.position);
      throw unexpected(last);
    }
    return { where, orderBy, groupBy };
  }

  private parseOr(): Expr {
    const operands = [this.parseAnd()];
    while (this.atKeyword('OR')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): Expr {
    const operands = [this.parseUnary()];
    while (this.atKeyword('AND')) {
      this.next();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (++this.depth > MAX_DEPTH) throw new VisibilityQueryError('query is nested too deeply', token.position);
    try {
      if (token.kind === 'keyword' && token.value === 'NOT') {
        this.next();
        return { kind: 'not', operand: this.parseUnary(), position: token.position };
      }
      if (token.kind === 'lparen') {
        this.next();
        const inner = this.parseOr();
        this.expect('rparen', '")"');
        return inner;
      }
      return this.parsePredicate();
    } finally {
      this.depth--;
    }
  }

  private parsePredicate(): Expr {
    const attribute = this.parseAttribute('a search attribute name');
    const opToken = this.peek();
    const position = opToken.position;

    if (opToken.kind === 'operator') {
      this.next();
      const op = opToken.value as CompareOp;
      return { kind: 'compare', attribute, op, value: this.parseValue(`"${opToken.text}"`), position };
    }

    if (opToken.kind === 'keyword') {
      if (opToken.value === 'IS') {
        this.next();
        const negated = this.acceptKeyword('NOT');
        this.expectKeyword('NULL');
        return { kind: 'isNull', attribute, negated, position };
      }
      const negated = opToken.value === 'NOT';
      if (negated) this.next();
      const keyword = this.peek();
      if (keyword.kind === 'keyword') {
        switch (keyword.value) {
          case 'IN': {
            this.next();
            this.expect('lparen', '"(" after IN');
            const values: Literal[] = [];
            if (this.peek().kind === 'rparen') {
              throw new VisibilityQueryError('IN needs at least one value', this.peek().position);
            }
            do values.push(this.parseValue('IN'));
            while (this.accept('comma'));
            this.expect('rparen', '")" or "," in IN list');
            return { kind: 'in', attribute, negated, values, position };
          }
          case 'BETWEEN': {
            this.next();
            const low = this.parseValue('BETWEEN');
            this.expectKeyword('AND');
            const high = this.parseValue('BETWEEN … AND');
            return { kind: 'between', attribute, negated, low, high, position };
          }
          case 'STARTS_WITH': {
            this.next();
            return { kind: 'startsWith', attribute, negated, prefix: this.parseValue('STARTS_WITH'), position };
          }
          case 'LIKE':
            throw new VisibilityQueryError('LIKE is not supported', keyword.position, 'use STARTS_WITH');
        }
      }
      throw unexpected(keyword, negated ? 'IN, BETWEEN or STARTS_WITH after NOT' : 'an operator');
    }
    throw unexpected(opToken, 'an operator');
  }

  private parseAttribute(what: string): AttributeRef {
    const token = this.peek();
    if (token.kind !== 'identifier') throw unexpected(token, what);
    this.next();
    return { name: token.value, position: token.position };
  }

  private parseValue(after: string): Literal {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
      case 'number':
        this.next();
        return { kind: token.kind, value: token.value, text: token.text, position: token.position };
      case 'keyword':
        if (token.value === 'TRUE' || token.value === 'FALSE') {
          this.next();
          return { kind: 'boolean', value: token.value === 'TRUE', text: token.text, position: token.position };
        }
        if (token.value === 'NULL') {
          throw new VisibilityQueryError('NULL is not a value', token.position, 'use IS NULL or IS NOT NULL');
        }
        break;
      case 'identifier':
        // The most common mistake: an unquoted string. Say so.
        throw new VisibilityQueryError(
          `unexpected token ${JSON.stringify(token.text)}`,
          token.position,
          `expected a value after ${after} (quote string values: '${token.value}')`,
        );
    }
    throw unexpected(token, `a value after ${after}`);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private atKeyword(value: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.value === value;
  }

  private accept(kind: Token['kind']): boolean {
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  private acceptKeyword(value: string): boolean {
    if (!this.atKeyword(value)) return false;
    this.next();
    return true;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw unexpected(token, what);
    return this.next();
  }

  private expectKeyword(value: string): Token {
    const token = this.peek();
    if (token.kind !== 'keyword' || token.value !== value) throw unexpected(token, value);
    return this.next();
  }
}

function unexpected(token: Token, expected?: string): VisibilityQueryError {
  const found = token.kind === 'eof' ? 'unexpected end of query' : `unexpected token ${JSON.stringify(token.text)}`;
  return new VisibilityQueryError(found, token.position, expected && `expected ${expected}`);
}
