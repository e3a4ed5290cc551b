/** WorkflowService RPCs → engine calls. Thin: validation of shape, then one engine call. */
import { status } from '@grpc/grpc-js';
import { msToDuration } from '../codec';
import type { Engine } from '../engine/engine';
import { invalidArgument, ServiceError } from '../errors';
import type { Handler } from '../server';
import { scheduleHandlers } from './schedules';
import { unsupportedHandlers } from './unsupported';
import { listExecutions, countExecutions } from './visibility';

const SERVER_VERSION = '1.24.0-gongkai-embedded';

export function workflowServiceHandlers(engine: Engine): Record<string, Handler> {
  const nsInfo = (name: string) => {
    const ns = engine.namespace(name);
    return {
      namespaceInfo: {
        name: ns.name,
        state: 1,
        description: ns.description,
        ownerEmail: ns.ownerEmail,
        id: ns.id,
        capabilities: { eagerWorkflowStart: true, syncUpdate: true, asyncUpdate: true },
        supportsSchedules: true,
      },
      config: { workflowExecutionRetentionTtl: msToDuration(ns.retentionSeconds * 1000) },
      isGlobalNamespace: false,
    };
  };
  return {
    ...unsupportedHandlers(),
    GetSystemInfo: () => ({
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        // As Temporal's server: the worker then sends its version stamp with each completion (see engine/build-ids.ts).
        buildIdBasedVersioning: true,
        upsertMemo: true,
        eagerWorkflowStart: true,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
        nexus: false,
      },
    }),
    DescribeNamespace: (req) => nsInfo(req.namespace || (req.id ? engine.listNamespacesCached().find((n) => n.id === req.id)?.name ?? req.id : 'default')),
    ListNamespaces: () => ({ namespaces: engine.listNamespacesCached().map((n) => nsInfo(n.name)) }),
    RegisterNamespace: async (req) => {
      if (!req.namespace || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(req.namespace)) throw invalidArgument('namespace name is invalid');
      const created = await engine.store.registerNamespace({
        name: req.namespace,
        description: req.description ?? '',
        ownerEmail: req.ownerEmail ?? '',
        retentionSeconds: Math.max(1, Math.round((Number(req.workflowExecutionRetentionPeriod?.seconds ?? 0) || 259_200))),
      });
      if (!created) throw new ServiceError(status.ALREADY_EXISTS, `Namespace ${req.namespace} already exists.`);
      await engine.reloadNamespaces();
      return {};
    },
    StartWorkflowExecution: (req) => engine.startWorkflowExecution(req),
    SignalWithStartWorkflowExecution: async (req) => {
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      const { runId, started } = await engine.startWorkflow(req, {
        name: req.signalName,
        input: req.signalInput,
        header: req.header,
        identity: req.identity,
        requestId: req.requestId ? `${req.requestId}/signal` : '',
      });
      return { runId, started };
    },
    SignalWorkflowExecution: async (req) => {
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      await engine.signal(req);
      return {};
    },
    QueryWorkflow: (req, call) => {
      if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
      return engine.query(req, Math.max(call.longPollMs, 1000));
    },
    UpdateWorkflowExecution: (req, call) => engine.update(req, call.longPollMs),
    PollWorkflowExecutionUpdate: (req, call) => engine.pollUpdate(req, call.longPollMs),
    ExecuteMultiOperation: (req, call) => engine.executeMultiOperation(req, call.longPollMs),
    RequestCancelWorkflowExecution: async (req) => {
      await engine.requestCancel(req);
      return {};
    },
    TerminateWorkflowExecution: async (req) => {
      await engine.terminate(req);
      return {};
    },
    ResetWorkflowExecution: (req) => engine.reset(req),
    DescribeWorkflowExecution: (req) => engine.describe(req),
    GetWorkflowExecutionHistory: (req, call) => engine.history(req, call.longPollMs),
    ListWorkflowExecutions: (req) => listExecutions(engine, req),
    // Scan is List without an order guarantee (deprecated in Temporal): the same answer serves.
    ScanWorkflowExecutions: (req) => listExecutions(engine, req),
    ListOpenWorkflowExecutions: (req) => listExecutions(engine, { ...req, query: 'ExecutionStatus = "Running"' }),
    CountWorkflowExecutions: (req) => countExecutions(engine, req),
    GetSearchAttributes: () => ({ keys: {} }),
    PollWorkflowTaskQueue: (req, call) => {
      if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
      return engine.pollWorkflowTask(req.namespace, req.taskQueue.name, req.identity, call.signal);
    },
    PollActivityTaskQueue: (req, call) => {
      if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
      return engine.pollActivityTask(req.namespace, req.taskQueue.name, req.identity, call.signal);
    },
    RespondWorkflowTaskCompleted: (req) => engine.respondWorkflowTaskCompleted(req),
    RespondWorkflowTaskFailed: (req) => engine.respondWorkflowTaskFailed(req),
    RespondQueryTaskCompleted: (req) => {
      engine.respondQueryTaskCompleted(req);
      return {};
    },
    RespondActivityTaskCompleted: async (req) => {
      await engine.completeActivity(req);
      return {};
    },
    RespondActivityTaskCompletedById: async (req) => {
      await engine.completeActivity(req, true);
      return {};
    },
    RespondActivityTaskFailed: async (req) => {
      await engine.failActivity(req);
      return { failures: [] };
    },
    RespondActivityTaskFailedById: async (req) => {
      await engine.failActivity(req, true);
      return { failures: [] };
    },
    RespondActivityTaskCanceled: async (req) => {
      await engine.cancelActivity(req);
      return {};
    },
    RespondActivityTaskCanceledById: async (req) => {
      await engine.cancelActivity(req, true);
      return {};
    },
    RecordActivityTaskHeartbeat: (req) => engine.heartbeat(req),
    RecordActivityTaskHeartbeatById: (req) => engine.heartbeat(req, true),
    ResetStickyTaskQueue: async (req) => {
      await engine.resetStickyTaskQueue(req);
      return {};
    },
    ShutdownWorker: async (req) => {
      await engine.shutdownWorker(req);
      return {};
    },
    ...scheduleHandlers(engine),
  };
}
