/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * What the engine's feature modules that span runs (child workflows,
 * external signals and cancels, the next run of a retry, cron or
 * continue-as-new) may ask of the engine. They take this small interface,
 * not the Engine class, so no module imports the façade back (Temporal's
 * shard context plays the same part).
 */
import type { EngineClock } from './clock';
import type { NewRun } from './mutable-state';
import type { Tx } from './run-cache';
import type { ExecutionStatus, RunState } from './state';
import type { EngineStore, NamespaceRow } from './store';

export type { Tx } from './run-cache';

export interface EngineContext {
  readonly store: EngineStore;
  readonly clock: EngineClock;
  /** Open runs (and briefly, just-closed ones) by run id. */
  readonly runs: ReadonlyMap<string, RunState>;
  namespace(name: string): NamespaceRow;
  validateSearchAttributes(namespace: string, sa: any): void;
  isStopped(): boolean;
  logError(msg: string, err: unknown): void;

  withRun<T>(runId: string, fn: (tx: Tx) => T | Promise<T>): Promise<T>;
  findRun(namespace: string, execution: { workflowId?: string; runId?: string } | null | undefined): Promise<RunState>;
  closeEvent(s: RunState): Promise<Buffer | undefined>;
  markRunning(s: RunState): void;

  addEvent(tx: Tx, eventType: string, attributes: object): number;
  addExternalEvent(tx: Tx, eventType: string, attributes: object): number | undefined;
  closeRun(tx: Tx, status: ExecutionStatus, eventType: string, attributes: object): void;
  newRunState(p: NewRun): RunState;
  writeStarted(tx: Tx, attributes: any, memo: any, searchAttributes: any, delayMs?: number, beforeTask?: (tx: Tx) => void): void;

  startWorkflow(req: any, signal?: StartSignal, parent?: RunState['parent']): Promise<{ runId: string; started: boolean }>;
  signalRun(runId: string, name: string, input: any, header: any, identity: string, requestId: string, external?: { externalWorkflowExecution: object }): Promise<void>;
  requestCancel(req: any, external?: { externalWorkflowExecution: object; externalInitiatedEventId: number }): Promise<void>;
  terminate(req: any): Promise<void>;
}

/** The signal of SignalWithStartWorkflowExecution. */
export interface StartSignal {
  name: string;
  input: any;
  header: any;
  identity: string;
  requestId: string;
}
