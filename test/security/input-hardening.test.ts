/**
 * Inputs that used to answer 500 (or worse: a NUL in a withdrawal reason made
 * the workflow's projection activity fail for ever) now answer 400 with a
 * message a person can act on; an Idempotency-Key reused for a different
 * draft answers 422; titles that are blank or display differently from what
 * they are, and blank reasons, are refused or count as missing.
 */
import { randomUUID } from 'node:crypto';
import {
  createAndSubmit,
  draftOf,
  NOT_SECRET,
  startGongkaiApp,
  waitForItem,
  type DemoUsername,
  type ErrorBody,
  type PublicationBody,
  type RunningGongkai,
} from '../support/gongkai-app';

let gk: RunningGongkai;
let draft: PublicationBody;
beforeAll(async () => {
  gk = await startGongkaiApp();
  draft = await created(draftOf());
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

async function created(body: Record<string, unknown>): Promise<PublicationBody> {
  const res = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body });
  expect(res.status).toBe(201);
  return res.body;
}

/** A request with a body sent as is (not through JSON.stringify). */
async function sendRaw(method: string, urlPath: string, as: DemoUsername, text: string): Promise<{ status: number; body: ErrorBody }> {
  const res = await fetch(`${gk.baseUrl}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${gk.tokenOf(as)}`, 'content-type': 'application/json' },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

function refused(res: { status: number; body: unknown }, status = 400): ErrorBody {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, message: expect.any(String) } });
  return res.body as ErrorBody;
}

/** The one field a 400 names, and its message. */
function fieldRefused(res: { status: number; body: unknown }, field: string): string {
  const body = refused(res);
  expect(body.errors?.map((e) => e.field)).toEqual([field]);
  return body.errors![0].messages.join(' ');
}

describe('a NUL character (Postgres cannot store it) is a 400 naming the field', () => {
  it('in a query parameter of the public catalogue, without sign-in', async () => {
    expect(fieldRefused(await gk.request('GET', '/catalog?text=%00'), 'text')).toBe('查询参数 text 含有空字符（U+0000），无法保存；请删除该字符后重试');
    expect(fieldRefused(await gk.request('GET', '/catalog?category=a%00b'), 'category')).toContain('空字符');
  });

  it('in a path parameter', async () => {
    expect(fieldRefused(await gk.request('GET', '/catalog/%00'), 'indexNumber')).toMatch(/^路径参数 indexNumber 含有空字符/);
    expect(fieldRefused(await gk.request('GET', '/catalog/003012345/%00'), 'serial')).toContain('空字符');
    expect(fieldRefused(await gk.request('GET', '/publications/%00', { as: 'zhaomin' }), 'id')).toContain('空字符');
  });

  it('in a query parameter of the signed-in lists', async () => {
    for (const param of ['text', 'category', 'department']) {
      expect(fieldRefused(await gk.request('GET', `/publications?${param}=x%00`, { as: 'zhaomin' }), param)).toContain('空字符');
    }
  });

  it('in any field of a draft, nested ones by path', async () => {
    for (const [overrides, field] of [
      [{ title: '通知\u0000' }, 'title'],
      [{ body: '正文\u0000' }, 'body'],
      [{ category: '\u0000' }, 'category'],
      [{ attachments: [{ name: 'a\u0000.pdf', size: 1, sha256: 'a'.repeat(64) }] }, 'attachments.0.name'],
    ] as const) {
      expect(fieldRefused(await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf(overrides) }), field)).toContain('空字符');
    }
  });

  it('in a withdrawal reason, and the item is left as it was', async () => {
    const res = await gk.request('POST', `/publications/${draft.id}/withdraw`, { as: 'zhangwei', body: { reason: '重复\u0000' } });
    expect(fieldRefused(res, 'reason')).toContain('空字符');
    expect((await gk.request<PublicationBody>('GET', `/publications/${draft.id}`, { as: 'zhangwei' })).body.status).toBe('draft');
  });

  it('in a calendar import', async () => {
    const body = { holidays: [{ date: '2199-01-01', name: '元旦\u0000' }], workdays: [] };
    expect(fieldRefused(await gk.request('PUT', '/calendar/years/2199', { as: 'zhaomin', body }), 'holidays.0.name')).toContain('空字符');
  });

  it('and a lone surrogate (not text; it would be stored as U+FFFD) is refused the same way', async () => {
    const res = await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ title: '通知\ud800' }) });
    expect(fieldRefused(res, 'title')).toContain('不成对的代理字符');
  });
});

