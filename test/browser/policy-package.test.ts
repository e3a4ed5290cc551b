/**
 * 政策解读 in a real browser (issue 11): the author drafts a policy with its interpretation plan (a 文字解读 of
 * their own, a 政策问答 by 孙丽 of 政策法规科), drafts and marks ready the text — ticking the content checks'
 * warnings first — meets the gate, comments on the Q&A quoting a passage selected in it, and submits the bundle;
 * the reviewers approve (over the API); the co-drafting page and the policy's manuscript page show what each
 * signature covered and the index numbers, and the public catalogue links the policy and its interpretations.
 */
import type { Browser } from 'playwright-core';
import { NOT_SECRET, startGongkaiApp, waitForItem, type DemoUsername, type RunningGongkai } from '../support/gongkai-app';
import { choose, cspViolationsOf, describeInBrowser, ensureWebBuilt, launchBrowser, newPage, screenshot, setPasswords, signInAs, webOrigin } from './browser-support';

jest.setTimeout(300_000);

interface Interpretation {
  id: string;
  form: string;
  status: string;
  version: number;
  indexNumber?: string;
}
interface PolicyPackage {
  id: string;
  policyId: string;
  status: string;
  interpretations: Interpretation[];
  indexNumber?: string;
}

const POLICY_BODY = [
  '各区教育局、各直属学校：',
  '为规范校外培训机构管理，保障学生合法权益，根据有关法律法规，制定本办法。',
  '第一条 本办法适用于本市行政区域内面向中小学生的校外培训机构。',
  '第二条 校外培训机构应当在办学场所显著位置公示收费项目和收费标准。',
  '第三条 校外培训机构一次性收取费用的时间跨度不得超过三个月。',
].join('\n');

// Lacks 新旧政策差异: the content check warns, the author ticks it and marks the text ready anyway.
const TEXT_INTERPRETATION = [
  '一、出台背景和依据：近年来校外培训收费纠纷增多，依据《民办教育促进法》等规定制定本办法。',
  '二、目标任务：规范收费行为，防范“退费难”风险。',
  '三、主要内容：明确收费公示、预收费时限等要求。',
  '四、适用范围：本市面向中小学生的校外培训机构。',
  '五、执行标准：一次性收费不超过三个月。',
  '六、注意事项：家长缴费时请索取正式票据。',
].join('\n');

const QA = '问：收费标准在哪里公示？\n答：在办学场所显著位置和网站公示。\n问：一次最多预收多长时间的费用？\n答：不超过三个月。';

