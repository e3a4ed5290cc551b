/**
 * Screens a draft's title and body before the first review and on every
 * revision (先审后发): personal data and classification marks block
 * publication; sensitive words, typos, wrong leader titles and malformed 文号
 * warn and need an acknowledgement.
 *
 * Build one `ContentScreening` per dictionary and reuse it: the Aho–Corasick
 * automaton is built in the constructor so each screening is a single pass.
 */
import { AhoCorasick, withoutOverlaps } from './aho-corasick';
import { findClassificationMarks } from './classification-marks';
import { type DictionaryEntry, type Leader, SEED_DICTIONARY } from './dictionary';
import type { Finding, FindingKind, Match, Severity } from './finding';
import { LeaderTitleCheck } from './leader-titles';
import { findPersonalData } from './personal-data';
import { sourceSpan, toPlainText } from './plain-text';
import { DOCUMENT_NUMBER_IN_TEXT, documentNumberProblems, fullYear } from '../numbers/document-number';

export interface ScreeningOptions {
  /** Replaces the seed dictionary; spread `SEED_DICTIONARY` in to extend it. */
  dictionary?: readonly DictionaryEntry[];
  /** Current leaders and their titles (maintained by the disclosure office). */
  leaders?: readonly Leader[];
  /** Per-deployment severity, e.g. `{ landline_phone: 'warn' }`. */
  severity?: Partial<Record<FindingKind, Severity>>;
}

export type SourceFormat = 'text' | 'html' | 'auto';

export class ContentScreening {
  private readonly dictionary: AhoCorasick<DictionaryEntry>;
  private readonly leaders: LeaderTitleCheck;
  private readonly severity: Partial<Record<FindingKind, Severity>>;

  constructor(options: ScreeningOptions = {}) {
    const entries = options.dictionary ?? SEED_DICTIONARY;
    this.dictionary = new AhoCorasick(entries.map((e) => ({ pattern: e.term, value: e })));
    this.leaders = new LeaderTitleCheck(options.leaders ?? []);
    this.severity = options.severity ?? {};
  }

  /** Findings for one text, positions in `source` as given (HTML tags included), in reading order. */
  screen(source: string, format: SourceFormat = 'auto'): Finding[] {
    const plain = toPlainText(source, format);
    const matches = [
      ...findPersonalData(plain.text),
      ...findClassificationMarks(plain.text),
      ...this.findDictionaryTerms(plain.text),
      ...this.leaders.find(plain.text),
      ...findDocumentNumberFormat(plain.text),
    ];
    return matches
      .map((m) => {
        const span = sourceSpan(plain, m.start, m.end);
        return {
          kind: m.kind,
          severity: this.severity[m.kind] ?? m.severity,
          text: plain.text.slice(m.start, m.end),
          start: span.start,
          end: span.end,
          suggestion: m.suggestion,
        };
      })
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Screens title and body; each finding says which field it is in. */
  screenDraft(draft: { title: string; body: string; format?: SourceFormat }): Finding[] {
    return [
      ...this.screen(draft.title, 'text').map((f) => ({ ...f, field: 'title' as const })),
      ...this.screen(draft.body, draft.format ?? 'auto').map((f) => ({ ...f, field: 'body' as const })),
    ];
  }

  private findDictionaryTerms(text: string): Match[] {
    const hits = this.dictionary.findAll(text).filter(({ start, value }) => !isAllowedHere(text, start, value));
    return withoutOverlaps(hits).map(({ start, end, value }) => ({
      kind: value.category,
      severity: 'warn',
      start,
      end,
      suggestion: [value.replacement ? `建议改为“${value.replacement}”` : '建议删除或改写', value.note]
        .filter(Boolean)
        .join('：'),
    }));
  }
}

function isAllowedHere(text: string, start: number, entry: DictionaryEntry): boolean {
  return (entry.allowedIn ?? []).some((phrase) => {
    const offset = phrase.indexOf(entry.term);
    return offset >= 0 && text.startsWith(phrase, start - offset);
  });
}

function findDocumentNumberFormat(text: string): Match[] {
  const found: Match[] = [];
  for (const m of text.matchAll(DOCUMENT_NUMBER_IN_TEXT)) {
    const [, open, year, close, di, serial] = m;
    const problems = documentNumberProblems(open, year, close, di, serial);
    if (problems.length === 0) continue;
    const fixed = `〔${fullYear(year)}〕${Number(serial)}号`;
    found.push({
      kind: 'document_number',
      severity: 'warn',
      start: m.index,
      end: m.index + m[0].length,
      suggestion: `${problems.join('；')}。应写作“${fixed}”${year.length === 2 ? '（请核对年份）' : ''}`,
    });
  }
  return found;
}