describe('numbers out of range are a 400', () => {
  it('a page beyond 10000 or written 1e20, a pageSize beyond 100', async () => {
    expect(fieldRefused(await gk.request('GET', '/catalog?page=1e20'), 'page')).toBe('page 必须是 1–10000 的整数');
    expect(fieldRefused(await gk.request('GET', '/publications?page=10001', { as: 'zhaomin' }), 'page')).toContain('1–10000');
    expect(fieldRefused(await gk.request('GET', '/publications?pageSize=101', { as: 'zhaomin' }), 'pageSize')).toContain('1–100');
    expect((await gk.request('GET', '/catalog?page=10000&pageSize=100')).status).toBe(200);
  });

  it('a version number beyond a Postgres integer, or below 1', async () => {
    for (const n of ['2147483648', '99999999999', '0', '-1', '1.5']) {
      const body = refused(await gk.request('GET', `/publications/${draft.id}/versions/${n}`, { as: 'zhangwei' }));
      expect(body.message).toBe('版本号必须是 1–2147483647 的整数');
    }
    expect((await gk.request('GET', `/publications/${draft.id}/versions/1`, { as: 'zhangwei' })).status).toBe(200);
  });

  it('a diff against a version beyond a Postgres integer', async () => {
    const res = await gk.request('GET', `/publications/${draft.id}/versions/1/diff?against=99999999999`, { as: 'zhangwei' });
    expect(fieldRefused(res, 'against')).toBe('against 必须是版本号');
  });

  it('a calendar year beyond four digits', async () => {
    expect(refused(await gk.request('GET', '/calendar/years/2147483648', { as: 'zhaomin' })).message).toBe('年份必须是 1–9999 的整数，例如 2027');
  });
});

