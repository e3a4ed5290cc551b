/**
 * The consultation window (征求意见) and its comments, as pure functions: the
 * workflow, the publish transaction and the API compute the same instants from
 * the same inputs, and the clustering of duplicate comments is one rule.
 *
 * - Periods are calendar days; the opening (publication) day is not counted;
 *   the window ends at 23:59:59.999 Asia/Shanghai of its last day.
 * - An extension adds calendar days to the current last day.
 */
import { addDays, civilDateInShanghai, endOfDayInShanghai, type CivilDate } from '../calendar/civil-date';
import { STATUTORY_PERIODS } from '../clock/statutory-periods';

/** 重大行政决策程序暂行条例: not less than 30 days, unless a reason is published with the notice. */
export const MIN_CONSULTATION_DAYS = STATUTORY_PERIODS.majorDecisionConsultationCalendarDays;

/** The closing instant of a window of `days` calendar days opened at `openedAt`. */
export function windowClosesAt(openedAt: Date | string, days: number): Date {
  return endOfDayInShanghai(addDays(civilDateInShanghai(new Date(openedAt)), days));
}

/** The closing instant after extending a window closing at `closesAt` by `days` calendar days. */
export function extendedClosesAt(closesAt: Date | string, days: number): Date {
  return endOfDayInShanghai(addDays(civilDateInShanghai(new Date(closesAt)), days));
}

/** The civil date (Asia/Shanghai) a window closes on. */
export function closingDate(closesAt: Date | string): CivilDate {
  return civilDateInShanghai(new Date(closesAt));
}

/** "2027年1月3日" */
export function chineseDate(date: CivilDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The sentence printed in the published notice: the exact end of the window. */
export function closingStatement(closesAt: Date | string): string {
  return `征求意见截止时间：${chineseDate(closingDate(closesAt))}24时（北京时间）。逾期提交的意见不予受理。`;
}

/**
 * A comment's fingerprint: equal fingerprints are duplicates (one cluster, one
 * disposition). Compatibility forms folded (full-width letters and digits),
 * case ignored, and every space, punctuation mark and symbol removed — so
 * "建议延长开放时间！" and "建议 延长开放时间。" are the same comment.
 */
export function commentFingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}
