import { VisibilityQueryError } from './errors';
import { tokenize, type Token } from './lexer';

const kinds = (q: string) => tokenize(q).map((t: Token) => [t.kind, t.value]);

function lexError(q: string): VisibilityQueryError {
  try {
    tokenize(q);
  } catch (e) {
    if (e instanceof VisibilityQueryError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(q)} not to tokenize`);
}

describe('visibility query lexer', () => {
  it('recognises keywords in any case and keeps bare names as identifiers', () => {
    expect(kinds('WorkflowId and Foo Or NOT in between starts_with IS null Order by asc DESC true FALSE')).toEqual([
      ['identifier', 'WorkflowId'],
      ['keyword', 'AND'],
      ['identifier', 'Foo'],
      ['keyword', 'OR'],
      ['keyword', 'NOT'],
      ['keyword', 'IN'],
      ['keyword', 'BETWEEN'],
      ['keyword', 'STARTS_WITH'],
      ['keyword', 'IS'],
      ['keyword', 'NULL'],
      ['keyword', 'ORDER'],
      ['keyword', 'BY'],
      ['keyword', 'ASC'],
      ['keyword', 'DESC'],
      ['keyword', 'TRUE'],
      ['keyword', 'FALSE'],
      ['eof', ''],
    ]);
  });

  it('reads backquoted names as identifiers, even when they spell a keyword', () => {
    expect(kinds('`WorkflowId` `Order` `a``b`')).toEqual([
      ['identifier', 'WorkflowId'],
      ['identifier', 'Order'],
      ['identifier', 'a`b'],
      ['eof', ''],
    ]);
  });

  it('reads single- and double-quoted strings with doubled quotes and backslash escapes', () => {
    expect(kinds(`'it''s' "say ""hi""" 'a\\'b' "c\\"d" 'back\\\\slash' 'tab\\there' '\\%'`)).toEqual([
      ['string', "it's"],
      ['string', 'say "hi"'],
      ['string', "a'b"],
      ['string', 'c"d'],
      ['string', 'back\\slash'],
      ['string', 'tab\there'],
      ['string', '%'],
      ['eof', ''],
    ]);
  });

  it('keeps a quote of the other kind literally', () => {
    expect(kinds(`"it's" 'say "hi"'`)).toEqual([
      ['string', "it's"],
      ['string', 'say "hi"'],
      ['eof', ''],
    ]);
  });

  it('reads integers, negative numbers, decimals and exponents as number text', () => {
    expect(kinds('1 -2 +3 4.5 .5 -0.25 1e9 2.5E-3 12345678901234567890')).toEqual([
      ['number', '1'],
      ['number', '-2'],
      ['number', '+3'],
      ['number', '4.5'],
      ['number', '.5'],
      ['number', '-0.25'],
      ['number', '1e9'],
      ['number', '2.5E-3'],
      ['number', '12345678901234567890'],
      ['eof', ''],
    ]);
  });

  it('normalises <> to != and reads all comparison operators without spaces', () => {
    expect(kinds('a=1 b!=2 c<>3 d<4 e<=5 f>6 g>=7').filter(([k]) => k === 'operator')).toEqual([
      ['operator', '='],
      ['operator', '!='],
      ['operator', '!='],
      ['operator', '<'],
      ['operator', '<='],
      ['operator', '>'],
      ['operator', '>='],
    ]);
  });

  it('records 0-based positions', () => {
    const tokens = tokenize("  WorkflowId = 'x'");
    expect(tokens.map((t) => t.position)).toEqual([2, 13, 15, 18]);
  });

  it.each([
    ["WorkflowId = 'abc", 'unterminated string at position 13'],
    ['WorkflowId = "abc', 'unterminated string at position 13'],
    ["WorkflowId = 'abc\\", 'unterminated string at position 13'],
    ['`WorkflowId = 1', 'unterminated backquoted attribute name at position 0'],
    ['`` = 1', 'empty backquoted attribute name at position 0'],
    ["WorkflowId = 'x' -- comment", 'unexpected character "-" at position 17'],
    ["WorkflowId = 'x'; DROP TABLE e", 'unexpected character ";" at position 16'],
    ['Priority = 12abc', 'malformed number "12abc" at position 11'],
    ['Priority = 1.2.3', 'malformed number "1.2.3" at position 11'],
    ['Priority ! 1', 'unexpected character "!" at position 9'],
    ['Priority == 1', undefined],
  ])('rejects %j', (q, message) => {
    if (message === undefined) {
      // "==" lexes as two "=" tokens; the parser rejects it (see parser.spec.ts).
      expect(() => tokenize(q)).not.toThrow();
      return;
    }
    expect(lexError(q).message).toBe(message);
  });
});
