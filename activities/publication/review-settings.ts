/**
 * Reminder and escalation periods in working days: the worker's configuration
 * wins, then the review_settings table, then 2 and 5. A malformed value falls
 * back to the default with a warning rather than stopping a review.
 */
import type { PublicationContext } from './publication-context';

export interface ReviewPeriods {
  reminderWorkingDays: number;
  escalationWorkingDays: number;
}

const DEFAULTS: ReviewPeriods = { reminderWorkingDays: 2, escalationWorkingDays: 5 };

export async function reviewPeriods(ctx: PublicationContext): Promise<ReviewPeriods> {
  const stored = await ctx.repositories.reviewSettings.values(['reminder_working_days', 'escalation_working_days']);
  const pick = (key: string, override: number | undefined, fallback: number): number => {
    const value = override ?? stored.get(key) ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    ctx.logger.warn(`review_settings.${key} 的值 ${JSON.stringify(value)} 无效（应为非负整数），按 ${fallback} 个工作日处理`);
    return fallback;
  };
  return {
    reminderWorkingDays: pick('reminder_working_days', ctx.options.reminderWorkingDays, DEFAULTS.reminderWorkingDays),
    escalationWorkingDays: pick('escalation_working_days', ctx.options.escalationWorkingDays, DEFAULTS.escalationWorkingDays),
  };
}
