/**
 * The policy package (政策解读) activities: its read-model projection and the
 * deferred interpretations' schedule, release and notices. The bundle itself
 * is published by `publish`.
 */
import type { DataSource } from 'typeorm';
import type { PolicyPackageActivities } from '@gongkai/contracts';
import { createPublicationContext, type PublicationActivityOptions } from '../publication/publication-context';
import { deferredScheduleActivity } from './deferred-schedule';
import { notifyDeferredActivity } from './notify-deferred';
import { prepareReleaseActivity } from './prepare-release';

export function createPolicyPackageActivities(ds: DataSource, options: PublicationActivityOptions = {}): PolicyPackageActivities {
  const ctx = createPublicationContext(ds, options);
  const packages = ctx.repositories.policyPackages;
  return {
    projectPackage: (t) => packages.project(t),
    publishedInterpretations: ({ packageId }) => packages.publishedInterpretations(packageId),
    deferredSchedule: deferredScheduleActivity(ctx),
    prepareRelease: prepareReleaseActivity(ctx),
    notifyDeferred: notifyDeferredActivity(ctx),
  };
}
