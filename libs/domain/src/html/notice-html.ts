/**
 * Cleans an HTML notice body down to NOTICE_ELEMENTS with sanitize-html, and
 * says what it took out. The same function runs when a body is stored (the API
 * refuses a body that would lose anything) and when it is served (bodies stored
 * before this policy are cleaned on the way out).
 */
import sanitizeHtml from 'sanitize-html';
import {
  ATTACHMENT_SCHEME,
  attachmentOfImage,
  ELEMENTS_DROPPED_WITH_CONTENT,
  isAllowedLink,
  LINK_PROTOCOLS,
  LINK_REL,
  LINK_TARGETS,
  NOTICE_ELEMENTS,
  type NoticeAttachment,
} from './notice-html-policy';
import type { NoticeHtmlRemoval } from './notice-html-removal';

export interface NoticeHtmlReview {
  /** The body as it is stored and served. */
  html: string;
  /** What cleaning removed, in document order; empty when only the spelling of the markup changed. */
  removed: NoticeHtmlRemoval[];
}

/** The body with everything outside the notice allowlist removed. */
export function cleanNoticeHtml(html: string, attachments: readonly NoticeAttachment[] = []): string {
  return sanitizeHtml(html, policyOptions(attachments, () => undefined));
}

/**
 * Cleans and reports. Besides what the policy itself removes, the cleaned body
 * is compared with the body merely re-serialised by the same parser (quoting,
 * entity spelling, `<br>` → `<br />`, comments): a difference the policy did not
 * name means sanitize-html removed something on its own, and is reported as
 * `other` rather than let through unmentioned.
 */
export function reviewNoticeHtml(html: string, attachments: readonly NoticeAttachment[] = []): NoticeHtmlReview {
  const removed: NoticeHtmlRemoval[] = [];
  const cleaned = sanitizeHtml(html, policyOptions(attachments, (r) => removed.push(r)));
  if (removed.length === 0 && cleaned !== sanitizeHtml(html, reserialiseOptions(attachments))) removed.push({ kind: 'other' });
  return { html: cleaned, removed };
}

type Report = (removal: NoticeHtmlRemoval) => void;

/** Written `<br />`; named here because sanitize-html's default list differs between versions (2.17 lacks `col`). */
const VOID_ELEMENTS = ['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'];

function policyOptions(attachments: readonly NoticeAttachment[], report: Report): sanitizeHtml.IOptions {
  return {
    allowedTags: Object.keys(NOTICE_ELEMENTS),
    allowedAttributes: Object.fromEntries(Object.entries(NOTICE_ELEMENTS).map(([tag, attrs]) => [tag, [...attrs]])),
    // sanitize-html checks these on the entity-decoded value; isAllowedLink (stricter) has already run.
    allowedSchemes: LINK_PROTOCOLS.map((protocol) => protocol.replace(/:$/, '')),
    allowedSchemesByTag: { img: [ATTACHMENT_SCHEME] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    selfClosing: VOID_ELEMENTS,
    nonTextTags: [...ELEMENTS_DROPPED_WITH_CONTENT],
    parseStyleAttributes: false,
    transformTags: { '*': keepAllowed(attachments, report) },
    // An <img> whose src was refused would only be a broken picture.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

/** Everything allowed and nothing checked: the body only parsed and written out again. */
function reserialiseOptions(attachments: readonly NoticeAttachment[]): sanitizeHtml.IOptions {
  return {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemesAppliedToAttributes: [],
    nonTextTags: [],
    selfClosing: VOID_ELEMENTS,
    parseStyleAttributes: false,
    // Same normalisations as the policy (rel, lowercased digests), so they do not count as removals.
    transformTags: { '*': keepAllowed(attachments, () => undefined) },
  };
}

/**
 * Runs on every element before sanitize-html's own checks: keeps the allowed
 * attributes (in their order) and reports the rest. Values arrive
 * entity-decoded by the parser, so `jav&#x61;script:` is judged as `javascript:`.
 */
function keepAllowed(attachments: readonly NoticeAttachment[], report: Report): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const allowed = NOTICE_ELEMENTS[tagName];
    if (allowed === undefined) {
      report({ kind: 'element', tag: tagName, withContent: ELEMENTS_DROPPED_WITH_CONTENT.includes(tagName) });
      return { tagName, attribs };
    }
    const kept: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      if (!allowed.includes(name)) report({ kind: 'attribute', tag: tagName, attribute: name });
      else if (name === 'href' && !isAllowedLink(value)) report({ kind: 'link', href: value });
      else if (name === 'target' && !LINK_TARGETS.includes(value)) report({ kind: 'attribute', tag: tagName, attribute: name, value });
      else if (name === 'src') keepImage(value);
      else kept[name] = name === 'rel' ? LINK_REL : value;
    }
    if (tagName === 'a') kept.rel = LINK_REL;
    if (tagName === 'img' && attribs.src === undefined) report({ kind: 'image', src: '' });
    return { tagName, attribs: kept };

    function keepImage(src: string): void {
      const digest = attachmentOfImage(src, attachments);
      if (digest === undefined) report({ kind: 'image', src });
      else kept.src = `${ATTACHMENT_SCHEME}:${digest}`;
    }
  };
}
