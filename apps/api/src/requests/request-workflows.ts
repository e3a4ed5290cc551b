import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { disclosureRequestStateQuery, disclosureRequestWorkflowId, type DisclosureRequestInput, type DisclosureRequestState } from '@gongkai/contracts';
import { SignedWorkflows, type ActorArgs } from '../temporal/signed-workflows';

/** The Temporal side of a disclosure request: start it, ask it, message it with signed actors. */
@Injectable()
export class RequestWorkflows {
  constructor(private readonly workflows: SignedWorkflows) {}

  start(input: Omit<DisclosureRequestInput, 'actorKey'>): Promise<void> {
    return this.workflows.startOnce<DisclosureRequestInput>('disclosureRequest', disclosureRequestWorkflowId(input.requestId), input);
  }

  liveState(requestId: string): Promise<DisclosureRequestState | undefined> {
    return this.workflows.liveState(disclosureRequestWorkflowId(requestId), disclosureRequestStateQuery);
  }

  update<Arg extends ActorArgs>(requestId: string, definition: UpdateDefinition<DisclosureRequestState, [Arg]>, arg: Arg): Promise<DisclosureRequestState> {
    return this.workflows.update(disclosureRequestWorkflowId(requestId), definition, arg);
  }
}
