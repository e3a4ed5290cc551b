import type { DataSource } from 'typeorm';
import { IndexNumberAllocator } from '../index-numbers/index-number-allocator';
import { CalendarRepository } from './calendar.repository';
import { CatalogueRepository } from './catalogue.repository';
import { NotificationRepository } from './notification.repository';
import { PortalDeliveryRepository } from './portal-delivery.repository';
import { PublicationRepository } from './publication.repository';
import { ReviewSettingsRepository } from './review-settings.repository';
import { ReviewTaskRepository } from './review-task.repository';
import { TimelineRepository } from './timeline.repository';
import { UserRepository } from './user.repository';
import { PolicyPackageRepository } from './policy-package.repository';
import { ConsultationRepository } from './consultation.repository';
import { DisclosureRequestRepository } from './disclosure-request.repository';

export { IndexNumberAllocator, type AllocatedIndexNumber } from '../index-numbers/index-number-allocator';
export * from './calendar.repository';
export * from './catalogue.repository';
export * from './dashboard.repository';
export * from './notification.repository';
export * from './portal-delivery.repository';
export * from './publication.repository';
export { columnsOf, managerOf, queryRows, type Db } from './query-rows';
export * from './review-settings.repository';
export * from './review-task.repository';
export * from './sessions.repository';
export * from './sign-in-events.repository';
export * from './timeline.repository';
export * from './user.repository';
export * from './user-credentials.repository';
export * from './policy-package.repository';
export * from './consultation.repository';
export * from './disclosure-request.repository';

/** Every repository on one data source; a repository's `in(m)` joins a caller's transaction. */
export function createRepositories(ds: DataSource) {
  return {
    calendar: new CalendarRepository(ds),
    catalogue: new CatalogueRepository(ds),
    /** 索引号 serials; pass the caller's transaction so a serial commits with what uses it. */
    indexNumbers: new IndexNumberAllocator(ds),
    notifications: new NotificationRepository(ds),
    portalDeliveries: new PortalDeliveryRepository(ds),
    publications: new PublicationRepository(ds),
    reviewSettings: new ReviewSettingsRepository(ds),
    reviewTasks: new ReviewTaskRepository(ds),
    timeline: new TimelineRepository(ds),
    users: new UserRepository(ds),
    policyPackages: new PolicyPackageRepository(ds),
    consultations: new ConsultationRepository(ds),
    disclosureRequests: new DisclosureRequestRepository(ds),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
