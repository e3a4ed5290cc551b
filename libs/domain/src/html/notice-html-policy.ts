/**
 * What an HTML notice body may contain: an allowlist of the structure a
 * government notice needs (headings, paragraphs, lists, tables, links, the
 * item's own images) and nothing that can run, restyle, navigate or submit.
 * Everything not named here is removed, so a new browser feature is closed
 * until someone decides to open it.
 */

export interface NoticeAttachment {
  name: string;
  sha256: string;
}

/** Each allowed element with the attributes it may keep. No `style`, `class`, `id` or `on*` anywhere. */
export const NOTICE_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  p: [], br: [], hr: [], blockquote: [], div: [], span: [],
  strong: [], b: [], em: [], i: [], u: [], s: [], sub: [], sup: [],
  ul: [], ol: [], li: [],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  colgroup: ['span'],
  col: ['span'],
  // `rel` is always overwritten with LINK_REL, so whatever the author wrote there is not content.
  a: ['href', 'title', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
};

/**
 * Removed together with their text: what is inside them is code, styling or
 * form state, never words of the notice, and must not turn into visible text.
 */
export const ELEMENTS_DROPPED_WITH_CONTENT: readonly string[] = [
  'script', 'style', 'template', 'noscript', 'xmp', 'textarea', 'option', 'select', 'title', 'head',
  'iframe', 'frame', 'frameset', 'object', 'svg', 'math',
];

/**
 * Links: absolute http, https and mailto only (mailto because notices give a
 * contact address). Relative links are refused: the same body is shown in the
 * workbench, the public catalogue and portals that copy it, where a relative
 * address would lead somewhere different in each.
 */
export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Every link opens without handing the notice's window or address to the other site. */
export const LINK_REL = 'noopener noreferrer';

/** `target` may only open a new window; `_top`/`_parent` would let a link replace the page around the notice. */
export const LINK_TARGETS: readonly string[] = ['_blank'];

/**
 * Images refer to one of the item's own attachments by digest:
 * `<img src="attachment:<sha256>">`. The attachment store is content-addressed
 * and has no fixed public URL, so whoever renders the body maps the digest to
 * the file's address there. No outside image can track readers or change
 * after review, and a digest that is not among the item's attachments is refused.
 */
export const ATTACHMENT_SCHEME = 'attachment';
const ATTACHMENT_SRC = /^attachment:([0-9a-f]{64})$/i;

/** The digest an image refers to, lowercased, when it is one of `attachments`; otherwise undefined. */
export function attachmentOfImage(src: string, attachments: readonly NoticeAttachment[]): string | undefined {
  const digest = ATTACHMENT_SRC.exec(src.trim())?.[1]?.toLowerCase();
  return digest !== undefined && attachments.some((a) => a.sha256.toLowerCase() === digest) ? digest : undefined;
}

/**
 * Judged with the WHATWG URL parser, as a browser does: it decodes nothing
 * further (the HTML parser already turned `jav&#x61;script:` into
 * `javascript:`) and strips the tabs and newlines that `java\tscript:` hides behind.
 */
export function isAllowedLink(href: string): boolean {
  try {
    return LINK_PROTOCOLS.includes(new URL(href).protocol);
  } catch {
    return false; // relative or malformed
  }
}
