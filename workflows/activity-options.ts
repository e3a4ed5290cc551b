/**
 * How gongkai's workflows call their activities. Projections and publishing
 * must never be lost, so they retry without limit (capped backoff); the portal
 * may be down for a while, so its push gives up after a day and the workflow
 * records that instead of waiting forever.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { PublicationActivities } from '../libs/contracts/src/publication';

export const publicationActivities = () =>
  proxyActivities<PublicationActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  });

export const portalActivities = () =>
  proxyActivities<Pick<PublicationActivities, 'notifyPortal'>>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 day',
    retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
  });
