/**
 * 三审 end to end through HTTP: the API, the worker on the bundled workflows
 * and the embedded engine, on the run's PostgreSQL with the demo organisation.
 */
import {
  createAndSubmit,
  draftOf,
  NOT_SECRET,
  startGongkaiApp,
  waitForItem,
  type DemoUsername,
  type PublicationBody,
  type RunningGongkai,
} from '../support/gongkai-app';

const INDEX_NUMBER = /^003012345\/\d{4}-\d{5}$/;

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface CatalogBody {
  indexNumber: string;
  title: string;
  status: string;
  organisationName: string;
  departmentName: string;
  categoryName: string;
  documentNumber: string | null;
  writtenDate: string | null;
  publishedAt: string;
  body: string;
  withdrawnReason: string | null;
}

interface TimelineEvent {
  kind: string;
  actorId: string | null;
  version: number | null;
  seq: number | null;
  detail: Record<string, unknown> | null;
}

describe('the three-level review of a 规范性文件', () => {
  it('goes 科室负责人 → 分管领导 → 主要负责人 and lands in the catalogue with an index number', async () => {
    const submitted = await createAndSubmit(gk, 'zhangwei', {
      category: '规范性文件',
      title: '示范市义务教育阶段学校招生入学管理办法',
      documentNumber: '示教规〔2026〕1号',
    });
    expect(submitted).toMatchObject({ status: 'in_review', version: 1, stage: { level: 1, role: 'section_head', assignee: 'lina' } });
    const id = submitted.id;

    // Each caller is told what they may do now, by the rules the workflow refuses with.
    const allowedFor = async (as: DemoUsername) => (await gk.request<PublicationBody>('GET', `/publications/${id}`, { as })).body.allowedActions;
    expect(submitted.allowedActions).toEqual(['revise', 'withdraw']);
    expect(await allowedFor('lina')).toEqual(['approve', 'reject', 'request-changes']);
    expect(await allowedFor('zhangwei')).toEqual(['revise', 'withdraw']);
    expect(await allowedFor('zhaomin')).toEqual([]);

    // The item waits in 李娜's inbox.
    const inbox = await gk.request<{ publicationId: string; level: number; dueAt: string | null }[]>('GET', '/tasks', { as: 'lina' });
    expect(inbox.status).toBe(200);
    expect(inbox.body.find((t) => t.publicationId === id)).toMatchObject({ level: 1, dueAt: expect.any(String) });

    const first = await gk.request<PublicationBody>('POST', `/publications/${id}/approve`, {
      as: 'lina',
      body: { version: 1, comment: '同意', confidentiality: NOT_SECRET },
    });
    expect(first.status).toBe(200);
    expect(first.body.stage).toMatchObject({ level: 2, role: 'leader', assignee: 'wangqiang' });

    const second = await gk.request<PublicationBody>('POST', `/publications/${id}/approve`, {
      as: 'wangqiang',
      body: { version: 1, comment: '同意发布' },
    });
    expect(second.status).toBe(200);
    expect(second.body.stage).toMatchObject({ level: 3, role: 'principal', assignee: 'chenjun' });

    const third = await gk.request<PublicationBody>('POST', `/publications/${id}/approve`, { as: 'chenjun', body: { version: 1 } });
    expect(third.status).toBe(200);
    expect(third.body.status).toBe('published');
    expect(third.body.indexNumber).toMatch(INDEX_NUMBER);
    expect(third.body.publishedAt).toEqual(expect.any(String));

    const item = await gk.request<PublicationBody>('GET', `/publications/${id}`, { as: 'zhangwei' });
    expect(item.body).toMatchObject({ id, status: 'published', version: 1, stage: null, indexNumber: third.body.indexNumber });
    expect(item.body.allowedActions).toEqual([]);
    expect(await allowedFor('chenjun')).toEqual(['retract']);
    expect(item.body.decisions.map((d) => [d.kind, d.level, d.actorId])).toEqual([
      ['approve', 1, 'lina'],
      ['approve', 2, 'wangqiang'],
      ['approve', 3, 'chenjun'],
    ]);

    // Public: no token, the index number URL-encoded or as two path segments.
    const indexNumber = third.body.indexNumber!;
    const entry = await gk.request<CatalogBody>('GET', `/catalog/${encodeURIComponent(indexNumber)}`);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({
      indexNumber,
      title: '示范市义务教育阶段学校招生入学管理办法',
      status: 'published',
      organisationName: '示范市教育局',
      departmentName: '基础教育科',
      categoryName: '规范性文件',
      documentNumber: '示教规〔2026〕1号',
    });
    const [org, serial] = indexNumber.split('/');
    expect((await gk.request<CatalogBody>('GET', `/catalog/${org}/${serial}`)).body.indexNumber).toBe(indexNumber);
    const listed = await gk.request<{ items: CatalogBody[] }>('GET', `/catalog?category=${encodeURIComponent('规范性文件')}&pageSize=100`);
    expect(listed.body.items.map((e) => e.indexNumber)).toContain(indexNumber);

    // The inbox no longer holds it; the timeline tells the whole story.
    const after = await gk.request<{ publicationId: string }[]>('GET', '/tasks', { as: 'chenjun' });
    expect(after.body.map((t) => t.publicationId)).not.toContain(id);
    const timeline = await gk.request<TimelineEvent[]>('GET', `/publications/${id}/timeline`, { as: 'zhangwei' });
    const kinds = timeline.body.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'submitted', 'review_started', 'approved', 'published']));
    expect(kinds.filter((k) => k === 'approved')).toHaveLength(3);
  });

  it('takes two levels for 工作动态', async () => {
    const submitted = await createAndSubmit(gk, 'sunli', { title: '政策法规科开展普法宣传周活动' });
    expect(submitted.stage).toMatchObject({ level: 1, assignee: 'zhoutao' });
    const first = await gk.request<PublicationBody>('POST', `/publications/${submitted.id}/approve`, {
      as: 'zhoutao',
      body: { version: 1, confidentiality: NOT_SECRET },
    });
    expect(first.body.stage).toMatchObject({ level: 2, assignee: 'wangqiang' });
    const second = await gk.request<PublicationBody>('POST', `/publications/${submitted.id}/approve`, {
      as: 'wangqiang',
      body: { version: 1 },
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'published', indexNumber: expect.stringMatching(INDEX_NUMBER) });
    expect(second.body.decisions).toHaveLength(2);
  });
});