describeInBrowser('browser: 政策解读 co-drafting → 同步审签 → 同步发布', () => {
  let app: RunningGongkai;
  let browser: Browser;
  let web: { origin: string; close: () => Promise<void> };
  let passwords: Record<string, string>;
  const title = `关于规范校外培训机构收费管理的办法（浏览器测试 ${Date.now().toString(36)}）`;
  let pkg: PolicyPackage;

  const refresh = async () => {
    pkg = (await app.request<PolicyPackage>('GET', `/policies/${pkg.id}`, { as: 'zhangwei' })).body;
    return pkg;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startGongkaiApp();
    passwords = await setPasswords(app, ['zhangwei']);
    web = await webOrigin(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await app?.stop();
  });

  it('the author drafts the policy with its interpretation plan; the plan must hold a 文字解读', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.locator('.el-menu').getByText('政策解读').click();
    await page.waitForURL((u) => u.pathname === '/policy-packages');
    await page.locator('[data-test="policy-new"]').click();
    await page.waitForURL((u) => u.pathname === '/policy-packages/new');

    await page.locator('input[name="title"]').fill(title);
    await page.locator('textarea[name="body"]').fill(POLICY_BODY);
    // The first row is the author's own; make it a Q&A: the form refuses a plan without a 文字解读.
    await choose(page, 'plan-form-0', '政策问答');
    await page.locator('[data-test="draft-submit"]').click();
    await page.locator('[data-test="plan"] .el-form-item__error', { hasText: '须包含一项文字解读' }).first().waitFor();
    await choose(page, 'plan-form-0', '文字解读');
    await page.locator('[data-test="plan-add"]').click();
    await page.locator('input[name="owner-1"]').fill('sunli');
    await page.locator('input[name="plan-title-1"]').fill('校外培训收费管理政策问答');
    await screenshot(page, 'policy-new');

    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/policies' && r.request().method() === 'POST');
    await page.locator('[data-test="draft-submit"]').click();
    const res = await created;
    expect(res.status()).toBe(201);
    pkg = (await res.json()) as PolicyPackage;
    expect(pkg.interpretations.map((i) => i.form)).toEqual(['text', 'qa']);
    await page.waitForURL((u) => u.pathname === `/policy-packages/${pkg.id}`);
    await page.locator('[data-test="policy-body"]', { hasText: '第一条' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('the author drafts the text, ticks the content check and marks it ready; the gate names the Q&A still drafting', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.goto(`${web.origin}/policy-packages/${pkg.id}`);
    const panel = page.locator('[data-test="interpretation-text"]');
    await panel.locator('[data-test="interp-edit"]').click();
    await panel.locator('input[name="interp-title"]').fill('《关于规范校外培训机构收费管理的办法》解读');
    await panel.locator('textarea[name="interp-body"]').fill(TEXT_INTERPRETATION);
    await panel.locator('[data-test="interp-save"]').click();
    const warnings = panel.locator('[data-test="interp-warnings"]');
    await warnings.getByText('新旧政策差异').first().waitFor();
    await panel.locator('[data-test="interp-version"]', { hasText: '第 1 版' }).waitFor();
    // Not ready until every warning is ticked.
    await expect(panel.locator('[data-test="interp-ready"]').isDisabled()).resolves.toBe(true);
    const boxes = warnings.locator('.el-checkbox');
    for (let n = 0; n < (await boxes.count()); n++) await boxes.nth(n).click();
    await panel.locator('[data-test="interp-ready"]').click();
    await panel.locator('[data-test="interp-status"]', { hasText: '已就绪' }).waitFor();

    await page.locator('[data-test="package-submit"]').click();
    const gate = page.locator('[data-test="not-ready"]');
    await gate.waitFor();
    await expect(gate.innerText()).resolves.toContain('政策问答（孙丽）');
    await screenshot(page, 'policy-gate');
    await context.close();
  });

  it('孙丽 (政策法规科) drafts the Q&A and marks it ready (over the API)', async () => {
    const qa = pkg.interpretations[1];
    const saved = await app.request<{ version: number }>('PUT', `/policies/${pkg.id}/interpretations/${qa.id}`, { as: 'sunli', body: { body: QA, version: 0 } });
    expect(saved.status).toBe(200);
    expect((await app.request('POST', `/policies/${pkg.id}/interpretations/${qa.id}/ready`, { as: 'sunli', body: { version: 1 } })).status).toBe(200);
    // The co-drafting view reads the text it shows from here.
    const read = await app.request<{ body: string; version: number }>('GET', `/policies/${pkg.id}/interpretations/${qa.id}`, { as: 'zhangwei' });
    expect(read.body).toMatchObject({ version: 1 });
  });

  it('the lead comments beside the Q&A quoting a selected passage, then submits the bundle', async () => {
    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.goto(`${web.origin}/policy-packages/${pkg.id}`);
    await page.locator('[data-test="tab-qa"]').click();
    const panel = page.locator('[data-test="interpretation-qa"]');
    const body = panel.locator('[data-test="interp-body"]');
    await body.waitFor();
    // The text is a copy from a projection that may trail the workflow by a moment.
    for (let i = 0; i < 40 && !(await body.innerText()).includes('不超过三个月'); i++) {
      await page.reload();
      await page.locator('[data-test="tab-qa"]').click();
      await page.waitForTimeout(250);
    }
    await body.click({ clickCount: 3 });
    await panel.locator('[data-test="quote-selection"]').click();
    const quoted = await panel.locator('[data-test="comment-quote-draft"]').innerText();
    expect(quoted.length).toBeGreaterThan(0);
    await panel.locator('textarea[name="comment-text"]').fill('请补充退费办理的问答');
    await panel.locator('[data-test="comment-submit"]').click();
    const comment = panel.locator('[data-test="comment"]', { hasText: '请补充退费办理的问答' });
    await comment.waitFor();
    await expect(comment.locator('[data-test="comment-quote"]').innerText()).resolves.not.toBe('');
    await screenshot(page, 'policy-codrafting');

    const submitted = page.waitForResponse((r) => r.url().endsWith(`/policies/${pkg.id}/submit`));
    await page.locator('[data-test="package-submit"]').click();
    expect((await submitted).status()).toBe(200);
    await page.locator('[data-test="package-status"]', { hasText: '审核中' }).waitFor();
    await page.locator('[data-test="bundle-submitted"]', { hasText: '文字解读第1版、政策问答第1版' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('the reviewers approve; the pages show what each signature covered and the index numbers', async () => {
    await waitForItem(app, pkg.policyId, 'zhangwei', (p) => p.status === 'in_review');
    const approvals: [DemoUsername, Record<string, unknown>][] = [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
      ['chenjun', { version: 1 }],
    ];
    for (const [user, body] of approvals) {
      const res = await app.request<{ message?: string }>('POST', `/publications/${pkg.policyId}/approve`, { as: user, body });
      expect([user, res.status, res.body.message]).toEqual([user, 200, undefined]);
    }
    for (let i = 0; i < 100 && !((await refresh()).indexNumber && pkg.interpretations.every((x) => x.indexNumber)); i++) await new Promise((r) => setTimeout(r, 200));
    expect(pkg.interpretations.every((x) => x.indexNumber)).toBe(true);

    const { context, page } = await newPage(browser);
    await signInAs(page, web.origin, 'zhangwei', passwords.zhangwei);
    await page.goto(`${web.origin}/policy-packages/${pkg.id}`);
    await page.locator('[data-test="package-status"]', { hasText: '已发布' }).waitFor();
    await expect(page.locator('[data-test="bundle-coverage"]').allInnerTexts()).resolves.toEqual(
      Array(3).fill('审核意见涵盖：政策第1版；文字解读第1版、政策问答第1版'),
    );
    const published = page.locator('[data-test="bundle-published"]');
    await expect(published.innerText()).resolves.toContain(pkg.indexNumber!);
    for (const i of pkg.interpretations) await expect(published.innerText()).resolves.toContain(i.indexNumber!);
    await page.locator('[data-test="bundle-signoff"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'policy-signoff');

    // The policy's manuscript page: each decision's coverage, and the package's sign-off tab.
    await page.locator('[data-test="policy-manuscript"]').click();
    await page.waitForURL((u) => u.pathname === `/manuscripts/${pkg.policyId}`);
    await page.locator('[data-test="package-link"]').waitFor();
    await page.getByRole('tab', { name: '审核记录' }).click();
    await expect(page.locator('[data-test="decision-bundle"]').count()).resolves.toBe(3);
    await page.getByRole('tab', { name: '同步审签' }).click();
    await page.locator('[data-test="bundle-published"]').waitFor();
    await screenshot(page, 'policy-manuscript-signoff');
    await context.close();
  });

  it('the public catalogue links the policy and its interpretations both ways', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${web.origin}/open/${encodeURIComponent(pkg.indexNumber!)}`);
    await page.locator('[data-test="catalog-title"]', { hasText: title }).waitFor();
    const related = page.locator('[data-test="related-entry"]');
    await expect(related.allInnerTexts()).resolves.toEqual([
      expect.stringContaining('解读 · 文字解读'),
      expect.stringContaining('解读 · 政策问答'),
    ]);
    await screenshot(page, 'policy-catalogue-entry');
    await related.nth(1).locator('[data-test="related-link"]').click();
    await page.locator('[data-test="catalog-title"]', { hasText: '校外培训收费管理政策问答' }).waitFor();
    await page.locator('[data-test="related-entry"]', { hasText: '所解读的政策' }).waitFor();
    await expect(page.locator('[data-test="related-link"]').innerText()).resolves.toBe(title);
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
