/**
 * Timers (start, fire, cancel), signals (incl. SignalWithStart), queries
 * (running and closed runs, unknown type, failing handler) and updates
 * (accepted → completed, validator rejection leaves no trace, closed run,
 * duplicate update id, wait stages).
 */
import {
  QueryNotRegisteredError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { startConformanceEnv, countOf, eventTypes, idsAreDense, type ConformanceEnv } from './support/env';
import {
  addSignal,
  collect,
  failingQuery,
  itemsQuery,
  releaseSignal,
  setUpdate,
  slowUpdate,
  timers,
  updatable,
  valueQuery,
} from './support/workflows';
import { uniqueId } from '../support/temporal';

describe('conformance: timers, signals, queries, updates', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('messages');
  });

  afterAll(async () => {
    await env?.stop();
  });

  describe('timers', () => {
    it('starts, fires and cancels timers', async () => {
      const handle = await env.client.workflow.start(timers, { taskQueue: env.taskQueue, workflowId: uniqueId('timers') });
      expect(await handle.result()).toEqual(['fired', 'cancelled']);
      const history = await handle.fetchHistory();
      const types = eventTypes(history);
      expect(countOf(types, 'TIMER_STARTED')).toBe(3);
      expect(countOf(types, 'TIMER_FIRED')).toBe(2);
      expect(countOf(types, 'TIMER_CANCELED')).toBe(1);
      const canceled = history.events!.find((e) => e.timerCanceledEventAttributes)!.timerCanceledEventAttributes!;
      const started = history.events!.find((e) => Number(e.eventId) === Number(canceled.startedEventId))!;
      expect(started.timerStartedEventAttributes?.timerId).toBe(canceled.timerId);
      expect(idsAreDense(history)).toBe(true);
    });
  });

  describe('signals', () => {
    it('delivers signals in order, including ones sent before the first workflow task', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('signals'), args: [3] });
      await handle.signal(addSignal, '一');
      await handle.signal(addSignal, '二');
      await handle.signal(addSignal, '三');
      expect(await handle.result()).toEqual(['一', '二', '三']);
      expect(countOf(eventTypes(await handle.fetchHistory()), 'WORKFLOW_EXECUTION_SIGNALED')).toBe(3);
    });

    it('refuses a signal to a closed workflow', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('signal-closed'), args: [0] });
      await handle.result();
      await expect(handle.signal(addSignal, 'late')).rejects.toBeInstanceOf(WorkflowNotFoundError);
    });

    it('refuses a signal to an unknown workflow id', async () => {
      await expect(env.client.workflow.getHandle(uniqueId('nobody')).signal(addSignal, 'x')).rejects.toBeInstanceOf(WorkflowNotFoundError);
    });

    it('SignalWithStart starts a workflow with the signal, then signals the running one', async () => {
      const workflowId = uniqueId('signal-with-start');
      const first = await env.client.workflow.signalWithStart(collect, {
        taskQueue: env.taskQueue,
        workflowId,
        args: [2],
        signal: addSignal,
        signalArgs: ['甲'],
      });
      const second = await env.client.workflow.signalWithStart(collect, {
        taskQueue: env.taskQueue,
        workflowId,
        args: [2],
        signal: addSignal,
        signalArgs: ['乙'],
      });
      expect(second.signaledRunId).toBe(first.signaledRunId);
      expect(await first.result()).toEqual(['甲', '乙']);
      const types = eventTypes(await first.fetchHistory());
      // the signal of the start is recorded right after WorkflowExecutionStarted
      expect(types.slice(0, 2)).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_EXECUTION_SIGNALED']);
    });
  });

  describe('queries', () => {
    it('answers queries on a running and on a closed workflow', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('query'), args: [2] });
      await handle.signal(addSignal, 'a');
      expect(await handle.query(itemsQuery)).toEqual(['a']);
      await handle.signal(addSignal, 'b');
      await handle.result();
      expect(await handle.query(itemsQuery)).toEqual(['a', 'b']);
      // queries leave no trace in history
      expect(eventTypes(await handle.fetchHistory())).not.toContain('WORKFLOW_TASK_FAILED');
    });

    it('answers an unknown query type with an error naming it', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('query-unknown'), args: [1] });
      const err = await handle.query('noSuchQuery').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryNotRegisteredError);
      expect((err as Error).message).toMatch(/noSuchQuery/);
      await handle.signal(addSignal, 'done');
      await handle.result();
    });

    it('answers a failing query handler with its error', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('query-fails'), args: [1] });
      await expect(handle.query(failingQuery)).rejects.toThrow(/查询失败/);
      await handle.signal(addSignal, 'done');
      await handle.result();
    });
  });

  describe('updates', () => {
    it('accepts and completes an update, recording both in history', async () => {
      const handle = await env.client.workflow.start(updatable, { taskQueue: env.taskQueue, workflowId: uniqueId('update') });
      expect(await handle.executeUpdate(setUpdate, { args: ['一'] })).toBe('set to 一');
      expect(await handle.query(valueQuery)).toBe('一');
      await handle.executeUpdate(setUpdate, { args: ['done'] });
      expect(await handle.result()).toBe('done');
      const history = await handle.fetchHistory();
      const types = eventTypes(history);
      expect(countOf(types, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe(2);
      expect(countOf(types, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toBe(2);
      expect(types.indexOf('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBeLessThan(types.indexOf('WORKFLOW_EXECUTION_UPDATE_COMPLETED'));
      expect(idsAreDense(history)).toBe(true);
    });

    it('a validator rejection fails the caller and leaves no trace in history', async () => {
      const handle = await env.client.workflow.start(updatable, { taskQueue: env.taskQueue, workflowId: uniqueId('update-reject') });
      await handle.executeUpdate(setUpdate, { args: ['a'] });
      const before = await handle.fetchHistory();
      const err = await handle.executeUpdate(setUpdate, { args: [''] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/value required/);
      const after = await handle.fetchHistory();
      expect(after.events!.length).toBe(before.events!.length);
      expect(eventTypes(after)).toEqual(eventTypes(before));
      // the run is unharmed
      expect(await handle.executeUpdate(setUpdate, { args: ['b'] })).toBe('set to b');
      await handle.executeUpdate(setUpdate, { args: ['done'] });
      await handle.result();
      const final = await handle.fetchHistory();
      expect(countOf(eventTypes(final), 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe(3);
      expect(idsAreDense(final)).toBe(true);
    });

    it('refuses an update on a closed workflow', async () => {
      const handle = await env.client.workflow.start(updatable, { taskQueue: env.taskQueue, workflowId: uniqueId('update-closed') });
      await handle.executeUpdate(setUpdate, { args: ['done'] });
      await handle.result();
      await expect(handle.executeUpdate(setUpdate, { args: ['late'] })).rejects.toThrow();
    });

    it('answers a duplicate update id with the first outcome, without running it again', async () => {
      const handle = await env.client.workflow.start(updatable, { taskQueue: env.taskQueue, workflowId: uniqueId('update-dup') });
      const updateId = uniqueId('u');
      expect(await handle.executeUpdate(setUpdate, { args: ['first'], updateId })).toBe('set to first');
      expect(await handle.executeUpdate(setUpdate, { args: ['second'], updateId })).toBe('set to first');
      expect(await handle.query(valueQuery)).toBe('first');
      await handle.executeUpdate(setUpdate, { args: ['done'] });
      await handle.result();
      expect(countOf(eventTypes(await handle.fetchHistory()), 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe(2);
    });

    it('startUpdate returns once ACCEPTED; the result arrives when the handler completes', async () => {
      const handle = await env.client.workflow.start(updatable, { taskQueue: env.taskQueue, workflowId: uniqueId('update-stage') });
      const updateId = uniqueId('slow');
      const update = await handle.startUpdate(slowUpdate, { args: ['later'], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(update.updateId).toBe(updateId);
      // accepted, not completed: the accepted event is in history, the completion is not
      const types = eventTypes(await handle.fetchHistory());
      expect(countOf(types, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe(1);
      expect(countOf(types, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toBe(0);
      await handle.signal(releaseSignal);
      expect(await update.result()).toBe('slowly set to later');
      // a fresh handle polls the outcome by id (PollWorkflowExecutionUpdate)
      expect(await handle.getUpdateHandle<string>(updateId).result()).toBe('slowly set to later');
      await handle.executeUpdate(setUpdate, { args: ['done'] });
      await handle.result();
    });
  });
});
