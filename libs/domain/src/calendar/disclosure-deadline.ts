/**
 * The 20-working-day rule (条例 Art. 26): information is made public within
 * 20 working days of being formed (成文日期). These helpers turn "is this item
 * late / due soon?" into a cut-off on 成文日期, so a list or a dashboard can
 * ask it with one indexed comparison instead of a calendar walk per row.
 */
import { addDays, type CivilDate } from './civil-date';
import type { WorkingDayCalendar } from './working-day-calendar';

export const DISCLOSURE_WORKING_DAYS = 20;

/** The smallest 成文日期 whose deadline (written + `n` working days) is on or after `date`. */
export function earliestWrittenDateDueOnOrAfter(calendar: WorkingDayCalendar, date: CivilDate, n = DISCLOSURE_WORKING_DAYS): CivilDate {
  // The deadline moves monotonically with the written date; the answer is at most n working days (plus holidays) back.
  let w = date;
  while (calendar.addWorkingDays(addDays(w, -1), n) >= date) w = addDays(w, -1);
  return w;
}

export interface DisclosureCutoffs {
  /** Unpublished items written before this are past their deadline today. */
  overdueBefore: CivilDate;
  /** Unpublished items written on/after `overdueBefore` and before this are due within `withinWorkingDays`. */
  dueBefore: CivilDate;
}

/**
 * Overdue: today is after the deadline. Due within k working days: not
 * overdue, and the deadline is no later than k working days after today
 * (k = 0: due today).
 */
export function disclosureCutoffs(calendar: WorkingDayCalendar, today: CivilDate, withinWorkingDays: number): DisclosureCutoffs {
  const lastDue = calendar.addWorkingDays(today, withinWorkingDays);
  return {
    overdueBefore: earliestWrittenDateDueOnOrAfter(calendar, today),
    dueBefore: earliestWrittenDateDueOnOrAfter(calendar, addDays(lastDue, 1)),
  };
}

/** Median of a histogram { value → how many }; null when empty. */
export function histogramMedian(counts: ReadonlyMap<number, number>): number | null {
  const values = [...counts.entries()].filter(([, c]) => c > 0).sort(([a], [b]) => a - b);
  const total = values.reduce((sum, [, c]) => sum + c, 0);
  if (total === 0) return null;
  // The (total+1)/2-th value, averaging the two middle ones when total is even.
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, c] of values) {
      seen += c;
      if (seen >= rank) return value;
    }
    return values[values.length - 1][0];
  };
  return total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
}

/** Share (0–1) of the histogram at or below `limit`; null when empty. */
export function shareAtMost(counts: ReadonlyMap<number, number>, limit: number): number | null {
  let total = 0;
  let within = 0;
  for (const [value, c] of counts) {
    total += c;
    if (value <= limit) within += c;
  }
  return total === 0 ? null : within / total;
}
