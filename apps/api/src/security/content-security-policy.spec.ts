import { createHash } from 'node:crypto';
import { inlineHashes, pagePolicy } from './content-security-policy';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('inlineHashes', () => {
  const html = '<style>b{}</style><script src="/a.js"></script><script>var 字 = 1;\n</script><script type="module">x()</script>';

  it('hashes the text of each inline script, skipping scripts loaded by src', () => {
    expect(inlineHashes(html, 'script')).toEqual([sha('var 字 = 1;\n'), sha('x()')]);
  });

  it('hashes the text of each inline style', () => {
    expect(inlineHashes(html, 'style')).toEqual([sha('b{}')]);
  });
});

describe('pagePolicy', () => {
  it('loads only what it is given, from nowhere by default, and may not be framed', () => {
    expect(pagePolicy({ script: ["'sha256-x'"], style: [] })).toBe(
      "default-src 'none'; script-src 'sha256-x'; style-src 'none'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
  });
});
