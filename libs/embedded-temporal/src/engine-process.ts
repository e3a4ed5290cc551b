/**
 * Runs the standalone engine (main.ts) as a child process: the crash test
 * SIGKILLs it, and the benchmark measures its memory apart from the client and
 * worker. The child is told its database explicitly; it never starts one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface EngineProcessOptions {
  databaseUrl: string;
  schema: string;
  /** A fixed port, so clients reconnect to the same address after a restart. */
  port: number;
  host?: string;
  timeSkipping?: boolean;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Receives the child's stderr (verbose engine log, crash reports). */
  onStderr?: (text: string) => void;
  readyTimeoutMs?: number;
}

export interface EngineProcess {
  address: string;
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
 * V8 flags for a standalone engine process. A 4 MB semi-space keeps the
 * young generation small: with 10,000 open idle workflows the engine's RSS
 * measured 290–342 MB across runs instead of 367 MB (live heap ~48 MB). A low
 * old-space cap (200 MB) measured 200 MB but could stop a larger installation,
 * so it is not set. Keep in step with package.json "engine".
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=4'];

export async function spawnEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const host = options.host ?? '127.0.0.1';
  const args = [
    ...ENGINE_NODE_FLAGS,
    ...(options.nodeArgs ?? []),
    '-r', path.join(ROOT, 'scripts', 'register.js'),
    path.join(ROOT, 'libs', 'embedded-temporal', 'src', 'main.ts'),
    '--port', String(options.port),
    '--host', host,
    '--database-url', options.databaseUrl,
    '--schema', options.schema,
  ];
  if (options.timeSkipping) args.push('--time-skipping');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
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
export { freePort } from '../../persistence/src/embedded-postgres';
