import { VisibilityQueryError } from './errors';

/**
 * Tokens of Temporal's List Filter language. Temporal parses filters with a
 * MySQL-flavoured SQL parser, so the lexical rules follow MySQL where Temporal's
 * documentation is silent (quote doubling and backslash escapes in strings,
 * backquoted identifiers).
 */
export type TokenKind =
  | 'keyword' // reserved word, `value` upper-cased
  | 'identifier' // bare or backquoted attribute name, `value` is the name
  | 'string' // `value` is the unescaped content
  | 'number' // `value` is the literal text (kept as text so big integers stay exact)
  | 'operator' // = != <> < <= > >=, `value` normalised (`<>` becomes `!=`)
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'eof';

export interface Token {
  kind: TokenKind;
  value: string;
  /** The token exactly as written, for error messages. */
  text: string;
  /** 0-based offset of the token's first character in the query. */
  position: number;
}

/**
 * Words that are never attribute names when written bare (any case). An
 * attribute that happens to be spelled like one can still be referenced with
 * backquotes: `Order`.
 */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'STARTS_WITH',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  // Not supported, but reserved so that using them yields "unexpected token"
  // at the right place instead of "unknown search attribute".
  'GROUP',
  'LIMIT',
  'LIKE',
]);

// Escapes MySQL understands inside string literals; any other backslashed
// character stands for itself (MySQL also does that).
const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
};

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;
// Accepted number shapes: 12, -12, 1.5, .5, 1e9, -2.5E-3. No hex, no trailing dot.
const NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;

  while (i < n) {
    const c = query[i];

    if (/\s/.test(c)) {
      i++;
      continue;
    }

    const start = i;

    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(query, i, c, true);
      tokens.push({ kind: 'string', value, text: query.slice(start, end), position: start });
      i = end;
      continue;
    }

    if (c === '`') {
      const { value, end } = readQuoted(query, i, '`', false);
      if (value === '') throw new VisibilityQueryError('empty backquoted attribute name', start);
      tokens.push({ kind: 'identifier', value, text: query.slice(start, end), position: start });
      i = end;
      continue;
    }

    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', value: c, text: c, position: start });
      i++;
      continue;
    }

    if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = query.slice(i, i + 2);
      let op: string;
      if (two === '!=' || two === '<>' || two === '<=' || two === '>=') op = two;
      else if (c === '!') throw new VisibilityQueryError(`unexpected character "!"`, start);
      else op = c;
      tokens.push({ kind: 'operator', value: op === '<>' ? '!=' : op, text: op, position: start });
      i += op.length;
      continue;
    }

    // A sign can only start a number: the language has no arithmetic, so
    // reading "-5" as one token is unambiguous.
    if (DIGIT.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(query[i + 1] ?? ''))) {
      const m = NUMBER.exec(query.slice(i));
      if (!m) throw new VisibilityQueryError(`malformed number`, start);
      const end = i + m[0].length;
      // "12abc" is not a number followed by a name; reject it as a whole.
      if (end < n && (IDENT_PART.test(query[end]) || query[end] === '.')) {
        throw new VisibilityQueryError(`malformed number "${readWordish(query, start)}"`, start);
      }
      tokens.push({ kind: 'number', value: m[0], text: m[0], position: start });
      i = end;
      continue;
    }

    if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < n && IDENT_PART.test(query[end])) end++;
      const word = query.slice(i, end);
      const upper = word.toUpperCase();
      if (KEYWORDS.has(upper)) tokens.push({ kind: 'keyword', value: upper, text: word, position: start });
      else tokens.push({ kind: 'identifier', value: word, text: word, position: start });
      i = end;
      continue;
    }

    throw new VisibilityQueryError(`unexpected character ${JSON.stringify(c)}`, start);
  }

  tokens.push({ kind: 'eof', value: '', text: '', position: n });
  return tokens;
}

/**
 * Reads a quoted run starting at `start` (which holds the quote). A doubled
 * quote stands for one quote character; for string literals a backslash
 * escapes the next character as in MySQL.
 */
function readQuoted(
  query: string,
  start: number,
  quote: string,
  backslashEscapes: boolean,
): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === quote) {
      if (query[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (backslashEscapes && c === '\\') {
      if (i + 1 >= query.length) break;
      const next = query[i + 1];
      value += BACKSLASH_ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  const what = quote === '`' ? 'backquoted attribute name' : 'string';
  throw new VisibilityQueryError(`unterminated ${what}`, start);
}

function readWordish(query: string, start: number): string {
  let end = start + 1;
  while (end < query.length && /[\p{L}\p{N}_.+-]/u.test(query[end])) end++;
  return query.slice(start, end);
}
