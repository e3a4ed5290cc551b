/**
 * Runs the standalone engine (main.ts) as a child process: the crash test
 * SIGKILLs it, and the benchmark measures its memory apart from the client and
 * worker. The child is told its database explicitly; it never starts one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { childProcessEnv, readProcessEnv } from '@gongkai/config';
import { compiledEngineMain } from './compiled-engine';

export interface EngineProcessOptions {
  databaseUrl: string;
  schema: string;
  /** A fixed port, so clients reconnect to the same address after a restart. */
  port: number;
  host?: string;
  timeSkipping?: boolean;
  /** With timeSkipping: false starts the child with no lock on skipping held (the default holds one, see EngineOptions). */
  timeSkippingLocked?: boolean;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Where the compiled engine is kept (default: see compiled-engine.ts). */
  cacheDir?: string;
  /** The API key clients must send; a random one when omitted (read it back from `EngineProcess.apiKey`). */
  apiKey?: string;
  /** Receives the child's stderr (verbose engine log, crash reports). */
  onStderr?: (text: string) => void;
  readyTimeoutMs?: number;
}

export interface EngineProcess {
  address: string;
  /** What clients send as `apiKey` (Connection.connect / NativeConnection.connect). */
  apiKey: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited (for any reason). */
  exited: Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (clean stop), then wait for the exit. */
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The command that runs the standalone engine: node with the engine's V8 flags
 * on the compiled main.js (compiled-engine.ts), finding packages through
 * NODE_PATH wherever the build is kept.
 */
export function engineCommand(nodeArgs: string[] = [], cacheDir?: string): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const nodePath = [path.join(ROOT, 'node_modules'), readProcessEnv().NODE_PATH].filter(Boolean).join(path.delimiter);
  return {
    command: process.execPath,
    args: [...ENGINE_NODE_FLAGS, ...nodeArgs, compiledEngineMain(cacheDir)],
    // The engine stops itself if this process dies without stopping it (main.ts watches its parent).
    env: childProcessEnv({ NODE_PATH: nodePath, GONGKAI_ENGINE_PARENT_PID: String(process.pid) }),
  };
}

/**
 * V8 flags for a standalone engine process, measured with bench/engine.ts
 * (10,000 open workflows idle on an update; approval throughput):
 * - `--heap-growing-percent=100`: after a full collection the old generation
 *   may grow to twice what is live, instead of V8's own factor (up to 4× when
 *   collections are cheap). RSS with 10,000 idle workflows: 180 MB instead of
 *   262–283 MB (live heap ~45 MB). It scales with what is live, so unlike an
 *   old-space cap it cannot stop a larger installation. Throughput unchanged.
 * - `--max-semi-space-size=8`: half V8's default young generation. 4 MB made
 *   scavenges so frequent that the engine's CPU per workflow rose from 7.2 to
 *   9.3 ms; 16 MB (the default) saved nothing more than 8 and added memory.
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=100'];

export async function spawnEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const host = options.host ?? '127.0.0.1';
  const { command, args: nodeArgs, env } = engineCommand(options.nodeArgs, options.cacheDir);
  const args = [
    ...nodeArgs,
    '--port', String(options.port),
    '--host', host,
    '--database-url', options.databaseUrl,
    '--schema', options.schema,
  ];
  if (options.timeSkipping) args.push('--time-skipping');
  if (options.timeSkipping && options.timeSkippingLocked === false) args.push('--time-skipping-unlocked');
  const apiKey = options.apiKey ?? randomBytes(24).toString('base64url');
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, GONGKAI_ENGINE_API_KEY: apiKey } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    options.onStderr?.(text);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start within ${options.readyTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.readyTimeoutMs ?? 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`engine exited before it was ready (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    address: `${host}:${options.port}`,
    apiKey,
    pid: child.pid!,
    child,
    exited,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port that was free a moment ago (for a fixed address across restarts). */
export { freePort } from '@gongkai/persistence/embedded';
