/**
 * The service surface: GetSystemInfo, namespaces, DescribeWorkflowExecution,
 * paged and long-polled GetWorkflowExecutionHistory, an unknown RPC
 * (UNIMPLEMENTED naming the method) and undecodable request bytes.
 */
import * as grpc from '@grpc/grpc-js';
import { Client, isGrpcServiceError, NamespaceNotFoundError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventTypes, idsAreDense, type ConformanceEnv } from './support/env';
import { addSignal, collect, greet } from './support/workflows';
import { uniqueId } from '../support/temporal';

/** Calls `/service/method` with raw bytes (no protobuf on our side). */
function rawCall(address: string, path: string, bytes: Buffer): Promise<{ code: number; details: string }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bytes,
      (err) => {
        client.close();
        resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' });
      },
    );
  });
}

describe('conformance: protocol surface', () => {
  let env: ConformanceEnv;

  beforeAll(async () => {
    env = await startConformanceEnv('protocol');
  });

  afterAll(async () => {
    await env?.stop();
  });

  const svc = () => env.connection.workflowService;

  it('answers GetSystemInfo with capabilities', async () => {
    const info = await svc().getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
    expect(info.capabilities?.sdkMetadata).toBe(true);
    expect(info.capabilities?.signalAndQueryHeader).toBe(true);
  });

  describe('namespaces', () => {
    it('has the default namespace', async () => {
      const ns = await svc().describeNamespace({ namespace: env.namespace });
      expect(ns.namespaceInfo?.name).toBe(env.namespace);
    });

    it('registers, describes and lists a namespace; refuses a duplicate', async () => {
      const name = uniqueId('gk-ns');
      await svc().registerNamespace({ namespace: name, description: '测试命名空间', workflowExecutionRetentionPeriod: msToTs('1 day') });
      const ns = await svc().describeNamespace({ namespace: name });
      expect(ns.namespaceInfo?.name).toBe(name);
      expect(ns.namespaceInfo?.description).toBe('测试命名空间');
      expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(86_400);
      const names: string[] = [];
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await svc().listNamespaces({ pageSize: 100, nextPageToken });
        names.push(...(page.namespaces ?? []).map((n) => n.namespaceInfo?.name ?? ''));
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);
      expect(names).toEqual(expect.arrayContaining([env.namespace, name]));
      const dup = await svc().registerNamespace({ namespace: name, workflowExecutionRetentionPeriod: msToTs('1 day') }).catch((e: unknown) => e);
      expect(isGrpcServiceError(dup) && dup.code).toBe(grpc.status.ALREADY_EXISTS);
    });

    it('answers an unknown namespace with NOT_FOUND', async () => {
      const err = await svc().describeNamespace({ namespace: uniqueId('no-such-ns') }).catch((e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(grpc.status.NOT_FOUND);
      const client = new Client({ connection: env.connection, namespace: uniqueId('no-such-ns') });
      await expect(client.workflow.start(greet, { taskQueue: env.taskQueue, workflowId: uniqueId('x'), args: ['x'] })).rejects.toBeInstanceOf(NamespaceNotFoundError);
    });
  });

  describe('history', () => {
    it('pages history by maximumPageSize and the pages join into the full history', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('paged'), args: [3] });
      for (const item of ['一', '二', '三']) await handle.signal(addSignal, item);
      await handle.result();
      const full = await handle.fetchHistory();
      expect(idsAreDense(full)).toBe(true);
      const events: proto.api.history.v1.IHistoryEvent[] = [];
      let nextPageToken: Uint8Array | undefined;
      let pages = 0;
      do {
        const page = await svc().getWorkflowExecutionHistory({
          namespace: env.namespace,
          execution: { workflowId: handle.workflowId },
          maximumPageSize: 3,
          nextPageToken,
        });
        pages++;
        expect(page.history?.events?.length ?? 0).toBeLessThanOrEqual(3);
        events.push(...(page.history?.events ?? []));
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken && pages < 100);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(full.events!.length / 3));
      expect(events.map((e) => Number(e.eventId))).toEqual(full.events!.map((e) => Number(e.eventId)));
      expect(eventTypes({ events })).toEqual(eventTypes(full));
    });

    it('long-polls for new events (waitNewEvent) and for the close event', async () => {
      const handle = await env.client.workflow.start(collect, { taskQueue: env.taskQueue, workflowId: uniqueId('long-poll'), args: [1] });
      const first = await svc().getWorkflowExecutionHistory({ namespace: env.namespace, execution: { workflowId: handle.workflowId } });
      const seen = first.history?.events?.length ?? 0;
      // the close event only, waited for
      const closing = svc().getWorkflowExecutionHistory({
        namespace: env.namespace,
        execution: { workflowId: handle.workflowId },
        waitNewEvent: true,
        historyEventFilterType: proto.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      });
      setTimeout(() => void handle.signal(addSignal, 'wake'), 300);
      const lastSeen = first.history!.events![seen - 1];
      // then the new events after what we saw
      const more = await svc().getWorkflowExecutionHistory({
        namespace: env.namespace,
        execution: { workflowId: handle.workflowId },
        waitNewEvent: true,
        nextPageToken: first.nextPageToken?.length ? first.nextPageToken : undefined,
      });
      if (first.nextPageToken?.length) expect(Number(more.history?.events?.[0]?.eventId)).toBe(Number(lastSeen.eventId) + 1);
      const closed = await closing;
      expect(closed.history?.events).toHaveLength(1);
      expect(eventTypes(closed.history!)).toEqual(['WORKFLOW_EXECUTION_COMPLETED']);
    });

    it('answers history of an unknown workflow with NOT_FOUND', async () => {
      const err = await svc().getWorkflowExecutionHistory({ namespace: env.namespace, execution: { workflowId: uniqueId('nobody') } }).catch((e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(grpc.status.NOT_FOUND);
    });
  });

  describe('describe', () => {
    it('describes a run: type, status, task queue, times, history length', async () => {
      const handle = await env.client.workflow.start(greet, { taskQueue: env.taskQueue, workflowId: uniqueId('describe'), args: ['描述'] });
      await handle.result();
      const d = await handle.describe();
      expect(d.type).toBe('greet');
      expect(d.status.name).toBe('COMPLETED');
      expect(d.taskQueue).toBe(env.taskQueue);
      expect(d.runId).toBe(handle.firstExecutionRunId);
      expect(d.closeTime!.getTime()).toBeGreaterThanOrEqual(d.startTime.getTime());
      expect(d.historyLength).toBe((await handle.fetchHistory()).events!.length);
    });
  });

  describe('bad input', () => {
    it('answers an unknown RPC with UNIMPLEMENTED naming the method', async () => {
      const res = await rawCall(env.temporal.address, '/temporal.api.workflowservice.v1.WorkflowService/NoSuchRpc', Buffer.alloc(0));
      expect(res.code).toBe(grpc.status.UNIMPLEMENTED);
      expect(res.details).toMatch(/NoSuchRpc/);
    });

    it('answers undecodable request bytes with INVALID_ARGUMENT and keeps serving', async () => {
      const garbage = [
        Buffer.from([0x0f, 0x01, 0x02]), // field 1 with wire type 7, which does not exist
        Buffer.from([0x0a, 0x10, 0x41]), // a 16-byte string with 1 byte present
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // an endless varint tag
      ];
      for (const method of ['StartWorkflowExecution', 'PollWorkflowTaskQueue', 'RespondWorkflowTaskCompleted']) {
        for (const bytes of garbage) {
          const res = await rawCall(env.temporal.address, `/temporal.api.workflowservice.v1.WorkflowService/${method}`, bytes);
          if (env.temporal.embedded) expect(res.code).toBe(grpc.status.INVALID_ARGUMENT);
          // grpc-go answers INTERNAL for a request it cannot unmarshal
          else expect([grpc.status.INVALID_ARGUMENT, grpc.status.INTERNAL]).toContain(res.code);
        }
      }
      // still serving
      expect((await svc().getSystemInfo({})).capabilities).toBeTruthy();
    });

    it('answers a request missing required fields with INVALID_ARGUMENT', async () => {
      const err = await svc().startWorkflowExecution({ namespace: env.namespace, workflowId: uniqueId('x'), requestId: uniqueId('r') }).catch((e: unknown) => e);
      expect(isGrpcServiceError(err) && err.code).toBe(grpc.status.INVALID_ARGUMENT);
    });
  });
});
