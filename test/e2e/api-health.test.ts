/**
 * The API over real HTTP against the run's real PostgreSQL. Temporal is either
 * absent (a loopback port nobody listens on), silent (accepts TCP, never
 * answers) or a minimal gRPC server answering GetSystemInfo — the embedded
 * engine is not needed to tell the three apart.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Min, MinLength } from 'class-validator';
import { createApiApp } from '../../apps/api/src/api-app';
import { Public } from '../../apps/api/src/auth/auth.decorators';
import { loadApiConfig } from '../../apps/api/src/config';
import { openTestDataSource, testDatabaseUrl } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');

class CreateNoteDto {
  @IsString()
  @MinLength(1)
  title!: string;

  @IsInt()
  @Min(1)
  pages!: number;
}

/** Test-only routes: one with a DTO, one with a genuine server fault. */
@Public()
@Controller('test-only')
class ProbeController {
  @Post('notes')
  create(@Body() dto: CreateNoteDto): { title: string; pages: number; isNote: boolean } {
    return { title: dto.title, pages: dto.pages, isNote: dto instanceof CreateNoteDto };
  }

  @Get('fault')
  fault(): never {
    throw new Error('internal detail that must not leak');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** Collects the app's JSON log lines. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

interface RunningApi {
  app: NestFastifyApplication;
  baseUrl: string;
  logs: LogLines;
}

async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const config = loadApiConfig({ DATABASE_URL: testDatabaseUrl(), DATABASE_MIGRATE: 'false', LOG_LEVEL: 'info', ...env });
  const logs = new LogLines();
  const app = await createApiApp(config, { modules: [ProbeModule], logDestination: logs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as net.AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, logs };
}

/** A loopback port with nothing listening on it. */
async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers WorkflowService/GetSystemInfo with an empty (valid) protobuf message. */
async function startFakeTemporal(wantedPort = 0): Promise<{ address: string; stop(): Promise<void> }> {
  const server = new grpc.Server();
  const raw = { requestStream: false, responseStream: false } as const;
  server.addService(
    {
      GetSystemInfo: {
        ...raw,
        path: '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    { GetSystemInfo: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, Buffer.alloc(0)) },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${wantedPort}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  requestId: string;
  errors?: { field: string; messages: string[] }[];
}

interface ReadinessBody {
  status: string;
  checks: Record<'database' | 'temporal', { status: string; latencyMs: number; error?: string }>;
}

async function jsonOf<T = ErrorBody>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** How a readiness timeout reads: our own bound (runDependencyCheck) or the gRPC deadline, whichever fires first. */
const TIMED_OUT = /毫秒内无响应|DEADLINE_EXCEEDED/;

/** The reason ReadinessService logged for Temporal being down (the public body gives the kind only). */
function temporalNotReadyReason(lines: Record<string, unknown>[]): string {
  const messages = lines.map((l) => String(l.msg ?? '')).filter((m) => m.includes('temporal not ready'));
  expect(messages).toHaveLength(1);
  return messages[0];
}

function expectErrorShape(body: ErrorBody, statusCode: number): void {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode,
      error: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
}

describe('API with the database up and Temporal down', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${await unusedPort()}`, READINESS_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    await api?.app.close();
  });

  it('answers GET /healthz with 200 and a generated request id', async () => {
    const res = await fetch(`${api.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the database up and Temporal down on GET /readyz with 503, because the connection was refused', async () => {
    const logged = api.logs.lines.length;
    const res = await fetch(`${api.baseUrl}/readyz`);
    expect(res.status).toBe(503);
    const body = await jsonOf<ReadinessBody>(res);
    expect(body).toEqual({
      status: 'not_ready',
      checks: {
        database: { status: 'up', latencyMs: expect.any(Number) },
        temporal: { status: 'down', latencyMs: expect.any(Number), error: expect.any(String) },
      },
    });
    // A refused connection is reported as refused, not waited out until the 3 s timeout (which a
    // retrying client would do): the reason in the log is the refusal, not a deadline.
    const reason = temporalNotReadyReason(api.logs.lines.slice(logged));
    expect(reason).toMatch(/UNAVAILABLE|ECONNREFUSED/);
    expect(reason).not.toMatch(TIMED_OUT);
  });

  it('echoes a caller-supplied X-Request-Id in the header, the error body and the logs', async () => {
    const res = await fetch(`${api.baseUrl}/no-such-route`, { headers: { 'X-Request-Id': 'trace-abc.123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    const body = await jsonOf(res);
    expect(body.requestId).toBe('trace-abc.123');
    expect(api.logs.lines).toContainEqual(
      expect.objectContaining({ requestId: 'trace-abc.123', statusCode: 404, msg: 'request completed' }),
    );
  });

  it('replaces an X-Request-Id that could forge log lines', async () => {
    const res = await fetch(`${api.baseUrl}/healthz`, { headers: { 'X-Request-Id': 'a b{"level":60}' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await fetch(`${api.baseUrl}/nope`);
    expect(res.status).toBe(404);
    const body = await jsonOf(res);
    expectErrorShape(body, 404);
    expect(body.error).toBe('Not Found');
    expect(body.message).toContain('/nope');
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('has no drill clock without GONGKAI_DEV_CLOCK: its paths are unknown (404, not 401), and undocumented', async () => {
    const advance = await fetch(`${api.baseUrl}/dev/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"days":1}' });
    expect(advance.status).toBe(404);
    expect((await fetch(`${api.baseUrl}/dev/clock`)).status).toBe(404);
    const doc = await jsonOf<{ paths: Record<string, unknown> }>(await fetch(`${api.baseUrl}/api/docs-json`));
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/dev/'))).toEqual([]);
  });

  it('answers a malformed JSON body with 400 in the error shape, not 500', async () => {
    const res = await fetch(`${api.baseUrl}/test-only/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": "unterminated',
    });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expectErrorShape(body, 400);
    expect(body.error).toBe('Bad Request');
  });

  it('names every invalid or unknown field on a validation failure', async () => {
    const res = await fetch(`${api.baseUrl}/test-only/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '', pages: 'many', extra: true }),
    });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expectErrorShape(body, 400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['extra', 'pages', 'title']);
    expect(body.message).toContain('title');
  });

  it('hands a valid body to the controller as the DTO class', async () => {
    const res = await fetch(`${api.baseUrl}/test-only/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '年度报告', pages: 3 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ title: '年度报告', pages: 3, isNote: true });
  });

  it('hides a server fault behind 500 and logs it with the request id', async () => {
    const res = await fetch(`${api.baseUrl}/test-only/fault`, { headers: { 'X-Request-Id': 'fault-1' } });
    expect(res.status).toBe(500);
    const body = await jsonOf(res);
    expectErrorShape(body, 500);
    expect(JSON.stringify(body)).not.toContain('internal detail');
    const logged = api.logs.lines.find((l) => l.requestId === 'fault-1' && l.level === 50);
    expect(logged).toEqual(expect.objectContaining({ err: expect.objectContaining({ message: 'internal detail that must not leak' }) }));
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const json = await fetch(`${api.baseUrl}/api/docs-json`);
    expect(json.status).toBe(200);
    const doc = await jsonOf<{ paths: Record<string, unknown> }>(json);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    const ui = await fetch(`${api.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});

describe('API readiness against a Temporal frontend', () => {
  it('is ready (200) when the database and Temporal both answer', async () => {
    const temporal = await startFakeTemporal();
    const api = await startApi({ TEMPORAL_ADDRESS: temporal.address });
    try {
      const res = await fetch(`${api.baseUrl}/readyz`);
      expect(res.status).toBe(200);
      const body = await jsonOf<ReadinessBody>(res);
      expect(body.status).toBe('ready');
      expect(body.checks.temporal).toEqual({ status: 'up', latencyMs: expect.any(Number) });
      expect(body.checks.database.status).toBe('up');
    } finally {
      await api.app.close();
      await temporal.stop();
    }
  });

  it('turns ready without a restart once Temporal comes up', async () => {
    const port = await unusedPort();
    const api = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    let temporal: Awaited<ReturnType<typeof startFakeTemporal>> | undefined;
    try {
      expect((await fetch(`${api.baseUrl}/readyz`)).status).toBe(503);
      temporal = await startFakeTemporal(port);
      const deadline = Date.now() + 15_000;
      let status = 503;
      while (status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await fetch(`${api.baseUrl}/readyz`)).status;
      }
      expect(status).toBe(200);
    } finally {
      await api.app.close();
      await temporal?.stop();
    }
  });

  it('reports a Temporal that accepts connections but never answers as down once the readiness timeout passes', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const api = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, READINESS_TIMEOUT_MS: '500' });
    try {
      const logged = api.logs.lines.length;
      // That it answers at all is the point: the silent server would hold the probe forever.
      const res = await fetch(`${api.baseUrl}/readyz`);
      expect(res.status).toBe(503);
      expect((await jsonOf<ReadinessBody>(res)).checks.temporal.status).toBe('down');
      expect(temporalNotReadyReason(api.logs.lines.slice(logged))).toMatch(TIMED_OUT);
    } finally {
      await api.app.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('createApiApp with resources owned by the caller', () => {
  it('uses an injected data source and Temporal connection and leaves both open at close', async () => {
    const dataSource = await openTestDataSource();
    const temporal = await startFakeTemporal();
    const connection = Connection.lazy({ address: temporal.address });
    try {
      const config = loadApiConfig({
        DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
      });
      const app = await createApiApp(config, { dataSource, temporalConnection: connection });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.getHttpServer().address() as net.AddressInfo;
      // Ready although DATABASE_URL and TEMPORAL_ADDRESS point nowhere: the injected resources are used.
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      await app.close();
      expect(dataSource.isInitialized).toBe(true);
      await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
      await expect(connection.workflowService.getSystemInfo({})).resolves.toBeDefined();
    } finally {
      await connection.close();
      await dataSource.destroy();
      await temporal.stop();
    }
  });
});

describe('npm run start:api (apps/api/src/main.ts as a process)', () => {
  function runMain(env: Record<string, string>, nodeArgs: string[] = []): ReturnType<typeof spawn> {
    return spawn(process.execPath, [...nodeArgs, '-r', './scripts/register.js', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  async function exitOf(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    return { code, stdout, stderr };
  }

  it('refuses PORT=abc with one stderr line naming PORT', async () => {
    const result = await exitOf(runMain({ PORT: 'abc', DATABASE_URL: testDatabaseUrl() }));
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('"abc"');
  });

  it('stops with one stderr line when the database is unreachable', async () => {
    const port = await unusedPort();
    const result = await exitOf(runMain({ PORT: String(await unusedPort()), DATABASE_URL: `postgres://x:secret@127.0.0.1:${port}/x` }));
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(lines[0]).not.toContain('secret');
  });

  it('serves, prints its URL, and on SIGTERM exits 0 because nothing is left holding the event loop', async () => {
    // 'beforeExit' is emitted only when the event loop empties by itself; main.ts's forced
    // process.exit(0) (5 s after close, for a stray handle) skips it, so the line is absent then.
    const drained = 'event loop drained';
    const preloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-drain-'));
    const reportDrain = path.join(preloadDir, 'report-drain.js');
    fs.writeFileSync(reportDrain, `process.once('beforeExit', () => process.stdout.write(${JSON.stringify(`${drained}\n`)}));\n`);
    try {
      const port = await unusedPort();
      const child = runMain(
        { PORT: String(port), DATABASE_URL: testDatabaseUrl(), TEMPORAL_ADDRESS: `127.0.0.1:${await unusedPort()}` },
        ['-r', reportDrain],
      );
      const exited = exitOf(child);
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while (!output.includes(url) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(url);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      child.kill('SIGTERM');
      const result = await exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(drained);
      expect(result.stderr).toBe('');
    } finally {
      fs.rmSync(preloadDir, { recursive: true, force: true });
    }
  });
});
