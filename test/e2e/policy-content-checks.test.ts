/**
 * What the API checks in an interpretation's text (issue 11). The content
 * checks follow the deployment's settings (INTERPRETATION_COPY_THRESHOLD,
 * INTERPRETATION_ELEMENTS, set for this app below).
 *
 * Screening covers every part of a policy package: an
 * interpretation with an ID-card number (身份证号) is shown to its owner on
 * save, and when the package is submitted anyway the policy's review screens
 * the bundle and returns the policy — the package reads `returned`, the
 * finding names the interpretation. Once it is fixed, the resubmission passes
 * screening and the review starts at level 1.
 */
import { TODAY, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp({
    env: { INTERPRETATION_COPY_THRESHOLD: '0.9', INTERPRETATION_ELEMENTS: '背景依据:背景|依据；咨询方式：咨询电话｜联系电话' },
  });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface Finding {
  kind: string;
  severity: string;
  text: string;
  field?: string;
  part?: { interpretationId: string; version: number; form: string; label: string };
}
interface PolicyPackage {
  id: string;
  policyId: string;
  status: string;
  interpretations: { id: string; version: number; status: string }[];
}
interface Publication {
  status: string;
  findings: Finding[];
  closingReason: string | null;
  stage?: { level: number } | null;
}

const TEXT_INTERPRETATION = [
  '一、出台背景和依据：依据《民办教育促进法》，为规范课外辅导收费制定本办法。',
  '二、目标任务：防范预收费风险。',
  '三、主要内容：明确收费公示和预收费时限。',
  '四、适用范围：本市校外培训机构。',
  '五、执行标准：一次性收费不超过三个月。',
  '六、注意事项：缴费请索取正式票据。',
  '七、新旧政策差异：与原办法相比新增预收费时限。',
].join('\n');
/** A Q&A that names a complainant with her ID-card number (a valid check digit: screening blocks it). */
const LEAKY_QA = '问：投诉处理情况如何？\n答：投诉人李某（身份证号 11010519491231002X）反映的问题已办结。';
const FIXED_QA = '问：投诉处理情况如何？\n答：群众反映的问题已全部办结，处理结果已书面告知投诉人。';

const ok = async <T>(res: Promise<{ status: number; body: T & { message?: string } }>): Promise<T> => {
  const r = await res;
  expect([r.status, r.body.message]).toEqual([200, undefined]);
  return r.body;
};

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`did not reach the expected state; last: ${JSON.stringify(last)}`);
}

const POLICY_BODY = '第一条 为规范课外辅导机构收费，制定本办法。\n第二条 本办法自发布之日起施行。';

async function createPackage(title: string): Promise<PolicyPackage> {
  const created = await gk.request<PolicyPackage & ErrorBody>('POST', '/policies', {
    as: 'zhangwei',
    body: {
      title,
      body: POLICY_BODY,
      category: '规范性文件',
      attribute: 'proactive',
      writtenDate: TODAY,
      interpretations: [
        { form: 'text', ownerId: 'zhangwei' },
        { form: 'qa', ownerId: 'sunli' },
      ],
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

const policyOf = (id: string) => async () => (await gk.request<Publication>('GET', `/publications/${id}`, { as: 'zhangwei' })).body;
const packageOf = (id: string) => async () => (await gk.request<PolicyPackage>('GET', `/policies/${id}`, { as: 'zhangwei' })).body;

it('warns on save by the configured elements and copy threshold', async () => {
  const pkg = await createPackage('关于规范课外辅导机构收费的办法');
  const warnings = async (version: number, body: string) => {
    const res = await gk.request<{ warnings: { kind: string; missing?: string[] }[] } & ErrorBody>('PUT', `/policies/${pkg.id}/interpretations/${pkg.interpretations[0].id}`, {
      as: 'zhangwei',
      body: { body, version },
    });
    expect([res.status, res.body.message]).toEqual([200, undefined]);
    return res.body.warnings;
  };
  // Two of three sentences copied (67%): under the configured 90%; of the configured elements only 咨询方式 is missing.
  expect(await warnings(0, '为规范课外辅导机构收费，制定本办法。本办法自发布之日起施行。出台背景是收费纠纷增多。')).toEqual([
    expect.objectContaining({ kind: 'missing_elements', missing: ['咨询方式'] }),
  ]);
  // Every sentence copied (the short line is no sentence) is above 90%; the elements are covered.
  expect(await warnings(1, '第一条 为规范课外辅导机构收费，制定本办法。第二条 本办法自发布之日起施行。背景：咨询电话')).toEqual([
    expect.objectContaining({ kind: 'copied_from_policy' }),
  ]);
});

it('returns a package whose interpretation holds an ID-card number, names it, and lets the fixed bundle through', async () => {
  const pkg = await createPackage('关于规范课外辅导机构收费投诉处理的办法');
  const [text, qa] = pkg.interpretations;
  const save = (as: DemoUsername, id: string, body: string, version: number) =>
    ok(gk.request<{ version: number; findings: Finding[] }>('PUT', `/policies/${pkg.id}/interpretations/${id}`, { as, body: { body, version } }));

  // While drafting: the owner sees the finding on save (it does not stop the save).
  expect((await save('zhangwei', text.id, TEXT_INTERPRETATION, 0)).findings).toEqual([]);
  const leaky = await save('sunli', qa.id, LEAKY_QA, 0);
  expect(leaky.version).toBe(1);
  expect(leaky.findings).toEqual([expect.objectContaining({ kind: 'id_card', severity: 'block', field: 'body', text: '11010519491231002X' })]);

  // Submitted anyway: the review screens the bundle and returns the policy, and with it the package.
  await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${text.id}/ready`, { as: 'zhangwei', body: { version: 1 } }));
  await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 1 } }));
  await ok(gk.request('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } }));
  const returnedPolicy = await until(policyOf(pkg.policyId), (p) => p.status === 'returned');
  expect(returnedPolicy.closingReason).toContain('自动检查');
  expect(returnedPolicy.findings).toEqual([
    {
      kind: 'id_card',
      severity: 'block',
      text: '11010519491231002X',
      start: expect.any(Number),
      end: expect.any(Number),
      suggestion: expect.any(String),
      field: 'body',
      part: { interpretationId: qa.id, version: 1, form: 'qa', label: '政策问答（孙丽）' },
    },
  ]);
  const f = returnedPolicy.findings[0] as Finding & { start: number; end: number };
  expect(LEAKY_QA.slice(f.start, f.end)).toBe('11010519491231002X');
  const returned = await until(packageOf(pkg.id), (p) => p.status === 'returned');
  expect(returned.interpretations.map((i) => i.status)).toEqual(['ready', 'ready']);

  // Fixed by its owner: version 2 is clean, ready again, and the resubmission passes screening into level 1.
  expect((await save('sunli', qa.id, FIXED_QA, 1)).findings).toEqual([]);
  await ok(gk.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 2 } }));
  const again = await ok(gk.request<PolicyPackage & { bundle: unknown }>('POST', `/policies/${pkg.id}/submit`, { as: 'zhangwei', body: { version: 1 } }));
  expect(again.bundle).toEqual({ policyVersion: 1, interpretations: [{ id: text.id, version: 1 }, { id: qa.id, version: 2 }] });
  const inReview = await until(policyOf(pkg.policyId), (p) => p.status === 'in_review');
  expect(inReview.stage?.level).toBe(1);
  expect(inReview.findings).toEqual([]);
  expect((await packageOf(pkg.id)()).status).toBe('in_review');
}, 90_000);
