import { Global, Module, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CalendarRepository,
  CatalogueRepository,
  ConsultationRepository,
  DashboardRepository,
  DisclosureRequestRepository,
  PolicyPackageRepository,
  PublicationRepository,
  ReviewTaskRepository,
  SessionsRepository,
  SignInEventsRepository,
  TimelineRepository,
  UserCredentialsRepository,
  UserRepository,
} from '@gongkai/persistence';

/** The repositories the API reads and writes through (libs/persistence holds all SQL), on the one DataSource. */
const REPOSITORIES = [
  CalendarRepository,
  CatalogueRepository,
  ConsultationRepository,
  DashboardRepository,
  DisclosureRequestRepository,
  PolicyPackageRepository,
  PublicationRepository,
  ReviewTaskRepository,
  SessionsRepository,
  SignInEventsRepository,
  TimelineRepository,
  UserCredentialsRepository,
  UserRepository,
];

const providers: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  inject: [DataSource],
  useFactory: (ds: DataSource) => new repository(ds),
}));

/** Provides each repository by its class, for every module (global, like the DataSource it is built on). */
@Global()
@Module({ providers, exports: REPOSITORIES })
export class RepositoriesModule {}
