/** gRPC errors the way Temporal sends them: a status code, a message, and typed details. */
import { Metadata, status as Status } from '@grpc/grpc-js';
import { encode, packAny } from './codec';

export class ServiceError extends Error {
  constructor(
    readonly code: Status,
    message: string,
    readonly detail?: { typeName: string; value: object },
  ) {
    super(message);
  }

  /** The object grpc-js sends: details go in `grpc-status-details-bin` as a google.rpc.Status. */
  toGrpc(): { code: Status; details: string; metadata: Metadata } {
    const metadata = new Metadata();
    if (this.detail) {
      const status = {
        code: this.code,
        message: this.message,
        details: [packAny(this.detail.typeName, this.detail.value)],
      };
      metadata.set('grpc-status-details-bin', encode('google.rpc.Status', status));
    }
    return { code: this.code, details: this.message, metadata };
  }
}

export const invalidArgument = (message: string) => new ServiceError(Status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new ServiceError(Status.NOT_FOUND, message);
export const failedPrecondition = (message: string) => new ServiceError(Status.FAILED_PRECONDITION, message);

export function namespaceNotFound(namespace: string): ServiceError {
  return new ServiceError(Status.NOT_FOUND, `Namespace ${namespace} is not found.`, {
    typeName: 'temporal.api.errordetails.v1.NamespaceNotFoundFailure',
    value: { namespace },
  });
}

export function workflowNotFound(workflowId: string, runId?: string): ServiceError {
  return new ServiceError(
    Status.NOT_FOUND,
    runId ? `workflow execution not found: ${workflowId}/${runId}` : `workflow execution not found: ${workflowId}`,
    { typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} },
  );
}

export function alreadyStarted(workflowId: string, startRequestId: string, runId: string): ServiceError {
  return new ServiceError(Status.ALREADY_EXISTS, `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${runId}.`, {
    typeName: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
    value: { startRequestId, runId },
  });
}

export function workflowCompleted(): ServiceError {
  return new ServiceError(Status.NOT_FOUND, 'workflow execution already completed', {
    typeName: 'temporal.api.errordetails.v1.NotFoundFailure',
    value: {},
  });
}
