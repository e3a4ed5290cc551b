/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/** OperatorService: custom search attributes per namespace. */
import { status } from '@grpc/grpc-js';
import type { Engine } from '../engine/engine';
import { invalidArgument, ServiceError } from '../errors';
import { INDEXED_VALUE_TYPES } from '../engine/search-attributes';
import type { Handler } from '../server';

const TYPE_NUMBER = Object.fromEntries(Object.entries(INDEXED_VALUE_TYPES).map(([n, t]) => [t, Number(n)]));

export const SYSTEM_SEARCH_ATTRIBUTES: Record<string, string> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  TaskQueue: 'Keyword',
  HistoryLength: 'Int',
  ParentWorkflowId: 'Keyword',
  ParentRunId: 'Keyword',
  RootWorkflowId: 'Keyword',
  RootRunId: 'Keyword',
};

export function operatorServiceHandlers(engine: Engine): Record<string, Handler> {
  return {
    AddSearchAttributes: async (req) => {
      const namespace = req.namespace || 'default';
      engine.namespace(namespace);
      const attrs: Record<string, string> = {};
      for (const [name, type] of Object.entries<any>(req.searchAttributes ?? {})) {
        const typeName = typeof type === 'number' ? INDEXED_VALUE_TYPES[type] : undefined;
        if (!typeName) throw invalidArgument(`search attribute ${name}: unknown type ${type}`);
        if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) throw invalidArgument(`search attribute name ${name} is invalid`);
        if (SYSTEM_SEARCH_ATTRIBUTES[name]) throw invalidArgument(`search attribute ${name} is reserved by system`);
        const existing = engine.customSearchAttributes(namespace).get(name);
        if (existing && existing !== typeName) {
          throw new ServiceError(status.ALREADY_EXISTS, `search attribute ${name} already exists with type ${existing}`);
        }
        attrs[name] = typeName;
      }
      await engine.store.addSearchAttributes(namespace, attrs);
      await engine.reloadNamespaces();
      return {};
    },
    ListSearchAttributes: (req) => {
      const namespace = req.namespace || 'default';
      engine.namespace(namespace);
      const custom = Object.fromEntries([...engine.customSearchAttributes(namespace)].map(([n, t]) => [n, TYPE_NUMBER[t]]));
      const system = Object.fromEntries(Object.entries(SYSTEM_SEARCH_ATTRIBUTES).map(([n, t]) => [n, TYPE_NUMBER[t]]));
      return { customAttributes: custom, systemAttributes: system, storageSchema: {} };
    },
    RemoveSearchAttributes: async (req) => {
      const namespace = req.namespace || 'default';
      engine.namespace(namespace);
      const names: string[] = req.searchAttributes ?? [];
      for (const name of names) {
        if (!engine.customSearchAttributes(namespace).has(name)) throw new ServiceError(status.NOT_FOUND, `search attribute ${name} not found`);
      }
      await engine.store.removeSearchAttributes(namespace, names);
      await engine.reloadNamespaces();
      return {};
    },
  };
}
