/**
 * User metadata: a workflow's static summary and details (given at start or
 * signal-with-start) come back from Describe and ride on the started event; a
 * timer's summary rides on its TimerStarted event — where Temporal puts them
 * (on the history event, not in its attributes).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, type ConformanceEnv } from './support/env';
import { nudgeSignal, parentWithSummarisedChild, summarisedTimer, waitForever } from './support/workflows';
import { uniqueId } from '../support/temporal';

const EventType = proto.api.enums.v1.EventType;

function text(payload: proto.api.common.v1.IPayload | null | undefined): unknown {
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}

describe('conformance: user metadata (static summary and details, timer summaries)', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('metadata');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('returns the static summary and details of a start in Describe and on the started event', async () => {
    const handle = await env.client.workflow.start(waitForever, {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('metadata'),
      staticSummary: '依申请公开 2026-0042',
      staticDetails: '申请人：张三\n内容：2025 年城市规划文件',
    });
    const described = await handle.describe();
    expect(await described.staticSummary()).toBe('依申请公开 2026-0042');
    expect(await described.staticDetails()).toBe('申请人：张三\n内容：2025 年城市规划文件');
    const { events } = await handle.fetchHistory();
    const started = events!.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)!;
    expect(text(started.userMetadata?.summary)).toBe('依申请公开 2026-0042');
    expect(text(started.userMetadata?.details)).toBe('申请人：张三\n内容：2025 年城市规划文件');
    await handle.terminate();
  });

  it('keeps the metadata of a signal-with-start, and a run without any has none', async () => {
    const handle = await env.client.workflow.signalWithStart(waitForever, {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('metadata-sws'),
      signal: nudgeSignal,
      signalArgs: ['x'],
      staticSummary: 'signal-with-start summary',
    });
    const described = await handle.describe();
    expect(await described.staticSummary()).toBe('signal-with-start summary');
    expect(await described.staticDetails()).toBeUndefined();
    await handle.terminate();

    const plain = await env.client.workflow.start(waitForever, { taskQueue: env.taskQueue, workflowId: uniqueId('metadata-none') });
    const none = await plain.describe();
    expect(await none.staticSummary()).toBeUndefined();
    expect(none.raw.executionConfig?.userMetadata).toBeFalsy();
    await plain.terminate();
  });

  it('puts a timer summary on TimerStarted and an activity summary on ActivityTaskScheduled', async () => {
    const handle = await env.client.workflow.start(summarisedTimer, { taskQueue: env.taskQueue, workflowId: uniqueId('metadata-timer') });
    expect(await handle.result()).toBe('done');
    const { events } = await handle.fetchHistory();
    const timer = events!.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)!;
    expect(text(timer.userMetadata?.summary)).toBe('等待补正期限');
    const activity = events!.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!;
    expect(text(activity.userMetadata?.summary)).toBe('发送告知书');
  });

  it("gives a child the summary and details of its parent's start-child command", async () => {
    const workflowId = uniqueId('metadata-parent');
    const parent = await env.client.workflow.start(parentWithSummarisedChild, { taskQueue: env.taskQueue, workflowId, args: ['子'] });
    await parent.result();
    const { events } = await parent.fetchHistory();
    const initiated = events!.find((e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)!;
    expect(text(initiated.userMetadata?.summary)).toBe('子流程：问候');
    const child = await env.client.workflow.getHandle(`${workflowId}-child`).describe();
    expect(await child.staticSummary()).toBe('子流程：问候');
    expect(await child.staticDetails()).toBe('由父流程启动');
  });
});
