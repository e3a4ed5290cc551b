import type { Cluster, Consultation, StaffComment } from '../api/types';
import {
  closingText, commentBody, countdownText, createConsultationBody, decisionLabel, manuscriptLink, manuscriptNote, emptyComment, emptyConsultation, extensionText, groupByCluster,
  powersOf, retryAfterSeconds, statusLabel, tooManyText, undecided, validateComment, validateConsultation, validateDisposition, validateExtension, waitLabel,
} from './consultation';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('the countdown', () => {
  const closesAt = '2026-01-05T15:59:59.999Z'; // 2026-01-05 23:59:59.999 Beijing
  const at = (ms: number) => Date.parse(closesAt) - ms;

  it('counts days and hours to the closing, the last hour in minutes', () => {
    expect(countdownText('open', closesAt, at(3 * DAY + 5 * HOUR + 10_000))).toBe('距截止还有 3 天 5 小时');
    expect(countdownText('open', closesAt, at(23 * HOUR))).toBe('距截止还有 0 天 23 小时');
    expect(countdownText('open', closesAt, at(30 * 60_000))).toBe('距截止还有 30 分钟');
    expect(countdownText('open', closesAt, at(5_000))).toBe('距截止还有 1 分钟');
  });

  it('reads 已截止 once the API says so or the moment has passed', () => {
    expect(countdownText('open', closesAt, at(-1))).toBe('已截止');
    expect(countdownText('closed', closesAt, at(10 * DAY))).toBe('已截止');
    expect(countdownText('concluded', closesAt, at(-DAY))).toBe('已截止');
    expect(countdownText('draft', undefined, 0)).toBe('');
  });

  it('prints the closing day in Beijing time, whatever the browser’s zone', () => {
    expect(closingText('2026-01-05T15:59:59.999Z')).toBe('2026年1月5日24时');
    expect(closingText('2026-02-28T15:59:59.999Z')).toBe('2026年2月28日24时');
    expect(closingText(undefined)).toBe('');
    expect(extensionText({ days: 5, reason: '意见较多', at: '2026-01-03T02:00:00Z', closesAt: '2026-01-10T15:59:59.999Z' })).toContain('截止时间延至 2026年1月10日24时。理由：意见较多');
  });
});

describe('labels', () => {
  it('names every status and decision in Chinese', () => {
    expect(['draft', 'in_review', 'open', 'closed', 'concluded', 'withdrawn'].map(statusLabel)).toEqual(['草稿', '公告审核中', '征求意见中', '已截止', '已反馈', '已撤回']);
    expect(['adopted', 'partly_adopted', 'not_adopted', 'not_applicable', undefined].map(decisionLabel)).toEqual(['采纳', '部分采纳', '不予采纳', '不适用', '未处理']);
  });
});

describe('the public comment form', () => {
  it('requires the text, at most 5000 characters; optional fields are left out when blank', () => {
    expect(validateComment(emptyComment()).text).toBe('请填写意见内容');
    expect(validateComment({ ...emptyComment(), text: '长'.repeat(5001) }).text).toContain('5000');
    expect(validateComment({ ...emptyComment(), text: '长'.repeat(5000) })).toEqual({});
    expect(validateComment({ text: '好', name: '名'.repeat(51), contact: '', clause: '' })).toEqual({ name: '姓名不超过 50 字' });
    expect(commentBody({ text: ' 建议 ', name: ' ', contact: '138', clause: '第五条 ' })).toEqual({ text: '建议', contact: '138', clause: '第五条' });
  });

  it('reads a 429’s Retry-After: the wait on the button, and in the message when the API does not say it', () => {
    expect(retryAfterSeconds('30', 0)).toBe(30);
    expect(retryAfterSeconds('0', 0)).toBe(1);
    expect(retryAfterSeconds(new Date(45_000).toUTCString(), 0)).toBe(45);
    expect(retryAfterSeconds(null, 0)).toBeNull();
    expect(retryAfterSeconds('soon', 0)).toBeNull();
    expect(tooManyText('请求过于频繁', 30)).toBe('请求过于频繁（请 30 秒后再试）');
    expect(tooManyText('请求过于频繁', 120)).toBe('请求过于频繁（请 2 分钟后再试）');
    expect(tooManyText('同一网络地址每分钟提交的意见过多，请 12 秒后再提交', 12)).toBe('同一网络地址每分钟提交的意见过多，请 12 秒后再提交');
    expect(tooManyText('请求过于频繁', null)).toBe('请求过于频繁');
    expect(waitLabel(10_000, 1_500)).toBe('请 9 秒后再提交');
    expect(waitLabel(10_000, 10_000)).toBe('');
  });
});

