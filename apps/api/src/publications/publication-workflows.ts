import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  GONGKAI_TASK_QUEUE,
  RETRACT_MESSAGE,
  publicationWorkflowId,
  retractionWorkflowId,
  reviewStateQuery,
  type PublicationReviewInput,
  type PublicationReviewState,
  type RetractionInput,
} from '@gongkai/contracts';
import { SignedWorkflows, type ActorArgs } from '../temporal/signed-workflows';

/** Workflow types by name: the API never imports workflow code. */
type PublicationRetractionWorkflow = (input: RetractionInput) => Promise<PublicationReviewState>;

/**
 * The Temporal side of a publication: start the review, ask it, message it.
 * Every actor sent is signed (SignedWorkflows) so the workflow can tell it
 * from one made up by another client of the engine.
 */
@Injectable()
export class PublicationWorkflows {
  constructor(private readonly workflows: SignedWorkflows) {}

  /** Starts the review; a second start of the same item is a no-op. */
  start(input: Omit<PublicationReviewInput, 'actorKey'>): Promise<void> {
    return this.workflows.startOnce<PublicationReviewInput>('publicationReview', publicationWorkflowId(input.publicationId), input);
  }

  /** The live state, or undefined when the workflow does not answer in time (worker busy or down). */
  liveState(publicationId: string): Promise<PublicationReviewState | undefined> {
    return this.workflows.liveState(publicationWorkflowId(publicationId), reviewStateQuery);
  }

  /** Sends an update and waits for its result; refusals surface as WorkflowUpdateFailedError. */
  update<Arg extends ActorArgs>(publicationId: string, definition: UpdateDefinition<PublicationReviewState, [Arg]>, arg: Arg): Promise<PublicationReviewState> {
    return this.workflows.update(publicationWorkflowId(publicationId), definition, arg);
  }

  /** Runs the retraction (its own short workflow: the review has completed by then) and waits for it. */
  retract(input: Omit<RetractionInput, 'actorKey' | 'actorProof'>): Promise<PublicationReviewState> {
    const workflowId = retractionWorkflowId(input.publicationId);
    const signer = this.workflows.actorSigner;
    return this.workflows.bounded(() =>
      this.workflows.client.workflow.execute<PublicationRetractionWorkflow>('publicationRetraction', {
        workflowId,
        taskQueue: GONGKAI_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ ...input, actorKey: signer.publicKey, actorProof: signer.sign(workflowId, RETRACT_MESSAGE, input.actor, undefined) }],
      }),
    );
  }
}
