import { Module } from '@nestjs/common';
import { DatabaseReadiness } from '../database/database-readiness';
import { TemporalReadiness } from '../temporal/temporal-readiness';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

@Module({
  controllers: [HealthController],
  providers: [ReadinessService, DatabaseReadiness, TemporalReadiness],
})
export class HealthModule {}
