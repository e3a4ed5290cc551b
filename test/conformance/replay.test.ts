/**
 * The histories the engine writes replay cleanly through the SDK's replayer
 * (activities, timers, signals, updates, children, externals, continue-as-new),
 * and a history replayed against different workflow code fails with a
 * determinism error.
 */
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import type { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, type ConformanceEnv } from './support/env';
import {
  addSignal,
  approval,
  approveUpdate,
  cancelRunningActivity,
  collect,
  counter,
  greet,
  parentCancelsChild,
  parentOfGreet,
  signalOther,
  timers,
} from './support/workflows';
import { uniqueId, workflowBundlePath } from '../support/temporal';

describe('conformance: replay of engine histories', () => {
  let env: ConformanceEnv;
  const histories: { name: string; history: proto.api.history.v1.IHistory }[] = [];

  beforeAll(async () => {
    env = await startConformanceEnv('replay');
    const o = (p: string) => ({ taskQueue: env.taskQueue, workflowId: uniqueId(p) });
    const greetHandle = await env.client.workflow.start(greet, { ...o('greet'), args: ['重放'] });
    const approvalHandle = await env.client.workflow.start(approval, { ...o('approval'), args: [2] });
    await approvalHandle.executeUpdate(approveUpdate, { args: ['a'] });
    await approvalHandle.executeUpdate(approveUpdate, { args: ['a'] }).catch(() => undefined);
    await approvalHandle.executeUpdate(approveUpdate, { args: ['b'] });
    const collectHandle = await env.client.workflow.start(collect, { ...o('collect'), args: [1] });
    const handles = [
      greetHandle,
      approvalHandle,
      collectHandle,
      await env.client.workflow.start(timers, o('timers')),
      await env.client.workflow.start(counter, { ...o('counter'), args: [0] }),
      await env.client.workflow.start(parentOfGreet, { ...o('parent'), args: ['子'] }),
      await env.client.workflow.start(parentCancelsChild, o('parent-cancel')),
      await env.client.workflow.start(signalOther, { ...o('signaller'), args: [collectHandle.workflowId, 'x'] }),
      await env.client.workflow.start(cancelRunningActivity, { ...o('act-cancel'), args: [uniqueId('k'), 300] }),
    ];
    await collectHandle.signal(addSignal, 'late').catch(() => undefined);
    for (const h of handles) {
      await h.result();
      histories.push({ name: h.workflowId, history: await h.fetchHistory() });
    }
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('replays every history without a determinism error', async () => {
    expect(histories.length).toBeGreaterThanOrEqual(9);
    for (const { name, history } of histories) {
      await expect(Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('conformance') } }, history, name)).resolves.toBeUndefined();
    }
  });

  it('fails replay with a determinism error when the workflow code changed', async () => {
    const { history } = histories[0];
    // The same history, replayed as if `greet` (activity `echo`) had been changed to call activity `refuse`.
    const changed = structuredClone(history);
    changed.events![0].workflowExecutionStartedEventAttributes!.workflowType = { name: 'nonRetryableActivity' };
    const err = await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('conformance') } }, changed, 'changed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeterminismViolationError);
    expect((err as Error).message).toMatch(/[Nn]ondeterminism|determinism/);
  });
});
