/**
 * What the publication activities share: the data source and its repositories, settings that
 * deployments override, the screening automaton and the working-day calendar
 * (both built once per worker), a clock and a logger.
 */
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { createRepositories, type Repositories } from '@gongkai/persistence';
import { ContentScreening } from '@gongkai/domain';
import { ReviewCalendar } from './review-calendar';

export interface ActivityLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface PublicationActivityOptions {
  /** Where published/retracted items are announced (the worker passes PORTAL_WEBHOOK_URL from libs/config); unset = no portal. */
  portalWebhookUrl?: string;
  /** Override review_settings.reminder_working_days (default 2). */
  reminderWorkingDays?: number;
  /** Override review_settings.escalation_working_days (default 5). */
  escalationWorkingDays?: number;
  /** HTTP client for the portal webhook (tests may pass their own). */
  fetch?: typeof fetch;
  portalTimeoutMs?: number;
  screening?: ContentScreening;
  /** The clock that dates publications (tests pin it). */
  now?: () => Date;
  logger?: ActivityLogger;
  /** How long a loaded calendar is reused before it is read again (calendar edits show up after this). */
  calendarCacheMs?: number;
  /** 暂缓解读: due working days after the policy's publication (default 3) and its approving levels (default 1). */
  interpretations?: { dueWorkingDays: number; releaseLevels: number };
  /** 征求意见: the feedback report is due N working days after closing (default 20), the author reminded after M (default 15). */
  consultationFeedback?: { dueWorkingDays: number; reminderWorkingDays: number };
  /** The installation's actor-signing public key (hex, apps/api/src/temporal/actor-signer.ts) that workflows must be started with. */
  actorKey?: string;
}

export interface PublicationContext {
  ds: DataSource;
  options: PublicationActivityOptions;
  portalWebhookUrl: string | undefined;
  fetch: typeof fetch;
  screening: ContentScreening;
  calendar: ReviewCalendar;
  now: () => Date;
  logger: ActivityLogger;
  /** The data access; a repository's `in(m)` joins a transaction of `ds`. */
  repositories: Repositories;
}

/** Logs through the activity's logger when running inside Temporal, else to the console. */
const defaultLogger: ActivityLogger = {
  warn(message, meta) {
    try {
      Context.current().log.warn(message, meta);
    } catch {
      console.warn(message, meta ?? '');
    }
  },
};

/**
 * Drill mode (GONGKAI_DEV_CLOCK): "now" on the engine's virtual clock — the instant the engine scheduled
 * this activity attempt — so what activities date (a notice's publication, and so its consultation window)
 * agrees with the workflows' timers after the drill clock has been advanced. Outside an activity: real time.
 */
export function engineClockNow(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

export function createPublicationContext(ds: DataSource, options: PublicationActivityOptions = {}): PublicationContext {
  const logger = options.logger ?? defaultLogger;
  const portal = options.portalWebhookUrl;
  return {
    ds,
    options,
    portalWebhookUrl: portal?.trim() ? portal.trim() : undefined,
    fetch: options.fetch ?? globalThis.fetch,
    screening: options.screening ?? new ContentScreening(),
    calendar: new ReviewCalendar(ds, logger, options.calendarCacheMs),
    now: options.now ?? (() => new Date()),
    logger,
    repositories: createRepositories(ds),
  };
}
