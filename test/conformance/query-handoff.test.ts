/**
 * A query task and a workflow task of the same run never meet at the worker:
 * while a query task is out (handed to a worker, not answered), the run's next
 * workflow task waits, and goes out once the answer is in. The SDK's core
 * loses track of one of two tasks for a run that arrive together (see
 * libs/embedded-temporal/src/engine/worker-handoff.ts).
 */
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, type ConformanceEnv } from './support/env';
import { uniqueId } from '../support/temporal';

const { CommandType, QueryResultType } = proto.api.enums.v1;

describe('conformance: a query task and a workflow task of one run', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('query-handoff');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const svc = () => env.connection.workflowService;
  const identity = 'handoff-worker';

  it('holds the workflow task a signal calls for until the query at the worker is answered', async () => {
    const taskQueue = uniqueId('handoff-queue');
    const workflowId = uniqueId('handoff');
    const namespace = env.namespace;
    await svc().startWorkflowExecution({ namespace, workflowId, workflowType: { name: 'handRun' }, taskQueue: { name: taskQueue }, requestId: uniqueId('req'), identity });
    const first = await svc().pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity });
    await svc().respondWorkflowTaskCompleted({ namespace, taskToken: first.taskToken, identity });

    const asked = svc().queryWorkflow({ namespace, execution: { workflowId }, query: { queryType: 'state' } });
    const queryTask = await svc().pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity });
    expect(queryTask.query?.queryType).toBe('state');

    await svc().signalWorkflowExecution({ namespace, workflowExecution: { workflowId }, signalName: 'nudge', identity: 'someone', requestId: uniqueId('sig') });
    let polled: proto.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | undefined;
    const poll = svc().pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity }).then((r) => (polled = r));
    // Long enough for a task that was free to go to have reached the poll.
    await new Promise((r) => setTimeout(r, 500));
    expect(polled).toBeUndefined();

    const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"idle"') };
    await svc().respondQueryTaskCompleted({ namespace, taskToken: queryTask.taskToken, completedType: QueryResultType.QUERY_RESULT_TYPE_ANSWERED, queryResult: { payloads: [payload] } });
    expect(Buffer.from((await asked).queryResult!.payloads![0].data!).toString()).toBe('"idle"');
    await poll;
    expect(polled?.workflowExecution?.workflowId).toBe(workflowId);
    expect(polled?.history?.events?.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'nudge')).toBe(true);
    await svc().respondWorkflowTaskCompleted({
      namespace,
      taskToken: polled!.taskToken,
      identity,
      commands: [{ commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }],
    });
  });
});
