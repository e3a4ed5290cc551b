/**
 * `npm start` end to end: the launcher boots embedded Postgres, the engine,
 * the worker and the API; answers /healthz and /readyz; stops everything on
 * SIGINT; finds its data again on the next start; refuses a bad config value
 * with one line naming it. The first start also makes the demo policy packages
 * (one published with its interpretations, one in co-drafting) and the demo
 * public consultation (open, with its comments), once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '../../apps/api/src/auth/tokens';
import { DEMO_USERS } from '@gongkai/persistence/seed/demo-organisation';
import { exited, freePort, isAlive, spawnTs, waitFor } from '../support/processes';

const LAUNCHER = 'apps/launcher/src/main.ts';

describe('npm start (the one-command launcher)', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-launcher-'));
    fs.chmodSync(home, 0o755);
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  async function startOnce(expectPreviousStarts: number): Promise<void> {
    const port = await freePort();
    // The web app's build is test/e2e's business elsewhere (and minutes on a small machine); here the API's own page answers.
    const env = { GONGKAI_HOME: home, PORT: String(port), GONGKAI_ENGINE_PORT: '0', DATABASE_URL: '', TEMPORAL_ADDRESS: '', LOG_LEVEL: 'warn', GONGKAI_BUILD_WEB: 'false' };
    const child = spawnTs(LAUNCHER, env);
    try {
      await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200 ? true : undefined), 60_000, 'healthz');
      const ready = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
        return body.status === 'ready' ? body : undefined;
      }, 30_000, 'readyz');
      expect(ready.checks.database.status).toBe('up');
      expect(ready.checks.temporal.status).toBe('up');
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.status).toBe(200);
      await page.text();
      expect(child.output()).toContain(expectPreviousStarts ? `此前已启动 ${expectPreviousStarts} 次` : '首次启动');
      // Each demo user's initial password is printed on the first start only, and signs in.
      const initial = [...child.output().matchAll(/演示账号 (\w+) 初始密码 (\S+)/g)].map((m) => ({ username: m[1], password: m[2] }));
      if (expectPreviousStarts === 0) {
        expect(initial.map((p) => p.username).sort()).toEqual(['chenjun', 'lina', 'liuyang', 'qianli', 'sunli', 'wangqiang', 'zhangwei', 'zhaomin', 'zhoutao']);
        const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(initial.find((p) => p.username === 'lina')),
        });
        expect(login.status).toBe(200);
        const line = await waitFor(async () => child.output().match(/演示内容：.*|警告：演示政策解读包.*/)?.[0], 90_000, 'the demo content line');
        expect(line).toMatch(/^演示内容：政策解读包已发布 1 个、共同起草中 1 个，征求意见进行中 1 个（意见 5 条）/);
      } else {
        expect(initial).toEqual([]);
        expect(child.output()).not.toContain('演示内容');
      }
      await expectDemoPackages(home, port);
      await expectDemoConsultation(home, port);
    } finally {
      const pgPid = postmasterPid(home);
      child.kill('SIGINT');
      const code = await exited(child, 40_000);
      expect(code).toBe(0);
      expect(pgPid && isAlive(pgPid)).toBeFalsy();
    }
  }

  it('starts everything, stops cleanly on Ctrl-C, and finds the same data on the next start', async () => {
    await startOnce(0);
    await startOnce(1);
  }, 150_000);

  it('refuses a bad configuration value with one line naming the variable', async () => {
    const child = spawnTs(LAUNCHER, { GONGKAI_HOME: home, PORT: 'abc' });
    const code = await exited(child);
    expect(code).toBe(1);
    const lines = child.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('abc');
  });
});

interface DemoPackage {
  title: string;
  status: string;
  indexNumber?: string;
  publishedAt?: string;
  interpretations: { form: string; ownerId: string; status: string; version: number; indexNumber?: string; publishedAt?: string }[];
}

/** A token of 政务公开办 赵敏, who reads every package, consultation and comment. */
async function officeToken(home: string): Promise<string> {
  const secret = fs.readFileSync(path.join(home, 'auth-secret'), 'utf8').trim();
  const zhaomin = DEMO_USERS.find((u) => u.id === 'zhaomin')!;
  return signToken({ username: zhaomin.id, name: zhaomin.name, departmentId: zhaomin.departmentId, roles: zhaomin.roles }, secret, '10m');
}

/** The demo policy packages, as 办公室 (who reads every package) sees them: exactly the two, whichever start this is. */
async function expectDemoPackages(home: string, port: number): Promise<void> {
  const token = await officeToken(home);
  const res = await fetch(`http://127.0.0.1:${port}/policies`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const page = (await res.json()) as { items: DemoPackage[]; total: number };
  expect(page.total).toBe(2);
  const published = page.items.find((p) => p.status === 'published')!;
  expect(published.title).toBe('示范市义务教育阶段学校招生入学工作实施办法');
  expect(published.interpretations.map((i) => [i.form, i.ownerId, i.status])).toEqual([
    ['text', 'zhangwei', 'published'],
    ['qa', 'sunli', 'published'],
  ]);
  for (const i of published.interpretations) expect(i.publishedAt).toBe(published.publishedAt);
  const entry = await fetch(`http://127.0.0.1:${port}/catalog/${encodeURIComponent(published.indexNumber!)}`);
  const catalogued = (await entry.json()) as { related: { relation: string; form?: string }[] };
  expect(catalogued.related.map((r) => [r.relation, r.form])).toEqual([
    ['interpreted_by', 'text'],
    ['interpreted_by', 'qa'],
  ]);
  const drafting = page.items.find((p) => p.status === 'drafting')!;
  expect(drafting.interpretations.map((i) => [i.form, i.status, i.version])).toEqual([
    ['text', 'drafting', 1],
    ['qa', 'drafting', 0],
  ]);
}

interface DemoConsultation {
  id: string;
  title: string;
  status: string;
  days: number;
  opensAt: string;
  closesAt: string;
  commentCount: number;
  clusterCount: number;
  noticeIndexNumber: string;
}

/**
 * The demo consultation: exactly one, open for 30 days, its notice in the catalogue, its five comments (two the
 * same, one cluster) seen by staff with their clauses; the public sees it open and counts the comments.
 */
async function expectDemoConsultation(home: string, port: number): Promise<void> {
  const token = await officeToken(home);
  const get = async <T>(urlPath: string, auth = true): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect([urlPath, res.status]).toEqual([urlPath, 200]);
    return (await res.json()) as T;
  };
  const page = await get<{ items: DemoConsultation[]; total: number }>('/consultations');
  expect(page.total).toBe(1);
  const [c] = page.items;
  expect(c).toMatchObject({ title: '关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告', status: 'open', days: 30, commentCount: 5, clusterCount: 4 });
  expect(new Date(c.closesAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
  const notice = await get<{ body: string }>(`/catalog/${encodeURIComponent(c.noticeIndexNumber)}`, false);
  expect(notice.body).toContain('征求意见截止时间：');
  const comments = await get<{ text: string; clause: string | null; clusterSize: number }[]>(`/consultations/${c.id}/comments`);
  expect(comments.map((m) => m.clusterSize)).toEqual([1, 2, 2, 1, 1]);
  expect(comments[0].clause).toBe('第五条');
  const publicView = await get<{ status: string; commentCount: number; draftBody: string }>(`/public/consultations/${c.id}`, false);
  expect(publicView).toMatchObject({ status: 'open', commentCount: 5 });
  expect(publicView.draftBody).toContain('第十四条');
}

function postmasterPid(home: string): number | undefined {
  const file = path.join(home, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  return Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
}
