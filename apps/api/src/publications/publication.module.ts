import { Module } from '@nestjs/common';
import { PublicationReads } from './publication-reads.service';
import { WorkingDays } from '../calendar/working-days';
import { PublicationWorkflows } from './publication-workflows';
import { PublicationService } from './publication.service';
import { PublicationsController } from './publications.controller';
import { TasksController } from './tasks.controller';
import { RequestTasks } from '../requests/request-tasks.service';

/** Publication review (三审): drafts, decisions, lists, timeline, versions and the reviewer's inbox. */
@Module({
  controllers: [PublicationsController, TasksController],
  providers: [
    WorkingDays,
    PublicationWorkflows,
    PublicationReads,
    PublicationService,
    // 解读起草 tasks in /tasks (政策解读); the policy module has its own.
    // 依申请公开 in /tasks, by working days left.
    RequestTasks,
  ],
})
export class PublicationModule {}
