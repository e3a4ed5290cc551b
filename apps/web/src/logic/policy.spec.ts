import type { Interpretation, PolicyPackage } from '../api/types';
import { emptyDraft } from './draft';
import {
  bundleCoverage, bundleOf, canSubmitPackage, createPolicyBody, dueOf, emptyPlan, gateLines, interpretationStatusLabel, packageStatusLabel,
  planFieldOf, powersOf, quoteFrom, relatedLabel, validatePlan,
} from './policy';

const interp = (over: Partial<Interpretation> = {}): Interpretation =>
  ({ id: 'i1', form: 'text', ownerId: 'zhangwei', ownerName: '张伟', status: 'drafting', version: 1, ...over }) as Interpretation;
const pkg = (over: Partial<PolicyPackage> = {}): PolicyPackage =>
  ({
    id: 'k', policyId: 'p', title: '办法', leadId: 'zhangwei', leadName: '张伟', status: 'drafting', policyVersion: 1,
    interpretations: [interp(), interp({ id: 'i2', form: 'qa', ownerId: 'sunli', ownerName: '孙丽' })], createdAt: '2026-03-01T00:00:00Z', ...over,
  }) as PolicyPackage;

describe('the interpretation plan', () => {
  it('requires a 文字解读, an owner on every row and a reason for a deferral', () => {
    expect(validatePlan(emptyPlan('zhangwei'))).toEqual({});
    expect(validatePlan({ rows: [{ form: 'qa', ownerId: 'sunli', title: '' }], deferred: false, deferralReason: '' }).plan).toContain('文字解读');
    expect(validatePlan({ rows: [], deferred: false, deferralReason: '' }).plan).toContain('至少');
    const e = validatePlan({ rows: [{ form: 'text', ownerId: ' ', title: '' }, { form: '', ownerId: 'sunli', title: '' }], deferred: true, deferralReason: '  ' });
    expect(Object.keys(e).sort()).toEqual(['deferralReason', 'rows.0.ownerId', 'rows.1.form']);
  });

  it('becomes POST /policies: the draft fields, the trimmed plan, and the deferral only when switched on', () => {
    const draft = { ...emptyDraft('2026-03-02'), title: ' 办法 ', body: '正文', category: '规范性文件' };
    const plan = { rows: [{ form: 'text', ownerId: ' zhangwei ', title: '' }, { form: 'qa', ownerId: 'sunli', title: ' 问答 ' }], deferred: false, deferralReason: '忽略' };
    expect(createPolicyBody(draft, plan)).toMatchObject({
      title: '办法',
      category: '规范性文件',
      interpretations: [{ form: 'text', ownerId: 'zhangwei' }, { form: 'qa', ownerId: 'sunli', title: '问答' }],
    });
    expect(createPolicyBody(draft, plan).deferral).toBeUndefined();
    expect(createPolicyBody(draft, { ...plan, deferred: true, deferralReason: ' 图解需外包制作 ' }).deferral).toEqual({ reason: '图解需外包制作' });
  });

  it('puts the API’s messages on the plan rows', () => {
    expect(planFieldOf('interpretations.1.ownerId')).toBe('rows.1.ownerId');
    expect(planFieldOf('interpretations')).toBe('plan');
    expect(planFieldOf('deferral.reason')).toBe('deferralReason');
    expect(planFieldOf('title')).toBe('title');
  });
});

