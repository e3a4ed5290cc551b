/**
 * The Temporal server a test file talks to: the embedded engine on the run's
 * shared PostgreSQL (each call gets its own schema, so tests never see each
 * other's workflows), or an external server when TEMPORAL_ADDRESS is set
 * (`TEMPORAL_ADDRESS=host:port npm run test:conformance`).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { startEmbeddedTemporal, type EmbeddedTemporalOptions, type RunningEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { freePort, spawnEngineProcess, type EngineProcess } from '@gongkai/embedded-temporal/engine-process';
import { testDatabaseUrl } from './database';

export interface TestTemporal {
  address: string;
  namespace: string;
  /** The API key clients must send (the embedded engine with `apiKey: true`, or TEMPORAL_API_KEY for an external server). */
  apiKey?: string;
  /**
   * TLS for clients: the SDK turns TLS on whenever an API key is given, but the
   * embedded engine serves plain gRPC on loopback, so it is `false` there.
   */
  tls?: false;
  /** The in-process engine, when the server is the embedded one. */
  embedded?: RunningEmbeddedTemporal;
  /** True when the server implements the TestService (time skipping). */
  timeSkipping: boolean;
  /** With `inChildProcess`: SIGKILL the engine and start it again on the same address. */
  crashAndRestart?: () => Promise<void>;
  stop(): Promise<void>;
}

export interface TestTemporalOptions {
  timeSkipping?: boolean;
  /**
   * With timeSkipping: whether the engine starts with one lock on skipping held. Unset, the engine's default
   * (locked, as Temporal's test server and the drill clock's launcher start); `false` for a test that lets the
   * engine skip to the next timer by itself, with no client unlocking it.
   */
  timeSkippingLocked?: boolean;
  /** In-process engine: when workflow tasks suggest continue-as-new (small limits let a test reach them). */
  suggestContinueAsNew?: EmbeddedTemporalOptions['suggestContinueAsNew'];
  /** Run the engine as a child process (so a test can SIGKILL it). */
  inChildProcess?: boolean;
  /** Require a random API key, as an installation's engine does (see `TestTemporal.apiKey`). */
  apiKey?: boolean;
}

/**
 * Whether the run's server has time skipping, known when tests are declared,
 * so a file that needs it is reported by jest as skipped — not passed — on a
 * server without it. The embedded engine always has it; an external server
 * says so with TEMPORAL_TIME_SKIPPING=1 (e.g. the SDK's Java test server).
 */
export function serverHasTimeSkipping(): boolean {
  return !process.env.TEMPORAL_ADDRESS || process.env.TEMPORAL_TIME_SKIPPING === '1';
}

/** `describe` for a block that needs time skipping; `describe.skip` where the server has none. */
export const describeWithTimeSkipping: jest.Describe = serverHasTimeSkipping() ? describe : describe.skip;

/** `it` for a test that needs the embedded engine itself (its options, stopping it); `it.skip` on an external server. */
export const itWithEmbeddedEngine: jest.It = process.env.TEMPORAL_ADDRESS ? it.skip : it;

export async function startTestTemporal(options: TestTemporalOptions = {}): Promise<TestTemporal> {
  const external = process.env.TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (external) {
    return { address: external, namespace, apiKey: process.env.TEMPORAL_API_KEY, timeSkipping: serverHasTimeSkipping(), stop: async () => undefined };
  }
  const apiKey = options.apiKey ? randomBytes(24).toString('base64url') : undefined;
  if (options.inChildProcess) {
    const spawnOptions = {
      // A child engine always wants a key; the same one after a restart, so clients reconnect.
      apiKey: apiKey ?? randomBytes(24).toString('base64url'),
      databaseUrl: testDatabaseUrl(),
      schema: `temporal_test_${randomBytes(5).toString('hex')}`,
      port: await freePort(),
      timeSkipping: options.timeSkipping,
      timeSkippingLocked: options.timeSkippingLocked,
    };
    let engine: EngineProcess = await spawnEngineProcess(spawnOptions);
    return {
      address: engine.address,
      namespace,
      apiKey: engine.apiKey,
      tls: false,
      timeSkipping: !!options.timeSkipping,
      async crashAndRestart() {
        await engine.kill();
        engine = await spawnEngineProcess(spawnOptions);
      },
      stop: () => engine.stop(),
    };
  }
  const embedded = await startEmbeddedTemporal({
    databaseUrl: testDatabaseUrl(),
    schema: `temporal_test_${randomBytes(5).toString('hex')}`,
    timeSkipping: options.timeSkipping ?? false,
    timeSkippingLocked: options.timeSkippingLocked,
    suggestContinueAsNew: options.suggestContinueAsNew,
    apiKey,
  });
  return { address: embedded.address, namespace, apiKey, tls: false, embedded, timeSkipping: !!options.timeSkipping, stop: () => embedded.stop() };
}

/** Workflow bundles built once per run by global-setup.ts. */
export function workflowBundlePath(name: 'conformance' | 'gongkai'): string {
  const dir = process.env.GONGKAI_TEST_BUNDLES_DIR;
  if (!dir) throw new Error('GONGKAI_TEST_BUNDLES_DIR is not set: run tests through jest');
  return path.join(dir, `${name}.js`);
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