describe('the create form', () => {
  const filled = { ...emptyConsultation(), title: '公告', draftBody: '第一条', explanation: '说明' };

  it('asks for a reason below 30 days and checks the days', () => {
    expect(validateConsultation(filled)).toEqual({});
    expect(Object.keys(validateConsultation(emptyConsultation())).sort()).toEqual(['draftBody', 'explanation', 'title']);
    expect(validateConsultation({ ...filled, days: 15 }).shortReason).toContain('少于 30 日');
    expect(validateConsultation({ ...filled, days: 15, shortReason: '紧急' })).toEqual({});
    for (const days of [0, 366, 1.5, null]) expect(validateConsultation({ ...filled, days }).days).toBeDefined();
  });

  it('sends the reason only for a short window', () => {
    expect(createConsultationBody({ ...filled, days: 30, shortReason: '忽略', contact: ' 科室电话 ' })).toEqual({ title: '公告', draftBody: '第一条', explanation: '说明', days: 30, contact: '科室电话' });
    expect(createConsultationBody({ ...filled, days: 20, shortReason: ' 紧急 ' }).shortReason).toBe('紧急');
  });
});

describe('dispositions', () => {
  it('require a reason for everything but 采纳', () => {
    expect(validateDisposition('adopted', '')).toBe('');
    expect(validateDisposition('partly_adopted', ' ')).toContain('须说明理由');
    expect(validateDisposition('not_adopted', '成本须分担')).toBe('');
    expect(validateDisposition('not_applicable', '')).toContain('不适用');
    expect(validateDisposition('', '')).toBe('请选择处理结果');
    expect(validateDisposition('adopted', 'x'.repeat(2001))).toContain('2000');
  });

  it('group the comments under their clusters and count the undecided', () => {
    const clusters = [{ id: 'a', size: 2, text: '甲' }, { id: 'b', size: 1, text: '乙', decision: 'adopted' }] as Cluster[];
    const comments = [{ id: '1', clusterId: 'a' }, { id: '2', clusterId: 'b' }, { id: '3', clusterId: 'a' }] as StaffComment[];
    expect(groupByCluster(clusters, comments).map((g) => g.comments.map((c) => c.id))).toEqual([['1', '3'], ['2']]);
    expect(undecided(clusters).map((c) => c.id)).toEqual(['a']);
  });

  it('check the extension form', () => {
    expect(validateExtension(5, '意见较多')).toEqual({});
    expect(Object.keys(validateExtension(0, ' ')).sort()).toEqual(['days', 'reason']);
  });
});

describe('who sees which control', () => {
  const c = (over: Partial<Consultation> = {}) => ({ status: 'closed', authorId: 'zhangwei', departmentId: 'jichu', ...over }) as Consultation;
  const author = { id: 'zhangwei', roles: ['author'], department: 'jichu' };
  const colleague = { id: 'liuyang', roles: ['author'], department: 'jichu' };
  const head = { id: 'lina', roles: ['section_head'], department: 'jichu' };
  const otherHead = { id: 'zhoutao', roles: ['section_head'], department: 'zhengce' };
  const leader = { id: 'wangqiang', roles: ['leader'], department: 'lingdao' };
  const office = { id: 'zhaomin', roles: ['office'], department: 'bangongshi' };

  it('leaders and the principal extend an open window only', () => {
    expect(powersOf(c({ status: 'open' }), leader).extend).toBe(true);
    expect(powersOf(c({ status: 'open' }), { ...leader, roles: ['principal'] }).extend).toBe(true);
    expect(powersOf(c({ status: 'closed' }), leader).extend).toBe(false);
    expect(powersOf(c({ status: 'open' }), author).extend).toBe(false);
  });

  it('the author or the department’s section head decide after closing, until the report is generated', () => {
    expect(powersOf(c(), author)).toEqual({ extend: false, readComments: true, decide: true, feedback: true });
    expect(powersOf(c(), head)).toEqual({ extend: false, readComments: true, decide: true, feedback: false });
    expect(powersOf(c(), otherHead)).toEqual({ extend: false, readComments: false, decide: false, feedback: false });
    expect(powersOf(c(), colleague).readComments).toBe(false);
    expect(powersOf(c(), office)).toEqual({ extend: false, readComments: true, decide: false, feedback: false });
    expect(powersOf(c({ status: 'open' }), author).decide).toBe(false);
    expect(powersOf(c({ feedbackId: 'f1' }), author)).toMatchObject({ decide: false, feedback: false });
    expect(powersOf(c(), null).readComments).toBe(false);
  });
});

describe('the notice’s and the feedback’s manuscript pages', () => {
  it('say what the manuscript is and lead back to the consultation', () => {
    const id = '3f2c5a4e-8d7b-4a51-9a53-0c2b6f0e7d11';
    expect(manuscriptLink('p1', id)).toBe(`/manuscripts/p1?consultation=${id}`);
    expect(manuscriptNote('征求意见', id)).toEqual({ text: expect.stringContaining('征求意见公告'), href: `/consultation-admin/${id}` });
    expect(manuscriptNote('意见反馈', undefined)?.href).toBe('/consultation-admin');
    expect(manuscriptNote('意见反馈', '../x')?.href).toBe('/consultation-admin');
    expect(manuscriptNote('规范性文件', id)).toBeNull();
  });
});
