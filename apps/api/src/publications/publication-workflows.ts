import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  RETRACT_MESSAGE,
  publicationWorkflowId,
  retractionWorkflowId,
  reviewStateQuery,
  type PublicationReviewInput,
  type PublicationReviewState,
  type Actor,
  type RetractionInput,
  GONGKAI_TASK_QUEUE,
} from '@gongkai/contracts';
import { API_CONFIG, type ApiConfig } from '../config';
import { ActorSigner } from '@gongkai/persistence';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

/** Workflow types by name: the API never imports workflow code. */
type PublicationReviewWorkflow = (input: PublicationReviewInput) => Promise<PublicationReviewState>;
type PublicationRetractionWorkflow = (input: RetractionInput) => Promise<PublicationReviewState>;

/** How long GET waits for the live state before answering from the read model. */
const LIVE_STATE_TIMEOUT_MS = 1_500;

/** A message argument that names its actor (and, for most, the draft version it is about). */
type ActorArgs = { actor: Actor; version?: number };

/**
 * The Temporal side of a publication: start the review, ask it, message it.
 * Every actor sent is signed (actor-signer.ts) so the workflow can tell it
 * from one made up by another client of the engine.
 */
@Injectable()
export class PublicationWorkflows {
  private signer?: ActorSigner;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Every call to the engine is bounded (TEMPORAL_CALL_TIMEOUT_MS): a decision
   * sent while the engine or worker is recovering answers 504 in time rather
   * than hanging; describe-exception.ts says what to do then.
   */
  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.config.temporalCallTimeoutMs, call);
  }

  /** Loaded on first use, so building the app (e.g. `npm run openapi`) writes no key file. */
  private get actorSigner(): ActorSigner {
    this.signer ??= ActorSigner.forInstallation(this.config.gongkaiHome, this.config.auth.actorSigningKey);
    return this.signer;
  }

  /**
   * Starts the review; a second start of the same item is a no-op. Closed
   * reviews are never restarted (REJECT_DUPLICATE): the workflow id is the
   * business key.
   */
  async start(input: Omit<PublicationReviewInput, 'actorKey'>): Promise<void> {
    try {
      await this.bounded(() =>
        this.client.workflow.start<PublicationReviewWorkflow>('publicationReview', {
          workflowId: publicationWorkflowId(input.publicationId),
          taskQueue: GONGKAI_TASK_QUEUE,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ ...input, actorKey: this.actorSigner.publicKey }],
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** The live state, or undefined when the workflow does not answer in time (worker busy or down). */
  async liveState(publicationId: string): Promise<PublicationReviewState | undefined> {
    const handle = this.client.workflow.getHandle(publicationWorkflowId(publicationId));
    try {
      return await this.client.withDeadline(Date.now() + LIVE_STATE_TIMEOUT_MS, () => handle.query(reviewStateQuery));
    } catch {
      return undefined;
    }
  }

  /** Sends an update and waits for its result; refusals surface as WorkflowUpdateFailedError. */
  async update<Arg extends ActorArgs>(
    publicationId: string,
    definition: UpdateDefinition<PublicationReviewState, [Arg]>,
    arg: Arg,
  ): Promise<PublicationReviewState> {
    const workflowId = publicationWorkflowId(publicationId);
    const actorProof = this.actorSigner.sign(workflowId, definition.name, arg.actor, arg.version);
    return this.bounded(() => this.client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [{ ...arg, actorProof }] }));
  }

  /** Runs the retraction (its own short workflow: the review has completed by then) and waits for it. */
  async retract(input: Omit<RetractionInput, 'actorKey' | 'actorProof'>): Promise<PublicationReviewState> {
    const workflowId = retractionWorkflowId(input.publicationId);
    return this.bounded(() =>
      this.client.workflow.execute<PublicationRetractionWorkflow>('publicationRetraction', {
        workflowId,
        taskQueue: GONGKAI_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          {
            ...input,
            actorKey: this.actorSigner.publicKey,
            actorProof: this.actorSigner.sign(workflowId, RETRACT_MESSAGE, input.actor, undefined),
          },
        ],
      }),
    );
  }
}
