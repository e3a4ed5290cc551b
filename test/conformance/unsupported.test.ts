/**
 * RPCs the embedded engine leaves out on purpose (activity pause/reset/options,
 * standalone activities) answer UNIMPLEMENTED with a message saying so, not a
 * hang or INTERNAL. Against another server (TEMPORAL_ADDRESS) these may well be
 * implemented, so the checks run on the embedded engine only.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError } from '@temporalio/client';
import { startConformanceEnv, type ConformanceEnv } from './support/env';
import { waitForever } from './support/workflows';
import { uniqueId, itWithEmbeddedEngine } from '../support/temporal';

describe('conformance: RPCs the embedded engine does not support', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('unsupported');
  });

  afterAll(async () => {
    await env?.stop();
  });

  itWithEmbeddedEngine('answers activity pause/unpause/reset/options and standalone activities with UNIMPLEMENTED naming the gap', async () => {
    const handle = await env.client.workflow.start(waitForever, { taskQueue: env.taskQueue, workflowId: uniqueId('unsupported') });
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    const svc = env.connection.workflowService;
    const calls: [string, () => Promise<unknown>, RegExp][] = [
      ['PauseActivity', () => svc.pauseActivity({ namespace: env.namespace, execution, id: 'a1' }), /does not support pausing/],
      ['UnpauseActivity', () => svc.unpauseActivity({ namespace: env.namespace, execution, id: 'a1' }), /does not support pausing/],
      ['ResetActivity', () => svc.resetActivity({ namespace: env.namespace, execution, id: 'a1' }), /does not support pausing, resetting/],
      ['UpdateActivityOptions', () => svc.updateActivityOptions({ namespace: env.namespace, execution, id: 'a1' }), /changing the options/],
      ['StartActivityExecution', () => svc.startActivityExecution({ namespace: env.namespace, activityId: 'x' }), /standalone activities/],
      ['ListActivityExecutions', () => svc.listActivityExecutions({ namespace: env.namespace }), /standalone activities/],
    ];
    for (const [method, call, message] of calls) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(GrpcStatus.UNIMPLEMENTED);
      expect((err as Error).message).toContain(`${method}: the embedded Temporal engine`);
      expect((err as Error).message).toMatch(message);
    }
    await handle.terminate();
  });
});
