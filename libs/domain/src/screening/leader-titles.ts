/**
 * Wrong titles next to a leader's name (称谓错误) — one of the errors that most
 * embarrass a published notice: "副市长张明华" when 张明华 is 市长.
 *
 * Only a title written immediately before or after the name is judged; a name on
 * its own or followed by 同志 is left alone.
 */
import { AhoCorasick } from './aho-corasick';
import { TITLE_WORDS, type Leader } from './dictionary';
import type { Match } from './finding';

const WINDOW = 12;

export class LeaderTitleCheck {
  private readonly names: AhoCorasick<Leader>;

  constructor(leaders: readonly Leader[]) {
    this.names = new AhoCorasick(leaders.map((l) => ({ pattern: l.name, value: l })));
  }

  find(text: string): Match[] {
    if (this.names.size === 0) return [];
    const found: Match[] = [];
    for (const { start, end, value: leader } of this.names.findAll(text)) {
      const before = text.slice(Math.max(0, start - WINDOW), start);
      const after = text.slice(end, end + WINDOW);
      const titleBefore = longest(TITLE_WORDS.filter((w) => before.endsWith(w)));
      if (titleBefore) {
        // The written title must be one of the leader's, in full ("市长" inside "副市长" is not enough).
        const ok = leader.titles.some((t) => before.endsWith(t) && t.length >= titleBefore.length);
        if (!ok) found.push(this.mismatch(leader, titleBefore, start - titleBefore.length, end));
        continue;
      }
      const titleAfter = longest(TITLE_WORDS.filter((w) => after.startsWith(w)));
      if (titleAfter) {
        // After a name the short form is usual: 张明华书记 for 市委书记.
        const ok = leader.titles.some((t) => t.endsWith(titleAfter) || after.startsWith(t));
        if (!ok) found.push(this.mismatch(leader, titleAfter, start, end + titleAfter.length));
      }
    }
    return found;
  }

  private mismatch(leader: Leader, written: string, start: number, end: number): Match {
    return {
      kind: 'leader_title',
      severity: 'warn',
      start,
      end,
      suggestion: `${leader.name}现任${leader.titles.join('、')}，此处写作“${written}”，请核对职务`,
    };
  }
}

function longest(words: string[]): string | undefined {
  return words.reduce<string | undefined>((a, w) => (a === undefined || w.length > a.length ? w : a), undefined);
}
