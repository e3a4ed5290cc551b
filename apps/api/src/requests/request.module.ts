import { Module } from '@nestjs/common';
import { PublicRequestsController } from './public-requests.controller';
import { ReplyLetterController } from './reply-letter.controller';
import { ReplyLetterService } from './reply-letter.service';
import { RequestService } from './request.service';
import { RequestWorkflows } from './request-workflows';
import { RequestsController } from './requests.controller';
import { WorkingDays } from '../calendar/working-days';

/** Disclosure on request (依申请公开): registration, the statutory clock, reply and its approval. */
@Module({
  controllers: [RequestsController, PublicRequestsController, ReplyLetterController],
  providers: [RequestWorkflows, RequestService, ReplyLetterService, WorkingDays],
})
export class RequestModule {}
