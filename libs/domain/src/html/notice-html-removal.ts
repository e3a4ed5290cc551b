/**
 * What cleaning took out of an HTML body, worded so that an author can find it
 * in the editor and take it out themselves (nothing submitted is dropped silently).
 */
export type NoticeHtmlRemoval =
  | { kind: 'element'; tag: string; withContent: boolean }
  | { kind: 'attribute'; tag: string; attribute: string; value?: string }
  | { kind: 'link'; href: string }
  | { kind: 'image'; src: string }
  /** The sanitiser removed something the policy did not name (a safety net; see notice-html.ts). */
  | { kind: 'other' };

/** Long values (a pasted data: URL) are cut so the message stays readable. */
const QUOTED_MAX = 60;

/** Control characters are spelled out: a tab hidden in `java\tscript:` is part of what the author must find. */
function quoted(value: string): string {
  const cut = value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value;
  // eslint-disable-next-line no-control-regex
  const shown = cut.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `“${shown}”`;
}

export function describeRemoval(removal: NoticeHtmlRemoval): string {
  switch (removal.kind) {
    case 'element':
      return removal.withContent ? `<${removal.tag}> 元素及其中的内容` : `<${removal.tag}> 标签`;
    case 'attribute':
      return removal.value === undefined
        ? `<${removal.tag}> 的 ${removal.attribute} 属性`
        : `<${removal.tag}> 的 ${removal.attribute}=${quoted(removal.value)} 属性`;
    case 'link':
      return `链接地址${removal.href === '' ? '（空）' : quoted(removal.href)}（只允许 http、https 或 mailto 开头的完整地址）`;
    case 'image':
      return `图片地址${removal.src === '' ? '（空）' : quoted(removal.src)}（图片只能引用本稿件的附件，写作 attachment:附件的 sha256）`;
    case 'other':
      return '其他无法安全保存的内容';
  }
}

/** The removals as one sentence fragment, each named once, at most `limit` of them. */
export function describeRemovals(removals: readonly NoticeHtmlRemoval[], limit = 10): string {
  const names = [...new Set(removals.map(describeRemoval))];
  const shown = names.slice(0, limit).join('；');
  return names.length > limit ? `${shown}；等共 ${names.length} 项` : shown;
}
