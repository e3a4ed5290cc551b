import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { WorkingDays } from '../calendar/working-days';
import { DashboardService } from './dashboard.service';

@Module({ controllers: [DashboardController], providers: [WorkingDays, DashboardService] })
export class DashboardModule {}
