/**
 * The dictionary file a deployment maintains (docs/screening.md): extra or
 * replacement dictionary entries and the current leaders with their titles.
 */
import { type DictionaryEntry, type Leader, SEED_DICTIONARY } from './dictionary';
import type { ScreeningOptions } from './content-screening';

export class ScreeningConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`筛查词典配置有误：\n- ${problems.join('\n- ')}`);
    this.name = 'ScreeningConfigError';
  }
}

export function parseScreeningConfig(input: unknown): ScreeningOptions {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScreeningConfigError(['顶层必须是 JSON 对象，可含 replaceSeed、entries、leaders']);
  }
  const raw = input as Record<string, unknown>;
  const entries: DictionaryEntry[] = [];
  const leaders: Leader[] = [];

  if (raw.entries !== undefined && !Array.isArray(raw.entries)) problems.push('entries 必须是数组');
  for (const [i, e] of (Array.isArray(raw.entries) ? raw.entries : []).entries()) {
    const v = (e ?? {}) as Record<string, unknown>;
    if (typeof v.term !== 'string' || v.term === '') problems.push(`entries[${i}].term 不能为空`);
    if (v.category !== 'typo' && v.category !== 'sensitive_word') {
      problems.push(`entries[${i}].category 必须是 typo 或 sensitive_word`);
    }
    if (typeof v.replacement !== 'string') problems.push(`entries[${i}].replacement 必须是字符串（可为空）`);
    const allowed = v.allowedIn;
    if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((a) => typeof a === 'string'))) {
      problems.push(`entries[${i}].allowedIn 必须是字符串数组`);
    }
    entries.push(v as unknown as DictionaryEntry);
  }

  if (raw.leaders !== undefined && !Array.isArray(raw.leaders)) problems.push('leaders 必须是数组');
  for (const [i, l] of (Array.isArray(raw.leaders) ? raw.leaders : []).entries()) {
    const v = (l ?? {}) as Record<string, unknown>;
    if (typeof v.name !== 'string' || v.name.length < 2) problems.push(`leaders[${i}].name 至少两个字`);
    if (!Array.isArray(v.titles) || v.titles.length === 0 || !v.titles.every((t) => typeof t === 'string' && t)) {
      problems.push(`leaders[${i}].titles 必须是非空字符串数组，如 ["市委副书记", "市长"]`);
    }
    leaders.push(v as unknown as Leader);
  }
  if (problems.length > 0) throw new ScreeningConfigError(problems);
  return { dictionary: raw.replaceSeed === true ? entries : [...SEED_DICTIONARY, ...entries], leaders };
}
