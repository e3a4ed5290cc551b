/**
 * The allowlist a manuscript's HTML body is rendered through (the API's notice policy, applied again here):
 * the page builds elements from this, never `v-html`, so even a body that bypassed the API's cleaning shows as
 * text and markup it allows.
 */
const PLAIN = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'div', 'span', 'strong', 'b', 'em', 'i', 'u', 's',
  'sub', 'sup', 'ul', 'ol', 'li', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr',
];
const ATTRIBUTES: Record<string, readonly string[]> = {
  ...Object.fromEntries(PLAIN.map((t) => [t, []])),
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  colgroup: ['span'],
  col: ['span'],
  a: ['href', 'title', 'target'],
  img: ['src', 'alt', 'width', 'height'],
};
/** Dropped with everything inside them (their content is not text a reader should see). */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title']);

export type NodeVerdict = { keep: true; attrs: Record<string, string> } | { keep: false; children: boolean };

const SAFE_HREF = /^(https?:|mailto:)/i;

/** What to do with one element: keep it with these attributes, or drop it (keeping its children or not). */
export function judgeElement(tag: string, attrs: Record<string, string>, attachmentUrl?: (sha256: string) => string | undefined): NodeVerdict {
  const t = tag.toLowerCase();
  if (DROP_WITH_CONTENT.has(t)) return { keep: false, children: false };
  const allowed = ATTRIBUTES[t];
  if (!allowed) return { keep: false, children: true };
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(attrs)) {
    const name = rawName.toLowerCase();
    if (!allowed.includes(name)) continue;
    if (name === 'href') {
      // After the browser's entity decoding; spaces and control characters are removed the way URL parsing does.
      const cleaned = [...value].filter((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f).join('');
      if (!SAFE_HREF.test(cleaned)) continue;
      out.href = value.trim();
    } else if (name === 'target') {
      if (value === '_blank') out.target = '_blank';
    } else if (name === 'src') {
      const m = /^attachment:([0-9a-f]{64})$/i.exec(value.trim());
      const url = m && attachmentUrl?.(m[1].toLowerCase());
      if (url) out.src = url;
    } else if (/^(colspan|rowspan|span|width|height)$/.test(name)) {
      if (/^\d{1,4}$/.test(value.trim())) out[name] = value.trim();
    } else {
      out[name] = value;
    }
  }
  if (t === 'a') out.rel = 'noopener noreferrer';
  if (t === 'img' && !out.src) return { keep: false, children: false };
  return { keep: true, attrs: out };
}

/** Text for a screening finding's context: the characters around [start, end) of the body or title. */
export function findingContext(source: string, start: number, end: number, around = 12): { before: string; match: string; after: string } {
  const s = Math.max(0, Math.min(start, source.length));
  const e = Math.max(s, Math.min(end, source.length));
  return {
    before: (s - around > 0 ? '…' : '') + source.slice(Math.max(0, s - around), s),
    match: source.slice(s, e),
    after: source.slice(e, e + around) + (e + around < source.length ? '…' : ''),
  };
}
