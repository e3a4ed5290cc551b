/**
 * The authorisation matrix: every endpoint in docs/openapi.json × every caller
 * (no sign-in, and each of the eight demo users) → the status that caller
 * gets, and for lists whether the caller sees this file's item. One row per
 * endpoint: an endpoint without a row fails, and so does a row whose endpoint
 * is gone. Every mismatching cell of a row is reported at once.
 *
 * Rows that change state each act on an item of their own, and the callers
 * the row expects to succeed go last: every refused caller meets the item in
 * the state the permitted one needs, and the permitted one's success then
 * shows the refusals changed nothing. Only this file's items are touched; the
 * calendar is written only for 2199, the year the security tests keep for
 * writing (the run's database is shared).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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

// ------------------------------------------------------------------ callers and cells

/** The matrix's columns, in this order in every row. */
const CALLERS = ['anonymous', 'zhangwei', 'liuyang', 'lina', 'sunli', 'zhoutao', 'wangqiang', 'chenjun', 'zhaomin'] as const;
type Caller = (typeof CALLERS)[number];

/**
 * The statuses a caller may get ("200/503": either, for an answer that depends
 * on something other than the caller); for a probe that looks for an item,
 * also whether the caller sees it ("200+" sees, "200-" does not).
 */
interface Cell {
  statuses: number[];
  sees?: boolean;
}

function cellsOf(where: string, line: string): Record<Caller, Cell> {
  const words = line.trim().split(/\s+/);
  if (words.length !== CALLERS.length) throw new Error(`${where}: ${words.length} cells, want one per caller (${CALLERS.join(' ')})`);
  return Object.fromEntries(
    CALLERS.map((caller, i) => {
      const m = /^(\d{3}(?:\/\d{3})*)([+-]?)$/.exec(words[i]);
      if (!m) throw new Error(`${where}: cell "${words[i]}" for ${caller} is not a status`);
      return [caller, { statuses: m[1].split('/').map(Number), ...(m[2] ? { sees: m[2] === '+' } : {}) }];
    }),
  ) as Record<Caller, Cell>;
}

// ------------------------------------------------------------------ the items the rows act on

interface Items {
  /** zhangwei's, revised to version 2, waiting for lina at level 1: every read. */
  underReview: PublicationBody;
  /** zhangwei's, created and not submitted. */
  draft: PublicationBody;
  /** zhangwei's, stopped by screening warnings until he acknowledges them. */
  awaitingAcknowledgement: PublicationBody;
  /** zhangwei's, each waiting for lina at level 1. */
  toApprove: PublicationBody;
  toReject: PublicationBody;
  toReturn: PublicationBody;
  toRevise: PublicationBody;
  toWithdraw: PublicationBody;
  /** Published 主动公开, to be retracted. */
  toRetract: PublicationBody;
  /** Published 主动公开: in the public catalogue. */
  proactive: PublicationBody;
  /** Published 不予公开: in the staff register only. */
  withheld: PublicationBody;
  /** Policy packages (政策解读) led by zhangwei (文字解读 his, 政策问答 sunli's, 政策法规科). */
  policies: {
    /** Drafting: every read, and zhangwei's 文字解读 to save. */
    reads: PolicyFixture;
    toComment: PolicyFixture;
    /** sunli's 政策问答 saved once, to mark ready. */
    toMarkReady: PolicyFixture;
    /** sunli's 政策问答 ready, to return. */
    toReturn: PolicyFixture;
    /** Both ready, to submit. */
    toSubmit: PolicyFixture;
  };
  /** 征求意见: open, one comment; extended by each leader, commented on by everyone. */
  consultation: ConsultationFixture;
  /** 依申请公开, registered by zhaomin today: read, and one each to clarify, consult a third party on, reply to. */
  requests: { reads: RequestFixture; toClarify: RequestFixture; toConsult: RequestFixture; toReply: RequestFixture };
}

interface RequestFixture {
  id: string;
  trackingCode: string;
}

/** An open consultation (zhangwei's, 基础教育科) with one public comment. */
interface ConsultationFixture {
  id: string;
  commentId: string;
}

interface PolicyFixture {
  id: string;
  policyId: string;
  interpretations: { id: string; form: string; ownerId: string; version: number }[];
}

/** In every title of this run, so list probes can find this file's items among everyone else's. */
const NONCE = Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const titled = (what: string) => ({ title: `授权矩阵${NONCE}：${what}` });
const YEAR = new Date().getFullYear();
const WARNING_BODY = '现将《关于做好招生工作的通知》（皖教[22]05号）转发给你们，请遵照执行。';
const REVISION = { body: '各学校：\n现就有关事项通知如下（修订稿）。', writtenDate: draftOf().writtenDate, version: 1 };

// ------------------------------------------------------------------ the matrix

interface Probe {
  /** What the probe looks at, when a row has more than one. */
  about?: string;
  path: (items: Items) => string;
  body?: (items: Items) => unknown;
  /** For lists: whether the answer shows the item the probe looks for (then 200 cells say + or -). */
  sees?: (answer: unknown, items: Items) => boolean;
  /** Cells in CALLERS order. */
  expect: string;
}

interface Row {
  /** The rule the cells follow, as a reader would state it. */
  rule: string;
  probes: Probe[];
}

