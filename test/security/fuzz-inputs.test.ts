/**
 * Every endpoint over real HTTP, each body field, query parameter and path
 * parameter in turn replaced by something hostile — text with NUL, lone
 * surrogates, bidi and zero-width characters, huge numbers, wrong types, deep
 * nesting, arbitrary JSON — and whole bodies of arbitrary text under assorted
 * content types. No answer may be a 5xx, and none may hang.
 *
 * Each part gets its own property: the known-bad values first (fast-check
 * `examples`), then seeded random ones (GONGKAI_FUZZ_SEED, else a fixed seed),
 * counted to keep the file under a minute. On a failure fast-check prints the
 * seed and path that replay it. Hunt longer with GONGKAI_FUZZ_RUNS=200 and
 * other seeds.
 */
import * as fc from 'fast-check';
import { createAndSubmit, draftOf, NOT_SECRET, startGongkaiApp, type DemoUsername, type RunningGongkai } from '../support/gongkai-app';

const SEED = Number(process.env.GONGKAI_FUZZ_SEED ?? 20_260_301);
const ANSWER_WITHIN_MS = 15_000;

// ------------------------------------------------------------------ the endpoints

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT';
  /** With `:name` placeholders, filled from `params`. */
  path: string;
  as?: DemoUsername;
  params?: Record<string, string>;
  /** Every query parameter the endpoint reads, with a valid value. */
  query?: Record<string, string>;
  /** A valid body. */
  body?: Record<string, unknown>;
}

const PAGE = { page: '1', pageSize: '20', text: '通知', category: '工作动态' };
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CONTENT = {
  title: '关于开展安全教育活动的通知',
  body: '各学校：\n现就有关事项通知如下。',
  bodyFormat: 'text',
  documentNumber: '示教〔2026〕5号',
  writtenDate: '2026-03-02',
  validity: '现行有效',
  attachments: [{ name: '附件1.pdf', size: 1024, sha256: SHA }],
};
const DECISION = { version: 1, level: 1, reason: '数据口径需核对', comment: '请修改' };

/** Stand-ins for the items made in beforeAll: a draft (author actions) and one in review at 李娜 (reviewer actions). */
const DRAFT = '<draft>';
const IN_REVIEW = '<in-review>';
const itemIds: Record<string, string> = {};
const item = (id: string) => ({ id });
/** A policy package in drafting (zhangwei leads and drafts its 文字解读). */
const POLICY = '<policy>';
const POLICY_TEXT = '<policy-text>';
const policyText = () => ({ id: POLICY, iid: POLICY_TEXT });
const POLICY_CONTENT = { ...CONTENT, category: '规范性文件', attribute: 'proactive' };
/** A consultation in draft (zhangwei's): its public routes answer 404/409, its staff routes validate all the same. */
const CONSULTATION = '<consultation>';
/** A disclosure request registered today by zhaomin. */
const REQUEST = '<request>';
const TODAY_CIVIL = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const REQUESTER = { kind: 'legal_person', category: 'research', name: '示范大学', idNumber: '12345', contact: '0000-0000000', address: '人民路1号' };
const REQUEST_BODY = { requester: REQUESTER, content: '申请公开招生计划', purpose: '研究', channel: 'in_person', receivedOn: TODAY_CIVIL };
const CONSULTATION_BODY = { title: '关于《课后服务管理办法（征求意见稿）》公开征求意见的公告', draftBody: '第一条 为规范课后服务，制定本办法。', explanation: '起草说明', days: 20, shortReason: '事项紧急', contact: '基础教育科' };

/**
 * Every route the controllers declare (checked against the OpenAPI document
 * below), with valid parameters and bodies; each is then spoiled one part at a
 * time. PUT /calendar/years only ever writes 2199: the run's database is shared.
 */
