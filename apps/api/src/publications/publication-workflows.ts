import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  publicationWorkflowId,
  retractionWorkflowId,
  reviewStateQuery,
  type PublicationReviewInput,
  type PublicationReviewState,
  type RetractionInput,
} from '../../../../libs/contracts/src/publication';
import { GONGKAI_TASK_QUEUE } from '../../../../libs/contracts/src/task-queues';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

/** Workflow types by name: the API never imports workflow code. */
type PublicationReviewWorkflow = (input: PublicationReviewInput) => Promise<PublicationReviewState>;
type PublicationRetractionWorkflow = (input: RetractionInput) => Promise<PublicationReviewState>;

/** How long GET waits for the live state before answering from the read model. */
const LIVE_STATE_TIMEOUT_MS = 1_500;

/** The Temporal side of a publication: start the review, ask it, message it. */
@Injectable()
export class PublicationWorkflows {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  /**
   * Starts the review; a second start of the same item is a no-op. Closed
   * reviews are never restarted (REJECT_DUPLICATE): the workflow id is the
   * business key.
   */
  async start(input: PublicationReviewInput): Promise<void> {
    try {
      await this.client.workflow.start<PublicationReviewWorkflow>('publicationReview', {
        workflowId: publicationWorkflowId(input.publicationId),
        taskQueue: GONGKAI_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
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
  async update<Arg>(publicationId: string, definition: UpdateDefinition<PublicationReviewState, [Arg]>, arg: Arg): Promise<PublicationReviewState> {
    const handle = this.client.workflow.getHandle(publicationWorkflowId(publicationId));
    return handle.executeUpdate(definition, { args: [arg] });
  }

  /** Runs the retraction (its own short workflow: the review has completed by then) and waits for it. */
  async retract(input: RetractionInput): Promise<PublicationReviewState> {
    return this.client.workflow.execute<PublicationRetractionWorkflow>('publicationRetraction', {
      workflowId: retractionWorkflowId(input.publicationId),
      taskQueue: GONGKAI_TASK_QUEUE,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
    });
  }
}
