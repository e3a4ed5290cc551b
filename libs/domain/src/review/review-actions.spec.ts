import type { PublicationReviewState, StageState } from '@gongkai/contracts/publication';
import { allowedReviewActions, reviewActionRefusal, reviewStateBusy, type ReviewAction, type ReviewActor } from './review-actions';

const AUTHOR = 'zhangsan';
const author: ReviewActor = { userId: AUTHOR, roles: ['author'] };
const assignee: ReviewActor = { userId: 'lisi', roles: ['section_head'] };
const holder: ReviewActor = { userId: 'wangwu', roles: ['leader'] };
const otherReviewer: ReviewActor = { userId: 'zhaoliu', roles: ['section_head', 'leader'] };
const office: ReviewActor = { userId: 'office1', roles: ['office'] };
const principal: ReviewActor = { userId: 'chen', roles: ['principal'] };

const LABELS = { 1: '科室负责人', 2: '分管领导', 3: '主要负责人' } as const;
const ROLES = { 1: 'section_head', 2: 'leader', 3: 'principal' } as const;

function state(overrides: Partial<PublicationReviewState>): PublicationReviewState {
  return { publicationId: 'p1', status: 'draft', phase: 'draft', version: 1, route: [], decisions: [], findings: [], warningsAcknowledged: false, ...overrides };
}

/** A waiting step at `level`: the assignee decides, standing in for `wangwu` (the delegate's holder, who may too). */
function inReview(level: 1 | 2 | 3): PublicationReviewState {
  const stage: StageState = {
    level,
    role: ROLES[level],
    label: LABELS[level],
    assigneeId: assignee.userId,
    assigneeName: '李四',
    delegateOf: { userId: holder.userId, name: '王五' },
    deciders: [assignee.userId, holder.userId],
    remindAt: '2025-03-10T01:00:00.000Z',
    escalateAt: '2025-03-12T01:00:00.000Z',
    since: '2025-03-03T01:00:00.000Z',
    escalated: false,
    reminded: false,
  };
  return state({ status: 'in_review', phase: 'in_review', stage });
}

const DECIDE: ReviewAction[] = ['approve', 'reject', 'request-changes'];

const STATES: Record<string, PublicationReviewState> = {
  draft: state({}),
  awaiting_acknowledgement: state({ phase: 'awaiting_acknowledgement' }),
  screening: state({ phase: 'screening' }),
  'in_review level 1': inReview(1),
  'in_review level 2': inReview(2),
  'in_review level 3': inReview(3),
  'in_review, step just decided': state({ status: 'in_review', phase: 'in_review' }),
  returned: state({ status: 'returned', phase: 'returned' }),
  publishing: state({ status: 'in_review', phase: 'publishing' }),
  published: state({ status: 'published', phase: 'published' }),
  withdrawn: state({ status: 'withdrawn', phase: 'withdrawn' }),
  retracted: state({ status: 'retracted', phase: 'retracted' }),
};

const ACTORS = { author, assignee, 'delegate-holder': holder, 'other reviewer': otherReviewer, office, principal };

const EXPECTED: Record<string, Partial<Record<keyof typeof ACTORS, ReviewAction[]>>> = {
  draft: { author: ['submit', 'revise', 'withdraw'] },
  awaiting_acknowledgement: { author: ['acknowledge-warnings', 'revise', 'withdraw'] },
  screening: {},
  'in_review level 1': { author: ['revise', 'withdraw'], assignee: DECIDE, 'delegate-holder': DECIDE },
  'in_review level 2': { author: ['revise', 'withdraw'], assignee: DECIDE, 'delegate-holder': DECIDE },
  'in_review level 3': { author: ['revise', 'withdraw'], assignee: DECIDE, 'delegate-holder': DECIDE },
  'in_review, step just decided': {},
  returned: { author: ['submit', 'revise', 'withdraw'] },
  publishing: {},
  published: { principal: ['retract'] },
  withdrawn: {},
  retracted: {},
};

describe('allowedReviewActions', () => {
  const rows = Object.entries(STATES).flatMap(([stateName, s]) =>
    Object.entries(ACTORS).map(([actorName, actor]) => [stateName, actorName, s, actor, EXPECTED[stateName][actorName as keyof typeof ACTORS] ?? []] as const),
  );
  it.each(rows)('%s × %s', (_stateName, _actorName, s, actor, expected) => {
    expect(allowedReviewActions({ state: s, authorId: AUTHOR, busy: reviewStateBusy(s) }, actor)).toEqual(expected);
  });

  it('offers the author nothing while a command is being carried out, except what needs no quiet moment', () => {
    expect(allowedReviewActions({ state: state({ status: 'returned', phase: 'returned' }), authorId: AUTHOR, busy: true }, author)).toEqual(['submit']);
  });
});

