/**
 * Working-day arithmetic for review deadlines, on the calendar held in the
 * database. The calendar is cached per worker and re-read after a while, so an
 * imported correction reaches new deadlines without a restart.
 *
 * A year without calendar data must never crash a review: the weekday-only
 * fallback decides and a warning names the year, so an administrator imports it.
 */
import type { DataSource } from 'typeorm';
import { type CivilDate, civilDateInShanghai, endOfDayInShanghai, yearOf, type WorkingDayCalendar } from '@gongkai/domain';
import { CalendarRepository } from '@gongkai/persistence';
import type { ActivityLogger } from './publication-context';

export class ReviewCalendar {
  private loaded?: { at: number; calendar: Promise<WorkingDayCalendar> };

  constructor(
    private readonly ds: DataSource,
    private readonly logger: ActivityLogger,
    private readonly cacheMs = 5 * 60_000,
  ) {}

  private calendar(): Promise<WorkingDayCalendar> {
    const now = Date.now();
    if (!this.loaded || now - this.loaded.at > this.cacheMs) {
      const calendar = new CalendarRepository(this.ds).loadCalendar({ weekdayOnlyFallback: true });
      this.loaded = { at: now, calendar };
      // A failed load is not cached: the next call tries again.
      calendar.catch(() => {
        if (this.loaded?.calendar === calendar) this.loaded = undefined;
      });
    }
    return this.loaded.calendar;
  }

  /** Forget the cached calendar (after an import). */
  invalidate(): void {
    this.loaded = undefined;
  }

  /**
   * The calendar as it is now, for synchronous use inside a transaction (a
   * load there would wait for a second pooled connection while holding one).
   */
  async current(): Promise<ReviewDays> {
    return new ReviewDays(await this.calendar(), this.logger);
  }

  /** `n` working days after `from` (day 0). */
  async addWorkingDays(from: CivilDate, n: number): Promise<CivilDate> {
    return (await this.current()).addWorkingDays(from, n);
  }

  /** End of the day (23:59:59.999 Asia/Shanghai) `n` working days after the civil date of `since`. */
  async deadline(since: Date, n: number): Promise<Date> {
    return endOfDayInShanghai(await this.addWorkingDays(civilDateInShanghai(since), n));
  }
}

/** Working-day arithmetic that warns when it had to guess a year. */
export class ReviewDays {
  constructor(
    private readonly calendar: WorkingDayCalendar,
    private readonly logger: ActivityLogger,
  ) {}

  addWorkingDays(from: CivilDate, n: number): CivilDate {
    const due = this.calendar.addWorkingDays(from, n);
    const guessed: number[] = [];
    for (let y = yearOf(from); y <= yearOf(due); y++) if (!this.calendar.covers(y)) guessed.push(y);
    if (guessed.length > 0) {
      this.logger.warn(
        `工作日历缺少 ${guessed.join('、')} 年的节假日数据，期限按周一至周五推定；请导入该年日历（见 docs/calendar.md）`,
        { from, workingDays: n, due, uncoveredYears: guessed },
      );
    }
    return due;
  }
}
