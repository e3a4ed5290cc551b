import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  GONGKAI_TASK_QUEUE,
  policyPackageStateQuery,
  policyPackageWorkflowId,
  type Actor,
  type PolicyPackageInput,
  type PolicyPackageState,
} from '@gongkai/contracts';
import { ActorSigner } from '@gongkai/persistence';
import { API_CONFIG, type ApiConfig } from '../config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

type PolicyPackageWorkflow = (input: PolicyPackageInput) => Promise<PolicyPackageState>;

const LIVE_STATE_TIMEOUT_MS = 1_500;

/** The Temporal side of a policy package: start it, ask it, message it with signed actors. */
@Injectable()
export class PolicyWorkflows {
  private signer?: ActorSigner;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.config.temporalCallTimeoutMs, call);
  }

  private get actorSigner(): ActorSigner {
    this.signer ??= ActorSigner.forInstallation(this.config.gongkaiHome, this.config.auth.actorSigningKey);
    return this.signer;
  }

  /** Starts the package; a second start is a no-op (the workflow id is the business key). */
  async start(input: Omit<PolicyPackageInput, 'actorKey'>): Promise<void> {
    try {
      await this.bounded(() =>
        this.client.workflow.start<PolicyPackageWorkflow>('policyPackage', {
          workflowId: policyPackageWorkflowId(input.packageId),
          taskQueue: GONGKAI_TASK_QUEUE,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ ...input, actorKey: this.actorSigner.publicKey }],
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async liveState(packageId: string): Promise<PolicyPackageState | undefined> {
    const handle = this.client.workflow.getHandle(policyPackageWorkflowId(packageId));
    try {
      return await this.client.withDeadline(Date.now() + LIVE_STATE_TIMEOUT_MS, () => handle.query(policyPackageStateQuery));
    } catch {
      return undefined;
    }
  }

  /** Sends an update with the actor signed for this package, message and version; refusals surface as WorkflowUpdateFailedError. */
  async update<Arg extends { actor: Actor; version?: number }>(
    packageId: string,
    definition: UpdateDefinition<PolicyPackageState, [Arg]>,
    arg: Arg,
  ): Promise<PolicyPackageState> {
    const workflowId = policyPackageWorkflowId(packageId);
    const actorProof = this.actorSigner.sign(workflowId, definition.name, arg.actor, arg.version);
    return this.bounded(() => this.client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [{ ...arg, actorProof }] }));
  }
}
