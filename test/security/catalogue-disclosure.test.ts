/**
 * Security finding 1–2: the public catalogue shows 主动公开 items only, and a
 * retracted entry keeps its metadata and the fact and date of withdrawal —
 * never its text. 依申请公开 / 不予公开 items are in the staff register only,
 * without a body, and the database itself refuses a body where none may be.
 */
import {
  createAndSubmit,
  NOT_SECRET,
  startGongkaiApp,
  type DemoUsername,
  type PublicationBody,
  type RunningGongkai,
} from '../support/gongkai-app';

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface CatalogDetail {
  indexNumber: string;
  status: string;
  body: string | null;
  attachments: unknown[];
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}
interface RegisterEntry {
  indexNumber: string;
  attribute: string;
  attributeReason: string | null;
  publicationId: string;
  body?: unknown;
}

const SECRET_BODY = '本件内容涉及内部研究讨论，不予公开。——正文标记 7f3a';
const ATTACHMENT = { name: '附件1.pdf', size: 1024, sha256: 'a'.repeat(64) };

/** Approves at every level in turn, as each step's assignee, until the item is published. */
async function publishThrough(item: PublicationBody): Promise<PublicationBody> {
  let current = item;
  for (let i = 0; i < 4 && current.status !== 'published'; i++) {
    const stage = current.stage!;
    const res = await gk.request<PublicationBody>('POST', `/publications/${current.id}/approve`, {
      as: stage.assignee as DemoUsername,
      body: { version: current.version, comment: '同意', ...(stage.level === 1 ? { confidentiality: NOT_SECRET } : {}) },
    });
    expect(res.status).toBe(200);
    current = res.body;
  }
  expect(current.status).toBe('published');
  return current;
}

async function publishedItem(overrides: Record<string, unknown>): Promise<PublicationBody> {
  return publishThrough(await createAndSubmit(gk, 'zhangwei', { body: SECRET_BODY, attachments: [ATTACHMENT], ...overrides }));
}

async function publicListContains(indexNumber: string): Promise<boolean> {
  const list = await gk.request<Page<{ indexNumber: string }>>('GET', '/catalog?pageSize=100');
  expect(list.status).toBe(200);
  return list.body.items.some((e) => e.indexNumber === indexNumber);
}

describe.each([
  ['on_request', '依申请公开', '涉及特定申请人的事项，依申请公开（条例第二十七条）'],
  ['not_disclosed', '不予公开', '属于内部事务信息（条例第十六条）'],
])('an item with attribute %s (%s)', (attribute, _label, attributeReason) => {
  let item: PublicationBody;
  beforeAll(async () => {
    item = await publishedItem({ attribute, attributeReason, title: `内部事项通知（${attribute}）` });
  }, 60_000);

  it('gets its 索引号 but is neither listed nor served by the public catalogue', async () => {
    expect(item.indexNumber).toEqual(expect.any(String));
    expect(await publicListContains(item.indexNumber!)).toBe(false);
    const search = await gk.request<Page<{ indexNumber: string }>>('GET', `/catalog?text=${encodeURIComponent('内部事项通知')}&pageSize=100`);
    expect(search.body.items.map((e) => e.indexNumber)).not.toContain(item.indexNumber);
    // The same answer as for a number that does not exist: the public cannot even learn it is catalogued.
    const direct = await gk.request<{ message: string }>('GET', `/catalog/${encodeURIComponent(item.indexNumber!)}`);
    expect(direct.status).toBe(404);
    expect(JSON.stringify(direct.body)).not.toContain('7f3a');
    const [org, serial] = item.indexNumber!.split('/');
    expect((await gk.request('GET', `/catalog/${org}/${serial}`)).status).toBe(404);
  });

  it('keeps no body in the catalogue table at all', async () => {
    const rows: { body: string | null; attachments: unknown[]; attribute: string }[] = await gk.dataSource.query(
      'SELECT body, attachments, attribute FROM catalog_entries WHERE publication_id = $1',
      [item.id],
    );
    expect(rows).toEqual([{ body: null, attachments: [], attribute }]);
  });

  it('is in the staff register with its attribute and reason, metadata only', async () => {
    expect((await gk.request('GET', '/catalog/register')).status).toBe(401);
    const register = await gk.request<Page<RegisterEntry>>('GET', `/catalog/register?attribute=${attribute}&pageSize=100`, { as: 'zhaomin' });
    expect(register.status).toBe(200);
    const entry = register.body.items.find((e) => e.indexNumber === item.indexNumber);
    expect(entry).toMatchObject({ attribute, attributeReason, publicationId: item.id });
    expect(entry).not.toHaveProperty('body');
    expect(JSON.stringify(register.body)).not.toContain('7f3a');
  });

  it('is refused by the database if anything tries to put its body into the catalogue', async () => {
    await expect(
      gk.dataSource.query('UPDATE catalog_entries SET body = $2 WHERE publication_id = $1', [item.id, SECRET_BODY]),
    ).rejects.toThrow(/catalog_entries_public_body_check/);
  });
});

describe('a 主动公开 item', () => {
  it('is public with its body until retracted; afterwards only its metadata and the withdrawal remain', async () => {
    const item = await publishedItem({ title: '关于调整春季学期作息时间的通知' });
    const before = await gk.request<CatalogDetail>('GET', `/catalog/${encodeURIComponent(item.indexNumber!)}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'published', body: SECRET_BODY, attachments: [ATTACHMENT] });
    expect(await publicListContains(item.indexNumber!)).toBe(true);

    const retracted = await gk.request('POST', `/publications/${item.id}/retract`, { as: 'chenjun', body: { reason: '作息时间另行通知' } });
    expect(retracted.status).toBe(200);

    const after = await gk.request<CatalogDetail>('GET', `/catalog/${encodeURIComponent(item.indexNumber!)}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'withdrawn', body: null, attachments: [], withdrawnReason: '作息时间另行通知' });
    expect(after.body.withdrawnAt).toEqual(expect.any(String));
    expect(JSON.stringify(after.body)).not.toContain('7f3a');
    // Still listed (never deleted), marked withdrawn.
    const withdrawn = await gk.request<Page<{ indexNumber: string; status: string }>>('GET', '/catalog?status=withdrawn&pageSize=100');
    expect(withdrawn.body.items.find((e) => e.indexNumber === item.indexNumber)).toMatchObject({ status: 'withdrawn' });
    const rows: { body: string | null }[] = await gk.dataSource.query('SELECT body FROM catalog_entries WHERE publication_id = $1', [item.id]);
    expect(rows).toEqual([{ body: null }]);
  }, 60_000);
});
