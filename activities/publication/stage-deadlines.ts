/**
 * stageDeadlines: a waiting step's reminder and escalation instants on the
 * calendar as stored now. Called after a calendar change, so the cached
 * calendar is dropped first.
 */
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';
import { reviewPeriods } from './review-settings';

export function stageDeadlinesActivity(ctx: PublicationContext): PublicationActivities['stageDeadlines'] {
  return async ({ since }) => {
    ctx.calendar.invalidate();
    const periods = await reviewPeriods(ctx);
    const start = new Date(since);
    const [remindAt, escalateAt] = await Promise.all([
      ctx.calendar.deadline(start, periods.reminderWorkingDays),
      ctx.calendar.deadline(start, periods.escalationWorkingDays),
    ]);
    return { remindAt: remindAt.toISOString(), escalateAt: escalateAt.toISOString() };
  };
}