const ENDPOINTS: readonly Endpoint[] = [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/healthz' },
    { method: 'GET', path: '/readyz' },
    { method: 'GET', path: '/api/docs-json' },
    { method: 'GET', path: '/catalog', query: { ...PAGE, status: 'published' } },
    { method: 'GET', path: '/catalog/categories' },
    { method: 'GET', path: '/catalog/:indexNumber', params: { indexNumber: '003012345%2F2026-00001' } },
    { method: 'GET', path: '/catalog/:organisationCode/:serial', params: { organisationCode: '003012345', serial: '2026-00001' } },
    { method: 'GET', path: '/catalog/register', as: 'zhaomin', query: { ...PAGE, status: 'published', attribute: 'on_request' } },
    { method: 'GET', path: '/tasks', as: 'lina' },
    { method: 'POST', path: '/auth/login', body: { username: 'fuzz-nobody', password: 'not-a-password' } },
    { method: 'POST', path: '/auth/logout', as: 'zhaomin' },
    { method: 'GET', path: '/auth/session' },
    { method: 'GET', path: '/dashboard', as: 'zhaomin', query: { department: 'jichu', from: '2026-01-01', to: '2026-06-30' } },
    { method: 'GET', path: '/calendar/years', as: 'zhaomin' },
    { method: 'GET', path: '/calendar/years/:year', as: 'zhaomin', params: { year: '2026' } },
    {
      method: 'PUT',
      path: '/calendar/years/:year',
      as: 'zhaomin',
      params: { year: '2199' },
      body: { year: 2199, source: '模糊测试', holidays: [{ date: '2199-01-01', name: '元旦' }], workdays: [] },
    },
    {
      method: 'GET',
      path: '/publications',
      as: 'zhaomin',
      query: {
        ...PAGE,
        status: 'in_review',
        stage: '1',
        department: 'jichu',
        overdue: 'false',
        dueWithinWorkingDays: '3',
        publishedFrom: '2026-01-01',
        publishedTo: '2026-12-31',
      },
    },
    {
      method: 'POST',
      path: '/publications',
      as: 'zhangwei',
      body: { ...CONTENT, category: '工作动态', attribute: 'on_request', attributeReason: '涉及第三方合法权益' },
    },
    { method: 'GET', path: '/publications/:id', as: 'zhangwei', params: item(DRAFT) },
    { method: 'POST', path: '/publications/:id/submit', as: 'zhangwei', params: item(DRAFT), body: { version: 1 } },
    { method: 'POST', path: '/publications/:id/acknowledge-warnings', as: 'zhangwei', params: item(DRAFT), body: { version: 1 } },
    {
      method: 'POST',
      path: '/publications/:id/approve',
      as: 'lina',
      params: item(IN_REVIEW),
      body: { version: 1, level: 1, comment: '同意', confidentiality: NOT_SECRET },
    },
    { method: 'POST', path: '/publications/:id/reject', as: 'lina', params: item(IN_REVIEW), body: DECISION },
    { method: 'POST', path: '/publications/:id/request-changes', as: 'lina', params: item(IN_REVIEW), body: DECISION },
    {
      method: 'POST',
      path: '/publications/:id/revise',
      as: 'zhangwei',
      params: item(DRAFT),
      body: { ...CONTENT, version: 1, attributeReason: '涉及个人隐私' },
    },
    { method: 'POST', path: '/publications/:id/withdraw', as: 'zhangwei', params: item(DRAFT), body: { reason: '重复起草', version: 1 } },
    { method: 'POST', path: '/publications/:id/retract', as: 'chenjun', params: item(IN_REVIEW), body: { reason: '政策已废止', version: 1 } },
    { method: 'GET', path: '/publications/:id/timeline', as: 'zhangwei', params: item(DRAFT) },
    { method: 'GET', path: '/publications/:id/versions', as: 'zhangwei', params: item(DRAFT) },
    { method: 'GET', path: '/publications/:id/versions/:n', as: 'zhangwei', params: { ...item(DRAFT), n: '1' } },
    {
      method: 'GET',
      path: '/publications/:id/versions/:n/diff',
      as: 'zhangwei',
      params: { ...item(DRAFT), n: '1' },
      query: { against: '1' },
    },
    {
      method: 'POST',
      path: '/policies',
      as: 'zhangwei',
      body: { ...POLICY_CONTENT, interpretations: [{ form: 'text', ownerId: 'zhangwei', title: '解读' }], deferral: { reason: '图解发布后补充' } },
    },
    { method: 'GET', path: '/policies', as: 'zhaomin', query: { page: '1', pageSize: '20', status: 'drafting' } },
    { method: 'GET', path: '/policies/:id', as: 'zhangwei', params: item(POLICY) },
    { method: 'PUT', path: '/policies/:id/interpretations/:iid', as: 'zhangwei', params: policyText(), body: { title: '解读', body: '一、出台背景', version: 0 } },
    { method: 'POST', path: '/policies/:id/interpretations/:iid/comments', as: 'zhangwei', params: policyText(), body: { text: '请补充', quote: '背景' } },
    { method: 'GET', path: '/policies/:id/interpretations/:iid/comments', as: 'zhangwei', params: policyText() },
    { method: 'POST', path: '/policies/:id/interpretations/:iid/ready', as: 'zhangwei', params: policyText(), body: { version: 1 } },
    { method: 'POST', path: '/policies/:id/interpretations/:iid/return', as: 'zhangwei', params: policyText(), body: { reason: '请补充' } },
    { method: 'POST', path: '/policies/:id/submit', as: 'zhangwei', params: item(POLICY), body: { version: 1 } },
    { method: 'GET', path: '/policies/:id/interpretations/:iid', as: 'zhangwei', params: policyText() },
    { method: 'POST', path: '/policies/:id/interpretations/:iid/release', as: 'zhangwei', params: policyText(), body: { version: 1 } },
    { method: 'POST', path: '/consultations', as: 'zhangwei', body: CONSULTATION_BODY },
    { method: 'GET', path: '/consultations', as: 'zhaomin', query: { page: '1', pageSize: '20', status: 'open', departmentId: 'jichu' } },
    { method: 'GET', path: '/consultations/:id', as: 'zhangwei', params: item(CONSULTATION) },
    { method: 'POST', path: '/consultations/:id/extend', as: 'wangqiang', params: item(CONSULTATION), body: { days: 5, reason: '意见较多' } },
    { method: 'GET', path: '/consultations/:id/comments', as: 'zhangwei', params: item(CONSULTATION), query: { page: '1', pageSize: '50' } },
    { method: 'GET', path: '/consultations/:id/clusters', as: 'zhangwei', params: item(CONSULTATION) },
    {
      method: 'PUT',
      path: '/consultations/:id/comments/:commentId/disposition',
      as: 'zhangwei',
      params: { id: CONSULTATION, commentId: '1' },
      body: { decision: 'not_adopted', reason: '与本办法无关' },
    },
    { method: 'POST', path: '/consultations/:id/feedback', as: 'zhangwei', params: item(CONSULTATION) },
    { method: 'GET', path: '/public/consultations', query: { page: '1', pageSize: '20', status: 'open' } },
    { method: 'GET', path: '/public/consultations/:id', params: item(CONSULTATION) },
    { method: 'POST', path: '/requests', as: 'zhaomin', body: REQUEST_BODY },
    { method: 'GET', path: '/requests', as: 'zhaomin', query: { status: 'registered', dueBefore: '2026-12-31', overdue: 'false', page: '1', pageSize: '20' } },
    { method: 'GET', path: '/requests/:id', as: 'zhaomin', params: item(REQUEST) },
    { method: 'GET', path: '/requests/:id/deadline', as: 'zhaomin', params: item(REQUEST) },
    { method: 'GET', path: '/requests/:id/reply.pdf', as: 'zhaomin', params: item(REQUEST) },
    { method: 'POST', path: '/requests/:id/confirm', as: 'zhaomin', params: item(REQUEST), body: { confirmedOn: TODAY_CIVIL } },
    { method: 'POST', path: '/requests/:id/clarification', as: 'zhaomin', params: item(REQUEST), body: { items: ['请说明年份'], sentOn: TODAY_CIVIL, replyBy: '2099-12-31' } },
    { method: 'POST', path: '/requests/:id/clarified', as: 'zhaomin', params: item(REQUEST), body: { receivedOn: TODAY_CIVIL } },
    { method: 'POST', path: '/requests/:id/third-party', as: 'zhaomin', params: item(REQUEST), body: { party: '某学校', sentOn: TODAY_CIVIL } },
    {
      method: 'POST',
      path: '/requests/:id/third-party/:thirdPartyId/answer',
      as: 'zhaomin',
      params: { id: REQUEST, thirdPartyId: '00000000-0000-4000-8000-000000000000' },
      body: { receivedOn: TODAY_CIVIL, opinion: 'agree' },
    },
    { method: 'POST', path: '/requests/:id/extend', as: 'qianli', params: item(REQUEST), body: { reason: '需调取档案' } },
    { method: 'POST', path: '/requests/:id/reply', as: 'zhaomin', params: item(REQUEST), body: { outcome: 'unavailable.not_held', body: '本机关不掌握', responsibleAgency: '示范市人社局' } },
    { method: 'POST', path: '/requests/:id/reply/approve', as: 'wangqiang', params: item(REQUEST), body: { comment: '同意' } },
    { method: 'POST', path: '/requests/:id/reply/return', as: 'wangqiang', params: item(REQUEST), body: { reason: '请核对' } },
    { method: 'POST', path: '/requests/:id/issue', as: 'zhaomin', params: item(REQUEST), body: { issuedOn: TODAY_CIVIL, deliveredBy: '邮寄' } },
    { method: 'GET', path: '/reports/annual/:year/requests', as: 'zhaomin', params: { year: '2026' } },
    { method: 'GET', path: '/reports/annual/:year/requests.xlsx', as: 'zhaomin', params: { year: '2026' } },
    { method: 'POST', path: '/public/requests', body: { organisation: 'demo', requester: REQUESTER, content: '申请公开招生计划', purpose: '研究' } },
    { method: 'GET', path: '/public/requests/agencies' },
    { method: 'GET', path: '/public/requests/:trackingCode', params: { trackingCode: 'SQ-2026-ABCDEFGH' } },
    {
      method: 'POST',
      path: '/public/consultations/:id/comments',
      params: item(CONSULTATION),
      body: { text: '建议延长课后服务时间', name: '王小明', contact: '电子邮件', clause: '第一条' },
    },
];

