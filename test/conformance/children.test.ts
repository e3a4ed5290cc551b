/**
 * Child workflows (start, result and failure propagation, parent-close
 * policies, cancelling a child, an id already in use, DescribeWorkflowExecution's
 * pending children) and signal / cancel of external workflows.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { startConformanceEnv, countOf, eventTypes, eventually, idsAreDense, type ConformanceEnv } from './support/env';
import {
  cancelOther,
  collect,
  parentCancelsChild,
  parentOfDuplicate,
  parentOfFailing,
  parentOfGreet,
  parentOfTwoUnnamed,
  parentThatLeaves,
  parentThatWaits,
  signalOther,
  waitForever,
} from './support/workflows';
import { uniqueId } from '../support/temporal';

describe('conformance: child and external workflows', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('children');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const opts = (prefix: string) => ({ taskQueue: env.taskQueue, workflowId: uniqueId(prefix) });

  async function statusOf(workflowId: string): Promise<string> {
    return (await env.client.workflow.getHandle(workflowId).describe()).status.name;
  }

  describe('child workflows', () => {
    it('starts a child and returns its result to the parent', async () => {
      const handle = await env.client.workflow.start(parentOfGreet, { ...opts('parent'), args: ['孩子'] });
      expect(await handle.result()).toBe('你好，孩子');
      const history = await handle.fetchHistory();
      const types = eventTypes(history);
      expect(types).toEqual(expect.arrayContaining([
        'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
        'CHILD_WORKFLOW_EXECUTION_STARTED',
        'CHILD_WORKFLOW_EXECUTION_COMPLETED',
      ]));
      expect(types.indexOf('START_CHILD_WORKFLOW_EXECUTION_INITIATED')).toBeLessThan(types.indexOf('CHILD_WORKFLOW_EXECUTION_STARTED'));
      expect(types.indexOf('CHILD_WORKFLOW_EXECUTION_STARTED')).toBeLessThan(types.indexOf('CHILD_WORKFLOW_EXECUTION_COMPLETED'));
      expect(idsAreDense(history)).toBe(true);
      const completed = history.events!.find((e) => e.childWorkflowExecutionCompletedEventAttributes)!.childWorkflowExecutionCompletedEventAttributes!;
      const initiated = history.events!.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)!;
      expect(Number(completed.initiatedEventId)).toBe(Number(initiated.eventId));

      // the child knows its parent
      const child = await env.client.workflow.getHandle(`${handle.workflowId}-child`).describe();
      expect(child.parentExecution).toEqual({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
      const childHistory = await env.client.workflow.getHandle(`${handle.workflowId}-child`).fetchHistory();
      const started = childHistory.events![0].workflowExecutionStartedEventAttributes!;
      expect(started.parentWorkflowExecution?.workflowId).toBe(handle.workflowId);
      expect(Number(started.parentInitiatedEventId)).toBe(Number(initiated.eventId));

      // …and its root: the parent, which is its own root (no root_workflow_execution on its start event)
      expect(started.rootWorkflowExecution).toMatchObject({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
      expect(history.events![0].workflowExecutionStartedEventAttributes!.rootWorkflowExecution ?? null).toBeNull();
      expect(child.raw.workflowExecutionInfo?.rootExecution).toMatchObject({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
      const family: string[] = [];
      for await (const w of env.client.workflow.list({ query: `RootWorkflowId = '${handle.workflowId}'` })) family.push(w.workflowId);
      expect(family.sort()).toEqual([handle.workflowId, `${handle.workflowId}-child`].sort());
    });

    it('runs two children whose ids the SDK makes up, one started before the other is executed', async () => {
      const handle = await env.client.workflow.start(parentOfTwoUnnamed, { ...opts('unnamed'), args: ['乙'] });
      const result = await handle.result();
      expect(result).toMatchObject({ started: expect.stringContaining('乙'), executed: expect.stringContaining('乙') });
      expect(await env.client.workflow.getHandle(result.childId).result()).toBe(result.started);
    });

    it('propagates a child failure to the parent as ChildWorkflowFailure', async () => {
      const handle = await env.client.workflow.start(parentOfFailing, opts('parent-fail'));
      const failure = await handle.result();
      expect(failure.name).toBe('ChildWorkflowFailure');
      expect(failure.cause).toMatchObject({ name: 'ApplicationFailure', type: 'ReviewRefused', message: '稿件不合规' });
      expect(eventTypes(await handle.fetchHistory())).toContain('CHILD_WORKFLOW_EXECUTION_FAILED');
    });

    it('cancels a child from the parent', async () => {
      const handle = await env.client.workflow.start(parentCancelsChild, opts('parent-cancel'));
      const failure = await handle.result();
      expect(failure.name).toBe('ChildWorkflowFailure');
      expect(failure.cause?.name).toBe('CancelledFailure');
      const types = eventTypes(await handle.fetchHistory());
      expect(types).toEqual(expect.arrayContaining([
        'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
        'EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
        'CHILD_WORKFLOW_EXECUTION_CANCELED',
      ]));
      expect(await statusOf(`${handle.workflowId}-child`)).toBe('CANCELLED');
    });

    it('fails to start a child whose workflow id is already running', async () => {
      const taken = await env.client.workflow.start(waitForever, opts('taken'));
      const handle = await env.client.workflow.start(parentOfDuplicate, { ...opts('parent-dup'), args: [taken.workflowId] });
      const failure = await handle.result();
      expect(failure.name).toBe('WorkflowExecutionAlreadyStartedError');
      expect(eventTypes(await handle.fetchHistory())).toContain('START_CHILD_WORKFLOW_EXECUTION_FAILED');
      await taken.terminate();
    });

    it('parent-close policy TERMINATE terminates the child when the parent completes', async () => {
      const childId = uniqueId('child-terminate');
      await env.client.workflow.execute(parentThatLeaves, { ...opts('parent-leaves'), args: [childId, 'TERMINATE'] });
      await eventually(async () => expect(await statusOf(childId)).toBe('TERMINATED'));
    });

    it('parent-close policy REQUEST_CANCEL cancels the child when the parent completes', async () => {
      const childId = uniqueId('child-cancel');
      await env.client.workflow.execute(parentThatLeaves, { ...opts('parent-leaves'), args: [childId, 'REQUEST_CANCEL'] });
      await eventually(async () => expect(await statusOf(childId)).toBe('CANCELLED'));
    });

    it('parent-close policy ABANDON leaves the child running', async () => {
      const childId = uniqueId('child-abandon');
      await env.client.workflow.execute(parentThatLeaves, { ...opts('parent-leaves'), args: [childId, 'ABANDON'] });
      await new Promise((r) => setTimeout(r, 500));
      expect(await statusOf(childId)).toBe('RUNNING');
      await env.client.workflow.getHandle(childId).terminate('cleanup');
    });

    it('lists pending children in DescribeWorkflowExecution', async () => {
      const childId = uniqueId('child-pending');
      const handle = await env.client.workflow.start(parentThatWaits, { ...opts('parent-waits'), args: [childId] });
      const pending = await eventually(async () => {
        const { raw } = await handle.describe();
        const child = raw.pendingChildren?.[0];
        if (!child?.runId) throw new Error('child not started yet');
        return child;
      });
      expect(pending.workflowId).toBe(childId);
      expect(pending.workflowTypeName).toBe('waitForever');
      // terminating the parent terminates the child (default policy)
      await handle.terminate();
      await eventually(async () => expect(await statusOf(childId)).toBe('TERMINATED'));
    });
  });

  describe('external workflows', () => {
    it('signals another workflow', async () => {
      const target = await env.client.workflow.start(collect, { ...opts('signal-target'), args: [1] });
      expect(await env.client.workflow.execute(signalOther, { ...opts('signaller'), args: [target.workflowId, '来自外部'] })).toBe('sent');
      expect(await target.result()).toEqual(['来自外部']);
      const signaled = (await target.fetchHistory()).events!.find((e) => e.workflowExecutionSignaledEventAttributes)!;
      expect(signaled.workflowExecutionSignaledEventAttributes!.signalName).toBe('add');
    });

    it('records the signal as sent in the sender history', async () => {
      const target = await env.client.workflow.start(collect, { ...opts('signal-target'), args: [1] });
      const sender = await env.client.workflow.start(signalOther, { ...opts('signaller'), args: [target.workflowId, 'x'] });
      await sender.result();
      const types = eventTypes(await sender.fetchHistory());
      expect(types).toEqual(expect.arrayContaining(['SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', 'EXTERNAL_WORKFLOW_EXECUTION_SIGNALED']));
      await target.result();
    });

    it('fails to signal a workflow that does not exist', async () => {
      const sender = await env.client.workflow.start(signalOther, { ...opts('signaller'), args: [uniqueId('nobody'), 'x'] });
      expect(await sender.result()).toMatch(/^failed/);
      expect(eventTypes(await sender.fetchHistory())).toContain('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED');
    });

    it('requests cancellation of another workflow', async () => {
      const target: WorkflowHandle<typeof waitForever> = await env.client.workflow.start(waitForever, opts('cancel-target'));
      expect(await env.client.workflow.execute(cancelOther, { ...opts('canceller'), args: [target.workflowId] })).toBe('requested');
      const err = await target.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(countOf(eventTypes(await target.fetchHistory()), 'WORKFLOW_EXECUTION_CANCEL_REQUESTED')).toBe(1);
    });

    it('fails to cancel a workflow that does not exist', async () => {
      const handle = await env.client.workflow.start(cancelOther, { ...opts('canceller'), args: [uniqueId('nobody')] });
      expect(await handle.result()).toMatch(/^failed/);
      expect(eventTypes(await handle.fetchHistory())).toContain('REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED');
    });
  });
});
