import type { Publication } from '../api/types';
import { actionForms, actionRequest, dialogField, validateAction } from './actions';

type P = Pick<Publication, 'allowedActions' | 'stage' | 'version'>;
const item = (allowedActions: P['allowedActions'], level = 1): P => ({
  allowedActions, version: 3,
  stage: { level, role: 'section_head', label: '科室审核', assignee: 'lina', assigneeName: '李娜', deciders: ['lina'], since: '', reminded: false, escalated: false },
});

describe('actions from allowedActions', () => {
  it('offers exactly the actions the API allows, in a fixed order', () => {
    expect(actionForms(item(['withdraw', 'revise'])).map((f) => f.action)).toEqual(['revise', 'withdraw']);
    expect(actionForms(item([]))).toEqual([]);
  });

  it('approve at level 1 asks for the 保密审查 conclusion; at level 2 it does not', () => {
    const [l1] = actionForms(item(['approve'], 1));
    expect(l1.fields).toContain('confidentiality');
    expect(validateAction(l1, {})).toEqual({ confidentiality: '请填写保密审查结论' });
    const [l2] = actionForms(item(['approve'], 2));
    expect(l2.fields).not.toContain('confidentiality');
    expect(validateAction(l2, {})).toEqual({});
  });

  it('builds the approve body with version, level and the conclusion', () => {
    const p = item(['approve'], 1);
    const [form] = actionForms(p);
    expect(actionRequest(form, p, { confidentiality: 'not_secret', confidentialityNote: ' 已核 ', comment: '  ' })).toEqual({
      action: 'approve',
      body: { version: 3, level: 1, confidentiality: { conclusion: 'not_secret', note: '已核' } },
    });
  });

  it('reject and request changes need a reason', () => {
    const p = item(['reject', 'request-changes'], 2);
    const [changes, reject] = actionForms(p);
    expect(changes.action).toBe('request-changes');
    expect(validateAction(reject, { reason: '  ' })).toEqual({ reason: '请填写理由' });
    expect(actionRequest(reject, p, { reason: ' 数据有误 ', comment: '请核对' })).toEqual({
      action: 'reject', body: { version: 3, level: 2, reason: '数据有误', comment: '请核对' },
    });
  });

  it('withdraw takes an optional reason; retract requires one', () => {
    const p = item(['withdraw', 'retract']);
    const [withdraw, retract] = actionForms(p);
    expect(validateAction(withdraw, {})).toEqual({});
    expect(actionRequest(withdraw, p, {})).toEqual({ action: 'withdraw', body: { version: 3 } });
    expect(validateAction(retract, {})).toEqual({ reason: '请填写撤回理由' });
    expect(actionRequest(retract, p, { reason: '内容有误' })).toEqual({ action: 'retract', body: { reason: '内容有误', version: 3 } });
  });

  it('revise opens the editor; submit needs no dialog', () => {
    const forms = actionForms(item(['submit', 'revise']));
    expect(forms.find((f) => f.action === 'revise')?.opensEditor).toBe(true);
    expect(forms.find((f) => f.action === 'submit')?.fields).toEqual([]);
  });

  it('maps the API’s nested field names onto the dialog', () => {
    expect(dialogField('confidentiality.conclusion')).toBe('confidentiality');
    expect(dialogField('confidentiality.note')).toBe('confidentialityNote');
    expect(dialogField('reason')).toBe('reason');
  });
});