describe('reviewActionRefusal with the command (what the workflow validators refuse)', () => {
  const situation = (s: PublicationReviewState) => ({ state: s, authorId: AUTHOR, busy: false });

  it.each([
    ['submit by someone else', 'submit', state({}), assignee, { version: 1 }, 'NotAllowed', '只有稿件作者可以执行此操作'],
    ['submit twice', 'submit', inReview(1), author, { version: 1 }, 'WrongStage', '稿件已提交，无需重复提交'],
    ['submit an old version', 'submit', state({ version: 2 }), author, { version: 1 }, 'StaleVersion', '稿件已更新为第 2 版，请基于最新版本操作（收到第 1 版）'],
    ['acknowledge with nothing to acknowledge', 'acknowledge-warnings', state({}), author, { version: 1 }, 'WrongStage', '当前没有需要确认的检查提示'],
    ['approve a returned item', 'approve', state({ status: 'returned', phase: 'returned' }), assignee, { version: 1 }, 'WrongStage', '该稿件当前不在待审核状态，或该审核步骤已被处理'],
    ['approve a step that moved on', 'approve', inReview(2), assignee, { version: 1, expectedLevel: 1 }, 'WrongStage', '审核步骤已变化：当前为第 2 级（分管领导）'],
    ['approve an old version', 'approve', inReview(2), otherReviewer, { version: 0 }, 'StaleVersion', '稿件已更新为第 1 版，请基于最新版本操作（收到第 0 版）'],
    ['approve one’s own item', 'approve', inReview(2), author, { version: 1 }, 'NotAllowed', '作者不能审核自己的稿件'],
    ['approve another’s step', 'approve', inReview(2), otherReviewer, { version: 1 }, 'NotAllowed', '当前步骤由 李四（分管领导）审核，您无权处理'],
    ['reject without a reason', 'reject', inReview(2), assignee, { version: 1, reason: '  ' }, 'RuleRefused', '退回必须填写理由'],
    ['request changes without a reason', 'request-changes', inReview(2), assignee, { version: 1 }, 'RuleRefused', '要求修改必须填写理由'],
    ['approve level 1 without 保密审查', 'approve', inReview(1), assignee, { version: 1 }, 'RuleRefused', '第一级审核必须填写保密审查结论（confidentiality.conclusion）'],
    ['revise while screening', 'revise', state({ phase: 'screening' }), author, { version: 2 }, 'WrongStage', '稿件当前状态不能修订'],
    ['revise skipping a version', 'revise', state({}), author, { version: 3 }, 'StaleVersion', '新版本号应为 2'],
    ['withdraw a published item', 'withdraw', state({ status: 'published', phase: 'published' }), author, {}, 'WrongStage', '稿件已发布，撤回须经主要负责人批准（retract）'],
    ['withdraw twice', 'withdraw', state({ status: 'withdrawn', phase: 'withdrawn' }), author, {}, 'WrongStage', '稿件已撤回'],
    ['retract without being principal', 'retract', state({ status: 'published', phase: 'published' }), office, {}, 'NotAllowed', '撤回已发布的信息须由主要负责人批准'],
  ] as const)('%s', (_name, action, s, actor, command, type, message) => {
    expect(reviewActionRefusal(action, situation(s), actor, command)).toEqual({ type, message });
  });

  it('refuses the author while a command is in flight', () => {
    expect(reviewActionRefusal('withdraw', { state: state({}), authorId: AUTHOR, busy: true }, author, {})).toEqual({
      type: 'WrongStage',
      message: '稿件正在处理中，请稍后再试',
    });
  });

  it('accepts a complete, current decision by a decider', () => {
    expect(reviewActionRefusal('approve', situation(inReview(1)), holder, { version: 1, expectedLevel: 1, confidentiality: { conclusion: 'not_secret' } })).toBeUndefined();
    expect(reviewActionRefusal('reject', situation(inReview(3)), assignee, { version: 1, reason: '数据有误' })).toBeUndefined();
  });
});
