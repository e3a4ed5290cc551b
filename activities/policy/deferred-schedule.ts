/**
 * deferredSchedule: a deferred interpretation (暂缓解读) is due by the end of
 * the Nth working day after its policy's publication date (default 3, on the
 * working-day calendar, 调休 included); its owner is reminded that morning.
 * The workflow turns both instants into durable timers, so lateness needs no
 * clock reading at query time.
 */
import type { PolicyPackageActivities } from '@gongkai/contracts';
import { civilDateInShanghai, endOfDayInShanghai, officeMorningInShanghai } from '@gongkai/domain';
import type { PublicationContext } from '../publication/publication-context';

export function deferredScheduleActivity(ctx: PublicationContext): PolicyPackageActivities['deferredSchedule'] {
  return async ({ publishedAt }) => {
    const settings = ctx.options.interpretations ?? { dueWorkingDays: 3, releaseLevels: 1 };
    const dueDay = await ctx.calendar.addWorkingDays(civilDateInShanghai(new Date(publishedAt)), settings.dueWorkingDays);
    return {
      dueAt: endOfDayInShanghai(dueDay).toISOString(),
      remindAt: officeMorningInShanghai(dueDay).toISOString(),
      releaseLevels: settings.releaseLevels,
    };
  };
}
