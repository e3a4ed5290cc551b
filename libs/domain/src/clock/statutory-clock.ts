/**
 * A statutory clock in working days that can be paused, resumed, restarted and
 * extended — e.g. the 20-working-day reply to a disclosure request (条例 Art. 33):
 *  - pause while a 补正 notice waits for the requester, or a third party or other
 *    agency is consulted (that time "不计算在期限内");
 *  - restart when the completed request arrives (补正 restarts the 20 days);
 *  - extend by at most 20 working days with approval.
 *
 * The clock is a value: its whole state is `StatutoryClockSpec`, plain JSON that a
 * Temporal workflow can keep and replay. Every operation returns a new clock.
 *
 * One convention for every date, matching "receipt = day 0": an event dated D
 * takes effect from D + 1. So the day a 补正 notice goes out still counts, the
 * day a third party's answer arrives does not (counting resumes the day after),
 * and the day a completed request arrives is the new day 0.
 */
import { addDays, type CivilDate, parseCivilDate, weekdayName } from '../calendar/civil-date';
import { explainDay, type ExplainedDay, type WorkingDayCalendar } from '../calendar/working-day-calendar';

export type PauseReason = 'correction_notice' | 'third_party_consultation' | 'agency_consultation';

const PAUSE_LABELS: Record<PauseReason, string> = {
  correction_notice: '补正',
  third_party_consultation: '征求第三方意见',
  agency_consultation: '征求其他机关意见',
};

export type ClockEvent =
  | { type: 'pause'; on: CivilDate; reason: PauseReason }
  | { type: 'resume'; on: CivilDate }
  | { type: 'restart'; on: CivilDate }
  | { type: 'extend'; on: CivilDate; workingDays: number };

export interface StatutoryClockSpec {
  receivedOn: CivilDate;
  workingDays: number;
  /** Cap on the sum of extensions (条例 Art. 33: 20). Unlimited when absent. */
  maxExtensionWorkingDays?: number;
  events: ClockEvent[];
}

export class ClockEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockEventError';
  }
}

export interface ClockReading {
  /** `paused`: no due date until the clock resumes or restarts. */
  state: 'running' | 'paused';
  /** Working days the clock stands at (budget including extensions). */
  budget: number;
  /** Working days counted since the last (re)start, up to `asOf` or the due date. */
  counted: number;
  remaining: number;
  dueDate?: CivilDate;
  /** End of the due date in Asia/Shanghai: when the deadline actually expires. */
  dueAt?: Date;
  /** Events dated after the clock had already expired; they could not move it. */
  lateEvents: ClockEvent[];
  explanation: ExplainedDay[];
}

export class StatutoryClock {
  private constructor(readonly spec: Readonly<StatutoryClockSpec>) {}

  static start(receivedOn: CivilDate, workingDays: number, options: { maxExtensionWorkingDays?: number } = {}): StatutoryClock {
    if (!Number.isInteger(workingDays) || workingDays < 1) {
      throw new ClockEventError(`期限工作日数必须是正整数，实际为 ${workingDays}`);
    }
    return new StatutoryClock({ receivedOn: parseCivilDate(receivedOn), workingDays, ...options, events: [] });
  }

  /** Rebuilds a clock from stored state, re-checking every event. */
  static fromSpec(spec: StatutoryClockSpec): StatutoryClock {
    let clock = StatutoryClock.start(spec.receivedOn, spec.workingDays, {
      ...(spec.maxExtensionWorkingDays !== undefined ? { maxExtensionWorkingDays: spec.maxExtensionWorkingDays } : {}),
    });
    for (const e of spec.events) clock = clock.apply(e);
    return clock;
  }

  get paused(): boolean {
    let paused = false;
    for (const e of this.spec.events) {
      if (e.type === 'pause') paused = true;
      if (e.type === 'resume' || e.type === 'restart') paused = false;
    }
    return paused;
  }

  pause(on: CivilDate, reason: PauseReason): StatutoryClock {
    return this.apply({ type: 'pause', on, reason });
  }

  resume(on: CivilDate): StatutoryClock {
    return this.apply({ type: 'resume', on });
  }

  /** The completed request arrived on `on`: it becomes the new day 0. */
  restart(on: CivilDate): StatutoryClock {
    return this.apply({ type: 'restart', on });
  }

  extend(on: CivilDate, workingDays: number): StatutoryClock {
    return this.apply({ type: 'extend', on, workingDays });
  }

  private apply(event: ClockEvent): StatutoryClock {
    parseCivilDate(event.on);
    const last = this.spec.events.at(-1)?.on ?? this.spec.receivedOn;
    if (event.on < last) {
      throw new ClockEventError(`计时事件日期 ${event.on} 早于上一事件或收到日期 ${last}，事件须按时间顺序登记`);
    }
    if (event.type === 'pause' && this.paused) throw new ClockEventError('计时已暂停，不能重复暂停');
    if (event.type === 'resume' && !this.paused) throw new ClockEventError('计时未暂停，无需恢复');
    if (event.type === 'extend') {
      if (!Number.isInteger(event.workingDays) || event.workingDays < 1) {
        throw new ClockEventError(`延长工作日数必须是正整数，实际为 ${event.workingDays}`);
      }
      const cap = this.spec.maxExtensionWorkingDays;
      const total = this.extensionTotal() + event.workingDays;
      if (cap !== undefined && total > cap) {
        throw new ClockEventError(`延长期限合计 ${total} 个工作日，超过上限 ${cap} 个工作日`);
      }
    }
    return new StatutoryClock({ ...this.spec, events: [...this.spec.events, event] });
  }

