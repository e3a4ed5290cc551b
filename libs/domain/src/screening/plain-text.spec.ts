import { sourceSpan, toPlainText } from './plain-text';

describe('toPlainText', () => {
  it('strips tags, decodes entities and maps every character back to the source', () => {
    const html = '<p class="x">联系人&nbsp;<b>陈某</b>&ldquo;公开&rdquo;</p><script>var a="13912345678";</script>';
    const plain = toPlainText(html, 'html');
    expect(plain.text).toBe('\n联系人 陈某“公开”\n');
    const at = plain.text.indexOf('陈某');
    expect(html.slice(sourceSpan(plain, at, at + 2).start, sourceSpan(plain, at, at + 2).end)).toBe('陈某');
    const quote = plain.text.indexOf('“');
    expect(sourceSpan(plain, quote, quote + 1)).toEqual({ start: html.indexOf('&ldquo;'), end: html.indexOf('公开') });
  });

  it('keeps table cells apart so numbers in neighbouring cells do not join', () => {
    expect(toPlainText('<tr><td>1391234</td><td>5678</td></tr>', 'html').text).toBe('\n\n1391234\n\n5678\n\n');
  });

  it('leaves plain text alone, including a lone "<" and unknown entities', () => {
    expect(toPlainText('a < b &foo; c', 'auto').text).toBe('a < b &foo; c');
    expect(toPlainText('<p>a < b &foo;</p>', 'html').text).toBe('\na < b &foo;\n');
  });
});