// ------------------------------------------------------------------ hostile values

const SPECIAL = [
  '\u0000', '\ud800', '\udfff', '\u202e', '\u2066', '\u2069', '\u200b', '\u2060', '\ufeff', '\u3000', ' ', '\t', '\n', '\u2028',
  '%', '_', '\\', "'", '"', '<script>', '😀', '〔', '〕', '/', '..', '%00', '\u0085', '\uffff',
];
const nastyChar = fc.constantFrom(...SPECIAL);
const hostileText: fc.Arbitrary<string> = fc.oneof(
  // Mostly plausible text with one bad character: it has to pass the other checks to reach the database.
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('通知', 'a', '', '工作动态', '2026'), nastyChar, fc.constantFrom('', 'b', '号')).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.array(fc.oneof(nastyChar, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 12 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', 'x'.repeat(2_001), '通'.repeat(201), '1e20', '2147483648', '99999999999', '-1', '0', '1.5', 'NaN', 'true', 'null', ' 1 '),
  },
);
const hugeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e20, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 5e-324, 0, 0.5, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const wrongType = fc.constantFrom<unknown>(null, true, false, [], {}, [[]], [null], { a: 1 }, [{}], '');
const nested = (depth: number, kind: 'array' | 'object'): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
};
/** Up to 150 levels, either side of the parser's limit of 64. */
const deepValue = fc.tuple(fc.integer({ min: 1, max: 150 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nested(d, k));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hugeNumber },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }) },
);

