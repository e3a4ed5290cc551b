/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * The gRPC face of the engine: Temporal's WorkflowService, OperatorService,
 * TestService and the standard health service, on grpc-js. Methods without a
 * handler answer UNIMPLEMENTED naming the method; a request that cannot be
 * decoded answers INVALID_ARGUMENT; nothing a client sends can crash the engine.
 */
import { timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { durationMs, encodeWithRawHistory, msToTimestamp, timestampMs } from './codec';
import { Engine, type EngineOptions } from './engine/engine';
import { invalidArgument, ServiceError } from './errors';
import { lookupService } from './protos';
import { checkWireFormat } from './wire-check';
import { workflowServiceHandlers } from './handlers/workflow-service';
import { operatorServiceHandlers } from './handlers/operator-service';
import { useSyncDecompression } from './grpc-decompress';

useSyncDecompression();

export type Handler = (req: any, call: CallContext) => Promise<object> | object;

export interface CallContext {
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** How long a long poll may wait before answering empty. */
  longPollMs: number;
}

const MALFORMED = Symbol('malformed');

function serviceDefinition(service: protobuf.Service): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<any, any>> = {};
  const serviceName = service.fullName.replace(/^\./, '');
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType!;
    const responseType = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (v: object) => Buffer.from(requestType.encode(requestType.fromObject(v)).finish()),
      requestDeserialize: (bytes: Buffer) => {
        try {
          checkWireFormat(requestType, bytes);
          return requestType.decode(bytes);
        } catch (err) {
          return { [MALFORMED]: (err as Error).message };
        }
      },
      responseSerialize: (v: object) => encodeWithRawHistory(responseType, v),
      responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
      originalName: method.name,
    };
  }
  return definition as grpc.ServiceDefinition;
}

function implement(
  definition: grpc.ServiceDefinition,
  handlers: Record<string, Handler>,
  log: NonNullable<EngineOptions['log']>,
  authorised: (metadata: grpc.Metadata) => boolean,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    const handler = handlers[name];
    if (!handler) continue;
    impl[name] = ((call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      if (!authorised(call.metadata)) {
        callback({ code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong API key (authorization: Bearer <key>)' } as grpc.ServiceError);
        return;
      }
      const controller = new AbortController();
      // grpc-js reports 'cancelled' after every call, answered or not; only an unanswered one is a cancellation
      // (aborting creates a DOMException with a stack: measurable at thousands of calls per second).
      let answered = false;
      call.on('cancelled', () => {
        if (!answered) controller.abort();
      });
      const deadline = call.getDeadline();
      const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number(deadline);
      const longPollMs = Number.isFinite(deadlineMs) && deadlineMs > 0
        ? Math.max(0, Math.min(deadlineMs - Date.now() - 1000, 20_000))
        : 20_000;
      const run = async () => {
        if (call.request && (call.request as any)[MALFORMED]) throw invalidArgument(`malformed ${name} request: ${(call.request as any)[MALFORMED]}`);
        return handler(call.request, { signal: controller.signal, longPollMs });
      };
      run().then(
        (response) => {
          answered = true;
          callback(null, response);
        },
        (err: unknown) => {
          answered = true;
          if (err instanceof ServiceError) {
            callback(err.toGrpc() as grpc.ServiceError);
            return;
          }
          const message = err instanceof Error ? err.message : String(err);
          log('request failed', { method: name, err: message, stack: err instanceof Error ? err.stack : undefined });
          // A bad value inside an otherwise decodable request (e.g. protobuf fromObject) is the client's fault.
          const code = /invalid|illegal|expected|must be|out of range/i.test(message) ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
          callback({ code, details: message } as grpc.ServiceError);
        },
      );
    }) as grpc.handleUnaryCall<any, any>;
  }
  return impl;
}

export interface EmbeddedTemporalOptions extends EngineOptions {
  /** Loopback port; 0 picks a free one. */
  port?: number;
  host?: string;
  /**
   * The key every call must carry as Temporal's standard API-key metadata
   * (`authorization: Bearer <key>`, what `Connection.connect({ apiKey })` sends),
   * else it is refused UNAUTHENTICATED. The launcher and the engine CLI always
   * set one (kept in GONGKAI_HOME/engine-api-key); without it any local
   * process could list, terminate or message workflows.
   */
  apiKey?: string;
}

export interface RunningEmbeddedTemporal {
  address: string;
  port: number;
  engine: Engine;
  stop(): Promise<void>;
}

/** Starts the engine and its gRPC server; resolves once it accepts calls. */
export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions): Promise<RunningEmbeddedTemporal> {
  const log = options.log ?? (() => undefined);
  const engine = new Engine(options);
  await engine.start();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
  });
  const services: [string, Record<string, Handler>][] = [
    ['temporal.api.workflowservice.v1.WorkflowService', workflowServiceHandlers(engine)],
    ['temporal.api.operatorservice.v1.OperatorService', operatorServiceHandlers(engine)],
    ['temporal.api.testservice.v1.TestService', testServiceHandlers(engine)],
    ['grpc.health.v1.Health', { Check: () => ({ status: 1 }) }],
  ];
  for (const [name, handlers] of services) {
    const definition = serviceDefinition(lookupService(name));
    // The health service answers without a key: it reveals nothing and load balancers probe it.
    const open = name === 'grpc.health.v1.Health' || options.apiKey === undefined;
    server.addService(definition, implement(definition, handlers, log, open ? () => true : apiKeyCheck(options.apiKey!)));
  }
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  let stopping: Promise<void> | undefined;
  const skipper = options.timeSkipping ? setInterval(() => engine.skipTimeIfIdle(), 25) : undefined;
  skipper?.unref();
  return {
    address: `${host}:${port}`,
    port,
    engine,
    stop() {
      stopping ??= (async () => {
        if (skipper) clearInterval(skipper);
        const engineStopped = engine.stop();
        await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        server.forceShutdown();
        await engineStopped;
      })();
      return stopping;
    },
  };
}

