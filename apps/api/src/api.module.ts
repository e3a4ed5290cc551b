import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from './config';
import { HttpDrain } from './common/http-drain';
import { ApiConfigModule } from './config/api-config.module';
import type { ApiAppDependencies } from './api-app';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { RepositoriesModule } from './database/repositories.module';
import { HealthModule } from './health/health.module';
import { PublicationModule } from './publications/publication.module';
import { TemporalModule } from './temporal/temporal.module';
import { WebModule } from './web/web.module';
import { CalendarModule } from './calendar/calendar.module';
import { PolicyModule } from './policies/policy.module';
import { ConsultationModule } from './consultations/consultation.module';
import { RequestModule } from './requests/request.module';
import { ReportsModule } from './reports/reports.module';
import { DevClockModule } from './dev-clock/dev-clock.module';

/**
 * The API's feature modules. Add new ones here (e.g. PublicationModule); they
 * can inject `DataSource`, `TEMPORAL_CLIENT`, `TEMPORAL_CONNECTION` and
 * `API_CONFIG` without importing anything, because those modules are global.
 */
const FEATURE_MODULES: NonNullable<ApiAppDependencies['modules']> = [AuthModule, HealthModule, WebModule, PublicationModule, CatalogModule, CalendarModule, DashboardModule];
FEATURE_MODULES.push(PolicyModule, ConsultationModule, RequestModule, ReportsModule);

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig, deps: ApiAppDependencies = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ApiConfigModule.forRoot(config),
        DatabaseModule.forRoot(deps.dataSource),
        RepositoriesModule,
        TemporalModule.forRoot(deps.temporalConnection),
        ...FEATURE_MODULES,
        // The drill clock exists only in drill mode: without GONGKAI_DEV_CLOCK its paths are unknown (404).
        ...(config.devClock ? [DevClockModule] : []),
        ...(deps.modules ?? []),
      ],
      providers: [HttpDrain],
    };
  }
}
