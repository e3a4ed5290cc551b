/**
 * What the web app's 政策解读 pages read beside the package: an interpretation with its newest saved text
 * (`GET /policies/:id/interpretations/:iid`, for the co-drafting view) and the package of a policy
 * (`GET /policies?policyId=`, for the policy's manuscript page) — with the refusals.
 */
import { TODAY, startGongkaiApp, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

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
  version: number;
  body?: string;
  bodyVersion?: number;
  title?: string;
}
interface PolicyPackage {
  id: string;
  policyId: string;
  interpretations: Interpretation[];
}

const draft = (title: string) => ({
  title,
  body: '第一条 本办法适用于本市面向中小学生的校外培训机构。\n第二条 一次性收费不得超过三个月。',
  category: '规范性文件',
  attribute: 'proactive',
  writtenDate: TODAY,
  interpretations: [{ form: 'text', ownerId: 'zhangwei' }, { form: 'qa', ownerId: 'sunli' }],
});

async function interpretationText(pkg: PolicyPackage, i: Interpretation, as: 'zhangwei' | 'sunli' | 'zhoutao') {
  return gk.request<Interpretation & ErrorBody>('GET', `/policies/${pkg.id}/interpretations/${i.id}`, { as });
}

describe('the co-drafting view reads an interpretation with its text', () => {
  it('answers the interpretation (empty before the first save, then the newest text) to participants; 403 to others', async () => {
    const pkg = (await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: draft('关于校外培训收费的办法（页面接口）') })).body;
    const qa = pkg.interpretations[1];
    expect((await interpretationText(pkg, qa, 'sunli')).body).toMatchObject({ id: qa.id, form: 'qa', version: 0, body: '', bodyVersion: 0 });

    const saved = await gk.request('PUT', `/policies/${pkg.id}/interpretations/${qa.id}`, { as: 'sunli', body: { title: '政策问答', body: '问：一次最多预收多久？\n答：三个月。', version: 0 } });
    expect(saved.status).toBe(200);
    // The text is projected just after the update answers.
    let read = await interpretationText(pkg, qa, 'zhangwei');
    for (let n = 0; n < 100 && read.body.bodyVersion !== 1; n++) {
      await new Promise((r) => setTimeout(r, 100));
      read = await interpretationText(pkg, qa, 'zhangwei');
    }
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, bodyVersion: 1, title: '政策问答', body: '问：一次最多预收多久？\n答：三个月。' });

    // 周涛 (政策法规科负责人) is neither a participant nor a reader of a 基础教育科 draft.
    const outsider = await interpretationText(pkg, qa, 'zhoutao');
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toContain('无权查看');
    const unknown = await gk.request<ErrorBody>('GET', `/policies/${pkg.id}/interpretations/00000000-0000-4000-8000-000000000000`, { as: 'zhangwei' });
    expect(unknown.status).toBe(404);
  }, 60_000);
});

describe('the policy manuscript page finds its package', () => {
  it('filters the list by the policy publication id, and refuses an id that is not one', async () => {
    const a = (await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: draft('办法甲（页面接口）') })).body;
    await gk.request<PolicyPackage>('POST', '/policies', { as: 'zhangwei', body: draft('办法乙（页面接口）') });
    const found = await gk.request<{ items: PolicyPackage[]; total: number }>('GET', `/policies?policyId=${a.policyId}`, { as: 'zhangwei' });
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.items.map((p) => p.id)).toEqual([a.id]);
    const bad = await gk.request<ErrorBody>('GET', '/policies?policyId=not-a-uuid', { as: 'zhangwei' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('policyId');
  }, 60_000);
});
