import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The statutory annual report (table 3 today; the Excel layout and the other tables to follow). */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
