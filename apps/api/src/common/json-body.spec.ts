import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects together', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH) + '{"a":1}' + ']'.repeat(MAX_JSON_DEPTH);
    expect(nestsDeeperThan(bytes(deep), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(bytes(deep), MAX_JSON_DEPTH + 1)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ title: '[[[[{{{{ \\" [[[[ “引号”' })), 2)).toBe(false);
  });

  it('stops early on 50,000 levels', () => {
    expect(nestsDeeperThan(bytes('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});
