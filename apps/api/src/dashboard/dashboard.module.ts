import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { WorkingDays } from '../calendar/working-days';
import { DashboardService } from './dashboard.service';
import { RequestTasks } from '../requests/request-tasks.service';

@Module({ controllers: [DashboardController], providers: [WorkingDays, DashboardService, RequestTasks] })
export class DashboardModule {}
