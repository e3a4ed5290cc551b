import type { DisclosureRequest } from '../api/types';
import {
  allowedActions, clarificationItems, clockNotYetRead, daysLeftTag, deadlineTimeline, deskFilters, deskQuery, emptyRegisterForm, normaliseTrackingCode, OUTCOME_GROUPS, outcomeLabel,
  publicFilingBody, registerBody, replyPdfHref, validatePublicFiling, validateRegister,
} from './requests';

const request = (over: Partial<DisclosureRequest> = {}): DisclosureRequest => ({
  id: 'r1',
  trackingCode: 'SQ-2026-ABCDEFGH',
  status: 'registered',
  receivedOn: '2026-11-02',
  dueOn: '2026-11-30',
  clockRunning: true,
  extended: false,
  overdue: false,
  workingDaysLeft: 8,
  channel: 'in_person',
  content: '申请公开招生计划',
  requester: { kind: 'natural_person', name: '李明', contact: '13812345678' },
  ...over,
});
const reply = (status: string) => ({ reply: { outcome: 'disclosed', body: '予以公开', draftedBy: '赵敏', status } as never });

describe('依申请公开 pages', () => {
  it('groups the 21 outcomes like table 3, each once', () => {
    const values = OUTCOME_GROUPS.flatMap((g) => g.options.map((o) => o.value));
    expect(values).toHaveLength(21);
    expect(new Set(values).size).toBe(21);
    expect(OUTCOME_GROUPS.map((g) => g.options.length)).toEqual([1, 1, 8, 3, 5, 3]);
    expect(outcomeLabel('refused.state_secret')).toBe('不予公开：属于国家秘密');
    expect(outcomeLabel('disclosed')).toBe('予以公开');
  });

  it('tags working days left from the API’s count, a stopped clock as stopped', () => {
    expect(daysLeftTag(request())).toEqual({ text: '剩 8 个工作日', type: 'primary' });
    expect(daysLeftTag(request({ workingDaysLeft: 5 }))).toEqual({ text: '剩 5 个工作日', type: 'warning' });
    expect(daysLeftTag(request({ workingDaysLeft: 0 }))).toEqual({ text: '今日到期', type: 'danger' });
    expect(daysLeftTag(request({ workingDaysLeft: -2, overdue: true }))).toEqual({ text: '逾期 2 个工作日', type: 'danger' });
    expect(daysLeftTag(request({ status: 'third_party', clockRunning: false, dueOn: undefined, workingDaysLeft: undefined })).text).toBe('期限暂停');
    expect(daysLeftTag(request({ status: 'awaiting_confirmation', clockRunning: false, dueOn: undefined })).text).toBe('待确认收到，未起算');
    expect(daysLeftTag(request({ status: 'closed', onTime: false })).text).toBe('逾期办结');
  });

  it('offers each role only what the workflow allows in the status', () => {
    const office = ['office'];
    const head = ['office', 'office_head'];
    const leader = ['leader'];
    expect(allowedActions(request({ status: 'awaiting_confirmation', clockRunning: false, dueOn: undefined }), office)).toEqual(['confirm']);
    expect(allowedActions(request(), office)).toEqual(['clarification', 'thirdParty', 'reply']);
    expect(allowedActions(request(), head)).toEqual(['clarification', 'thirdParty', 'reply', 'extend']);
    expect(allowedActions(request({ extended: true }), head)).not.toContain('extend');
    expect(allowedActions(request({ overdue: true }), head)).not.toContain('extend');
    expect(allowedActions(request(), leader)).toEqual([]);
    expect(allowedActions(request({ clarification: { items: ['x'] } as never }), office)).toEqual(['thirdParty', 'reply']);
    expect(allowedActions(request({ status: 'awaiting_clarification', clockRunning: false }), office)).toEqual(['clarified']);
    expect(allowedActions(request({ status: 'third_party', clockRunning: false }), office)).toEqual(['thirdParty', 'thirdPartyAnswer']);
    expect(allowedActions(request({ status: 'replying', ...reply('awaiting_approval') }), leader)).toEqual(['approve', 'return']);
    expect(allowedActions(request({ status: 'replying', ...reply('awaiting_approval') }), office)).toEqual([]);
    expect(allowedActions(request({ status: 'replying', ...reply('returned') }), office)).toEqual(['reply']);
    expect(allowedActions(request({ status: 'replying', ...reply('approved') }), office)).toEqual(['issue']);
    expect(allowedActions(request({ status: 'closed', ...reply('approved') }), head)).toEqual([]);
  });

  it('links the reply letter once a reply exists', () => {
    expect(replyPdfHref(request())).toBeNull();
    expect(replyPdfHref(request(reply('approved')))).toBe('/requests/r1/reply.pdf');
  });

  it('checks the register form and sends only what was filled', () => {
    const f = emptyRegisterForm('2026-12-02');
    expect(Object.keys(validateRegister(f, '2026-12-02')).sort()).toEqual(['content', 'requester.contact', 'requester.name']);
    f.requester = { kind: 'legal_person', category: '', name: ' 示范大学 ', idNumber: '', contact: '0551-1234567', address: '' };
    f.content = ' 招生计划 ';
    f.receivedOn = '2026-12-03';
    expect(validateRegister(f, '2026-12-02')).toEqual({ 'requester.category': '请选择法人或其他组织的类别', receivedOn: '收到日期不能晚于今天' });
    f.requester.category = 'research';
    f.receivedOn = '2026-12-01';
    expect(validateRegister(f, '2026-12-02')).toEqual({});
    expect(registerBody(f)).toEqual({ requester: { kind: 'legal_person', category: 'research', name: '示范大学', contact: '0551-1234567' }, content: '招生计划', channel: 'in_person', receivedOn: '2026-12-01' });
    const filing = { requester: { ...f.requester, kind: 'natural_person' as const, category: 'research' as const }, content: '招生计划', purpose: '' };
    expect(validatePublicFiling(filing)).toEqual({});
    expect(publicFilingBody(filing).requester).not.toHaveProperty('category');
  });

  it('reads 补正 items one a line, tracking codes as typed, and the desk filters from the address bar', () => {
    expect(clarificationItems('请写明文号\n\n  请写明年份 \r\n')).toEqual(['请写明文号', '请写明年份']);
    expect(normaliseTrackingCode(' sq-2026-abcd efgh ')).toBe('SQ-2026-ABCDEFGH');
    expect(normaliseTrackingCode('SQ-2026-0000')).toBe('');
    const f = deskFilters({ status: 'replying', overdue: 'yes', dueBefore: '2026-12-31', page: '2' });
    expect(f).toEqual({ status: 'replying', overdue: '', dueBefore: '2026-12-31', page: 2 });
    expect(deskQuery(f)).toEqual({ status: 'replying', dueBefore: '2026-12-31', page: '2' });
    expect(deskFilters({ status: 'nonsense' }).status).toBe('');
  });

  it('shows the deadline explanation as a timeline', () => {
    const items = deadlineTimeline({ events: [{ at: '2026-11-02T01:00:00Z', kind: 'registered', note: '登记', dueOn: '2026-11-30' }, { at: '2026-11-03T01:00:00Z', kind: 'clarification_sent', note: '补正' }] });
    expect(items).toEqual([
      { at: '2026-11-02T01:00:00Z', note: '登记', dueOn: '2026-11-30', type: 'primary' },
      { at: '2026-11-03T01:00:00Z', note: '补正', type: 'warning' },
    ]);
  });
});

