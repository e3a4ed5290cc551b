/**
 * Content checks of a policy interpretation (政策解读): warnings the owner
 * acknowledges, never blocks. Pure functions: the API runs them on every save.
 *
 * - a 文字解读 should cover the standard elements (背景依据, 目标任务 …);
 * - an interpretation whose sentences are mostly copied verbatim from the
 *   policy is 文件摘抄式解读.
 */

/** One standard element of a 文字解读 and the phrasings that count as covering it. */
export interface InterpretationElement {
  name: string;
  cues: readonly string[];
}

/** The standard elements of a 文字解读 (configurable: INTERPRETATION_ELEMENTS in libs/config). */
export const STANDARD_ELEMENTS: readonly InterpretationElement[] = [
  { name: '背景依据', cues: ['背景', '依据', '出台'] },
  { name: '目标任务', cues: ['目标', '任务'] },
  { name: '主要内容', cues: ['主要内容', '主要措施', '重点内容', '主要举措'] },
  { name: '适用范围', cues: ['适用范围', '适用于', '适用对象', '适用'] },
  { name: '执行标准', cues: ['执行标准', '标准', '条件'] },
  { name: '注意事项', cues: ['注意事项', '注意', '需要说明'] },
  { name: '新旧政策差异', cues: ['新旧', '差异', '变化', '调整', '与原', '相比'] },
];

export interface InterpretationWarning {
  kind: 'missing_elements' | 'copied_from_policy';
  message: string;
  /** missing_elements: which are absent. */
  missing?: string[];
  /** copied_from_policy: the share (0–1) of sentences found verbatim in the policy. */
  share?: number;
}

/** The standard elements a text does not mention. */
export function missingElements(text: string, elements: readonly InterpretationElement[] = STANDARD_ELEMENTS): string[] {
  return elements.filter((e) => !e.cues.some((cue) => text.includes(cue))).map((e) => e.name);
}

/** Sentences: split at Chinese and Western sentence ends and line breaks; whitespace and list markers dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/[。！？；!?;\n\r]+/)
    .map((s) => s.replace(/\s+/g, '').replace(/^[（(]?[一二三四五六七八九十\d]+[)）、.．]/, ''))
    .filter((s) => s.length >= 8);
}

/** The share of the interpretation's sentences (of at least 8 characters) that appear verbatim in the policy. */
export function copiedShare(interpretation: string, policy: string): number {
  const own = sentences(interpretation);
  if (own.length === 0) return 0;
  const source = policy.replace(/\s+/g, '');
  return own.filter((s) => source.includes(s)).length / own.length;
}

export interface InterpretationCheckOptions {
  /** The share of copied sentences above which the owner is warned (default 0.5). */
  copyThreshold?: number;
  elements?: readonly InterpretationElement[];
}

/** The warnings for one interpretation: elements (文字解读 only) and copying (every form with text). */
export function interpretationWarnings(
  form: string,
  body: string,
  policyBody: string,
  options: InterpretationCheckOptions = {},
): InterpretationWarning[] {
  const warnings: InterpretationWarning[] = [];
  if (form === 'text') {
    const missing = missingElements(body, options.elements);
    if (missing.length > 0) {
      warnings.push({ kind: 'missing_elements', missing, message: `文字解读缺少以下要素：${missing.join('、')}` });
    }
  }
  const share = copiedShare(body, policyBody);
  const threshold = options.copyThreshold ?? 0.5;
  if (share > threshold) {
    warnings.push({
      kind: 'copied_from_policy',
      share,
      message: `解读中 ${Math.round(share * 100)}% 的句子照抄政策原文（超过 ${Math.round(threshold * 100)}%），属“文件摘抄式解读”，请用通俗语言解读`,
    });
  }
  return warnings;
}