describe('who may do what', () => {
  it('owners and the lead edit; only the owner marks ready; only the lead returns a ready one', () => {
    const p = pkg();
    expect(powersOf(p, p.interpretations[1], 'sunli')).toEqual({ edit: true, ready: true, return: false, release: false });
    expect(powersOf(p, p.interpretations[1], 'zhangwei')).toEqual({ edit: true, ready: false, return: false, release: false });
    expect(powersOf(p, p.interpretations[1], 'liuyang')).toEqual({ edit: false, ready: false, return: false, release: false });
    expect(powersOf(p, interp({ version: 0 }), 'zhangwei').ready).toBe(false);
    expect(powersOf(p, interp({ ownerId: 'sunli', status: 'ready' }), 'zhangwei').return).toBe(true);
  });

  it('locks everything once submitted, and only the lead submits while drafting or returned', () => {
    const p = pkg({ status: 'in_review' });
    expect(powersOf(p, p.interpretations[0], 'zhangwei')).toEqual({ edit: false, ready: false, return: false, release: false });
    expect(canSubmitPackage(p, 'zhangwei')).toBe(false);
    expect(canSubmitPackage(pkg({ status: 'returned' }), 'zhangwei')).toBe(true);
    expect(canSubmitPackage(pkg(), 'sunli')).toBe(false);
  });

  it('releases a ready deferred interpretation after the policy is published (lead only), and shows its due date', () => {
    const deferred = interp({ status: 'ready', deferred: true, dueAt: '2026-03-05T16:00:00Z', late: true } as Partial<Interpretation>);
    const p = pkg({ status: 'published' });
    expect(powersOf(p, deferred, 'zhangwei').release).toBe(true);
    expect(powersOf(pkg({ status: 'in_review' }), deferred, 'zhangwei').release).toBe(false);
    expect(powersOf(p, deferred, 'sunli').release).toBe(false);
    // still drafted after the policy went out
    expect(powersOf(p, { ...deferred, status: 'drafting' }, 'zhangwei').edit).toBe(true);
    expect(dueOf(deferred)).toEqual({ text: expect.stringContaining('前完成'), late: true });
    expect(dueOf(interp())).toBeNull();
  });
});

describe('one signature over the bundle', () => {
  it('names the versions a decision covered', () => {
    const p = pkg();
    expect(bundleCoverage({ policyVersion: 2, interpretations: [{ id: 'i1', version: 3 }, { id: 'i2', version: 1 }] }, p.interpretations)).toBe(
      '审核意见涵盖：政策第2版；文字解读第3版、政策问答第1版',
    );
    expect(bundleCoverage({ policyVersion: 1, interpretations: [{ id: 'x', version: 2 }] }, [])).toBe('审核意见涵盖：政策第1版；解读1第2版');
  });

  it('reads a decision’s bundle only when it is well formed', () => {
    expect(bundleOf({ kind: 'approve' })).toBeNull();
    expect(bundleOf({ bundle: { policyVersion: 1, interpretations: [{ id: 'a', version: 1 }, { id: 2 }] } })).toEqual({ policyVersion: 1, interpretations: [{ id: 'a', version: 1 }] });
  });
});

describe('comments beside the text', () => {
  it('quotes a selection only from the interpretation’s body', () => {
    const body = '问：收费标准在哪里公示？\n答：在办学场所显著位置和网站公示。';
    expect(quoteFrom('  在办学场所显著位置 ', body)).toBe('在办学场所显著位置');
    expect(quoteFrom('公示？ 答：在办学', body)).toBe('公示？ 答：在办学');
    expect(quoteFrom('协同起草', body)).toBe('');
    expect(quoteFrom('', body)).toBe('');
  });

  it('lists the interpretations the gate named', () => {
    expect(gateLines('以下解读尚未就绪，政策不能提交审核（同步起草、同步审签）：文字解读（张伟）、政策问答（孙丽）')).toEqual(['文字解读（张伟）', '政策问答（孙丽）']);
    expect(gateLines('您没有权限')).toEqual([]);
  });

  it('labels a catalogue entry’s related entries', () => {
    expect(relatedLabel({ relation: 'interpreted_by', form: 'qa' })).toBe('解读 · 政策问答');
    expect(relatedLabel({ relation: 'interprets' })).toBe('所解读的政策');
    expect(relatedLabel({ relation: 'feedback' })).toBe('意见采纳情况反馈');
    expect(relatedLabel({ relation: 'feedback_on' })).toBe('征求意见公告');
  });

  it('labels statuses in Chinese', () => {
    expect(packageStatusLabel('drafting')).toBe('协同起草中');
    expect(interpretationStatusLabel('ready')).toBe('已就绪');
    expect(packageStatusLabel('odd')).toBe('odd');
  });
});
