/**
 * The content checks of a policy interpretation (政策解读, libs/domain
 * interpretation): which standard elements a 文字解读 should cover and the
 * share of sentences copied from the policy above which its owner is warned.
 */
import { STANDARD_ELEMENTS, type InterpretationElement } from '@gongkai/domain/interpretation';
import type { EnvReader } from './env-reader';

export interface InterpretationChecksConfig {
  /** Warn when more than this share (0–1] of an interpretation's sentences is found verbatim in the policy. */
  readonly copyThreshold: number;
  /** The standard elements of a 文字解读, each with the words that count as covering it. */
  readonly elements: readonly InterpretationElement[];
}

export const MAX_INTERPRETATION_ELEMENTS = 30;
const MAX_WORD_LENGTH = 20;

export function readInterpretationChecks(read: EnvReader): InterpretationChecksConfig {
  const copyThreshold = read.fraction('INTERPRETATION_COPY_THRESHOLD', 0.5);
  const text = read.raw('INTERPRETATION_ELEMENTS');
  if (text === undefined) return { copyThreshold, elements: STANDARD_ELEMENTS };
  const parsed = parseInterpretationElements(text);
  if (typeof parsed === 'string') return { copyThreshold, elements: read.fail(`INTERPRETATION_ELEMENTS ${parsed}`, STANDARD_ELEMENTS) };
  return { copyThreshold, elements: parsed };
}

/**
 * `名称:提示词|提示词;名称…` — elements separated by `;`, a name and its cue
 * words by `:`, cue words by `|` (the full-width `；` `：` `｜` too, as typed
 * in a Chinese input method). An element without cue words is covered by its
 * own name. Answers the elements, or what is wrong as one phrase.
 */
export function parseInterpretationElements(text: string): InterpretationElement[] | string {
  const entries = text.split(/[;；]/).map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) return '没有列出任何要素，格式为 名称:提示词|提示词;名称…，例如 背景依据:背景|依据;目标任务:目标|任务';
  if (entries.length > MAX_INTERPRETATION_ELEMENTS) return `最多列 ${MAX_INTERPRETATION_ELEMENTS} 个要素（当前 ${entries.length} 个）`;
  const elements: InterpretationElement[] = [];
  for (const entry of entries) {
    const parts = entry.split(/[:：]/);
    if (parts.length > 2) return `要素“${entry}”中冒号多于一个，格式为 名称:提示词|提示词`;
    const name = parts[0].trim();
    if (name === '') return `要素“${entry}”缺少名称，格式为 名称:提示词|提示词`;
    const cues = parts.length === 2 ? parts[1].split(/[|｜]/).map((c) => c.trim()) : [name];
    if (cues.some((c) => c === '')) return `要素“${name}”有空的提示词（冒号后须有提示词，提示词之间用 | 分隔）`;
    const tooLong = [name, ...cues].find((w) => [...w].length > MAX_WORD_LENGTH);
    if (tooLong) return `“${tooLong}”过长，名称和提示词各不超过 ${MAX_WORD_LENGTH} 个字`;
    if (elements.some((e) => e.name === name)) return `要素“${name}”重复`;
    elements.push({ name, cues });
  }
  return elements;
}
