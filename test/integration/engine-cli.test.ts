/**
 * The standalone engine as an operator starts it: `npm run engine` runs
 * scripts/engine.js, which compiles the engine (compiled-engine.ts) and runs
 * it as a plain-JavaScript child process — no TypeScript compiler in the
 * engine — passing signals on and returning the engine's exit code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { compiledEngineMain, engineSources } from '@gongkai/embedded-temporal/compiled-engine';
import { engineCommand, freePort } from '@gongkai/embedded-temporal/engine-process';
import { openTestClient, testDatabaseUrl } from '../support/database';

const ROOT = path.resolve(__dirname, '..', '..');
const ENGINE_KEY = randomBytes(24).toString('base64url');

describe('compiled engine', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-engine-build-'));
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('follows the imports of main.ts: the engine and the embedded Postgres driver, no specs, nothing of the apps', () => {
    const sources = engineSources();
    expect(sources).toContain('libs/embedded-temporal/src/main.ts');
    expect(sources).toContain('libs/embedded-temporal/src/engine/engine.ts');
    expect(sources).toContain('libs/persistence/src/embedded-postgres.ts');
    expect(sources.filter((f) => f.endsWith('.spec.ts') || f.startsWith('apps/'))).toEqual([]);
  });

  it('builds once per source state and reuses the build', () => {
    const main = compiledEngineMain(cacheDir);
    expect(main.startsWith(cacheDir)).toBe(true);
    expect(main.endsWith(path.join('libs', 'embedded-temporal', 'src', 'main.js'))).toBe(true);
    const before = fs.statSync(main).mtimeMs;
    expect(compiledEngineMain(cacheDir)).toBe(main);
    expect(fs.statSync(main).mtimeMs).toBe(before);
    // one build folder, no temporary folder left behind
    expect(fs.readdirSync(cacheDir)).toEqual([path.basename(path.dirname(path.dirname(path.dirname(path.dirname(main)))))]);
  });

  it('runs under plain node: the compiled code never loads the TypeScript compiler', () => {
    const { command, args, env } = engineCommand([], cacheDir);
    const probe = `require(${JSON.stringify(args[args.length - 1].replace(/main\.js$/, 'server.js'))});` +
      `process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => /@swc|register\\.js/.test(f))))`;
    const result = spawnSync(command, ['-e', probe], { env, encoding: 'utf8', cwd: os.tmpdir() });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('answers a bad option with the usage and exit code 2', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'engine.js'), '--port', 'x'], { encoding: 'utf8', cwd: ROOT });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port must be 0\.\.65535/);
    expect(result.stderr).toMatch(/usage: npm run engine/);
  });
});

describe('npm run engine (scripts/engine.js)', () => {
  const schema = `temporal_cli_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const pg = await openTestClient();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => pg.end());
  });

  it('serves clients, then stops cleanly on SIGTERM with exit code 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'engine.js'), '--port', String(port), '--database-url', testDatabaseUrl(), '--schema', schema], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GONGKAI_ENGINE_API_KEY: ENGINE_KEY },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes(`listening on 127.0.0.1:${port}`)) resolve();
      });
      void exited.then((code) => reject(new Error(`engine exited (${code}) before it listened: ${stderr}`)));
    });

    // Without the key every call is refused.
    const anonymous = await Connection.connect({ address: `127.0.0.1:${port}` }).catch((err: unknown) => err);
    if (anonymous instanceof Connection) {
      await expect(anonymous.workflowService.getSystemInfo({})).rejects.toMatchObject({ code: grpcStatus.UNAUTHENTICATED });
      await anonymous.close();
    } else {
      expect((anonymous as { cause?: { code?: number } }).cause?.code).toBe(grpcStatus.UNAUTHENTICATED);
    }
    const connection = await Connection.connect({ address: `127.0.0.1:${port}`, apiKey: ENGINE_KEY, tls: false });
    try {
      const client = new Client({ connection });
      const handle = await client.workflow.start('notRegisteredAnywhere', { taskQueue: `cli-${schema}`, workflowId: 'cli-check' });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test over');
    } finally {
      await connection.close();
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/temporal engine stopping \(SIGTERM\)/);
  }, 60_000);

  it('stops the engine when the launcher is killed outright', async () => {
    const port = await freePort();
    const wrapper = spawn(process.execPath, [path.join(ROOT, 'scripts', 'engine.js'), '--port', String(port), '--database-url', testDatabaseUrl(), '--schema', schema], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      wrapper.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('listening on')) resolve();
      });
      wrapper.once('exit', (code) => reject(new Error(`launcher exited (${code}) before the engine listened`)));
    });
    const engines = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === wrapper.pid;
      } catch {
        return false;
      }
    });
    expect(engines).toHaveLength(1);
    const enginePid = Number(engines[0]);
    wrapper.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(enginePid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 15_000;
    while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(alive()).toBe(false);
  }, 60_000);
});
