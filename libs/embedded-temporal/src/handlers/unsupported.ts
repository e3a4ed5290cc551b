/**
 * WorkflowService RPCs the embedded engine deliberately does not build, each
 * answering UNIMPLEMENTED with a message that says so (rather than grpc-js's
 * bare "does not implement the method"), so an operator or a test reads why.
 * See docs/embedded-temporal.md ("Known differences from Temporal").
 */
import { status } from '@grpc/grpc-js';
import { ServiceError } from '../errors';
import type { Handler } from '../server';

/** Operator controls over a workflow's pending activities (Temporal 1.27+). */
const ACTIVITY_OPERATOR_RPCS = ['PauseActivity', 'UnpauseActivity', 'ResetActivity', 'UpdateActivityOptions'];

/** Standalone activities: activities started by a client, outside any workflow. */
const STANDALONE_ACTIVITY_RPCS = [
  'StartActivityExecution', 'DescribeActivityExecution', 'PollActivityExecution', 'ListActivityExecutions',
  'CountActivityExecutions', 'RequestCancelActivityExecution', 'TerminateActivityExecution', 'DeleteActivityExecution',
  'PauseActivityExecution', 'ResetActivityExecution', 'UnpauseActivityExecution', 'UpdateActivityExecutionOptions',
];

function refuse(method: string, what: string): Handler {
  return () => {
    throw new ServiceError(status.UNIMPLEMENTED, `${method}: the embedded Temporal engine does not support ${what}`);
  };
}

export function unsupportedHandlers(): Record<string, Handler> {
  return Object.fromEntries([
    ...ACTIVITY_OPERATOR_RPCS.map((m) => [m, refuse(m, 'pausing, resetting or changing the options of a pending activity')]),
    ...STANDALONE_ACTIVITY_RPCS.map((m) => [m, refuse(m, 'standalone activities')]),
  ]);
}