describe('clockNotYetRead', () => {
  it('is a registered or replying request without a due date: the workflow has not read its clock yet', () => {
    expect(clockNotYetRead({ status: 'registered', dueOn: undefined })).toBe(true);
    expect(clockNotYetRead({ status: 'registered', dueOn: '2026-12-30' })).toBe(false);
    // a stopped clock has no due date on purpose, and a closed or unconfirmed request none to read
    expect(clockNotYetRead({ status: 'awaiting_clarification', dueOn: undefined })).toBe(false);
    expect(clockNotYetRead({ status: 'third_party', dueOn: undefined })).toBe(false);
    expect(clockNotYetRead({ status: 'awaiting_confirmation', dueOn: undefined })).toBe(false);
    expect(clockNotYetRead({ status: 'closed', dueOn: undefined })).toBe(false);
  });

  it('is also a deadline explanation not read yet although the request shows its due date (read a moment apart)', () => {
    const read = { dueOn: '2026-12-30', events: [{ at: '2026-12-01T02:00:00Z', kind: 'received', note: '收到申请，第 0 日' }] };
    expect(clockNotYetRead({ status: 'registered', dueOn: '2026-12-30' }, { dueOn: undefined, events: [] })).toBe(true);
    expect(clockNotYetRead({ status: 'registered', dueOn: '2026-12-30' }, { ...read, events: [] })).toBe(true);
    expect(clockNotYetRead({ status: 'registered', dueOn: '2026-12-30' }, read)).toBe(false);
    expect(clockNotYetRead({ status: 'awaiting_clarification', dueOn: undefined }, { dueOn: undefined, events: [] })).toBe(false);
  });
});
