import { Module } from '@nestjs/common';
import { ConsultationWorkflows } from './consultation-workflows';
import { ConsultationsController } from './consultations.controller';
import { ConsultationService } from './consultation.service';
import { PublicConsultationsController } from './public-consultations.controller';

/** Public consultation (征求意见): the window, public comments, dispositions and the feedback report. */
@Module({
  controllers: [ConsultationsController, PublicConsultationsController],
  providers: [ConsultationWorkflows, ConsultationService],
})
export class ConsultationModule {}
