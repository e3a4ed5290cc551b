/**
 * Aho–Corasick multi-pattern matcher: built once from the dictionary, then one
 * pass over the text finds every occurrence of every term, however many terms
 * there are. Screening runs on every draft revision, so the cost must not grow
 * with dictionary size × document length.
 *
 * Works on UTF-16 code units, which is exact for matching because patterns and
 * text are encoded the same way.
 */
export interface PatternMatch<T> {
  start: number;
  end: number;
  value: T;
}

export class AhoCorasick<T> {
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Patterns ending at a node, including those reached through failure links. */
  private readonly output: number[][] = [[]];
  private readonly patterns: { length: number; value: T }[] = [];

  constructor(entries: Iterable<{ pattern: string; value: T }>) {
    for (const { pattern, value } of entries) {
      if (pattern.length === 0) continue;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let child = this.goto[node].get(code);
        if (child === undefined) {
          child = this.goto.length;
          this.goto.push(new Map());
          this.fail.push(0);
          this.output.push([]);
          this.goto[node].set(code, child);
        }
        node = child;
      }
      this.output[node].push(this.patterns.length);
      this.patterns.push({ length: pattern.length, value });
    }
    this.linkFailures();
  }

  get size(): number {
    return this.patterns.length;
  }

  private linkFailures(): void {
    const queue: number[] = [];
    for (const child of this.goto[0].values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of this.goto[node]) {
        let f = this.fail[node];
        while (f !== 0 && !this.goto[f].has(code)) f = this.fail[f];
        const target = this.goto[f].get(code);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.output[child].push(...this.output[this.fail[child]]);
        queue.push(child);
      }
    }
  }

  /** Every occurrence, overlapping ones included, in order of their end offset. */
  findAll(text: string): PatternMatch<T>[] {
    const found: PatternMatch<T>[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.goto[node].get(code);
      while (next === undefined && node !== 0) {
        node = this.fail[node];
        next = this.goto[node].get(code);
      }
      node = next ?? 0;
      for (const p of this.output[node]) {
        const { length, value } = this.patterns[p];
        found.push({ start: i + 1 - length, end: i + 1, value });
      }
    }
    return found;
  }
}

/** Keeps the leftmost, then longest, of overlapping matches. */
export function withoutOverlaps<M extends { start: number; end: number }>(matches: M[]): M[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: M[] = [];
  let reach = -1;
  for (const m of sorted) {
    if (m.start >= reach) {
      kept.push(m);
      reach = m.end;
    }
  }
  return kept;
}
