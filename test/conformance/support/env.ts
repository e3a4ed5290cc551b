/**
 * One server + client + worker per test file, and small helpers the topic
 * suites share. Works against the embedded engine or any server given by
 * TEMPORAL_ADDRESS; nothing here depends on engine internals.
 */
import { Client, Connection } from '@temporalio/client';
// The same switch @temporalio/testing uses to give a Connection its `testService`.
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { temporal as proto } from '@temporalio/proto';
import * as activities from './activities';
import { startTestTemporal, uniqueId, workflowBundlePath, type TestTemporal, type TestTemporalOptions } from '../../support/temporal';

export interface ConformanceEnv {
  temporal: TestTemporal;
  connection: Connection;
  client: Client;
  /** The worker's own connection: a client on it can start workflows eagerly on this worker. */
  nativeConnection: NativeConnection;
  namespace: string;
  taskQueue: string;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Worker logs are noise unless something is wrong. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    });
  } catch {
    // already installed by another file in this worker process
  }
}

export async function startConformanceEnv(
  prefix: string,
  options: Pick<TestTemporalOptions, 'timeSkipping' | 'timeSkippingLocked' | 'suggestContinueAsNew'> & { worker?: Partial<WorkerOptions> } = {},
): Promise<ConformanceEnv> {
  quietRuntime();
  const { worker: workerOptions, ...temporalOptions } = options;
  const temporal = await startTestTemporal(temporalOptions);
  const connectionOptions: InternalConnectionOptions = {
    address: temporal.address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: temporal.timeSkipping },
  };
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace: temporal.namespace });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const taskQueue = uniqueId(prefix);
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    workflowBundle: { codePath: workflowBundlePath('conformance') },
    activities,
    ...workerOptions,
  });
  const running = worker.run();
  return {
    temporal,
    connection,
    client,
    nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
      await temporal.stop();
    },
  };
}

/** Retries `fn` until it stops throwing (visibility is eventually consistent on real servers). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

const EventType = proto.api.enums.v1.EventType;

/** History event type names without the EVENT_TYPE_ prefix, in order. */
export function eventTypes(history: proto.api.history.v1.IHistory): string[] {
  return (history.events ?? []).map((e) => String(EventType[e.eventType ?? 0]).replace(/^EVENT_TYPE_/, ''));
}

export function countOf(types: string[], type: string): number {
  return types.filter((t) => t === type).length;
}

/** True when event ids run 1..n without gaps — a well-formed history. */
export function idsAreDense(history: proto.api.history.v1.IHistory): boolean {
  return (history.events ?? []).every((e, i) => Number(e.eventId) === i + 1);
}
