/**
 * Where the engine once differed from Temporal (issue 17), each held to what
 * Temporal does: search attributes come back with their type, unset timeouts
 * are absent, signal-with-start honours the conflict policy, an accepted
 * update whose run closes first is failed, continue-as-new is suggested, the
 * worker's build id is kept, a token of Temporal's own format is not found.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ActivityNotFoundError,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { eventTypes, eventually, startConformanceEnv, type ConformanceEnv } from './support/env';
import {
  addSignal,
  closeSignal,
  closesWithOpenUpdate,
  collect,
  firstOfSignalUpdateTimer,
  pokeSignal,
  pokeUpdate,
  enoughUpdate,
  noteUpdate,
  notesUntilEnough,
  continueChain,
  continueNowSignal,
  finishSignal,
  holdUpdate,
  itemsQuery,
  selfView,
  untilContinueAsNewSuggested,
  upsertSignal,
  viewQuery,
} from './support/workflows';
import * as activities from './support/activities';
import { itWithEmbeddedEngine, uniqueId, workflowBundlePath } from '../support/temporal';

const IndexedValueType = proto.api.enums.v1.IndexedValueType;

const keys = {
  datetime: defineSearchAttributeKey('GfDatetime', SearchAttributeType.DATETIME),
  int: defineSearchAttributeKey('GfInt', SearchAttributeType.INT),
  keyword: defineSearchAttributeKey('GfKeyword', SearchAttributeType.KEYWORD),
};

/** The `type` metadata of a search attribute payload, as text. */
function typeOf(sa: proto.api.common.v1.ISearchAttributes | null | undefined, name: string): string | undefined {
  const type = sa?.indexedFields?.[name]?.metadata?.type;
  return type ? Buffer.from(type).toString() : undefined;
}

/** The decoded value of a search attribute payload (JSON). */
function valueOf(sa: proto.api.common.v1.ISearchAttributes | null | undefined, name: string): unknown {
  const data = sa?.indexedFields?.[name]?.data;
  return data ? JSON.parse(Buffer.from(data).toString()) : undefined;
}

