import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { consultationStateQuery, consultationWorkflowId, type ConsultationInput, type ConsultationState } from '@gongkai/contracts';
import { SignedWorkflows, type ActorArgs } from '../temporal/signed-workflows';

/** The Temporal side of a consultation: start it, ask it, message it with signed actors. */
@Injectable()
export class ConsultationWorkflows {
  constructor(private readonly workflows: SignedWorkflows) {}

  /** Starts the consultation; a second start is a no-op (the workflow id is the business key). */
  start(input: Omit<ConsultationInput, 'actorKey'>): Promise<void> {
    return this.workflows.startOnce<ConsultationInput>('consultation', consultationWorkflowId(input.consultationId), input);
  }

  liveState(consultationId: string): Promise<ConsultationState | undefined> {
    return this.workflows.liveState(consultationWorkflowId(consultationId), consultationStateQuery);
  }

  update<Arg extends ActorArgs>(consultationId: string, definition: UpdateDefinition<ConsultationState, [Arg]>, arg: Arg): Promise<ConsultationState> {
    return this.workflows.update(consultationWorkflowId(consultationId), definition, arg);
  }
}