  private extensionTotal(): number {
    return this.spec.events.reduce((sum, e) => sum + (e.type === 'extend' ? e.workingDays : 0), 0);
  }

  /** The due date, or undefined while paused. */
  dueDate(calendar: WorkingDayCalendar): CivilDate | undefined {
    return this.read(calendar).dueDate;
  }

  /**
   * Runs the clock to its due date (or to the pause it stands in) and explains
   * every day. With `asOf`, `counted`/`remaining`/`state` are as at the end of
   * that day, and paused days are listed up to it.
   */
  read(calendar: WorkingDayCalendar, asOf?: CivilDate): ClockReading {
    if (asOf !== undefined) parseCivilDate(asOf);
    const events = this.spec.events;
    const explanation: ExplainedDay[] = [
      {
        date: this.spec.receivedOn,
        weekday: weekdayName(this.spec.receivedOn),
        counted: false,
        reason: 'receipt',
        note: `收到之日，为第 0 日，次日起算（期限 ${this.spec.workingDays} 个工作日）`,
      },
    ];
    let running = true;
    let pauseReason: PauseReason = 'correction_notice';
    let budget = this.spec.workingDays;
    let counted = 0;
    let next = 0;
    let date = this.spec.receivedOn;
    let dueDate: CivilDate | undefined;
    const notes = new Map<CivilDate, string[]>();
    const note = (d: CivilDate, text: string) => notes.set(d, [...(notes.get(d) ?? []), text]);

    for (;;) {
      // Events dated before `date + 1` take effect from `date + 1`.
      const day = addDays(date, 1);
      while (next < events.length && events[next].on < day) {
        const e = events[next++];
        if (e.type === 'pause') {
          running = false;
          pauseReason = e.reason;
          note(e.on, `当日${PAUSE_LABELS[e.reason]}，次日起暂停计时`);
        } else if (e.type === 'resume') {
          running = true;
          note(e.on, `当日${PAUSE_LABELS[pauseReason]}结束，次日起恢复计时`);
        } else if (e.type === 'restart') {
          running = true;
          counted = 0;
          note(e.on, '当日收到补正后的申请，重新起算，为新的第 0 日');
        } else {
          budget += e.workingDays;
          note(e.on, `当日决定延长 ${e.workingDays} 个工作日，期限共 ${budget} 个工作日`);
        }
      }
      const nothingMoreToShow = next >= events.length && (asOf === undefined || day > asOf);
      if (!running && nothingMoreToShow) break;
      date = day;

      if (!running) {
        explanation.push({
          date,
          weekday: weekdayName(date),
          counted: false,
          reason: 'paused',
          note: `不计：暂停计时（${PAUSE_LABELS[pauseReason]}）`,
        });
        continue;
      }
      const calendarDay = calendar.day(date);
      if (calendarDay.working) counted++;
      explanation.push(explainDay(calendarDay, calendarDay.working ? counted : undefined));
      // Reaching the budget ends the clock unless something was recorded that same day.
      if (counted >= budget && !(next < events.length && events[next].on <= date)) {
        dueDate = date;
        break;
      }
    }

    const restarts = new Set(events.filter((e) => e.type === 'restart').map((e) => e.on));
    for (const line of explanation) {
      const extra = notes.get(line.date);
      if (extra) line.note = `${line.note}；${extra.join('；')}`;
      if (restarts.has(line.date) && !line.counted && line.reason !== 'receipt') line.reason = 'restart';
    }
    const lateEvents = dueDate ? events.slice(next).filter((e) => e.on > dueDate!) : [];
    const at = asOf === undefined ? { state: running, counted } : this.standingAt(asOf, explanation, restarts);
    return {
      state: at.state ? 'running' : 'paused',
      budget,
      counted: at.counted,
      remaining: Math.max(0, budget - at.counted),
      ...(dueDate ? { dueDate, dueAt: calendar.endOfDay(dueDate) } : {}),
      lateEvents,
      explanation,
    };
  }

  /** Counted days and running state at the end of `asOf`, read off the explanation. */
  private standingAt(asOf: CivilDate, lines: ExplainedDay[], restarts: Set<CivilDate>): { state: boolean; counted: number } {
    let counted = 0;
    for (const line of lines) {
      if (line.date > asOf) break;
      if (line.ordinal !== undefined) counted = line.ordinal;
      if (restarts.has(line.date)) counted = 0;
    }
    let running = true;
    for (const e of this.spec.events) {
      if (e.on > asOf) break;
      if (e.type === 'pause') running = false;
      if (e.type === 'resume' || e.type === 'restart') running = true;
    }
    return { state: running, counted };
  }
}