describe('request bodies', () => {
  const DEEP = 50_000;

  it('refuses JSON nested 50,000 deep, arrays or objects, with 400', async () => {
    for (const text of ['['.repeat(DEEP) + ']'.repeat(DEEP), '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)]) {
      const body = refused(await sendRaw('POST', '/publications', 'zhangwei', text));
      expect(body.message).toBe('请求体的数组或对象嵌套超过 64 层，无法处理；请检查提交的数据');
    }
  });

  it('validates a body nested less deeply as usual', async () => {
    const nested = JSON.stringify(draftOf({ extra: 'X' })).replace('"X"', '['.repeat(60) + ']'.repeat(60));
    expect(fieldRefused(await sendRaw('POST', '/publications', 'zhangwei', nested), 'extra')).toContain('extra');
  });

  it('tells malformed JSON and forbidden keys apart, in Chinese', async () => {
    expect(refused(await sendRaw('POST', '/publications', 'zhangwei', '{"title": ')).message).toBe('请求体不是有效的 JSON，请检查引号、逗号和括号');
    expect(refused(await sendRaw('POST', '/publications', 'zhangwei', '{"__proto__": {"x": 1}}')).message).toContain('__proto__');
  });

  it('refuses an attachment or a confidentiality conclusion that is an array, not an object', async () => {
    const attachments = [[{ name: 'a.pdf', size: 1, sha256: 'a'.repeat(64) }]];
    const attachment = await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ attachments }) });
    expect(fieldRefused(attachment, 'attachments')).toBe('每个附件必须是对象 {name, size, sha256}');
    const approve = await gk.request('POST', `/publications/${draft.id}/approve`, { as: 'lina', body: { version: 1, confidentiality: [NOT_SECRET] } });
    expect(fieldRefused(approve, 'confidentiality')).toBe('保密审查结论必须是对象 {conclusion, note}');
  });

  it('answers a body that is not JSON, and a URL that cannot be decoded, in Chinese', async () => {
    const res = await fetch(`${gk.baseUrl}/publications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gk.tokenOf('zhangwei')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=x',
    });
    expect(refused({ status: res.status, body: await res.json() }, 415).message).toContain('application/json');
    const badUrl = refused(await gk.request('GET', '/catalog/%E0%A4%A'));
    expect(badUrl).toMatchObject({ message: '网址中有无效的百分号编码（%XX），请检查链接', requestId: expect.any(String) });
  });

  it('refuses a calendar import whose year is an object with its own toString', async () => {
    const body = refused(await sendRaw('PUT', '/calendar/years/2199', 'zhaomin', '{"year":{"toString":0}}'));
    expect(body.message).toBe('请求体中的年份 {"toString":0} 与路径中的 2199 不一致');
  });

  it('refuses a calendar import that is not an object instead of emptying the year', async () => {
    for (const text of ['null', '[]', '"2199"']) {
      expect(refused(await sendRaw('PUT', '/calendar/years/2199', 'zhaomin', text)).message).toContain('顶层必须是一个 JSON 对象');
    }
  });
});

describe('Idempotency-Key', () => {
  const post = (key: string, body: Record<string, unknown>) =>
    gk.request<PublicationBody & ErrorBody>('POST', '/publications', { as: 'zhangwei', body, headers: { 'idempotency-key': key } });

  it('answers the same item for the same request, in any key order', async () => {
    const key = `hardening-${randomUUID()}`;
    const first = await post(key, draftOf({ title: '幂等测试一' }));
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(draftOf({ title: '幂等测试一' })).reverse());
    const again = await post(key, reordered);
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: first.body.id });
  });

  it('answers 422 when the key was used for a different request, and creates nothing', async () => {
    const key = `hardening-${randomUUID()}`;
    const first = await post(key, draftOf({ title: '幂等测试二' }));
    expect(first.status).toBe(201);
    const body = refused(await post(key, draftOf({ title: '另一份稿件' })), 422);
    expect(body.message).toContain(`Idempotency-Key “${key}” 已用于另一个内容不同的起草请求`);
    expect(body.message).toContain(first.body.id);
    const mine = await gk.dataSource.query(`SELECT count(*)::int AS n FROM publications WHERE author_id = 'zhangwei' AND title = '另一份稿件'`);
    expect(mine[0].n).toBe(0);
  });

  it('treats a key claimed before request fingerprints were kept as matching', async () => {
    const key = `hardening-${randomUUID()}`;
    const first = await post(key, draftOf({ title: '幂等测试三' }));
    await gk.dataSource.query(`UPDATE idempotency_keys SET request_hash = NULL WHERE user_id = 'zhangwei' AND key = $1`, [key]);
    const again = await post(key, draftOf({ title: '不同的内容' }));
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: first.body.id });
  });
});

describe('titles and short texts', () => {
  const BLANK_TITLE = '标题不能只由空格或零宽字符组成，请填写内容';

  it.each([
    ['spaces', '   '],
    ['ideographic spaces', '\u3000\u3000'],
    ['zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF'],
  ])('refuses a title of only %s, on create and on revise', async (_kind, title) => {
    expect(fieldRefused(await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ title }) }), 'title')).toBe(BLANK_TITLE);
    const { category: _category, attribute: _attribute, ...content } = draftOf({ title });
    const revise = await gk.request('POST', `/publications/${draft.id}/revise`, { as: 'zhangwei', body: { ...content, version: 1 } });
    expect(fieldRefused(revise, 'title')).toBe(BLANK_TITLE);
  });

  it.each([['\u202E'], ['\u202A'], ['\u202D'], ['\u2066'], ['\u2067'], ['\u2068'], ['\u2069']])(
    'refuses a title or attachment name with bidi control %j',
    async (control) => {
      const title = fieldRefused(await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ title: `通知${control}fdp.exe` }) }), 'title');
      expect(title).toContain('标题含有文字方向控制字符');
      const attachments = [{ name: `附件${control}fdp.exe`, size: 1, sha256: 'a'.repeat(64) }];
      const name = fieldRefused(await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ attachments }) }), 'attachments.0.name');
      expect(name).toContain('附件名含有文字方向控制字符');
    },
  );

  it('keeps an ordinary title with spaces, emoji and Chinese punctuation', async () => {
    expect((await created(draftOf({ title: ' 关于 2026 年“安全月” 📢 活动的通知 ' }))).title).toBe('关于 2026 年“安全月” 📢 活动的通知');
  });

  it('refuses a blank legal reason and a blank retraction reason', async () => {
    const reason = await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ attribute: 'on_request', attributeReason: ' \u200B ' }) });
    expect(fieldRefused(reason, 'attributeReason')).toBe('公开属性理由不能只由空格或零宽字符组成，请填写内容');
    const retract = await gk.request('POST', `/publications/${draft.id}/retract`, { as: 'chenjun', body: { reason: '\u3000 ' } });
    expect(fieldRefused(retract, 'reason')).toBe('撤回必须填写理由，不能只填空格或零宽字符');
  });

  it('counts a reason of only spaces or zero-width characters as missing (422 from the review)', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const res = await gk.request('POST', `/publications/${item.id}/reject`, { as: 'lina', body: { version: 1, reason: ' \u200B\u3000' } });
    expect(refused(res, 422).message).toBe('退回必须填写理由');
  });

  it('refuses a review comment with bidi controls', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const res = await gk.request('POST', `/publications/${item.id}/approve`, {
      as: 'lina',
      body: { version: 1, comment: '同意\u202E', confidentiality: NOT_SECRET },
    });
    expect(fieldRefused(res, 'comment')).toContain('审核意见含有文字方向控制字符');
  });

  it('withdraws with a blank reason as if none was given', async () => {
    const item = await created(draftOf());
    const res = await gk.request('POST', `/publications/${item.id}/withdraw`, { as: 'zhangwei', body: { reason: '\u200B ' } });
    expect(res.status).toBe(200);
    const after = await waitForItem(gk, item.id, 'zhangwei', (i) => i.status === 'withdrawn');
    expect(after.closingReason).toBe('作者撤回');
  });
});
