/**
 * 政策解读 end to end over HTTP (issue 11): a policy and its interpretations
 * co-drafted across departments (谁起草谁解读), the gate that refuses
 * submitting a policy whose interpretations are not ready, one signature over
 * the bundle, and the bundle published together (同步发布) with links both
 * ways in the catalogue; every refusal on the way.
 */
import { NOT_SECRET, TODAY, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface Interpretation {
  id: string;
  form: string;
  ownerId: string;
  status: string;
  version: number;
  indexNumber?: string;
  publishedAt?: string;
  warnings?: { kind: string; message: string; missing?: string[] }[];
}
interface PolicyPackage {
  id: string;
  policyId: string;
  status: string;
  policyVersion: number;
  interpretations: Interpretation[];
  bundle?: { policyVersion: number; interpretations: { id: string; version: number }[] };
  indexNumber?: string;
  publishedAt?: string;
}
interface CatalogEntry {
  indexNumber: string;
  title: string;
  category: string;
  publishedAt: string;
  body: string | null;
  related: { relation: string; indexNumber: string; form?: string; title: string }[];
}

const POLICY_BODY = [
  '各区教育局、各直属学校：',
  '为规范校外培训机构管理，保障学生合法权益，根据有关法律法规，制定本办法。',
  '第一条 本办法适用于本市行政区域内面向中小学生的校外培训机构。',
  '第二条 校外培训机构应当在办学场所显著位置公示收费项目和收费标准。',
  '第三条 校外培训机构一次性收取费用的时间跨度不得超过三个月。',
  '第四条 本办法自发布之日起施行，原《校外培训机构管理暂行办法》同时废止。',
].join('\n');

const TEXT_INTERPRETATION = [
  '一、出台背景和依据：近年来校外培训收费纠纷增多，依据《民办教育促进法》等规定制定本办法。',
  '二、目标任务：规范收费行为，防范“退费难”风险。',
  '三、主要内容：明确收费公示、预收费时限等要求。',
  '四、适用范围：本市面向中小学生的校外培训机构。',
  '五、执行标准：一次性收费不超过三个月。',
  '六、注意事项：家长缴费时请索取正式票据。',
  '七、新旧政策差异：与原暂行办法相比，新增了预收费时限的规定。',
].join('\n');

const policyDraft = (overrides: Record<string, unknown> = {}) => ({
  title: '关于规范校外培训机构收费管理的办法',
  body: POLICY_BODY,
  category: '规范性文件',
  attribute: 'proactive',
  writtenDate: TODAY,
  interpretations: [
    { form: 'text', ownerId: 'zhangwei' },
    { form: 'qa', ownerId: 'sunli', title: '校外培训收费管理政策问答' },
  ],
  ...overrides,
});

const put = (as: DemoUsername, pkg: PolicyPackage, i: Interpretation, body: Record<string, unknown>) =>
  gk.request<Interpretation & ErrorBody>('PUT', `/policies/${pkg.id}/interpretations/${i.id}`, { as, body });

async function waitForPackage(id: string, done: (p: PolicyPackage) => boolean): Promise<PolicyPackage> {
  const deadline = Date.now() + 20_000;
  let last: PolicyPackage | undefined;
  while (Date.now() < deadline) {
    last = (await gk.request<PolicyPackage>('GET', `/policies/${id}`, { as: 'zhangwei' })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`package ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}

describe('creating a policy package', () => {
  it('answers 201 with the plan, every interpretation drafting at version 0', async () => {
    const res = await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: policyDraft() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'drafting', policyVersion: 1 });
    expect(res.body.interpretations).toEqual([
      expect.objectContaining({ form: 'text', ownerId: 'zhangwei', status: 'drafting', version: 0 }),
      expect.objectContaining({ form: 'qa', ownerId: 'sunli', status: 'drafting', version: 0 }),
    ]);
    const policy = await gk.request<{ id: string; status: string; category: string }>('GET', `/publications/${res.body.policyId}`, { as: 'zhangwei' });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ id: res.body.policyId, status: 'draft', category: '规范性文件' });
  });

  it('refuses a plan without a text interpretation, an unknown owner (422) and an unknown form (400)', async () => {
    const noText = await gk.request<ErrorBody>('POST', '/policies', { as: 'zhangwei', body: policyDraft({ interpretations: [{ form: 'qa', ownerId: 'sunli' }] }) });
    expect(noText.status).toBe(422);
    expect(noText.body.message).toContain('文字解读');
    const unknownOwner = await gk.request<ErrorBody>('POST', '/policies', {
      as: 'zhangwei',
      body: policyDraft({ interpretations: [{ form: 'text', ownerId: 'nobody' }] }),
    });
    expect(unknownOwner.status).toBe(422);
    expect(unknownOwner.body.message).toContain('nobody');
    const unknownForm = await gk.request<ErrorBody>('POST', '/policies', {
      as: 'zhangwei',
      body: policyDraft({ interpretations: [{ form: 'text', ownerId: 'zhangwei' }, { form: 'poster', ownerId: 'zhangwei' }] }),
    });
    expect(unknownForm.status).toBe(400);
    const notAPolicy = await gk.request<ErrorBody>('POST', '/policies', { as: 'zhangwei', body: policyDraft({ category: '工作动态' }) });
    expect(notAPolicy.status).toBe(422);
    expect((await gk.request('POST', '/policies', { as: 'lina', body: policyDraft() })).status).toBe(403);
  });
});

describe('co-drafting, the gate, one signature and publication together', () => {
  it('runs the whole path with every refusal', async () => {
    const created = await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: policyDraft() });
    const pkg = created.body;
    const [text, qa] = pkg.interpretations;

    // Each owner finds the drafting in /tasks, beside reviews.
    const tasks = await gk.request<{ kind: string; kindLabel: string; packageId?: string; interpretationId?: string; publicationId: string; departmentName: string }[]>(
      'GET',
      '/tasks',
      { as: 'sunli' },
    );
    expect(tasks.body.filter((t) => t.packageId === pkg.id)).toEqual([
      expect.objectContaining({ kind: 'interpretation', kindLabel: '解读起草', interpretationId: qa.id, publicationId: pkg.policyId, departmentName: '政策法规科' }),
    ]);

    // Co-drafting across departments: 孙丽 (政策法规科) drafts the Q&A, the lead 张伟 (基础教育科) the text.
    const qa1 = await put('sunli', pkg, qa, { body: '问：收费标准在哪里公示？\n答：在办学场所显著位置和网站公示。', version: 0 });
    expect(qa1.status).toBe(200);
    expect(qa1.body).toMatchObject({ version: 1, status: 'drafting' });
    const textDraft = await put('zhangwei', pkg, text, { title: '《关于规范校外培训机构收费管理的办法》解读', body: POLICY_BODY, version: 0 });
    expect(textDraft.status).toBe(200);
    expect(textDraft.body.version).toBe(1);
    // Content checks warn (copied from the policy, elements missing) but do not block.
    expect(textDraft.body.warnings!.map((w) => w.kind).sort()).toEqual(['copied_from_policy', 'missing_elements']);
    const text2 = await put('zhangwei', pkg, text, { body: TEXT_INTERPRETATION, version: 1 });
    expect(text2.body).toMatchObject({ version: 2, warnings: [] });

    // Refusals while drafting: not the owner or the lead (403), a stale version (409).
    const outsider = await put('liuyang', pkg, qa, { body: '改写', version: 1 });
    expect(outsider.status).toBe(403);
    const stale = await put('sunli', pkg, qa, { body: '问：旧版？', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('第 1 版');

    // Comments: the lead, owners and reviewers; a quote is kept.
    const c1 = await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/comments`, {
      as: 'zhangwei',
      body: { text: '请补充退费的问答', quote: '在办学场所显著位置和网站公示' },
    });
    expect(c1.status).toBe(201);
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/comments`, { as: 'lina', body: { text: '同意张伟意见' } })).status).toBe(201);
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/comments`, { as: 'liuyang', body: { text: '路过' } })).status).toBe(403);
    const comments = await gk.request<{ text: string; quote?: string; authorId: string }[]>('GET', `/policies/${pkg.id}/interpretations/${qa.id}/comments`, {
      as: 'sunli',
    });
    expect(comments.body).toEqual([
      expect.objectContaining({ authorId: 'zhangwei', text: '请补充退费的问答', quote: '在办学场所显著位置和网站公示' }),
      expect.objectContaining({ authorId: 'lina', text: '同意张伟意见' }),
    ]);

    // The gate: 422 naming every interpretation not ready.
    const gated = await gk.request<ErrorBody>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } });
    expect(gated.status).toBe(422);
    expect(gated.body.message).toContain('文字解读（张伟）');
    expect(gated.body.message).toContain('政策问答（孙丽）');
    // The policy's own submit cannot bypass the gate.
    expect((await gk.request('POST', `/publications/${pkg.policyId}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(409);

    // Ready (owner only), returned by the lead with a reason, ready again.
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(403);
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 1 } })).status).toBe(200);
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/return`, { as: 'sunli', body: { reason: '自己退回' } })).status).toBe(403);
    const returned = await gk.request<PolicyPackage>('POST', `/policies/${pkg.id}/interpretations/${qa.id}/return`, {
      as: 'zhangwei',
      body: { reason: '请补充退费问答' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.interpretations[1]).toMatchObject({ status: 'drafting' });
    const qa2 = await put('sunli', pkg, qa, { body: '问：收费标准在哪里公示？\n答：在办学场所显著位置公示。\n问：如何退费？\n答：按合同约定办理。', version: 1 });
    expect(qa2.body.version).toBe(2);
    expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 2 } })).status).toBe(200);
    const allReady = await gk.request<PolicyPackage>('POST', `/policies/${pkg.id}/interpretations/${text.id}/ready`, { as: 'zhangwei', body: { version: 2 } });
    expect(allReady.body.interpretations.map((i) => i.status)).toEqual(['ready', 'ready']);

    const after = await gk.request<{ packageId?: string }[]>('GET', '/tasks', { as: 'sunli' });
    expect(after.body.filter((t) => t.packageId === pkg.id)).toEqual([]);

    // Submit: only the lead; then the interpretations are locked (409).
    expect((await gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'sunli', body: { version: 1 } })).status).toBe(403);
    const submitted = await gk.request<PolicyPackage>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'in_review',
      bundle: { policyVersion: 1, interpretations: [{ id: text.id, version: 2 }, { id: qa.id, version: 2 }] },
    });
    const locked = await put('sunli', pkg, qa, { body: '提交后再改', version: 2 });
    expect(locked.status).toBe(409);
    expect(locked.body.message).toContain('锁定');
    expect((await gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(409);

    // The policy's one review: three approvals on /publications/:policyId, each recording the bundle.
    const inReview = await waitFor(pkg.policyId, (p) => p.status === 'in_review');
    expect(inReview.stage?.level).toBe(1);
    const approvals: [DemoUsername, Record<string, unknown>][] = [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
      ['chenjun', { version: 1 }],
    ];
    let last: { status: string; indexNumber?: string; publishedAt?: string; decisions: { bundle?: unknown }[] } | undefined;
    for (const [user, body] of approvals) {
      const res = await gk.request<typeof last & ErrorBody>('POST', `/publications/${pkg.policyId}/approve`, { as: user, body });
      expect([user, res.status, res.body.message]).toEqual([user, 200, undefined]);
      last = res.body;
    }
    expect(last!.status).toBe('published');
    expect(last!.decisions).toHaveLength(3);
    for (const d of last!.decisions) expect(d.bundle).toEqual(submitted.body.bundle);

    // Published together: same publishedAt, consecutive serials, linked both ways.
    const done = await waitForPackage(pkg.id, (p) => p.status === 'published' && p.interpretations.every((i) => i.status === 'published'));
    expect(done.indexNumber).toBe(last!.indexNumber);
    for (const i of done.interpretations) expect(i.publishedAt).toBe(last!.publishedAt);
    const serials = [done.indexNumber!, ...done.interpretations.map((i) => i.indexNumber!)].map((n) => Number(n.split('-').pop()));
    expect(serials).toEqual([serials[0], serials[0] + 1, serials[0] + 2]);

    const policyEntry = await gk.request<CatalogEntry>('GET', `/catalog/${encodeURIComponent(done.indexNumber!)}`);
    expect(policyEntry.status).toBe(200);
    expect(policyEntry.body.related).toEqual([
      { relation: 'interpreted_by', indexNumber: done.interpretations[0].indexNumber, form: 'text', title: '《关于规范校外培训机构收费管理的办法》解读' },
      { relation: 'interpreted_by', indexNumber: done.interpretations[1].indexNumber, form: 'qa', title: '校外培训收费管理政策问答' },
    ]);
    for (const i of done.interpretations) {
      const entry = await gk.request<CatalogEntry>('GET', `/catalog/${encodeURIComponent(i.indexNumber!)}`);
      expect(entry.status).toBe(200);
      expect(entry.body).toMatchObject({ category: '政策解读', publishedAt: policyEntry.body.publishedAt });
      expect(entry.body.body).toBeTruthy();
      expect(entry.body.related).toEqual([{ relation: 'interprets', indexNumber: done.indexNumber, title: '关于规范校外培训机构收费管理的办法' }]);
    }

    // Published: still locked.
    expect((await put('zhangwei', pkg, text, { body: '发布后再改', version: 2 })).status).toBe(409);
    const list = await gk.request<{ items: PolicyPackage[] }>('GET', '/policies?status=published&pageSize=100', { as: 'sunli' });
    expect(list.body.items.map((p) => p.id)).toContain(pkg.id);
  }, 60_000);

  it('returns the package with its policy: the interpretations unlock, and a resubmission restarts the review at level 1 with the new bundle', async () => {
    const created = await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: policyDraft({ title: '关于规范课后服务收费的办法' }) });
    const pkg = created.body;
    const [text, qa] = pkg.interpretations;
    const ok = async (res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      expect([r.status, r.body]).toEqual([200, expect.anything()]);
      return r;
    };
    await ok(put('zhangwei', pkg, text, { body: TEXT_INTERPRETATION, version: 0 }));
    await ok(put('sunli', pkg, qa, { body: '问：如何收费？答：按物价部门核定的标准收取。', version: 0 }));
    await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${text.id}/ready`, { as: 'zhangwei', body: { version: 1 } }));
    await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 1 } }));
    await ok(gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } }));
    await waitFor(pkg.policyId, (p) => p.status === 'in_review');

    const back = await gk.request<{ status: string; message?: string }>('POST', `/publications/${pkg.policyId}/request-changes`, {
      as: 'lina',
      body: { version: 1, level: 1, reason: '政策问答须补充退费内容' },
    });
    expect([back.status, back.body.status]).toEqual([200, 'returned']);
    const returned = await waitForPackage(pkg.id, (p) => p.status === 'returned');
    expect(returned.interpretations.map((i) => i.status)).toEqual(['ready', 'ready']);

    // Unlocked: the owner changes the Q&A (it is drafting again), marks it ready, and the lead resubmits.
    await ok(put('sunli', pkg, qa, { body: '问：如何收费？答：按核定标准收取。\n问：如何退费？答：按合同约定退还。', version: 1 }));
    expect((await gk.request<ErrorBody>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(422);
    await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 2 } }));
    const again = await gk.request<PolicyPackage>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } });
    expect(again.status).toBe(200);
    expect(again.body.bundle).toEqual({ policyVersion: 1, interpretations: [{ id: text.id, version: 1 }, { id: qa.id, version: 2 }] });

    const restarted = await waitFor(pkg.policyId, (p) => p.status === 'in_review');
    expect(restarted.stage?.level).toBe(1);
    let last: { status: string; decisions: { kind: string; bundle?: { interpretations: { id: string; version: number }[] } }[] } | undefined;
    for (const [user, body] of [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
      ['chenjun', { version: 1 }],
    ] as [DemoUsername, Record<string, unknown>][]) {
      const res = await gk.request<NonNullable<typeof last>>('POST', `/publications/${pkg.policyId}/approve`, { as: user, body });
      expect(res.status).toBe(200);
      last = res.body;
    }
    expect(last!.status).toBe('published');
    // The first round's decision saw Q&A version 1; this round's approvals version 2.
    expect(last!.decisions.map((d) => [d.kind, d.bundle?.interpretations.find((i) => i.id === qa.id)?.version])).toEqual([
      ['request_changes', 1],
      ['approve', 2],
      ['approve', 2],
      ['approve', 2],
    ]);
    const done = await waitForPackage(pkg.id, (p) => p.status === 'published' && p.interpretations.every((i) => i.status === 'published'));
    const qaEntry = await gk.request<CatalogEntry>('GET', `/catalog/${encodeURIComponent(done.interpretations[1].indexNumber!)}`);
    expect(qaEntry.body.body).toContain('如何退费');
  }, 60_000);

  it('revises a returned policy through the package: the new version waits for the resubmission, which carries it in the bundle', async () => {
    const created = await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: policyDraft({ title: '关于规范托管服务收费的办法' }) });
    const pkg = created.body;
    const [text, qa] = pkg.interpretations;
    for (const [as, i, body] of [
      ['zhangwei', text, TEXT_INTERPRETATION],
      ['sunli', qa, '问：托管费如何收取？答：按学期收取。'],
    ] as [DemoUsername, Interpretation, string][]) {
      expect((await put(as, pkg, i, { body, version: 0 })).status).toBe(200);
      expect((await gk.request('POST', `/policies/${pkg.id}/interpretations/${i.id}/ready`, { as, body: { version: 1 } })).status).toBe(200);
    }
    expect((await gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(200);
    await waitFor(pkg.policyId, (p) => p.status === 'in_review');
    const back = await gk.request('POST', `/publications/${pkg.policyId}/request-changes`, {
      as: 'lina',
      body: { version: 1, level: 1, reason: '第三条须写明退费办法' },
    });
    expect(back.status).toBe(200);
    await waitForPackage(pkg.id, (p) => p.status === 'returned');

    // The author revises the policy's text: version 2 is adopted, but the review does not restart on its own.
    const revised = await gk.request<{ status: string; version: number } & ErrorBody>('POST', `/publications/${pkg.policyId}/revise`, {
      as: 'zhangwei',
      body: { title: '关于规范托管服务收费的办法', body: `${POLICY_BODY}\n第五条 退费按未消费课时比例退还。`, writtenDate: TODAY, version: 1 },
    });
    expect([revised.status, revised.body.message]).toEqual([200, undefined]);
    expect(revised.body).toMatchObject({ status: 'returned', version: 2 });
    expect((await waitForPackage(pkg.id, (p) => p.policyVersion === 2)).status).toBe('returned');

    // The lead resubmits on the new version (the old one is stale): the bundle carries policy version 2, review from level 1.
    expect((await gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } })).status).toBe(409);
    const again = await gk.request<PolicyPackage>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 2 } });
    expect(again.status).toBe(200);
    expect(again.body.bundle).toEqual({ policyVersion: 2, interpretations: [{ id: text.id, version: 1 }, { id: qa.id, version: 1 }] });
    const restarted = await waitFor(pkg.policyId, (p) => p.status === 'in_review');
    expect(restarted.stage?.level).toBe(1);
    const approved = await gk.request<{ decisions: { kind: string; version: number; bundle?: { policyVersion: number } }[] }>(
      'POST',
      `/publications/${pkg.policyId}/approve`,
      { as: 'lina', body: { version: 2, confidentiality: NOT_SECRET } },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.decisions.map((d) => [d.kind, d.bundle?.policyVersion])).toEqual([
      ['request_changes', 1],
      ['approve', 2],
    ]);
  }, 60_000);

  it('lets a plan with a deferral submit the policy before its interpretations are ready', async () => {
    const created = await gk.request<PolicyPackage>('POST', '/policies', {
      as: 'zhangwei',
      body: policyDraft({ deferral: { reason: '图解需外部制作，发布后3个工作日内补充' } }),
    });
    expect(created.status).toBe(201);
    const submitted = await gk.request<PolicyPackage>('POST', `/policies/${created.body.id}/submit`, { as: 'zhangwei', body: { version: 1 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'in_review', deferral: { reason: '图解需外部制作，发布后3个工作日内补充' } });
  });
});

async function waitFor(
  publicationId: string,
  done: (p: { status: string; stage?: { level: number } | null }) => boolean,
): Promise<{ status: string; stage?: { level: number } | null }> {
  const deadline = Date.now() + 20_000;
  let last: { status: string; stage?: { level: number } | null } | undefined;
  while (Date.now() < deadline) {
    last = (await gk.request<{ status: string; stage?: { level: number } | null }>('GET', `/publications/${publicationId}`, { as: 'zhangwei' })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`publication ${publicationId} did not reach the expected state; last: ${JSON.stringify(last)}`);
}
