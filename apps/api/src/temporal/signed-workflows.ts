import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, type Workflow } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { GONGKAI_TASK_QUEUE, type Actor } from '@gongkai/contracts';
import { ActorSigner } from '@gongkai/persistence';
import { API_CONFIG, type ApiConfig } from '../config';
import { TEMPORAL_CLIENT } from './temporal.tokens';

/** How long GET waits for a workflow's live state before answering from the read model. */
const LIVE_STATE_TIMEOUT_MS = 1_500;

/** A message argument that names its actor (and, for most, the draft version it is about). */
export type ActorArgs = { actor: Actor; version?: number };

/**
 * What every workflow family's API side does with the engine, written once: start a workflow whose id is its
 * business key, ask its live state, and send it updates with the actor signed (libs/contracts actor-proof) so the
 * workflow can tell them from an actor made up by another client of the engine.
 */
@Injectable()
export class SignedWorkflows {
  private signer?: ActorSigner;

  constructor(
    @Inject(TEMPORAL_CLIENT) readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Every call to the engine is bounded (TEMPORAL_CALL_TIMEOUT_MS): a decision sent while the engine or worker
   * is recovering answers 504 in time rather than hanging; describe-exception.ts says what to do then.
   */
  bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.config.temporalCallTimeoutMs, call);
  }

  /** Loaded on first use, so building the app (e.g. `npm run openapi`) writes no key file. */
  get actorSigner(): ActorSigner {
    this.signer ??= ActorSigner.forInstallation(this.config.gongkaiHome, this.config.auth.actorSigningKey);
    return this.signer;
  }

  /**
   * Starts `workflowType` with the installation's public key in its input; a second start is a no-op. Closed
   * workflows are never restarted (REJECT_DUPLICATE): the workflow id is the business key.
   */
  async startOnce<Input extends { actorKey?: string }>(workflowType: string, workflowId: string, input: Omit<Input, 'actorKey'>): Promise<void> {
    try {
      await this.bounded(() =>
        this.client.workflow.start<(input: Input) => Promise<unknown>>(workflowType, {
          workflowId,
          taskQueue: GONGKAI_TASK_QUEUE,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ ...input, actorKey: this.actorSigner.publicKey } as Input],
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** The live state, or undefined when the workflow does not answer in time (worker busy or down). */
  async liveState<State>(workflowId: string, query: QueryDefinition<State>): Promise<State | undefined> {
    const handle = this.client.workflow.getHandle<Workflow>(workflowId);
    try {
      return await this.client.withDeadline(Date.now() + LIVE_STATE_TIMEOUT_MS, () => handle.query(query));
    } catch {
      return undefined;
    }
  }

  /** Sends an update with the actor signed for this workflow, message and version; refusals surface as WorkflowUpdateFailedError. */
  update<State, Arg extends ActorArgs>(workflowId: string, definition: UpdateDefinition<State, [Arg]>, arg: Arg): Promise<State> {
    const actorProof = this.actorSigner.sign(workflowId, definition.name, arg.actor, arg.version);
    return this.bounded(() => this.client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [{ ...arg, actorProof }] }));
  }
}