/** Known-bad values every body field is tried with before the random ones. */
const FIELD_EXAMPLES: unknown[] = [
  '通知\u0000',
  '通知\ud800',
  '通知\u202efdp.exe',
  ' \u200b\u3000',
  '',
  'x'.repeat(2_001),
  '2147483648',
  1e20,
  2 ** 31,
  -1,
  0.5,
  null,
  true,
  [],
  {},
  [null],
  { toString: 0, valueOf: 0 },
  nested(30, 'object'),
  nested(100, 'array'),
];
/** Known-bad query and path values (as sent, encoded). */
const URL_EXAMPLES = ['%00', 'a%00b', '%ED%A0%80', '%E2%80%AE', '1e20', '2147483648', '99999999999', '-1', '0', '%E0%A4%A', '%', '%20', 'x'.repeat(2_001)];
const DEEP = 50_000;
/** Known-bad whole bodies, each under JSON and a few other content types. */
const BODY_EXAMPLES: [string, string][] = [
  '['.repeat(DEEP) + ']'.repeat(DEEP),
  '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP),
  '',
  'null',
  '{',
  '{"__proto__":{"a":1}}',
  '{"title":"\\u0000"}',
  '{"version":1e400,"year":-1e400,"title":"\\udc00"}',
].flatMap((text) => ['application/json', 'text/plain', 'application/x-www-form-urlencoded'].map((type): [string, string] => [text, type]));

