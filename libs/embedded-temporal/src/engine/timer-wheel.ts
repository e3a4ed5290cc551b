/**
 * One in-process scheduler for every deadline the engine keeps (user timers,
 * activity and workflow-task timeouts, retry backoffs, run timeouts). Entries
 * are derived from run state, so after a restart they are simply re-armed;
 * overdue ones fire at once.
 */
import type { EngineClock } from './clock';

export interface Deadline {
  key: string;
  at: number;
  fire: () => void;
}

export class TimerWheel {
  private readonly entries = new Map<string, Deadline>();
  private heap: Deadline[] = [];
  private handle?: NodeJS.Timeout;
  private armedFor = Infinity;
  private stopped = false;

  constructor(private readonly clock: EngineClock) {}

  set(key: string, at: number, fire: () => void): void {
    const entry = { key, at, fire };
    this.entries.set(key, entry);
    this.push(entry);
    if (at < this.armedFor) this.arm();
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  clearPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Earliest live deadline, for time skipping. */
  next(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Fires everything due now (used after the virtual clock jumped). */
  runDue(): void {
    const now = this.clock.now();
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.at > now) break;
      this.pop();
      this.entries.delete(top.key);
      top.fire();
    }
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = Infinity;
    const next = this.next();
    if (next === undefined) return;
    const delay = Math.max(0, Math.min(next - this.clock.now(), 2 ** 31 - 1));
    this.armedFor = next;
    this.handle = setTimeout(() => this.runDue(), delay);
    this.handle.unref?.();
  }

  private dropStale(): void {
    while (this.heap.length && this.entries.get(this.heap[0].key) !== this.heap[0]) this.pop();
  }

  private push(entry: Deadline): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].at < h[m].at) m = l;
      if (r < h.length && h[r].at < h[m].at) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
