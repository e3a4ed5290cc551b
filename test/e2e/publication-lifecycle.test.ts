/**
 * The rest of an item's life through HTTP: drafting with an Idempotency-Key,
 * withdrawal before publication, retraction after it (the catalogue keeps the
 * entry, marked withdrawn), and the lists and inbox that read the projection.
 */
import {
  createAndSubmit,
  draftOf,
  NOT_SECRET,
  startGongkaiApp,
  type ErrorBody,
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

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

describe('Idempotency-Key', () => {
  it('creates one item for the same key sent twice, answering 201 then 200 with the same item', async () => {
    const key = `e2e-${Date.now()}-${Math.random()}`;
    const send = () =>
      gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: draftOf(), headers: { 'Idempotency-Key': key } });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({ status: 'draft', version: 1, title: first.body.title });
    const rows = await gk.dataSource.query('SELECT publication_id FROM idempotency_keys WHERE user_id = $1 AND key = $2', ['zhangwei', key]);
    expect(rows).toEqual([{ publication_id: first.body.id }]);
  });

  it('creates one item when the same key arrives twice at the same moment', async () => {
    const key = `e2e-race-${Date.now()}`;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        gk.request<PublicationBody>('POST', '/publications', { as: 'liuyang', body: draftOf(), headers: { 'Idempotency-Key': key } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const count = await gk.dataSource.query('SELECT count(*)::int AS n FROM publications p JOIN idempotency_keys k ON k.publication_id = p.id WHERE k.key = $1', [key]);
    expect(count).toEqual([{ n: 1 }]);
  });

  it('keeps keys per user: another author with the same key gets their own item', async () => {
    const key = `e2e-shared-${Date.now()}`;
    const a = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: draftOf(), headers: { 'Idempotency-Key': key } });
    const b = await gk.request<PublicationBody>('POST', '/publications', { as: 'sunli', body: draftOf(), headers: { 'Idempotency-Key': key } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('starts the review workflow for the item', async () => {
    const created = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: draftOf() });
    const submitted = await gk.request<PublicationBody>('POST', `/publications/${created.body.id}/submit`, { as: 'zhangwei', body: { version: 1 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('in_review');
  });
});

describe('withdrawal before publication', () => {
  it('lets the author withdraw an item in review; the step closes and later decisions are refused', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const withdrawn = await gk.request<PublicationBody>('POST', `/publications/${item.id}/withdraw`, {
      as: 'zhangwei',
      body: { reason: '内容已合并到另一稿件' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', stage: null, closingReason: '内容已合并到另一稿件' });

    const later = await gk.request<ErrorBody>('POST', `/publications/${item.id}/approve`, {
      as: 'lina',
      body: { version: 1, confidentiality: NOT_SECRET },
    });
    expect(later.status).toBe(409);
    expect((await gk.request('POST', `/publications/${item.id}/withdraw`, { as: 'zhangwei', body: {} })).status).toBe(200); // a repeat answers with the item

    const inbox = await gk.request<{ publicationId: string }[]>('GET', '/tasks', { as: 'lina' });
    expect(inbox.body.map((t) => t.publicationId)).not.toContain(item.id);
    const list = await gk.request<Page<{ id: string; status: string }>>('GET', '/publications?status=withdrawn&pageSize=100', { as: 'zhangwei' });
    expect(list.body.items.find((i) => i.id === item.id)).toMatchObject({ status: 'withdrawn' });
  });
});

describe('retraction after publication', () => {
  async function published(): Promise<PublicationBody> {
    const item = await createAndSubmit(gk, 'zhangwei', { title: '关于2026年寒假放假安排的通知' });
    await gk.request('POST', `/publications/${item.id}/approve`, { as: 'lina', body: { version: 1, confidentiality: NOT_SECRET } });
    const done = await gk.request<PublicationBody>('POST', `/publications/${item.id}/approve`, { as: 'wangqiang', body: { version: 1 } });
    expect(done.body.status).toBe('published');
    return done.body;
  }

  it('needs the main leader: anyone else is refused with 403 and the attempt is recorded', async () => {
    const item = await published();
    for (const user of ['zhangwei', 'wangqiang'] as const) {
      const res = await gk.request<ErrorBody>('POST', `/publications/${item.id}/retract`, { as: user, body: { reason: '撤回' } });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('主要负责人');
    }
    const timeline = await gk.request<{ kind: string; actorId: string; detail: { action: string } }[]>('GET', `/publications/${item.id}/timeline`, {
      as: 'zhangwei',
    });
    expect(timeline.body.filter((e) => e.kind === 'refused').map((e) => [e.actorId, e.detail.action])).toEqual([
      ['zhangwei', 'retract'],
      ['wangqiang', 'retract'],
    ]);
    // The author cannot "withdraw" a published item either.
    expect((await gk.request('POST', `/publications/${item.id}/withdraw`, { as: 'zhangwei', body: {} })).status).toBe(409);
  });

  it('needs a reason (400)', async () => {
    const item = await published();
    const res = await gk.request<ErrorBody>('POST', `/publications/${item.id}/retract`, { as: 'chenjun', body: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual(['reason']);
  });

  it('marks the catalogue entry withdrawn — never deleted — when the main leader retracts', async () => {
    const item = await published();
    const res = await gk.request<PublicationBody>('POST', `/publications/${item.id}/retract`, {
      as: 'chenjun',
      body: { reason: '通知内容有误，撤回后重新发布' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'retracted', indexNumber: item.indexNumber });

    const entry = await gk.request<{ status: string; withdrawnReason: string; withdrawnAt: string; title: string }>(
      'GET',
      `/catalog/${encodeURIComponent(item.indexNumber!)}`,
    );
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ status: 'withdrawn', withdrawnReason: '通知内容有误，撤回后重新发布', title: '关于2026年寒假放假安排的通知' });
    expect(entry.body.withdrawnAt).toEqual(expect.any(String));
    const withdrawnList = await gk.request<Page<{ indexNumber: string }>>('GET', '/catalog?status=withdrawn&pageSize=100');
    expect(withdrawnList.body.items.map((e) => e.indexNumber)).toContain(item.indexNumber);

    const again = await gk.request('POST', `/publications/${item.id}/retract`, { as: 'chenjun', body: { reason: '再次撤回' } });
    expect(again.status).toBe(409);
    const after = await gk.request<PublicationBody>('GET', `/publications/${item.id}`, { as: 'zhangwei' });
    expect(after.body.status).toBe('retracted');
  });
});

describe('lists and the inbox (read model)', () => {
  it('filters by status, stage, department, category and title text, newest first, paged', async () => {
    const marker = `标记${Date.now().toString(36)}`;
    const a = await createAndSubmit(gk, 'zhangwei', { title: `${marker}甲 工作动态` });
    const b = await createAndSubmit(gk, 'sunli', { title: `${marker}乙 规范性文件`, category: '规范性文件' });
    await gk.request('POST', `/publications/${b.id}/approve`, { as: 'zhoutao', body: { version: 1, confidentiality: NOT_SECRET } });

    const text = encodeURIComponent(marker);
    const all = await gk.request<Page<{ id: string; stage: { level: number } | null }>>('GET', `/publications?text=${text}`, { as: 'zhaomin' });
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(all.body.total).toBe(2);

    const ids = async (query: string) =>
      (await gk.request<Page<{ id: string }>>('GET', `/publications?text=${text}&${query}`, { as: 'zhaomin' })).body.items.map((i) => i.id);
    expect(await ids('stage=2')).toEqual([b.id]);
    expect(await ids('stage=1')).toEqual([a.id]);
    expect(await ids('department=jichu')).toEqual([a.id]);
    expect(await ids(`category=${encodeURIComponent('规范性文件')}`)).toEqual([b.id]);
    expect(await ids('status=in_review&overdue=false')).toEqual([b.id, a.id]);
    expect(await ids('status=published')).toEqual([]);

    const paged = await gk.request<Page<{ id: string }>>('GET', `/publications?text=${text}&pageSize=1&page=2`, { as: 'zhaomin' });
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ id: a.id }] });
    expect((await gk.request('GET', '/publications?pageSize=101', { as: 'zhaomin' })).status).toBe(400);

    // 张伟 sees his section's items, not 政策法规科's.
    const mine = await gk.request<Page<{ id: string }>>('GET', `/publications?text=${text}`, { as: 'zhangwei' });
    expect(mine.body.items.map((i) => i.id)).toEqual([a.id]);
  });

  it("puts a waiting step in the assignee's inbox, oldest first, with its due date", async () => {
    const first = await createAndSubmit(gk, 'liuyang', { title: '待办一' });
    const second = await createAndSubmit(gk, 'liuyang', { title: '待办二' });
    const inbox = await gk.request<{ publicationId: string; title: string; level: number; dueAt: string; createdAt: string }[]>('GET', '/tasks', {
      as: 'lina',
    });
    expect(inbox.status).toBe(200);
    const mine = inbox.body.filter((t) => t.publicationId === first.id || t.publicationId === second.id);
    expect(mine.map((t) => t.title)).toEqual(['待办一', '待办二']);
    expect(mine[0]).toMatchObject({ level: 1, dueAt: expect.any(String) });
    expect(Date.parse(mine[0].dueAt)).toBeGreaterThan(Date.parse(mine[0].createdAt));
    const others = await gk.request<{ publicationId: string }[]>('GET', '/tasks', { as: 'zhoutao' });
    expect(others.body.map((t) => t.publicationId)).not.toContain(first.id);
  });
});
