import { Injectable } from '@nestjs/common';
import { civilDateInShanghai, type WorkingDayCalendar } from '@gongkai/domain';
import { CalendarRepository } from '@gongkai/persistence';

/** How long the API reuses the calendar it read; an import reaches reads within this. */
const CALENDAR_CACHE_MS = 60_000;

/**
 * The working-day calendar for reads (working days left on a task, the
 * dashboard's cut-offs), from the `calendar_day` table. Years without data
 * fall back to Monday–Friday here: a read must answer, and the review
 * deadlines themselves are computed by the worker, which warns about them.
 */
@Injectable()
export class WorkingDays {
  private loaded?: { at: number; calendar: Promise<WorkingDayCalendar> };

  constructor(private readonly calendars: CalendarRepository) {}

  calendar(): Promise<WorkingDayCalendar> {
    const now = Date.now();
    if (!this.loaded || now - this.loaded.at > CALENDAR_CACHE_MS) {
      const calendar = this.calendars.loadCalendar({ weekdayOnlyFallback: true });
      this.loaded = { at: now, calendar };
      calendar.catch(() => {
        if (this.loaded?.calendar === calendar) this.loaded = undefined;
      });
    }
    return this.loaded.calendar;
  }

  /** Today in Asia/Shanghai. */
  today(now: Date = new Date()): string {
    return civilDateInShanghai(now);
  }
}
