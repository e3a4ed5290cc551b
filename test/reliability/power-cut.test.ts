/**
 * A power cut under `npm start`: the whole launcher process group (API,
 * worker, embedded engine and its PostgreSQL) is SIGKILLed right after a
 * decision was acknowledged, then started again on the same GONGKAI_HOME. The
 * item must come back consistent and actionable, the next decision must take
 * effect, and nothing may be lost or recorded twice. How soon (the issue's
 * "actionable within 15 s") is a figure: `npm run bench:power-cut` measures it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '../../apps/api/src/auth/tokens';
import { DEMO_USERS } from '@gongkai/persistence/seed/demo-organisation';
import { freePort, REPO_ROOT, waitFor } from '../support/processes';

jest.setTimeout(240_000);

interface Item {
  id: string;
  status: string;
  phase: string;
  version: number;
  stage: { level: number; assignee: string } | null;
  decisions: { kind: string; level: number; actorId: string }[];
}

let home: string;
let port: number;
let launcher: ChildProcess | undefined;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-power-cut-'));
  fs.chmodSync(home, 0o755);
  port = await freePort();
});
afterAll(async () => {
  if (launcher?.pid && launcher.exitCode === null) {
    launcher.kill('SIGINT');
    await new Promise((r) => launcher!.once('exit', r));
  }
  fs.rmSync(home, { recursive: true, force: true });
});

/** `npm start` in its own process group, so a power cut can take all of it at once. */
async function start(): Promise<void> {
  launcher = spawn(process.execPath, ['-r', './scripts/register.js', 'apps/launcher/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, GONGKAI_HOME: home, PORT: String(port), GONGKAI_ENGINE_PORT: '0', DATABASE_URL: '', TEMPORAL_ADDRESS: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  await waitFor(async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return res.status === 200 ? true : undefined;
  }, 90_000, 'readyz');
}

function powerCut(): Promise<void> {
  const child = launcher!;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(-child.pid!, 'SIGKILL');
  return exited;
}

const tokens = new Map<string, string>();
async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) {
    const user = DEMO_USERS.find((u) => u.id === username)!;
    const secret = fs.readFileSync(path.join(home, 'auth-secret'), 'utf8').trim();
    tokens.set(username, await signToken({ username, name: user.name, departmentId: user.departmentId, roles: user.roles }, secret, '1h'));
  }
  return tokens.get(username)!;
}

async function call<T>(as: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: (await res.json()) as T };
}

it('leaves an item acknowledged just before the cut consistent, actionable and recorded once', async () => {
  await start();
  const created = await call<Item>('zhangwei', 'POST', '/publications', {
    title: '关于做好寒假期间校园安全工作的通知',
    body: '各学校：寒假将至，请做好校园安全检查。',
    category: '规范性文件',
    attribute: 'proactive',
    writtenDate: new Date().toISOString().slice(0, 10),
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await call<Item>('zhangwei', 'POST', `/publications/${id}/submit`, { version: 1 })).status).toBe(200);
  const approved = await call<Item>('lina', 'POST', `/publications/${id}/approve`, {
    version: 1,
    confidentiality: { conclusion: 'not_secret' },
  });
  expect(approved.status).toBe(200);
  expect(approved.body.stage).toMatchObject({ level: 2, assignee: 'wangqiang' });

  // The decision is acknowledged: cut the power now, while the workflow may still be projecting it.
  await powerCut();
  await start();

  const actionable = await waitFor(async () => {
    const res = await call<Item>('wangqiang', 'GET', `/publications/${id}`);
    return res.status === 200 && res.body.status === 'in_review' && res.body.stage?.level === 2 ? res.body : undefined;
  }, 60_000, 'the item to show its second step');

  const second = await call<Item>('wangqiang', 'POST', `/publications/${id}/approve`, { version: 1, comment: '同意' });
  expect(second.status).toBe(200);
  expect(second.body.stage).toMatchObject({ level: 3, assignee: 'chenjun' });

  // Nothing lost, nothing twice: one approval per level, one timeline row each.
  expect(second.body.decisions.map((d) => [d.kind, d.level, d.actorId])).toEqual([
    ['approve', 1, 'lina'],
    ['approve', 2, 'wangqiang'],
  ]);
  const timeline = await call<{ kind: string }[]>('zhangwei', 'GET', `/publications/${id}/timeline`);
  expect(timeline.body.filter((e) => e.kind === 'approved')).toHaveLength(2);
  expect(timeline.body.filter((e) => e.kind === 'submitted')).toHaveLength(1);
  expect(actionable.decisions).toHaveLength(1);
});
