/**
 * Turns submitted text or HTML into the plain text that detectors read, keeping
 * for every plain character the span it came from, so a finding in "张三的身份证号"
 * points at the right place in the editor's HTML.
 *
 * A small scanner rather than a DOM: drafts come from rich-text editors
 * (p, br, table, span, entities), and workflow/worker code must not pull in a
 * browser-sized parser.
 */
export interface PlainText {
  text: string;
  /** Source offset where plain character i starts; null when plain = source. */
  starts: Int32Array | null;
  /** Source offset where plain character i ends (exclusive). */
  ends: Int32Array | null;
}

/** Tags that break a line: text on either side must not run together ("138<td>0013" is two cells). */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul',
]);
const SKIPPED_CONTENT = new Set(['script', 'style', 'head']);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×',
};

export function looksLikeHtml(source: string): boolean {
  return /<\/?(?:p|div|br|span|table|td|tr|h[1-6]|li|strong|b|em|font|html|body)\b[^>]*>/i.test(source);
}

export function toPlainText(source: string, format: 'text' | 'html' | 'auto' = 'auto'): PlainText {
  const html = format === 'html' || (format === 'auto' && looksLikeHtml(source));
  if (!html) return { text: source, starts: null, ends: null };

  // Plain text is never longer than the source (a tag or entity yields at most
  // as many units as it spans), so the offset tables are allocated once.
  const starts = new Int32Array(source.length);
  const ends = new Int32Array(source.length);
  const pieces: string[] = [];
  let length = 0;
  const emit = (text: string, from: number, to: number) => {
    pieces.push(text);
    for (let k = 0; k < text.length; k++) {
      starts[length] = from;
      ends[length] = to;
      length++;
    }
  };
  /** Copies source[from, to) verbatim: each unit maps to itself. */
  const copy = (from: number, to: number) => {
    if (to <= from) return;
    pieces.push(source.slice(from, to));
    for (let k = from; k < to; k++) {
      starts[length] = k;
      ends[length] = k + 1;
      length++;
    }
  };

  const lower = source.toLowerCase();
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const amp = source.indexOf('&', i);
    const next = lt < 0 ? amp : amp < 0 ? lt : Math.min(lt, amp);
    if (next < 0) {
      copy(i, source.length);
      break;
    }
    copy(i, next);
    i = next;
    if (source[i] === '&') {
      const entity = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/.exec(source.slice(i, i + 12));
      const decoded = entity ? decodeEntity(entity[1]) : undefined;
      if (entity && decoded !== undefined) {
        emit(decoded, i, i + entity[0].length);
        i += entity[0].length;
      } else {
        copy(i, i + 1);
        i++;
      }
      continue;
    }
    if (source.startsWith('<!--', i)) {
      const close = source.indexOf('-->', i + 4);
      i = close < 0 ? source.length : close + 3;
      continue;
    }
    const close = source.indexOf('>', i + 1);
    const tag = /^<\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(source.slice(i, i + 40));
    if (close < 0 || !tag) {
      copy(i, i + 1); // a lone "<" in text
      i++;
      continue;
    }
    const name = tag[1].toLowerCase();
    if (BLOCK_TAGS.has(name)) emit('\n', i, close + 1);
    if (source[i + 1] !== '/' && SKIPPED_CONTENT.has(name)) {
      const end = lower.indexOf(`</${name}`, close + 1);
      const endClose = end < 0 ? -1 : source.indexOf('>', end);
      i = endClose < 0 ? source.length : endClose + 1;
      continue;
    }
    i = close + 1;
  }
  return { text: pieces.join(''), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

function decodeEntity(body: string): string | undefined {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES[body.toLowerCase()];
}

/** Maps a [start, end) span of the plain text back to the source. */
export function sourceSpan(plain: PlainText, start: number, end: number): { start: number; end: number } {
  if (!plain.starts || !plain.ends) return { start, end };
  return { start: plain.starts[start], end: plain.ends[end - 1] };
}
