/** The publication review (三审) activities, closed over their dependencies. */
import type { DataSource } from 'typeorm';
import type { PublicationActivities } from '@gongkai/contracts';
import { assignStageActivity } from './assign-stage';
import { confirmActorKeyActivity } from './confirm-actor-key';
import { escalationTargetActivity } from './escalation-target';
import { notifyPortalActivity } from './notify-portal';
import { createPublicationContext, type PublicationActivityOptions } from './publication-context';
import { publishActivity } from './publish';
import { recordTransitionActivity } from './record-transition';
import { resolveRouteActivity } from './resolve-route';
import { retractFromCatalogActivity } from './retract-from-catalog';
import { screenDraftActivity } from './screen-draft';
import { sendReminderActivity } from './send-reminder';
import { stageDeadlinesActivity } from './stage-deadlines';

export type { ActivityLogger, PublicationActivityOptions } from './publication-context';

export function createPublicationActivities(ds: DataSource, options: PublicationActivityOptions = {}): PublicationActivities {
  const ctx = createPublicationContext(ds, options);
  return {
    confirmActorKey: confirmActorKeyActivity(ctx),
    screenDraft: screenDraftActivity(ctx),
    resolveRoute: resolveRouteActivity(ctx),
    assignStage: assignStageActivity(ctx),
    escalationTarget: escalationTargetActivity(ctx),
    stageDeadlines: stageDeadlinesActivity(ctx),
    recordTransition: recordTransitionActivity(ctx),
    sendReminder: sendReminderActivity(ctx),
    publish: publishActivity(ctx),
    notifyPortal: notifyPortalActivity(ctx),
    retractFromCatalog: retractFromCatalogActivity(ctx),
  };
}