const item = (pick: (items: Items) => PublicationBody, rest = '') => (items: Items) => `/publications/${pick(items).id}${rest}`;
const entry = (pick: (items: Items) => PublicationBody) => (items: Items) => `/catalog/${encodeURIComponent(pick(items).indexNumber!)}`;
const entryByParts = (pick: (items: Items) => PublicationBody) => (items: Items) => `/catalog/${pick(items).indexNumber!}`;
const pageShows = (field: 'id' | 'indexNumber', pick: (items: Items) => PublicationBody) => (answer: unknown, items: Items) =>
  (answer as { items: Record<string, unknown>[] }).items.some((e) => e[field] === pick(items)[field]);
const DECISION = { version: 1, level: 1, reason: '数据口径需核对', comment: '请修改' };

const READABLE_BY_JICHU_AND_LEADERSHIP = '401  200  200  200  403  403  200  200  200';
const AUTHOR_ONLY = '401  200  403  403  403  403  403  403  403';
const LEVEL_1_REVIEWER_ONLY = '401  403  403  200  403  403  403  403  403';
const EVERYONE = '200  200  200  200  200  200  200  200  200';
const SIGNED_IN = '401  200  200  200  200  200  200  200  200';

const pkg = (pick: (p: Items['policies']) => PolicyFixture, rest = '') => (items: Items) => `/policies/${pick(items.policies).id}${rest}`;
const interpretation = (pick: (p: Items['policies']) => PolicyFixture, form: 'text' | 'qa', rest = '') => (items: Items) => {
  const p = pick(items.policies);
  return `/policies/${p.id}/interpretations/${p.interpretations.find((i) => i.form === form)!.id}${rest}`;
};
const POLICY_READ = '401  200  200  200  200  403  200  200  200';
const POLICY_LEAD_ONLY = AUTHOR_ONLY;
const requestPath = (pick: (r: Items['requests']) => RequestFixture, rest = '') => (items: Items) => `/requests/${pick(items.requests).id}${rest}`;
const OFFICE_ONLY = '401  403  403  403  403  403  403  403  200';
const REQUEST_READERS = '401  403  403  403  403  403  200  200  200';
const TODAY_CIVIL = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const IN_TEN_DAYS = new Date(Date.now() + 8 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
const REQUEST_BODY = {
  requester: { kind: 'natural_person', name: '授权矩阵申请人', contact: '0000-0000000' },
  content: '申请公开本市学区划分方案',
  channel: 'in_person',
  receivedOn: TODAY_CIVIL,
};
const consultationPath = (rest = '') => (items: Items) => `/consultations/${items.consultation.id}${rest}`;
const CONSULTATION_BODY = (what: string) => ({
  title: `授权矩阵${NONCE}：${what}`,
  draftBody: '第一条 为规范课后服务，制定本办法。',
  explanation: '起草说明：规范课后服务。',
  days: 30,
  contact: '基础教育科',
});

const READ_RULE = 'jichu (the item’s 科室) and the read-all roles (leader, principal, office) read it; the other 科室 gets 403';

/**
 * One row per endpoint. Cells, in CALLERS order:
 *   anonymous zhangwei liuyang lina sunli zhoutao wangqiang chenjun zhaomin
 * zhangwei writes every item; zhangwei, liuyang (authors) and lina (科室负责人,
 * level 1) are in 基础教育科 with it; sunli (author) and zhoutao (科室负责人)
 * are in 政策法规科; wangqiang leads both 科室 (level 2), chenjun is the
 * principal (level 3), zhaomin the 政务公开办.
 */
const MATRIX: Record<string, Row> = {
  'GET /healthz': { rule: 'liveness probe: public', probes: [{ path: () => '/healthz', expect: EVERYONE }] },
  'GET /readyz': {
    // 503 while a dependency is down — here always: the test app's API config lacks the engine's API key.
    rule: 'readiness probe: public, the same answer for everyone',
    probes: [{ path: () => '/readyz', expect: '200/503 200/503 200/503 200/503 200/503 200/503 200/503 200/503 200/503' }],
  },

  'POST /publications': {
    rule: 'authors only (any 科室)',
    probes: [
      {
        path: () => '/publications',
        body: () => draftOf(titled('起草')),
        expect: '401  201  201  403  201  403  403  403  403',
      },
    ],
  },
  'GET /publications': {
    rule: 'everyone signed in; the list holds only what the caller may read',
    probes: [
      {
        path: () => `/publications?text=${NONCE}&pageSize=100`,
        sees: pageShows('id', (i) => i.underReview),
        expect: '401  200+ 200+ 200+ 200- 200- 200+ 200+ 200+',
      },
    ],
  },
  'GET /publications/{id}': { rule: READ_RULE, probes: [{ path: item((i) => i.underReview), expect: READABLE_BY_JICHU_AND_LEADERSHIP }] },
  'GET /publications/{id}/timeline': {
    rule: READ_RULE,
    probes: [{ path: item((i) => i.underReview, '/timeline'), expect: READABLE_BY_JICHU_AND_LEADERSHIP }],
  },
  'GET /publications/{id}/versions': {
    rule: READ_RULE,
    probes: [{ path: item((i) => i.underReview, '/versions'), expect: READABLE_BY_JICHU_AND_LEADERSHIP }],
  },
  'GET /publications/{id}/versions/{n}': {
    rule: READ_RULE,
    probes: [{ path: item((i) => i.underReview, '/versions/2'), expect: READABLE_BY_JICHU_AND_LEADERSHIP }],
  },
  'GET /publications/{id}/versions/{n}/diff': {
    rule: READ_RULE,
    probes: [{ path: item((i) => i.underReview, '/versions/2/diff'), expect: READABLE_BY_JICHU_AND_LEADERSHIP }],
  },

  'POST /publications/{id}/submit': {
    rule: 'the item’s author only',
    probes: [{ path: item((i) => i.draft, '/submit'), body: () => ({ version: 1 }), expect: AUTHOR_ONLY }],
  },
  'POST /publications/{id}/acknowledge-warnings': {
    rule: 'the item’s author only',
    probes: [{ path: item((i) => i.awaitingAcknowledgement, '/acknowledge-warnings'), body: () => ({ version: 1 }), expect: AUTHOR_ONLY }],
  },
  'POST /publications/{id}/approve': {
    rule: 'the current step’s reviewer only (level 1: the 科室负责人 lina); never the author',
    probes: [
      {
        path: item((i) => i.toApprove, '/approve'),
        body: () => ({ version: 1, level: 1, comment: '同意', confidentiality: NOT_SECRET }),
        expect: LEVEL_1_REVIEWER_ONLY,
      },
    ],
  },
  'POST /publications/{id}/reject': {
    rule: 'the current step’s reviewer only',
    probes: [{ path: item((i) => i.toReject, '/reject'), body: () => DECISION, expect: LEVEL_1_REVIEWER_ONLY }],
  },
  'POST /publications/{id}/request-changes': {
    rule: 'the current step’s reviewer only',
    probes: [{ path: item((i) => i.toReturn, '/request-changes'), body: () => DECISION, expect: LEVEL_1_REVIEWER_ONLY }],
  },
  'POST /publications/{id}/revise': {
    rule: 'the item’s author only',
    probes: [{ path: item((i) => i.toRevise, '/revise'), body: () => ({ ...REVISION, ...titled('修订') }), expect: AUTHOR_ONLY }],
  },
  'POST /publications/{id}/withdraw': {
    rule: 'the item’s author only (before publication)',
    probes: [{ path: item((i) => i.toWithdraw, '/withdraw'), body: () => ({ reason: '重复起草', version: 1 }), expect: AUTHOR_ONLY }],
  },
  'POST /publications/{id}/retract': {
    rule: 'the principal only (after publication)',
    probes: [
      {
        path: item((i) => i.toRetract, '/retract'),
        body: () => ({ reason: '政策已调整' }),
        expect: '401  403  403  403  403  403  403  200  403',
      },
    ],
  },

  'POST /policies': {
    rule: 'authors only (any 科室); owners may be in other 科室',
    probes: [{ path: () => '/policies', body: () => policyDraft('起草政策'), expect: '401  201  201  403  201  403  403  403  403' }],
  },
  'GET /policies': {
    rule: 'everyone signed in; the list holds the packages of the caller’s 科室, those they lead or draft for, or all for the read-all roles',
    probes: [
      {
        path: () => '/policies?pageSize=100',
        sees: (answer, items) => (answer as { items: { id: string }[] }).items.some((p) => p.id === items.policies.reads.id),
        expect: '401  200+ 200+ 200+ 200+ 200- 200+ 200+ 200+',
      },
    ],
  },
  'GET /policies/{id}': {
    rule: 'the policy’s readers (jichu, read-all roles), and the interpretations’ owners (sunli); the other 科室 gets 403',
    probes: [{ path: pkg((p) => p.reads), expect: POLICY_READ }],
  },
  'PUT /policies/{id}/interpretations/{iid}': {
    rule: 'the interpretation’s owner or the lead (here both zhangwei)',
    probes: [{ path: interpretation((p) => p.reads, 'text'), body: () => ({ body: '一、出台背景：……', version: 0 }), expect: POLICY_LEAD_ONLY }],
  },
  'POST /policies/{id}/interpretations/{iid}/comments': {
    rule: 'the lead, the owners and the policy’s reviewers (its 科室负责人, leader, principal, office)',
    probes: [{ path: interpretation((p) => p.toComment, 'qa', '/comments'), body: () => ({ text: '请补充' }), expect: '401  201  403  201  201  403  201  201  201' }],
  },
  'GET /policies/{id}/interpretations/{iid}/comments': {
    rule: 'as the package',
    probes: [{ path: interpretation((p) => p.reads, 'qa', '/comments'), expect: POLICY_READ }],
  },
  'POST /policies/{id}/interpretations/{iid}/ready': {
    rule: 'the interpretation’s owner only (sunli for the 政策问答)',
    probes: [{ path: interpretation((p) => p.toMarkReady, 'qa', '/ready'), body: () => ({ version: 1 }), expect: '401  403  403  403  200  403  403  403  403' }],
  },
  'POST /policies/{id}/interpretations/{iid}/return': {
    rule: 'the lead only',
    probes: [{ path: interpretation((p) => p.toReturn, 'qa', '/return'), body: () => ({ reason: '请补充退费问答' }), expect: POLICY_LEAD_ONLY }],
  },
  'POST /policies/{id}/submit': {
    rule: 'the lead only',
    probes: [{ path: pkg((p) => p.toSubmit, '/submit'), body: () => ({ version: 1 }), expect: POLICY_LEAD_ONLY }],
  },

  'GET /policies/{id}/interpretations/{iid}': {
    rule: 'as the package',
    probes: [{ path: interpretation((p) => p.reads, 'qa'), expect: POLICY_READ }],
  },
  'POST /policies/{id}/interpretations/{iid}/release': {
    rule: 'the lead only (a drafting package’s interpretation is not deferred: 409 for the lead)',
    probes: [{ path: interpretation((p) => p.reads, 'qa', '/release'), body: () => ({}), expect: '401  409  403  403  403  403  403  403  403' }],
  },

  'POST /consultations': {
    rule: 'authors only',
    probes: [{ path: () => '/consultations', body: () => CONSULTATION_BODY('新征求意见'), expect: '401  201  201  403  201  403  403  403  403' }],
  },
  'GET /consultations': {
    rule: 'everyone signed in; the list holds the caller’s 科室’s and their own, or all for the read-all roles',
    probes: [
      {
        path: () => '/consultations?pageSize=100',
        sees: (answer, items) => (answer as { items: { id: string }[] }).items.some((c) => c.id === items.consultation.id),
        expect: '401  200+ 200+ 200+ 200- 200- 200+ 200+ 200+',
      },
    ],
  },
  'GET /consultations/{id}': {
    rule: 'its 科室, its author, and the read-all roles',
    probes: [{ path: consultationPath(), expect: READABLE_BY_JICHU_AND_LEADERSHIP }],
  },
  'POST /consultations/{id}/extend': {
    rule: 'leader and principal only',
    probes: [{ path: consultationPath('/extend'), body: () => ({ days: 1, reason: '意见较多' }), expect: '401  403  403  403  403  403  200  200  403' }],
  },
  'GET /consultations/{id}/comments': {
    rule: 'names and contacts: the author, the 科室负责人 of its 科室, and the read-all roles',
    probes: [{ path: consultationPath('/comments'), expect: '401  200  403  200  403  403  200  200  200' }],
  },
  'GET /consultations/{id}/clusters': {
    rule: 'as the comments',
    probes: [{ path: consultationPath('/clusters'), expect: '401  200  403  200  403  403  200  200  200' }],
  },
  'PUT /consultations/{id}/comments/{commentId}/disposition': {
    rule: 'the author or the 科室负责人 of its 科室 (409 for them while the window is open)',
    probes: [
      {
        path: (items) => `/consultations/${items.consultation.id}/comments/${items.consultation.commentId}/disposition`,
        body: () => ({ decision: 'adopted' }),
        expect: '401  409  403  409  403  403  403  403  403',
      },
    ],
  },
  'POST /consultations/{id}/feedback': {
    rule: 'the author only (409 for them while the window is open)',
    probes: [{ path: consultationPath('/feedback'), expect: '401  409  403  403  403  403  403  403  403' }],
  },
  'GET /public/consultations': {
    rule: 'public; lists the opened ones',
    probes: [
      {
        path: () => '/public/consultations?pageSize=100',
        sees: (answer, items) => (answer as { items: { id: string }[] }).items.some((c) => c.id === items.consultation.id),
        expect: '200+ 200+ 200+ 200+ 200+ 200+ 200+ 200+ 200+',
      },
    ],
  },
  'GET /public/consultations/{id}': {
    rule: 'public once open',
    probes: [{ path: (items) => `/public/consultations/${items.consultation.id}`, expect: EVERYONE }],
  },
  'POST /public/consultations/{id}/comments': {
    rule: 'public, with or without a token, while open',
    probes: [{ path: (items) => `/public/consultations/${items.consultation.id}/comments`, body: () => ({ text: '建议延长开放时间' }), expect: '201  201  201  201  201  201  201  201  201' }],
  },

  'POST /requests': {
    rule: 'the office (政务公开办) only',
    probes: [{ path: () => '/requests', body: () => REQUEST_BODY, expect: '401  403  403  403  403  403  403  403  201' }],
  },
  'GET /requests': { rule: 'the office, leaders and principals (requesters’ personal data)', probes: [{ path: () => '/requests', expect: REQUEST_READERS }] },
  'GET /requests/{id}': { rule: 'as the list', probes: [{ path: requestPath((r) => r.reads), expect: REQUEST_READERS }] },
  'GET /requests/{id}/deadline': { rule: 'as the list', probes: [{ path: requestPath((r) => r.reads, '/deadline'), expect: REQUEST_READERS }] },
  'GET /requests/{id}/reply.pdf': {
    rule: 'as the request (409: no reply drafted yet)',
    probes: [{ path: requestPath((r) => r.reads, '/reply.pdf'), expect: '401  403  403  403  403  403  409  409  409' }],
  },
  'POST /requests/{id}/confirm': {
    rule: 'the office only (409: already received in person)',
    probes: [{ path: requestPath((r) => r.reads, '/confirm'), body: () => ({ confirmedOn: TODAY_CIVIL }), expect: '401  403  403  403  403  403  403  403  409' }],
  },
  'POST /requests/{id}/clarification': {
    rule: 'the office only',
    probes: [
      {
        path: requestPath((r) => r.toClarify, '/clarification'),
        body: () => ({ items: ['请说明所需信息的年份'], sentOn: TODAY_CIVIL, replyBy: IN_TEN_DAYS }),
        expect: OFFICE_ONLY,
      },
    ],
  },
  'POST /requests/{id}/clarified': {
    rule: 'the office only (409: no 补正 is awaited)',
    probes: [{ path: requestPath((r) => r.reads, '/clarified'), body: () => ({ receivedOn: TODAY_CIVIL }), expect: '401  403  403  403  403  403  403  403  409' }],
  },
  'POST /requests/{id}/third-party': {
    rule: 'the office only',
    probes: [{ path: requestPath((r) => r.toConsult, '/third-party'), body: () => ({ party: '某培训学校', sentOn: TODAY_CIVIL }), expect: '401  403  403  403  403  403  403  403  201' }],
  },
  'POST /requests/{id}/third-party/{thirdPartyId}/answer': {
    rule: 'the office only (422: no such consultation)',
    probes: [
      {
        path: requestPath((r) => r.reads, '/third-party/00000000-0000-4000-8000-000000000000/answer'),
        body: () => ({ receivedOn: TODAY_CIVIL, opinion: 'agree' }),
        expect: '401  403  403  403  403  403  403  403  422',
      },
    ],
  },
  'POST /requests/{id}/extend': {
    // The office head (qianli) is not a column of this matrix; test/e2e/disclosure-request.test.ts covers her.
    rule: 'the office head (政务公开办负责人) only: no column here has the role',
    probes: [{ path: requestPath((r) => r.reads, '/extend'), body: () => ({ reason: '需调取档案' }), expect: '401  403  403  403  403  403  403  403  403' }],
  },
  'POST /requests/{id}/reply': {
    rule: 'the office only',
    probes: [{ path: requestPath((r) => r.toReply, '/reply'), body: () => ({ outcome: 'disclosed', body: '予以公开。' }), expect: OFFICE_ONLY }],
  },
  'POST /requests/{id}/reply/approve': {
    rule: 'leader and principal (409: no reply awaits approval)',
    probes: [{ path: requestPath((r) => r.reads, '/reply/approve'), body: () => ({}), expect: '401  403  403  403  403  403  409  409  403' }],
  },
  'POST /requests/{id}/reply/return': {
    rule: 'leader and principal (409: no reply awaits approval)',
    probes: [{ path: requestPath((r) => r.reads, '/reply/return'), body: () => ({ reason: '请核对' }), expect: '401  403  403  403  403  403  409  409  403' }],
  },
  'POST /requests/{id}/issue': {
    rule: 'the office only (409: no approved reply)',
    probes: [{ path: requestPath((r) => r.reads, '/issue'), body: () => ({ issuedOn: TODAY_CIVIL, deliveredBy: '邮寄' }), expect: '401  403  403  403  403  403  403  403  409' }],
  },
  'POST /public/requests': {
    rule: 'public: anyone files online',
    probes: [{ path: () => '/public/requests', body: () => ({ organisation: 'demo', requester: REQUEST_BODY.requester, content: '申请公开招生计划' }), expect: '201  201  201  201  201  201  201  201  201' }],
  },
  'GET /public/requests/agencies': {
    rule: 'public: the agencies that take requests (names only)',
    probes: [{ path: () => '/public/requests/agencies', expect: EVERYONE }],
  },
  'GET /public/requests/{trackingCode}': {
    rule: 'public: status and due date by tracking code',
    probes: [{ path: (items) => `/public/requests/${items.requests.reads.trackingCode}`, expect: EVERYONE }],
  },

  'GET /reports/annual/{year}/requests': {
    rule: 'the annual report’s table 3: the office and the leadership',
    probes: [{ path: () => `/reports/annual/${YEAR}/requests`, expect: REQUEST_READERS }],
  },
  'GET /reports/annual/{year}/requests.xlsx': {
    rule: 'table 3 as the official Excel form: as the JSON',
    probes: [{ path: () => `/reports/annual/${YEAR}/requests.xlsx`, expect: REQUEST_READERS }],
  },

  'GET /tasks': {
    rule: 'everyone signed in; each sees only the steps waiting for them',
    probes: [
      {
        path: () => '/tasks',
        sees: (answer, items) => (answer as { publicationId: string }[]).some((t) => t.publicationId === items.underReview.id),
        expect: '401  200- 200- 200+ 200- 200- 200- 200- 200-',
      },
    ],
  },

  'GET /catalog': {
    rule: 'public; lists 主动公开 entries only',
    probes: [
      { about: '主动公开', path: () => `/catalog?text=${NONCE}&pageSize=100`, sees: pageShows('indexNumber', (i) => i.proactive), expect: '200+ 200+ 200+ 200+ 200+ 200+ 200+ 200+ 200+' },
      { about: '不予公开', path: () => `/catalog?text=${NONCE}&pageSize=100`, sees: pageShows('indexNumber', (i) => i.withheld), expect: '200- 200- 200- 200- 200- 200- 200- 200- 200-' },
    ],
  },
  'GET /catalog/register': {
    rule: 'the roles that read every item (leader, principal, office); every catalogued entry, metadata only',
    probes: [
      { about: '主动公开', path: () => `/catalog/register?text=${NONCE}&pageSize=100`, sees: pageShows('indexNumber', (i) => i.proactive), expect: '401  403  403  403  403  403  200+ 200+ 200+' },
      { about: '不予公开', path: () => `/catalog/register?text=${NONCE}&pageSize=100`, sees: pageShows('indexNumber', (i) => i.withheld), expect: '401  403  403  403  403  403  200+ 200+ 200+' },
    ],
  },
  'GET /catalog/categories': { rule: 'public', probes: [{ path: () => '/catalog/categories', expect: EVERYONE }] },
  'GET /catalog/{indexNumber}': {
    rule: 'public for 主动公开; any other entry answers as if it did not exist, whoever asks',
    probes: [
      { about: '主动公开', path: entry((i) => i.proactive), expect: EVERYONE },
      { about: '不予公开', path: entry((i) => i.withheld), expect: '404  404  404  404  404  404  404  404  404' },
    ],
  },
  'GET /catalog/{organisationCode}/{serial}': {
    rule: 'public for 主动公开; any other entry answers as if it did not exist, whoever asks',
    probes: [
      { about: '主动公开', path: entryByParts((i) => i.proactive), expect: EVERYONE },
      { about: '不予公开', path: entryByParts((i) => i.withheld), expect: '404  404  404  404  404  404  404  404  404' },
    ],
  },

  'POST /auth/login': {
    // Password sign-in is for the browser: a bearer token does not change the answer to wrong credentials.
    // One username for the whole row: its fifth failure locks it (423), whoever sends it.
    rule: 'public; wrong credentials are 401 for everyone, whatever token comes with them, until the name locks',
    probes: [
      {
        path: () => '/auth/login',
        body: () => ({ username: `matrix-${NONCE}`, password: 'not-a-password' }),
        expect: '401  401  401  401  423  423  423  423  423',
      },
    ],
  },
  'POST /auth/logout': {
    rule: 'everyone signed in (a bearer caller has no session: nothing to delete, 204 all the same)',
    probes: [{ path: () => '/auth/logout', expect: '401  204  204  204  204  204  204  204  204' }],
  },
  'GET /auth/session': {
    rule: 'public; the web session of the cookie, so a bearer token alone is 401',
    probes: [{ path: () => '/auth/session', expect: '401  401  401  401  401  401  401  401  401' }],
  },
  'GET /dashboard': {
    rule: 'the leaders’ board: leader, principal and office only',
    probes: [{ path: () => '/dashboard', expect: '401  403  403  403  403  403  200  200  200' }],
  },

  'GET /calendar/years': { rule: 'everyone signed in', probes: [{ path: () => '/calendar/years', expect: SIGNED_IN }] },
  'GET /calendar/years/{year}': { rule: 'everyone signed in', probes: [{ path: () => `/calendar/years/${YEAR}`, expect: SIGNED_IN }] },
  'PUT /calendar/years/{year}': {
    rule: 'the office (政务公开办) only',
    probes: [
      {
        path: () => '/calendar/years/2199',
        body: () => ({ year: 2199, source: '授权矩阵测试', holidays: [{ date: '2199-01-01', name: '元旦' }], workdays: [] }),
        expect: '401  403  403  403  403  403  403  403  200',
      },
    ],
  },
};

/** Served without a token but left out of the OpenAPI document; probed too, so "public" is a checked claim for them. */
const UNDOCUMENTED: Record<string, Row> = {
  'GET /': { rule: 'the web app (or the "not built" page): public (it holds no data; the API it calls checks)', probes: [{ path: () => '/', expect: EVERYONE }] },
  'GET /board': { rule: 'a web app route (index.html): public, the data behind it is not', probes: [{ path: () => '/board', expect: EVERYONE }] },
  'GET /api/docs': { rule: 'Swagger UI: public', probes: [{ path: () => '/api/docs', expect: EVERYONE }] },
  'GET /api/docs-json': { rule: 'the OpenAPI document: public', probes: [{ path: () => '/api/docs-json', expect: EVERYONE }] },
};

// ------------------------------------------------------------------ the documented endpoints

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const openapi = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const DOCUMENTED = Object.entries(openapi.paths).flatMap(([route, operations]) =>
  Object.keys(operations)
    .filter((m) => HTTP_METHODS.includes(m))
    .map((m) => `${m.toUpperCase()} ${route}`),
);

// ------------------------------------------------------------------ running a row

let gk: RunningGongkai;
let items: Items;

async function call(method: string, urlPath: string, caller: Caller, body: unknown): Promise<{ status: number; answer: unknown }> {
  const headers: Record<string, string> = {};
  if (caller !== 'anonymous') headers.authorization = `Bearer ${gk.tokenOf(caller)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${gk.baseUrl}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, answer: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const shown = (cell: Cell) => `${cell.statuses.join(' or ')}${cell.sees === undefined ? '' : cell.sees ? ' (sees it)' : ' (does not see it)'}`;
const permits = (cell: Cell) => cell.statuses.some((s) => s < 300);

/** Every cell of the row that differs from what the caller got, as "caller: expected …, got …". */
async function mismatches(key: string, row: Row): Promise<string[]> {
  const method = key.slice(0, key.indexOf(' '));
  const found: string[] = [];
  for (const probe of row.probes) {
    const expected = cellsOf(key, probe.expect);
    // Refused callers first, the permitted ones last (see the file comment).
    const order = [...CALLERS].sort((a, b) => Number(permits(expected[a])) - Number(permits(expected[b])));
    for (const caller of order) {
      const want = expected[caller];
      const { status, answer } = await call(method, probe.path(items), caller, probe.body?.(items));
      const got: Cell = { statuses: [status], ...(want.sees !== undefined && status === 200 && probe.sees ? { sees: probe.sees(answer, items) } : {}) };
      if (!want.statuses.includes(status) || got.sees !== want.sees) {
        found.push(`${probe.about ? `[${probe.about}] ` : ''}${caller}: expected ${shown(want)}, got ${shown(got)}`);
      }
    }
  }
  return found;
}

// ------------------------------------------------------------------ the items

async function inReviewAtLina(what: string): Promise<PublicationBody> {
  const submitted = await createAndSubmit(gk, 'zhangwei', titled(what));
  if (submitted.status !== 'in_review' || submitted.stage?.assignee !== 'lina') {
    throw new Error(`fixture "${what}" is not waiting for lina: ${JSON.stringify({ status: submitted.status, stage: submitted.stage })}`);
  }
  return submitted;
}

/** Approves as each step's assignee until published; answers the item with its 索引号. */
async function published(overrides: Record<string, unknown>): Promise<PublicationBody> {
  let current = await createAndSubmit(gk, 'zhangwei', overrides);
  for (let i = 0; i < 4 && current.stage; i++) {
    const res = await gk.request<PublicationBody>('POST', `/publications/${current.id}/approve`, {
      as: current.stage.assignee as DemoUsername,
      body: { version: current.version, comment: '同意', ...(current.stage.level === 1 ? { confidentiality: NOT_SECRET } : {}) },
    });
    if (res.status !== 200) throw new Error(`approving ${current.id} failed: ${res.status} ${JSON.stringify(res.body)}`);
    current = res.body;
  }
  return waitForItem(gk, current.id, 'zhaomin', (p) => p.status === 'published' && p.indexNumber !== null);
}

async function revisedUnderReview(): Promise<PublicationBody> {
  const first = await inReviewAtLina('审核中（已修订）');
  const revised = await gk.request('POST', `/publications/${first.id}/revise`, { as: 'zhangwei', body: { ...REVISION, ...titled('审核中（已修订）') } });
  if (revised.status !== 200) throw new Error(`revising the read fixture failed: ${revised.status} ${JSON.stringify(revised.body)}`);
  return waitForItem(gk, first.id, 'zhangwei', (p) => p.version === 2 && p.status === 'in_review' && p.stage?.assignee === 'lina');
}

async function draft(): Promise<PublicationBody> {
  const created = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: draftOf(titled('草稿')) });
  if (created.status !== 201) throw new Error(`creating the draft fixture failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

async function awaitingAcknowledgement(): Promise<PublicationBody> {
  const submitted = await createAndSubmit(gk, 'zhangwei', { ...titled('待确认提示'), body: WARNING_BODY });
  if (submitted.phase !== 'awaiting_acknowledgement') throw new Error(`the warnings fixture is in phase ${submitted.phase}`);
  return submitted;
}

function policyDraft(what: string): Record<string, unknown> {
  return {
    ...draftOf(titled(what)),
    category: '规范性文件',
    interpretations: [
      { form: 'text', ownerId: 'zhangwei' },
      { form: 'qa', ownerId: 'sunli' },
    ],
  };
}

/** A package led by zhangwei, brought to `stage`. */
async function policyFixture(what: string, stage: 'drafting' | 'qa-saved' | 'qa-ready' | 'all-ready'): Promise<PolicyFixture> {
  const created = await gk.request<PolicyFixture>('POST', '/policies', { as: 'zhangwei', body: policyDraft(what) });
  if (created.status !== 201) throw new Error(`creating the policy fixture failed: ${created.status} ${JSON.stringify(created.body)}`);
  const p = created.body;
  const [text, qa] = p.interpretations;
  const step = async (as: DemoUsername, method: string, rest: string, body: unknown) => {
    const res = await gk.request(method, `/policies/${p.id}/interpretations/${rest}`, { as, body });
    if (res.status !== 200) throw new Error(`policy fixture ${what}: ${method} ${rest} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  if (stage === 'drafting') return p;
  await step('sunli', 'PUT', qa.id, { body: '问：收费标准在哪里公示？答：在办学场所显著位置公示。', version: 0 });
  if (stage === 'qa-saved') return p;
  await step('sunli', 'POST', `${qa.id}/ready`, { version: 1 });
  if (stage === 'qa-ready') return p;
  await step('zhangwei', 'PUT', text.id, { body: '一、出台背景和依据……', version: 0 });
  await step('zhangwei', 'POST', `${text.id}/ready`, { version: 1 });
  return p;
}

async function registeredRequest(): Promise<RequestFixture> {
  const created = await gk.request<RequestFixture>('POST', '/requests', { as: 'zhaomin', body: REQUEST_BODY });
  if (created.status !== 201) throw new Error(`registering the request fixture failed: ${created.status} ${JSON.stringify(created.body)}`);
  // Its clock is read by the workflow a moment later; the rows act on it once it runs.
  for (let attempt = 0; attempt < 80; attempt++) {
    const r = await gk.request<{ clockRunning: boolean }>('GET', `/requests/${created.body.id}`, { as: 'zhaomin' });
    if (r.body.clockRunning) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return created.body;
}

/** An open consultation of zhangwei's: its notice approved by lina and wangqiang, one public comment. */
async function openConsultation(): Promise<ConsultationFixture> {
  const created = await gk.request<{ id: string; noticeId: string }>('POST', '/consultations', { as: 'zhangwei', body: CONSULTATION_BODY('征求意见（读）') });
  if (created.status !== 201) throw new Error(`creating the consultation fixture failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { id, noticeId } = created.body;
  const steps: [DemoUsername, string, unknown][] = [
    ['zhangwei', 'submit', { version: 1 }],
    ['lina', 'approve', { version: 1, confidentiality: NOT_SECRET }],
    ['wangqiang', 'approve', { version: 1 }],
  ];
  for (const [as, action, body] of steps) {
    for (let attempt = 0; ; attempt++) {
      const res = await gk.request('POST', `/publications/${noticeId}/${action}`, { as, body });
      if (res.status === 200) break;
      if (attempt > 40) throw new Error(`consultation fixture: ${action} as ${as} failed: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  for (let attempt = 0; ; attempt++) {
    const res = await gk.request('POST', `/public/consultations/${id}/comments`, { body: { text: '建议增加托管服务' } });
    if (res.status === 201) break;
    if (attempt > 40) throw new Error(`consultation fixture: the window did not open: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const comments = await gk.request<{ id: string }[]>('GET', `/consultations/${id}/comments`, { as: 'zhangwei' });
  return { id, commentId: comments.body[0].id };
}

beforeAll(async () => {
  gk = await startGongkaiApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', AUTH_FAILURE_LIMIT_PER_MINUTE: '100000', PUBLIC_COMMENT_LIMIT_PER_MINUTE: '100000' } });
  const [underReview, d, ack, toApprove, toReject, toReturn, toRevise, toWithdraw, toRetract, proactive, withheld] = await Promise.all([
    revisedUnderReview(),
    draft(),
    awaitingAcknowledgement(),
    inReviewAtLina('待通过'),
    inReviewAtLina('待退回'),
    inReviewAtLina('待要求修改'),
    inReviewAtLina('待修订'),
    inReviewAtLina('待作者撤回'),
    published(titled('待发布后撤回')),
    published(titled('主动公开')),
    published({ ...titled('不予公开'), attribute: 'not_disclosed', attributeReason: '属于内部事务信息（条例第十六条）' }),
  ]);
  const [reads, toComment, toMarkReady, toReturnPolicy, toSubmit] = await Promise.all([
    policyFixture('政策（读）', 'drafting'),
    policyFixture('政策（评论）', 'drafting'),
    policyFixture('政策（标记就绪）', 'qa-saved'),
    policyFixture('政策（退回解读）', 'qa-ready'),
    policyFixture('政策（提交）', 'all-ready'),
  ]);
  items = {
    underReview,
    draft: d,
    awaitingAcknowledgement: ack,
    toApprove,
    toReject,
    toReturn,
    toRevise,
    toWithdraw,
    toRetract,
    proactive,
    withheld,
    policies: { reads, toComment, toMarkReady, toReturn: toReturnPolicy, toSubmit },
    consultation: await openConsultation(),
    requests: {
      reads: await registeredRequest(),
      toClarify: await registeredRequest(),
      toConsult: await registeredRequest(),
      toReply: await registeredRequest(),
    },
  };
}, 120_000);

afterAll(async () => {
  await gk?.stop();
});

// ------------------------------------------------------------------ the tests

describe('every documented endpoint × every caller', () => {
  for (const key of [...new Set([...DOCUMENTED, ...Object.keys(MATRIX)])]) {
    it(`${key} — ${MATRIX[key]?.rule ?? 'no row'}`, async () => {
      if (!DOCUMENTED.includes(key)) throw new Error(`${key} has a row but is not in docs/openapi.json: remove the row, or run npm run openapi`);
      if (!MATRIX[key]) throw new Error(`${key} is in docs/openapi.json but has no row: add one with the status each caller should get`);
      expect(await mismatches(key, MATRIX[key])).toEqual([]);
    });
  }
});

describe('routes served outside the OpenAPI document', () => {
  for (const [key, row] of Object.entries(UNDOCUMENTED)) {
    it(`${key} — ${row.rule}`, async () => {
      if (DOCUMENTED.includes(key)) throw new Error(`${key} is documented now: move its row into MATRIX`);
      expect(await mismatches(key, row)).toEqual([]);
    });
  }
});
