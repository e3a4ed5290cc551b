/**
 * Builds the gongkai Temporal worker: workflows from the (cached) bundle,
 * activities constructed with their dependencies. Used by `npm run start:worker`,
 * by the one-command launcher and by tests.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities, engineClockNow } from '../../../activities';
import { GONGKAI_TASK_QUEUE } from '@gongkai/contracts';

export interface GongkaiWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  dataSource: DataSource;
  workflowBundlePath: string;
  /**
   * The installation's actor-signing public key (ActorSigner.publicKey): the
   * worker confirms every new review was started with it.
   */
  actorKey: string;
  /** Where published/retracted items are announced (PORTAL_WEBHOOK_URL, validated in libs/config); unset = no portal. */
  portalWebhookUrl?: string;
  /** 暂缓解读's due working days and approving levels (libs/config); defaults 3 and 1. */
  interpretations?: { dueWorkingDays: number; releaseLevels: number };
  /** 征求意见's feedback report deadline and reminder (libs/config); defaults 20 and 15 working days. */
  consultationFeedback?: { dueWorkingDays: number; reminderWorkingDays: number };
  /**
   * Drill mode (GONGKAI_DEV_CLOCK, embedded engine on a virtual clock): activities date what they write on the
   * engine's clock, as workflows do — else a window opened after an advance would be dated in the past.
   */
  drillClock?: boolean;
  taskQueue?: string;
  /** Extra worker options (tests lower concurrency, set identity...). */
  overrides?: Partial<WorkerOptions>;
}

export async function createGongkaiWorker(options: GongkaiWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? GONGKAI_TASK_QUEUE,
    workflowBundle: { codePath: options.workflowBundlePath },
    activities: createActivities({
      dataSource: options.dataSource,
      publication: {
        actorKey: options.actorKey,
        portalWebhookUrl: options.portalWebhookUrl,
        interpretations: options.interpretations,
        consultationFeedback: options.consultationFeedback,
        ...(options.drillClock ? { now: engineClockNow } : {}),
      },
    }),
    ...options.overrides,
  });
}

/** A running worker that can be stopped once, awaiting its run loop (no "Not running" errors). */
export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
}

export function runWorker(worker: Worker): RunningWorker {
  const done = worker.run();
  let stopping: Promise<void> | undefined;
  return {
    worker,
    done,
    stop() {
      stopping ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await done;
      })();
      return stopping;
    },
  };
}

/** Keep the SDK's own logs readable in one terminal: warnings and errors only, unless LOG_LEVEL says more. */
export function installWorkerRuntime(logLevel: string): void {
  const levels: Record<string, 'TRACE' | 'DEBUG' | 'WARN' | 'ERROR'> = { trace: 'TRACE', debug: 'DEBUG', info: 'WARN', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
  const level = levels[logLevel] ?? 'WARN';
  try {
    Runtime.install({ logger: new DefaultLogger(level), telemetryOptions: { logging: { filter: { core: level, other: 'ERROR' }, forward: {} } } });
  } catch {
    // Already installed (tests, or a second call): keep the existing runtime.
  }
}

/**
 * The worker's native connection takes the same TLS/API-key settings as the client (API key as a string).
 * On loopback (the embedded engine, a local dev server) requests go uncompressed: the SDK core gzips every
 * request by default, which there only costs CPU on both ends (about a fifth of bench/engine's throughput).
 */
export function nativeConnectionOptions(address: string, connection: { tls?: unknown; apiKey?: string | (() => string); metadata?: unknown }) {
  const apiKey = typeof connection.apiKey === 'function' ? connection.apiKey() : connection.apiKey;
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(address);
  return {
    address,
    tls: connection.tls as never,
    apiKey,
    metadata: connection.metadata as Record<string, string> | undefined,
    ...(loopback ? { grpcCompression: { codec: 'none' as const } } : {}),
  };
}
