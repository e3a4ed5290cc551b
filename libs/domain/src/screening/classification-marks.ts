/**
 * Classification and restricted-distribution marks (密级标志, 内部资料 …). A draft
 * carrying one must not be published at all, so these block.
 *
 * The words themselves are everyday vocabulary in disclosure texts — 国家秘密,
 * 商业秘密, 秘书长, 秘密性 — so a word counts as a mark only where marks stand:
 * with the ★ and its period (秘密★1年), after 密级, alone on a line (the header
 * position of GB/T 9704), or bracketed like （内部资料）.
 */
import type { Match } from './finding';

const LEVEL = '(?:绝密|机密|秘密)';
const RESTRICTED = '(?:内部资料|内部文件|内部使用|内部刊物|内部参考)';

/** 秘密★1年, 机密★长期, 绝密★ — the GB/T 9704 mark with its protection period. */
const STARRED = new RegExp(`${LEVEL}\\s*[★☆]\\s*(?:[0-9０-９]+\\s*(?:年|个月)|长期)?`, 'g');
/** 密级：机密 */
const LABELLED = new RegExp(`密\\s*级\\s*[:：]?\\s*${LEVEL}`, 'g');
/** A line that holds only a mark, maybe with a period: "秘密", "机密  1年", "内部资料". */
const ALONE_ON_LINE = new RegExp(
  `^[ \\t\\r\\u3000]*[【（(\\[]?(${LEVEL}|${RESTRICTED})[】）)\\]]?(?:[ \\t\\r\\u3000]*(?:[0-9０-９]+\\s*(?:年|个月)|长期))?[ \\t\\r\\u3000]*$`,
  'gm',
);
/** （内部资料）, 【内部文件】 anywhere. */
const BRACKETED = new RegExp(`[【（(\\[]\\s*${RESTRICTED}\\s*[】）)\\]]`, 'g');
/** Distribution restrictions are marks wherever they appear. */
const DISTRIBUTION = /(?:不得|严禁|请勿|禁止)(?:外传|翻印|转载)|注意保存/g;

export function findClassificationMarks(text: string): Match[] {
  const found: Match[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number, suggestion: string) => {
    const key = `${start}:${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ kind: 'classification_mark', severity: 'block', start, end, suggestion });
  };
  const secretAdvice = '含密级标志的文件不得公开发布：请撤回并按保密规定处理；如已解密，请删除密级标志并附解密依据';
  const internalAdvice = '标注“内部”或限制传播的材料不得公开发布：请确认能否公开，可以公开的须删除该标注';

  for (const m of text.matchAll(STARRED)) add(m.index, m.index + m[0].length, secretAdvice);
  for (const m of text.matchAll(LABELLED)) add(m.index, m.index + m[0].length, secretAdvice);
  for (const m of text.matchAll(ALONE_ON_LINE)) {
    const lead = m[0].length - m[0].trimStart().length;
    const mark = m[0].trim();
    const isSecret = new RegExp(LEVEL).test(m[1]);
    add(m.index + lead, m.index + lead + mark.length, isSecret ? secretAdvice : internalAdvice);
  }
  for (const m of text.matchAll(BRACKETED)) add(m.index, m.index + m[0].length, internalAdvice);
  for (const m of text.matchAll(DISTRIBUTION)) add(m.index, m.index + m[0].length, internalAdvice);

  // A starred mark also matches "alone on a line"; keep the longer span once.
  return found.filter(
    (f) => !found.some((g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start),
  );
}