/** Compares the call's bearer key with `apiKey` in constant time. */
export function apiKeyCheck(apiKey: string): (metadata: grpc.Metadata) => boolean {
  const expected = Buffer.from(`Bearer ${apiKey}`);
  return (metadata) => {
    const [given] = metadata.get('authorization');
    if (given === undefined) return false;
    const actual = Buffer.from(String(given));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };
}

function testServiceHandlers(engine: Engine): Record<string, Handler> {
  const requireSkipping = () => {
    if (!engine.clock.skippingEnabled) throw new ServiceError(grpc.status.UNIMPLEMENTED, 'time skipping is off on this engine (start it with timeSkipping: true)');
  };
  return {
    LockTimeSkipping: () => {
      requireSkipping();
      engine.clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      requireSkipping();
      try {
        engine.clock.unlock();
      } catch (err) {
        throw invalidArgument((err as Error).message);
      }
      return {};
    },
    Sleep: async (req) => {
      requireSkipping();
      await engine.sleepVirtual(durationMs(req.duration));
      return {};
    },
    SleepUntil: async (req) => {
      requireSkipping();
      await engine.sleepVirtual(Math.max(0, timestampMs(req.timestamp) - engine.clock.now()));
      return {};
    },
    /**
     * The proto's contract: refused when nothing holds a lock; otherwise the caller's lock is let go for the sleep
     * and taken back once the clock has moved by the duration, so the count is what it was before. The virtual
     * sleep fast-forwards by itself, so the count is never actually lowered: at zero the idle skipper would run
     * past the target to the next timer (a drill advancing 10 days must not land on day 40).
     * Running work counts as a lock, as in Temporal's test server (where workflow and activity tasks hold locks):
     * an activity may sleep while the SDK's time-skipping client, waiting on the workflow's result, has let go
     * of the client's lock. That sleep does not wait for running activities (the sleeper is one).
     */
    UnlockTimeSkippingWithSleep: async (req) => {
      requireSkipping();
      const clientLock = engine.clock.locked;
      if (!clientLock && !engine.workInFlight()) throw invalidArgument('time skipping is not locked');
      await engine.sleepVirtual(durationMs(req.duration), clientLock);
      return {};
    },
    GetCurrentTime: () => ({ time: msToTimestamp(engine.clock.now()) }),
  };
}
