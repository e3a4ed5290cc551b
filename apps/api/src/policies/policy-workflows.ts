import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { policyPackageStateQuery, policyPackageWorkflowId, type PolicyPackageInput, type PolicyPackageState } from '@gongkai/contracts';
import { SignedWorkflows, type ActorArgs } from '../temporal/signed-workflows';

/** The Temporal side of a policy package: start it, ask it, message it with signed actors. */
@Injectable()
export class PolicyWorkflows {
  constructor(private readonly workflows: SignedWorkflows) {}

  /** Starts the package; a second start is a no-op (the workflow id is the business key). */
  start(input: Omit<PolicyPackageInput, 'actorKey'>): Promise<void> {
    return this.workflows.startOnce<PolicyPackageInput>('policyPackage', policyPackageWorkflowId(input.packageId), input);
  }

  liveState(packageId: string): Promise<PolicyPackageState | undefined> {
    return this.workflows.liveState(policyPackageWorkflowId(packageId), policyPackageStateQuery);
  }

  update<Arg extends ActorArgs>(packageId: string, definition: UpdateDefinition<PolicyPackageState, [Arg]>, arg: Arg): Promise<PolicyPackageState> {
    return this.workflows.update(policyPackageWorkflowId(packageId), definition, arg);
  }
}
