/**
 * A timer that fires while a workflow task is in flight whose answer cancels
 * it. Temporal drops the buffered TimerFired and writes TimerCanceled, so the
 * history says what the worker decided; a history with TimerFired after the
 * cancel fails every later replay with "Timer machine does not handle this
 * event" (seen under load in gongkai's request workflow). Driven over raw
 * gRPC, so the test holds the task while the timer fires.
 */
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventTypes, type ConformanceEnv } from './support/env';
import { greet } from './support/workflows';
import { uniqueId } from '../support/temporal';

const CommandType = proto.api.enums.v1.CommandType;
const TIMER_MS = 3_000;

describe('conformance: a timer cancelled while it fires', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('timer-race');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('the cancel wins: TimerCanceled is written, the buffered TimerFired is dropped, and the workflow may close in the same task', async () => {
    const svc = env.connection.workflowService;
    // A queue no SDK worker polls: the test answers the tasks itself.
    const taskQueue = uniqueId('timer-race-queue');
    const handle = await env.client.workflow.start(greet, { taskQueue, workflowId: uniqueId('timer-race'), args: ['x'], workflowTaskTimeout: '30s' });
    const poll = () => svc.pollWorkflowTaskQueue({ namespace: env.namespace, taskQueue: { name: taskQueue }, identity: 'raw-worker' });

    const first = await poll();
    await svc.respondWorkflowTaskCompleted({
      namespace: env.namespace,
      taskToken: first.taskToken,
      identity: 'raw-worker',
      commands: [{ commandType: CommandType.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: msToTs(TIMER_MS) } }],
    });

    // A signal brings a second task; the test holds it until the timer has fired behind it.
    await handle.signal('poke');
    const second = await poll();
    expect(eventTypes(second.history ?? {})).not.toContain('TIMER_FIRED');
    await new Promise((r) => setTimeout(r, TIMER_MS + 1_500));

    await svc.respondWorkflowTaskCompleted({
      namespace: env.namespace,
      taskToken: second.taskToken,
      identity: 'raw-worker',
      commands: [
        { commandType: CommandType.COMMAND_TYPE_CANCEL_TIMER, cancelTimerCommandAttributes: { timerId: 't1' } },
        { commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} },
      ],
    });

    const history = await handle.fetchHistory();
    const types = eventTypes(history);
    expect(types).not.toContain('TIMER_FIRED');
    expect(types).not.toContain('WORKFLOW_TASK_FAILED');
    expect(types.slice(-3)).toEqual(['WORKFLOW_TASK_COMPLETED', 'TIMER_CANCELED', 'WORKFLOW_EXECUTION_COMPLETED']);
    const started = history.events!.find((e) => e.timerStartedEventAttributes);
    const canceled = history.events!.find((e) => e.timerCanceledEventAttributes);
    expect(Number(canceled!.timerCanceledEventAttributes!.startedEventId)).toBe(Number(started!.eventId));
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
});