/** Percent-encodes any string; a lone surrogate as the CESU-8 bytes a careless client sends. */
function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out +=
      code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16)}`).join('')
        : encodeURIComponent(ch);
  }
  return out;
}
/** Query and path text: encoded hostile text, or raw bytes no encoder would produce. */
const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '%C0%80', '%ED%A0%80', '%FF', '+', '%2F', '%2e%2e', '1e20', '-0') },
);

// ------------------------------------------------------------------ requests

let gk: RunningGongkai;

beforeAll(async () => {
  // The public limit (120 a minute per address) would answer most of the run 429.
  gk = await startGongkaiApp({ env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  const draft = await gk.request<{ id: string }>('POST', '/publications', { as: 'zhangwei', body: draftOf() });
  itemIds[DRAFT] = draft.body.id;
  itemIds[IN_REVIEW] = (await createAndSubmit(gk, 'zhangwei')).id;
  const policy = await gk.request<{ id: string; interpretations: { id: string }[] }>('POST', '/policies', {
    as: 'zhangwei',
    body: { ...draftOf(), category: '规范性文件', interpretations: [{ form: 'text', ownerId: 'zhangwei' }] },
  });
  itemIds[POLICY] = policy.body.id;
  itemIds[POLICY_TEXT] = policy.body.interpretations[0].id;
  itemIds[REQUEST] = (await gk.request<{ id: string }>('POST', '/requests', { as: 'zhaomin', body: REQUEST_BODY })).body.id;
  itemIds[CONSULTATION] = (await gk.request<{ id: string }>('POST', '/consultations', { as: 'zhangwei', body: CONSULTATION_BODY })).body.id;
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface Spoiled {
  endpoint: Endpoint;
  params?: Record<string, string>;
  /** Query text as sent (already encoded); default the endpoint's valid query. */
  query?: string;
  body?: unknown;
  rawBody?: { text: string; contentType: string };
  headers?: Record<string, string>;
}

const route = (e: Endpoint) => `${e.method} ${e.path}`;

function queryText(query: Record<string, string> | undefined): string {
  return Object.entries(query ?? {})
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function urlOf(s: Spoiled): string {
  const params = { ...s.endpoint.params, ...s.params };
  const path = s.endpoint.path.replace(/:(\w+)/g, (_m, name: string) => itemIds[params[name]] ?? params[name]);
  const query = s.query ?? queryText(s.endpoint.query);
  return query ? `${path}?${query}` : path;
}

/** Sends the request; fails (and fast-check shrinks) on a 5xx, on no answer within ANSWER_WITHIN_MS, or on a 4xx without a message. */
async function answersWithout5xx(s: Spoiled): Promise<void> {
  const url = urlOf(s);
  const headers: Record<string, string> = { ...s.headers };
  if (s.endpoint.as) headers.authorization = `Bearer ${gk.tokenOf(s.endpoint.as)}`;
  let body: string | undefined;
  if (s.rawBody) {
    headers['content-type'] = s.rawBody.contentType;
    body = s.rawBody.text;
  } else if (s.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(s.body);
  }
  const res = await fetch(`${gk.baseUrl}${url}`, { method: s.endpoint.method, headers, body, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  const text = await res.text();
  const where = `${s.endpoint.method} ${url.slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`;
  // /readyz answers 503 with its checks when a dependency is down: an answer, not a fault.
  if (s.endpoint.path === '/readyz' && res.status === 503) return;
  if (res.status >= 500) throw new Error(`5xx: ${where}`);
  if (res.status >= 400) {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message !== 'string' || message.length === 0) throw new Error(`4xx without a message: ${where}`);
  }
}

/** Paths of every value in a body (`attachments`, `attachments.0`, `attachments.0.name`, …). */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...pathsOf(inner, path)];
  });
}

const REMOVED = Symbol('removed');
/** A copy of `body` with the value at `path` replaced, or removed. */
function withValueAt(body: Record<string, unknown>, path: string, value: unknown): unknown {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let parent = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === REMOVED) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Random runs per part, after its examples: about 1,800 requests in all (GONGKAI_FUZZ_RUNS for a longer hunt). */
const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 10);

function check<T>(values: fc.Arbitrary<T>, examples: T[], send: (value: T) => Spoiled): Promise<void> {
  const property = fc.asyncProperty(values, (value) => answersWithout5xx(send(value)));
  return fc.assert(property, { seed: SEED, numRuns: RUNS, examples: examples.map((e) => [e] as [T]) });
}

// ------------------------------------------------------------------ properties

it('the table covers every route the API documents', async () => {
  const doc = await gk.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/docs-json');
  const documented = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const covered = new Set(ENDPOINTS.map(route));
  expect(documented.filter((r) => !covered.has(r))).toEqual([]);
});

describe('no 5xx with one body field spoiled, removed, or an unknown one added', () => {
  const fields = ENDPOINTS.flatMap((endpoint) => (endpoint.body ? [...pathsOf(endpoint.body), 'unknownField'].map((field) => ({ endpoint, field })) : []));
  it.each(fields.map((f) => [route(f.endpoint), f.field, f] as const))('%s %s', (_route, _field, { endpoint, field }) =>
    check(fc.oneof({ weight: 8, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant<unknown>(REMOVED) }), FIELD_EXAMPLES, (value) => ({
      endpoint,
      body: withValueAt(endpoint.body!, field, value),
    })),
  );
});

describe('no 5xx with one query parameter spoiled, repeated, or an unknown one added', () => {
  const params = ENDPOINTS.flatMap((endpoint) => Object.keys({ ...endpoint.query, 'unknown[x]': '' }).map((name) => ({ endpoint, name })));
  it.each(params.map((p) => [route(p.endpoint), p.name, p] as const))('%s ?%s', (_route, _name, { endpoint, name }) => {
    const others = queryText(Object.fromEntries(Object.entries(endpoint.query ?? {}).filter(([k]) => k !== name)));
    const examples = URL_EXAMPLES.map((v): [string, boolean] => [v, false]);
    return check(fc.tuple(urlText, fc.boolean()), examples, ([value, repeated]) => {
      const spoilt = repeated ? `${name}=${value}&${name}=${value}` : `${name}=${value}`;
      return { endpoint, query: others ? `${others}&${spoilt}` : spoilt };
    });
  });
});

describe('no 5xx with one path parameter spoiled', () => {
  const params = ENDPOINTS.flatMap((endpoint) => Object.keys(endpoint.params ?? {}).map((name) => ({ endpoint, name })));
  // Never a real calendar year: other test files read them.
  const writesRealYear = (endpoint: Endpoint, name: string, value: string) =>
    endpoint.method === 'PUT' && name === 'year' && /^\d+$/.test(value) && Number(value) !== 2199;
  it.each(params.map((p) => [route(p.endpoint), p.name, p] as const))('%s :%s', (_route, _name, { endpoint, name }) =>
    check(
      fc.oneof(urlText, hugeNumber.map((n) => percentEncode(String(n)))).filter((v) => !writesRealYear(endpoint, name, v)),
      URL_EXAMPLES.filter((v) => !writesRealYear(endpoint, name, v)),
      // An empty segment would name another route; a space is the nearest thing.
      (value) => ({ endpoint, params: { [name]: value === '' ? '%20' : value } }),
    ),
  );
});

describe('no 5xx with a whole body of arbitrary text under any content type', () => {
  const deepText = fc
    .tuple(fc.integer({ min: 60, max: 100_000 }), fc.boolean())
    .map(([depth, array]) => (array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
  const text = fc.oneof(
    deepText,
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).map((v) => JSON.stringify(v) ?? ''),
    fc.integer({ min: 0, max: 60 }).map((cut) => JSON.stringify(draftOf()).slice(0, cut)),
    fc.constantFrom(' ', '"x"', '[]', '{"constructor":{"prototype":{"a":1}}}', '\ufeff{}', '{"a":1}{"b":2}'),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/vnd.api+json',
  );
  it.each(ENDPOINTS.filter((e) => e.body).map((e) => [route(e), e] as const))('%s', (_route, endpoint) =>
    check(fc.tuple(text, contentType), BODY_EXAMPLES, ([body, type]) => ({ endpoint, rawBody: { text: body, contentType: type } })),
  );
});

it('no 5xx with any Idempotency-Key', () => {
  const create = ENDPOINTS.find((e) => e.method === 'POST' && e.path === '/publications')!;
  // Header values fetch can send: no control characters; anything else up to 0xFF.
  const key = fc.string({ unit: 'binary-ascii', maxLength: 260 }).filter((k) => [...k].every((c) => c >= ' ' && c !== '\x7f'));
  const examples: [string, unknown][] = [['same-key', '标题一'], ['same-key', '标题二'], ['x'.repeat(201), '标题'], ['é', '标题']];
  return check(fc.tuple(key, hostileValue), examples, ([k, title]) => ({
    endpoint: create,
    headers: { 'idempotency-key': k },
    body: { ...create.body, title },
  }));
});
