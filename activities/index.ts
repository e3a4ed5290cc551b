import type { DataSource } from 'typeorm';
import { createPublicationActivities, type PublicationActivityOptions } from './publication';
import { createPolicyPackageActivities } from './policy';
import { createConsultationActivities } from './consultation';
import { createDisclosureRequestActivities } from './disclosure-request';

export { engineClockNow } from './publication/publication-context';

/** What activities need from the worker process; built once per worker. */
export interface ActivityDependencies {
  dataSource: DataSource;
  /** Publication review settings (portal webhook, reminder/escalation periods…); defaults apply when omitted. */
  publication?: PublicationActivityOptions;
}

/** The activity implementations, closed over their dependencies (the worker registers this object). */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createPublicationActivities(deps.dataSource, deps.publication),
    ...createPolicyPackageActivities(deps.dataSource, deps.publication),
    ...createConsultationActivities(deps.dataSource, deps.publication),
    ...createDisclosureRequestActivities(deps.dataSource, deps.publication),
  };
}

export type GongkaiActivities = ReturnType<typeof createActivities>;
