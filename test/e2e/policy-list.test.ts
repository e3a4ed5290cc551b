/**
 * GET /policies over HTTP (issue 11): the filters of GET /publications that
 * make sense for a policy package (status as the package reads, title, lead
 * department, lead, interpretation owner, category, created and published
 * dates, pages), inside the visibility rule, and every bad query answered 400
 * with a message naming what is wrong.
 *
 * Other test files share the demo organisation, so every package here carries
 * this run's tag in its title and every query filters by it (q).
 */
import { randomUUID } from 'node:crypto';
import { NOT_SECRET, TODAY, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;

interface PolicyPackage {
  id: string;
  policyId: string;
  title: string;
  status: string;
  interpretations: { id: string; status: string; ownerId: string }[];
}
interface Page {
  items: PolicyPackage[];
  total: number;
  page: number;
  pageSize: number;
}

/** This run's packages: A (published), B and C (drafting); created in that order. */
const tag = `列表${randomUUID().slice(0, 6)}`;
const pkgs: Record<'A' | 'B' | 'C', PolicyPackage> = {} as never;

/** Today and yesterday as Beijing's calendar has them (the filters' civil dates). */
const beijing = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const today = beijing(0);
const yesterday = beijing(-1);

async function create(as: DemoUsername, title: string, category: string, interpretations: { form: string; ownerId: string }[]): Promise<PolicyPackage> {
  const res = await gk.request<PolicyPackage & ErrorBody>('POST', '/policies', {
    as,
    body: {
      title: `${tag}${title}`,
      body: '第一条 为规范管理，制定本办法。\n第二条 本办法自发布之日起施行。',
      category,
      attribute: 'proactive',
      writtenDate: TODAY,
      interpretations,
    },
  });
  expect([res.status, res.body.message]).toEqual([201, undefined]);
  return res.body;
}

const ok = async <T>(res: Promise<{ status: number; body: T & { message?: string } }>): Promise<T> => {
  const r = await res;
  expect([r.status, r.body.message]).toEqual([200, undefined]);
  return r.body;
};

/** Publishes a package: each interpretation drafted and ready, submitted, three approvals. */
async function publish(pkg: PolicyPackage): Promise<void> {
  for (const i of pkg.interpretations) {
    const owner = i.ownerId as DemoUsername;
    await ok(gk.request('PUT', `/policies/${pkg.id}/interpretations/${i.id}`, { as: owner, body: { body: '问：办法何时施行？答：自发布之日起施行。', version: 0 } }));
    await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${i.id}/ready`, { as: owner, body: { version: 1 } }));
  }
  await ok(gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } }));
  await until(async () => (await gk.request<{ status: string }>('GET', `/publications/${pkg.policyId}`, { as: 'zhangwei' })).body.status === 'in_review');
  for (const [as, body] of [
    ['lina', { version: 1, confidentiality: NOT_SECRET }],
    ['wangqiang', { version: 1 }],
    ['chenjun', { version: 1 }],
  ] as [DemoUsername, Record<string, unknown>][]) {
    await ok(gk.request('POST', `/publications/${pkg.policyId}/approve`, { as, body }));
  }
  await until(async () => (await gk.request<PolicyPackage>('GET', `/policies/${pkg.id}`, { as: 'zhangwei' })).body.status === 'published');
}

async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('the package did not reach the expected state');
}

/** The ids (as A/B/C) a query answers `as`, newest first; `q` is always this run's tag. */
async function listed(as: DemoUsername, query = ''): Promise<string[]> {
  const page = await ok(gk.request<Page>('GET', `/policies?q=${encodeURIComponent(tag)}${query}`, { as }));
  const names = new Map(Object.entries(pkgs).map(([name, p]) => [p.id, name]));
  return page.items.map((p) => names.get(p.id) ?? `unexpected ${p.id}`);
}

async function listedRaw(as: DemoUsername, q: string): Promise<string[]> {
  const page = await ok(gk.request<Page>('GET', `/policies?q=${encodeURIComponent(q)}`, { as }));
  const names = new Map(Object.entries(pkgs).map(([name, p]) => [p.id, name]));
  return page.items.map((p) => names.get(p.id) ?? `unexpected ${p.id}`);
}

beforeAll(async () => {
  gk = await startGongkaiApp();
  // A: 张伟 (基础教育科) leads, 孙丽 (政策法规科) owns its Q&A; published.
  pkgs.A = await create('zhangwei', '校外培训收费管理办法', '规范性文件', [
    { form: 'text', ownerId: 'zhangwei' },
    { form: 'qa', ownerId: 'sunli' },
  ]);
  await publish(pkgs.A);
  // B: 张伟 alone, 政策文件.
  pkgs.B = await create('zhangwei', '课后服务管理办法', '政策文件', [{ form: 'text', ownerId: 'zhangwei' }]);
  // C: 孙丽 (政策法规科) leads and drafts.
  pkgs.C = await create('sunli', '教育行政执法办法', '规范性文件', [{ form: 'text', ownerId: 'sunli' }]);
}, 180_000);
afterAll(async () => {
  await gk?.stop();
});

describe('GET /policies filters', () => {
  it('finds by title (q), newest first, with the total', async () => {
    expect(await listed('chenjun')).toEqual(['C', 'B', 'A']);
    const narrower = await ok(gk.request<Page>('GET', `/policies?q=${encodeURIComponent(`${tag}课后`)}`, { as: 'chenjun' }));
    expect(narrower.items.map((p) => p.id)).toEqual([pkgs.B.id]);
    // Case-insensitive, and LIKE's own characters are taken literally.
    expect(await listed('chenjun', '')).toEqual(await listedRaw('chenjun', tag.toUpperCase()));
    expect(await listedRaw('chenjun', `${tag}%`)).toEqual([]);
  });

  it('filters by status as the package reads it', async () => {
    expect(await listed('chenjun', '&status=published')).toEqual(['A']);
    expect(await listed('chenjun', '&status=drafting')).toEqual(['C', 'B']);
    expect(await listed('chenjun', '&status=in_review')).toEqual([]);
  });

  it('filters by lead department, lead, interpretation owner and category', async () => {
    expect(await listed('chenjun', '&departmentId=zhengce')).toEqual(['C']);
    expect(await listed('chenjun', '&leadId=zhangwei')).toEqual(['B', 'A']);
    expect(await listed('chenjun', '&ownerId=sunli')).toEqual(['C', 'A']);
    expect(await listed('chenjun', `&category=${encodeURIComponent('政策文件')}`)).toEqual(['B']);
    expect(await listed('chenjun', `&leadId=zhangwei&category=${encodeURIComponent('规范性文件')}&status=published`)).toEqual(['A']);
  });

  it('filters by created and published dates (Beijing days, both ends included)', async () => {
    expect(await listed('chenjun', `&createdFrom=${today}&createdTo=${today}`)).toEqual(['C', 'B', 'A']);
    expect(await listed('chenjun', `&createdTo=${yesterday}`)).toEqual([]);
    expect(await listed('chenjun', `&publishedFrom=${today}`)).toEqual(['A']);
    expect(await listed('chenjun', `&publishedFrom=${yesterday}&publishedTo=${today}`)).toEqual(['A']);
    expect(await listed('chenjun', `&publishedTo=${yesterday}`)).toEqual([]);
  });

  it('pages', async () => {
    const second = await ok(gk.request<Page>('GET', `/policies?q=${encodeURIComponent(tag)}&pageSize=2&page=2`, { as: 'chenjun' }));
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((p) => p.id)).toEqual([pkgs.A.id]);
  });

  it('takes a blank filter (an empty form field) as no filter', async () => {
    expect(await listed('chenjun', '&departmentId=&leadId=%20&createdFrom=')).toEqual(['C', 'B', 'A']);
  });
});

describe('GET /policies keeps who may see which package', () => {
  it('shows others only their department’s packages, the ones they lead and the ones they draft an interpretation of', async () => {
    // 孙丽 (政策法规科): C she leads, A she drafts the Q&A of; not B.
    expect(await listed('sunli')).toEqual(['C', 'A']);
    // 刘洋 (基础教育科): the department's A and B; not C.
    expect(await listed('liuyang')).toEqual(['B', 'A']);
    // 周涛 (政策法规科 科长): the department's C only.
    expect(await listed('zhoutao')).toEqual(['C']);
    // A filter never widens it.
    expect(await listed('liuyang', '&ownerId=sunli')).toEqual(['A']);
    expect(await listed('zhoutao', '&leadId=zhangwei')).toEqual([]);
  });
});

describe('GET /policies refuses a bad query with 400 naming it', () => {
  it.each([
    ['status=bogus', 'status', 'status 只能是 drafting、in_review、returned、published、withdrawn、retracted 之一'],
    ['category=%E5%B7%A5%E4%BD%9C%E5%8A%A8%E6%80%81', 'category', 'category 只能是 规范性文件、政策文件、其他政策文件 之一'],
    ['createdFrom=2026-02-30', 'createdFrom', 'createdFrom 必须是 YYYY-MM-DD 格式的有效日期'],
    ['publishedTo=2026%2F01%2F01', 'publishedTo', 'publishedTo 必须是 YYYY-MM-DD 格式的有效日期'],
    ['createdFrom=2026-03-02&createdTo=2026-03-01', 'createdTo', 'createdTo（2026-03-01）不能早于 createdFrom（2026-03-02）'],
    ['publishedFrom=2026-12-31&publishedTo=2026-01-01', 'publishedTo', 'publishedTo（2026-01-01）不能早于 publishedFrom（2026-12-31）'],
    ['page=0', 'page', 'page 必须是 1–10000 的整数'],
    ['page=100000000000000000000', 'page', 'page 必须是 1–10000 的整数'],
    ['pageSize=101', 'pageSize', 'pageSize 必须是 1–100 的整数'],
    ['q=a&q=b', 'q', 'q 只能出现一次'],
    [`q=${'长'.repeat(101)}`, 'q', 'q 不能超过 100 个字符'],
    ['ownerId=a&ownerId=b', 'ownerId', 'ownerId 只能出现一次'],
    ['owner=sunli', 'owner', '不接受字段 owner，请删除'],
  ])('%s', async (query, field, message) => {
    const res = await gk.request<ErrorBody>('GET', `/policies?${query}`, { as: 'chenjun' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`请求参数无效：${field}`);
    expect(res.body.errors).toEqual([{ field, messages: expect.arrayContaining([message]) }]);
  });
});
