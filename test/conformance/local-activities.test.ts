/**
 * Local activities (issue 14: gongkai's review runs its short database steps
 * as local activities). The worker runs them inside the workflow task; the
 * server records each result as a MarkerRecorded event (RecordMarker
 * command), keeps a task whose steps outlive its timeout alive when the
 * worker asks for a new task (forceCreateNewWorkflowTask), and runs the
 * timers of long backoffs. A replay — a worker without the run in its cache,
 * or Worker.runReplayHistory — reads the results from the markers and never
 * runs a step again.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './support/activities';
import { countOf, eventTypes, idsAreDense, startConformanceEnv, type ConformanceEnv } from './support/env';
import { attemptsOf } from './support/probes';
import { localDoneSignal, localRefusal, localRetryOnTimer, localStepUpdate, localSteps, longLocalStep } from './support/workflows';
import { uniqueId, workflowBundlePath } from '../support/temporal';

describe('conformance: local activities', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('local');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const replay = async (workflowId: string) =>
    Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('conformance') } }, await env.client.workflow.getHandle(workflowId).fetchHistory(), workflowId);

  it('answers an update after local steps (two side by side) in one workflow task, as markers; a fresh worker replays them without running any again', async () => {
    const key = uniqueId('la-steps');
    const taskQueue = uniqueId('la-steps-q');
    const connection = await NativeConnection.connect({ address: env.temporal.address });
    const worker = () =>
      Worker.create({ connection, namespace: env.namespace, taskQueue, workflowBundle: { codePath: workflowBundlePath('conformance') }, activities });
    try {
      const handle = await env.client.workflow.start(localSteps, { taskQueue, workflowId: uniqueId('la-steps'), args: [key] });
      await (await worker()).runUntil(async () => {
        expect(await handle.executeUpdate(localStepUpdate, { args: ['one'] })).toEqual([1, 1, 1]);
        expect(await handle.executeUpdate(localStepUpdate, { args: ['two'] })).toEqual([1, 1, 1]);
      });
      // The next worker has no cached copy of the run: it replays both updates from the markers.
      await env.client.workflowService.resetStickyTaskQueue({ namespace: env.namespace, execution: { workflowId: handle.workflowId } });
      await (await worker()).runUntil(async () => {
        expect(await handle.executeUpdate(localStepUpdate, { args: ['three'] })).toEqual([1, 1, 1]);
        await handle.signal(localDoneSignal);
        expect(await handle.result()).toEqual([3, 3, 3]);
      });
      for (const step of ['one', 'two', 'three']) {
        for (const part of ['a', 'b', 'c']) expect(attemptsOf(`${key}:${step}:${part}`)).toHaveLength(1);
      }
      const history = await handle.fetchHistory();
      const types = eventTypes(history);
      expect(idsAreDense(history)).toBe(true);
      expect(countOf(types, 'MARKER_RECORDED')).toBe(9);
      expect(countOf(types, 'ACTIVITY_TASK_SCHEDULED')).toBe(0);
      // Each update: accepted, three markers and completed, with no other workflow task between.
      const accepted = types.indexOf('WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
      expect(types.slice(accepted, accepted + 5)).toEqual([
        'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        'MARKER_RECORDED',
        'MARKER_RECORDED',
        'MARKER_RECORDED',
        'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      ]);
      const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
      expect(markers.every((e) => e.markerRecordedEventAttributes!.markerName === 'core_local_activity')).toBe(true);
      expect(markers.every((e) => Number(e.markerRecordedEventAttributes!.workflowTaskCompletedEventId) > 0)).toBe(true);
      await replay(handle.workflowId);
    } finally {
      await connection.close();
    }
  });

  it('keeps a workflow task alive while a local step outlives its timeout (the worker asks for a new task), and runs the step once', async () => {
    const key = uniqueId('la-long');
    const handle = await env.client.workflow.start(longLocalStep, {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('la-long'),
      args: [key, 2500],
      workflowTaskTimeout: '1 second',
    });
    expect(await handle.result()).toBe(1);
    expect(attemptsOf(key)).toHaveLength(1);
    const history = await handle.fetchHistory();
    const types = eventTypes(history);
    expect(countOf(types, 'WORKFLOW_TASK_TIMED_OUT')).toBe(0);
    expect(countOf(types, 'WORKFLOW_TASK_FAILED')).toBe(0);
    // At 80 % of the 1 s timeout the worker completes the task with forceCreateNewWorkflowTask and goes on
    // in the next: more completed tasks than the two a quick step needs.
    expect(countOf(types, 'WORKFLOW_TASK_COMPLETED')).toBeGreaterThanOrEqual(3);
    expect(countOf(types, 'MARKER_RECORDED')).toBe(1);
    expect(idsAreDense(history)).toBe(true);
    await replay(handle.workflowId);
  });

  it('sleeps on a server timer between attempts whose backoff exceeds the local retry threshold', async () => {
    const key = uniqueId('la-retry');
    const handle = await env.client.workflow.start(localRetryOnTimer, { taskQueue: env.taskQueue, workflowId: uniqueId('la-retry'), args: [key, 2] });
    expect(await handle.result()).toBe(3);
    const attempts = attemptsOf(key);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(280);
    const types = eventTypes(await handle.fetchHistory());
    expect(countOf(types, 'TIMER_STARTED')).toBeGreaterThanOrEqual(1);
    expect(countOf(types, 'TIMER_FIRED')).toBe(countOf(types, 'TIMER_STARTED'));
    expect(countOf(types, 'MARKER_RECORDED')).toBeGreaterThanOrEqual(1);
    await replay(handle.workflowId);
  });

  it('hands a failure that is not retried to the workflow, recorded in the marker', async () => {
    const handle = await env.client.workflow.start(localRefusal, { taskQueue: env.taskQueue, workflowId: uniqueId('la-refuse') });
    expect(await handle.result()).toBe('ApplicationFailure: InvalidIdNumber 身份证号校验失败');
    const marker = ((await handle.fetchHistory()).events ?? []).find((e) => e.markerRecordedEventAttributes)!;
    expect(marker.markerRecordedEventAttributes!.failure?.cause?.message ?? marker.markerRecordedEventAttributes!.failure?.message).toContain('身份证号校验失败');
    await replay(handle.workflowId);
  });
});