describe('conformance: fidelity to Temporal', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    // Small limits so a short workflow reaches them (Temporal's defaults are 4096 events and 4 MiB).
    env = await startConformanceEnv('fidelity', { suggestContinueAsNew: { historyCount: 40 } });
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace,
        searchAttributes: {
          GfDatetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
          GfInt: IndexedValueType.INDEXED_VALUE_TYPE_INT,
          GfKeyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        },
      });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GrpcStatus.ALREADY_EXISTS)) throw err;
    }
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** Throws (NOT_FOUND) until the engine has admitted the update: PollWorkflowExecutionUpdate with no wait stage. */
  const admitted = async (workflowId: string, updateId: string): Promise<void> => {
    await env.client.workflowService.pollWorkflowExecutionUpdate({ namespace: env.namespace, updateRef: { workflowExecution: { workflowId }, updateId } });
  };

  /** Runs a worker of the conformance workflows on `taskQueue` (one the suite's own worker does not poll) until `fn` is done. */
  const withWorkerOn = async (taskQueue: string, fn: () => Promise<void>): Promise<void> => {
    const connection = await NativeConnection.connect({ address: env.temporal.address });
    try {
      const worker = await Worker.create({ connection, namespace: env.namespace, taskQueue, workflowBundle: { codePath: workflowBundlePath('conformance') }, activities });
      await worker.runUntil(fn);
    } finally {
      await connection.close();
    }
  };

  describe('search attributes come back with their type', () => {
    it('types what the untyped API set, in events, Describe, List and the workflow itself', async () => {
      const date = new Date('2026-03-01T08:00:00.000Z');
      const workflowId = uniqueId('typed-sa');
      // The untyped (legacy) API sends payloads that name no type: the server applies the namespace's type map.
      const handle = await env.client.workflow.start(selfView, {
        taskQueue: env.taskQueue,
        workflowId,
        searchAttributes: { GfDatetime: [date], GfInt: [7], GfKeyword: ['立项'] },
      });
      await handle.signal(upsertSignal, { GfInt: [8] });
      const seen = await handle.query(viewQuery);
      expect(seen.attributes).toMatchObject({ GfDatetime: `date:${date.toISOString()}`, GfInt: 8, GfKeyword: '立项' });

      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(keys.datetime)).toEqual(date);
      expect(desc.typedSearchAttributes.get(keys.int)).toBe(8);
      expect(desc.typedSearchAttributes.get(keys.keyword)).toBe('立项');
      const described = desc.raw.workflowExecutionInfo?.searchAttributes;
      expect([typeOf(described, 'GfDatetime'), typeOf(described, 'GfInt'), typeOf(described, 'GfKeyword')]).toEqual(['Datetime', 'Int', 'Keyword']);

      await handle.signal(finishSignal);
      await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const started = events[0].workflowExecutionStartedEventAttributes?.searchAttributes;
      expect([typeOf(started, 'GfDatetime'), typeOf(started, 'GfInt'), typeOf(started, 'GfKeyword')]).toEqual(['Datetime', 'Int', 'Keyword']);
      const upserted = events.find((e) => e.upsertWorkflowSearchAttributesEventAttributes)?.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes;
      expect(typeOf(upserted, 'GfInt')).toBe('Int');

      const listed = await eventually(async () => {
        const found = [];
        for await (const execution of env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) found.push(execution);
        expect(found).toHaveLength(1);
        return found[0];
      });
      expect(listed.typedSearchAttributes.get(keys.datetime)).toEqual(date);
      expect(typeOf(listed.raw.searchAttributes, 'GfDatetime')).toBe('Datetime');
    });
  });

  describe('unset timeouts are absent', () => {
    it('leaves an unset execution and run timeout out of the started event and Describe', async () => {
      const handle = await env.client.workflow.start(selfView, { taskQueue: env.taskQueue, workflowId: uniqueId('no-timeouts') });
      const seen = await handle.query(viewQuery);
      expect(seen.executionTimeoutMs).toBeNull();
      expect(seen.runTimeoutMs).toBeNull();
      const config = (await handle.describe()).raw.executionConfig;
      expect(config?.workflowExecutionTimeout ?? null).toBeNull();
      expect(config?.workflowRunTimeout ?? null).toBeNull();
      const started = (await handle.fetchHistory()).events?.[0].workflowExecutionStartedEventAttributes;
      expect(started?.workflowExecutionTimeout ?? null).toBeNull();
      expect(started?.workflowRunTimeout ?? null).toBeNull();
      await handle.signal(finishSignal);
      await handle.result();
    });

    it('still returns a timeout that was set (the run timeout defaults to the execution timeout)', async () => {
      const handle = await env.client.workflow.start(selfView, {
        taskQueue: env.taskQueue,
        workflowId: uniqueId('timeouts'),
        workflowExecutionTimeout: '1 day',
      });
      const seen = await handle.query(viewQuery);
      expect(seen.executionTimeoutMs).toBe(86_400_000);
      expect(seen.runTimeoutMs).toBe(86_400_000);
      const config = (await handle.describe()).raw.executionConfig;
      expect(Number(config?.workflowExecutionTimeout?.seconds)).toBe(86_400);
      expect(Number(config?.workflowRunTimeout?.seconds)).toBe(86_400);
      await handle.signal(finishSignal);
      await handle.result();
    });
  });

  describe('signal-with-start and the workflow id conflict policy', () => {
    it('TERMINATE_EXISTING terminates the running run and signals a new one', async () => {
      const workflowId = uniqueId('sws-terminate');
      const first = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId, args: [2] });
      await first.signal(addSignal, 'old');
      const second = await env.client.workflow.signalWithStart(collect, {
        taskQueue: env.taskQueue,
        workflowId,
        args: [1],
        signal: addSignal,
        signalArgs: ['new'],
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
      });
      expect(second.signaledRunId).not.toBe(first.firstExecutionRunId);
      expect(await second.result()).toEqual(['new']);
      const old = await env.client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe();
      expect(old.status.name).toBe('TERMINATED');
    });

    it('USE_EXISTING (and no policy) signals the running run; FAIL refuses', async () => {
      const workflowId = uniqueId('sws-existing');
      const first = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId, args: [3] });
      const options = { taskQueue: env.taskQueue, workflowId, args: [1] as [number], signal: addSignal };
      const viaPolicy = await env.client.workflow.signalWithStart(collect, { ...options, signalArgs: ['a'], workflowIdConflictPolicy: 'USE_EXISTING' });
      const viaDefault = await env.client.workflow.signalWithStart(collect, { ...options, signalArgs: ['b'] });
      expect([viaPolicy.signaledRunId, viaDefault.signaledRunId]).toEqual([first.firstExecutionRunId, first.firstExecutionRunId]);
      await expect(env.client.workflow.signalWithStart(collect, { ...options, signalArgs: ['c'], workflowIdConflictPolicy: 'FAIL' }))
        .rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      expect(await first.query(itemsQuery)).toEqual(['a', 'b']);
      await first.signal(addSignal, 'd');
      expect(await first.result()).toEqual(['a', 'b', 'd']);
    });
  });

  describe('an accepted update whose run closes first', () => {
    const closings: [string, (h: WorkflowHandle<typeof closesWithOpenUpdate>) => Promise<unknown>, Pick<WorkflowStartOptions, 'workflowExecutionTimeout'>][] = [
      ['completes', (h) => h.signal(closeSignal, 'complete'), {}],
      ['fails', (h) => h.signal(closeSignal, 'fail'), {}],
      ['continues as new', (h) => h.signal(closeSignal, 'continue'), {}],
      ['is terminated', (h) => h.terminate('closing with an update open'), {}],
      // Closed by the server: nothing is sent, the run times out by itself.
      ['times out', async () => undefined, { workflowExecutionTimeout: '3s' }],
    ];

    it.each(closings)('is failed as in Temporal when the run %s, for every caller', async (_how, close, options) => {
      const handle = await env.client.workflow.start(closesWithOpenUpdate, { taskQueue: env.taskQueue, workflowId: uniqueId('update-close'), ...options });
      const update = await handle.startUpdate(holdUpdate, { args: ['x'], waitForStage: WorkflowUpdateStage.ACCEPTED });
      await close(handle);
      const err = await update.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('AcceptedUpdateCompletedWorkflow');
      expect((cause as ApplicationFailure).message).toBe('Workflow Update failed because the Workflow completed before the Update completed.');
      // A later poll (PollWorkflowExecutionUpdate) of the closed run answers the same at once.
      const again = handle.getUpdateHandle(update.updateId, { workflowRunId: update.workflowRunId });
      await expect(again.result()).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    });
  });

  describe('continue-as-new suggestion', () => {
    // The limit is an option of the embedded engine.
    itWithEmbeddedEngine('is set on workflow tasks once the history passes the limit', async () => {
      const handle = await env.client.workflow.start(untilContinueAsNewSuggested, { taskQueue: env.taskQueue, workflowId: uniqueId('can-suggested'), args: [100] });
      const { suggested, historyLength } = await handle.result();
      expect(suggested).toBe(true);
      expect(historyLength).toBeGreaterThanOrEqual(40);
      const started = ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowTaskStartedEventAttributes);
      // Temporal counts the Started event itself: suggested from the first one whose id reaches the limit.
      const suggestedAt = started.map((e) => [Number(e.eventId), e.workflowTaskStartedEventAttributes!.suggestContinueAsNew] as const);
      expect(suggestedAt.every(([id, flag]) => flag === id >= 40)).toBe(true);
      const last = started[started.length - 1].workflowTaskStartedEventAttributes!;
      expect(last.suggestContinueAsNewReasons).toEqual([proto.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS]);
    });
  });

  describe("the worker's build id", () => {
    it('is recorded on each workflow task completion, read back on replay, and listed in BuildIds', async () => {
      const taskQueue = uniqueId('build-ids');
      const connection = await NativeConnection.connect({ address: env.temporal.address });
      const workerWith = (buildId: string) => Worker.create({
        connection,
        namespace: env.namespace,
        taskQueue,
        buildId,
        workflowBundle: { codePath: workflowBundlePath('conformance') },
        activities,
      });
      try {
        const handle = await env.client.workflow.start(selfView, { taskQueue, workflowId: uniqueId('build-id') });
        const first = await workerWith('1.0');
        await first.runUntil(async () => {
          expect((await handle.query(viewQuery)).currentBuildId).toBe('1.0');
        });
        // The next worker has no cached copy: it replays the history and must find 1.0 there.
        await env.client.workflowService.resetStickyTaskQueue({ namespace: env.namespace, execution: { workflowId: handle.workflowId } });
        const second = await workerWith('1.1');
        await second.runUntil(async () => {
          expect((await handle.query(viewQuery)).currentBuildId).toBe('1.0');
          await handle.signal(finishSignal);
          expect((await handle.result()).currentBuildId).toBe('1.1');
        });
        const completed = ((await handle.fetchHistory()).events ?? [])
          .filter((e) => e.workflowTaskCompletedEventAttributes)
          .map((e) => e.workflowTaskCompletedEventAttributes!.workerVersion?.buildId);
        expect(completed[0]).toBe('1.0');
        expect(completed[completed.length - 1]).toBe('1.1');
        const sa = (await handle.describe()).raw.workflowExecutionInfo?.searchAttributes;
        expect(valueOf(sa, 'BuildIds')).toEqual(['unversioned', 'unversioned:1.0', 'unversioned:1.1']);
        expect(typeOf(sa, 'BuildIds')).toBe('KeywordList');
      } finally {
        await connection.close();
      }
    });
  });

  describe('a task token in Temporal\'s own format', () => {
    /** Fields 1–3 (namespace id, workflow id, run id), 4 scheduled event id, 5 attempt, 6 activity id: as Temporal's server writes them. */
    const serverToken = (namespaceId: string) => {
      const text = (field: number, value: string) => [((field << 3) | 2), Buffer.byteLength(value), ...Buffer.from(value)];
      return new Uint8Array([
        ...text(1, namespaceId),
        ...text(2, 'c787f7af-23c4-486b-98b2-f57997ad0ae6'),
        ...text(3, '33fe12c8-be49-41a2-8abd-1765496ede9e'),
        32, 5, 40, 1,
        ...text(6, '1'),
      ]);
    };

    it('names no task here: completing, failing, cancelling or heartbeating it is NOT_FOUND (ActivityNotFoundError), unreadable bytes stay INVALID_ARGUMENT', async () => {
      const { namespaceInfo } = await env.client.workflowService.describeNamespace({ namespace: env.namespace });
      const token = serverToken(namespaceInfo!.id!);
      await expect(env.client.activity.complete(token, 'done')).rejects.toBeInstanceOf(ActivityNotFoundError);
      await expect(env.client.activity.fail(token, new Error('no'))).rejects.toBeInstanceOf(ActivityNotFoundError);
      await expect(env.client.activity.reportCancellation(token)).rejects.toBeInstanceOf(ActivityNotFoundError);
      await expect(env.client.activity.heartbeat(token)).rejects.toBeInstanceOf(ActivityNotFoundError);
      await expect(
        env.client.workflowService.respondActivityTaskCompleted({ namespace: env.namespace, taskToken: new Uint8Array([1, 2, 3]) }),
      ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    });
  });

  describe('continue-as-new chains', () => {
    it('from the main function with a start backoff, then from a signal handler: memo and search attributes go with every run', async () => {
      const handle = await env.client.workflow.start(continueChain, {
        taskQueue: env.taskQueue,
        workflowId: uniqueId('chain'),
        memo: { note: 'foo' },
        searchAttributes: { GfKeyword: ['test-value'], GfInt: [1] },
        followRuns: true,
      });
      await handle.signal(continueNowSignal);
      const lastRunId = await handle.result();
      const described = await handle.describe();
      expect(described.runId).toBe(lastRunId);
      expect(described.runId).not.toBe(handle.firstExecutionRunId);
      expect(described.memo).toEqual({ note: 'foo' });
      expect(described.searchAttributes).toMatchObject({ GfKeyword: ['test-value'], GfInt: [1] });
    });
  });

  describe('an update to a run still in its start delay', () => {
    it('is admitted, and its workflow task starts the run at once with the updates first (two updates in the first task)', async () => {
      const taskQueue = uniqueId('start-delay-q');
      const handle = await env.client.workflow.start(notesUntilEnough, { taskQueue, workflowId: uniqueId('start-delay'), startDelay: '10000 days' });
      const first = handle.executeUpdate(noteUpdate, { args: ['1'], updateId: 'update-1' });
      await eventually(() => admitted(handle.workflowId, 'update-1'), 5000, 50);
      const second = handle.executeUpdate(enoughUpdate, { updateId: 'update-2' });
      await eventually(() => admitted(handle.workflowId, 'update-2'), 5000, 50);
      await withWorkerOn(taskQueue, async () => {
        expect(await handle.result()).toEqual(['1', 'done', '$']);
        expect(await first).toBe('1');
        expect(await second).toBe('done');
      });
    });
  });

  describe('an update completed in the workflow task that closes its run', () => {
    it('is answered with its result, also to the caller whose request was waiting before the run closed', async () => {
      const taskQueue = uniqueId('closing-update-q');
      const handle = await env.client.workflow.start(firstOfSignalUpdateTimer, { taskQueue, workflowId: uniqueId('closing-update') });
      // No worker yet: the signal and the update wait for the first workflow task (the timer starts in it).
      await handle.signal(pokeSignal);
      const update = handle.executeUpdate(pokeUpdate, { updateId: 'poke-1' });
      await eventually(() => admitted(handle.workflowId, 'poke-1'), 5000, 50);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await withWorkerOn(taskQueue, async () => {
        expect(await handle.result()).toEqual([true, true, false]);
      });
      await expect(update).resolves.toBeUndefined();
      // Asked again after the close (a client's retry): the same answer, not "workflow execution already completed".
      await expect(handle.executeUpdate(pokeUpdate, { updateId: 'poke-1' })).resolves.toBeUndefined();
    });

    it('with a signal, a fired timer and a completed activity in the same task, after the first worker went away', async () => {
      const taskQueue = uniqueId('four-q');
      const connection = await NativeConnection.connect({ address: env.temporal.address });
      const bundle = { codePath: workflowBundlePath('conformance') };
      try {
        const first = await Worker.create({ connection, namespace: env.namespace, taskQueue, workflowBundle: bundle, maxCachedWorkflows: 0 });
        const firstRunning = first.run();
        // The activity stops the first worker: what follows waits for the next one, all in one workflow task.
        const stopFirst = async () => {
          if (first.getState() === 'RUNNING') first.shutdown();
          await firstRunning;
        };
        const activityWorker = await Worker.create({ connection, namespace: env.namespace, taskQueue: `${taskQueue}-activity`, activities: { stopWorker: stopFirst } });
        await activityWorker.runUntil(async () => {
          const handle = await env.client.workflow.start(firstOfSignalUpdateTimer, { taskQueue, workflowId: uniqueId('four'), args: [true] });
          await firstRunning;
          await handle.signal(pokeSignal);
          const update = handle.executeUpdate(pokeUpdate, { updateId: 'poke-4' });
          await eventually(async () => {
            await admitted(handle.workflowId, 'poke-4');
            const types = eventTypes(await handle.fetchHistory());
            for (const t of ['ACTIVITY_TASK_COMPLETED', 'TIMER_FIRED', 'WORKFLOW_EXECUTION_SIGNALED']) if (!types.includes(t)) throw new Error(`no ${t} yet`);
          }, 8000, 50);
          const second = await Worker.create({ connection, namespace: env.namespace, taskQueue, workflowBundle: bundle });
          await second.runUntil(async () => {
            expect(await handle.result()).toEqual([true, true, true, true]);
          });
          await expect(update).resolves.toBeUndefined();
          const types = eventTypes(await handle.fetchHistory());
          expect(types.slice(-3)).toEqual(['WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'WORKFLOW_EXECUTION_UPDATE_COMPLETED', 'WORKFLOW_EXECUTION_COMPLETED']);
        });
      } finally {
        await connection.close();
      }
    });
  });
});