describe('reject → revise → full re-review', () => {
  it('returns the item to the author and restarts the chain at level 1 with the new version', async () => {
    const submitted = await createAndSubmit(gk, 'zhangwei', { category: '规范性文件', title: '关于规范校外培训的若干意见（征求意见稿）' });
    const id = submitted.id;
    await gk.request('POST', `/publications/${id}/approve`, { as: 'lina', body: { version: 1, confidentiality: NOT_SECRET } });

    const rejected = await gk.request<PublicationBody>('POST', `/publications/${id}/reject`, {
      as: 'wangqiang',
      body: { version: 1, reason: '第三条表述不严谨，请修改' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'returned', stage: null, closingReason: '第三条表述不严谨，请修改' });

    const revised = await gk.request<PublicationBody>('POST', `/publications/${id}/revise`, {
      as: 'zhangwei',
      body: { ...reviseBody(), version: 1 },
    });
    expect(revised.status).toBe(200);
    expect(revised.body.version).toBe(2);
    const reReview = await waitForItem(gk, id, 'zhangwei', (item) => item.status === 'in_review');
    expect(reReview).toMatchObject({ version: 2, stage: { level: 1, assignee: 'lina' }, title: '关于规范校外培训的若干意见' });

    // A decision on the old draft is stale now.
    const stale = await gk.request('POST', `/publications/${id}/approve`, { as: 'lina', body: { version: 1, confidentiality: NOT_SECRET } });
    expect(stale.status).toBe(409);

    for (const [user, extra] of [
      ['lina', { confidentiality: NOT_SECRET }],
      ['wangqiang', {}],
      ['chenjun', {}],
    ] as const) {
      const res = await gk.request<PublicationBody>('POST', `/publications/${id}/approve`, { as: user, body: { version: 2, ...extra } });
      expect(res.status).toBe(200);
    }
    const published = await gk.request<PublicationBody>('GET', `/publications/${id}`, { as: 'zhangwei' });
    expect(published.body).toMatchObject({ status: 'published', version: 2 });
    expect(published.body.decisions.filter((d) => d.version === 2).map((d) => d.level)).toEqual([1, 2, 3]);

    // Both drafts are kept and can be compared.
    const versions = await gk.request<{ version: number; title: string }[]>('GET', `/publications/${id}/versions`, { as: 'zhangwei' });
    expect(versions.body.map((v) => v.version)).toEqual([1, 2]);
    const v1 = await gk.request<{ body: string }>('GET', `/publications/${id}/versions/1`, { as: 'zhangwei' });
    expect(v1.body.body).toContain('安全教育');
    const diff = await gk.request<{ body: { op: string; text: string }[] }>('GET', `/publications/${id}/versions/2/diff?against=1`, {
      as: 'zhangwei',
    });
    expect(diff.status).toBe(200);
    expect(diff.body.body).toContainEqual({ op: '+', text: '三、培训机构不得在法定节假日组织学科类培训。' });

    const entry = await gk.request<CatalogBody>('GET', `/catalog/${encodeURIComponent(published.body.indexNumber!)}`);
    expect(entry.body).toMatchObject({ title: '关于规范校外培训的若干意见', status: 'published' });
    expect(entry.body.body).toContain('法定节假日');
  });
});

function reviseBody() {
  const { title: _title, body: _body, category: _category, attribute: _attribute, ...rest } = draftOf();
  return {
    ...rest,
    title: '关于规范校外培训的若干意见',
    body: '一、总体要求。\n二、规范培训行为。\n三、培训机构不得在法定节假日组织学科类培训。',
  };
}

describe('content screening before the first review', () => {
  it('returns a draft with a valid ID-card number to the author with the findings', async () => {
    const submitted = await createAndSubmit(gk, 'liuyang', {
      title: '关于表彰优秀教师的通报',
      body: '经研究，决定表彰王小明同志（身份证号 11010519491231002X）等优秀教师。',
    });
    expect(submitted.status).toBe('returned');
    expect(submitted.stage).toBeNull();
    expect(submitted.findings).toContainEqual(expect.objectContaining({ severity: 'block' }));

    // Nobody was asked to review it.
    const inbox = await gk.request<{ publicationId: string }[]>('GET', '/tasks', { as: 'lina' });
    expect(inbox.body.map((t) => t.publicationId)).not.toContain(submitted.id);
    const timeline = await gk.request<TimelineEvent[]>('GET', `/publications/${submitted.id}/timeline`, { as: 'liuyang' });
    expect(timeline.body.map((e) => e.kind)).toContain('screening_blocked');
  });

  it('waits for the author to acknowledge warnings, then starts the review', async () => {
    // A wrong 文号 form in the text is a warning, not a block.
    const submitted = await createAndSubmit(gk, 'liuyang', {
      title: '关于转发省教育厅文件的通知',
      body: '现将《关于做好招生工作的通知》（皖教[22]05号）转发给你们，请遵照执行。',
    });
    expect(submitted).toMatchObject({ status: 'draft', phase: 'awaiting_acknowledgement', stage: null });
    expect(submitted.findings.length).toBeGreaterThan(0);
    expect(submitted.findings.every((f) => f.severity === 'warn')).toBe(true);

    const early = await gk.request('POST', `/publications/${submitted.id}/approve`, {
      as: 'lina',
      body: { version: 1, confidentiality: NOT_SECRET },
    });
    expect(early.status).toBe(409);

    const acknowledged = await gk.request<PublicationBody>('POST', `/publications/${submitted.id}/acknowledge-warnings`, {
      as: 'liuyang',
      body: { version: 1 },
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ status: 'in_review', stage: { level: 1, assignee: 'lina' } });
    const timeline = await gk.request<TimelineEvent[]>('GET', `/publications/${submitted.id}/timeline`, { as: 'liuyang' });
    expect(timeline.body).toContainEqual(expect.objectContaining({ kind: 'warnings_acknowledged', actorId: 'liuyang' }));
  });
});
