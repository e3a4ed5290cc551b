import { cleanNoticeHtml, describeRemovals, reviewNoticeHtml, type NoticeAttachment } from './index';

const PHOTO: NoticeAttachment = { name: '招生范围示意图.png', sha256: 'a3'.repeat(32) };

/** What a browser could run or be steered by, in any spelling. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<\s*(script|style|svg|math|iframe|object|embed|form|input|meta|base|link)\b/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript|&#|&colon;/i);
}

describe('cleanNoticeHtml removes every construct of the security finding', () => {
  const attacks: [string, string, RegExp][] = [
    ['img with slashes instead of spaces', '<p>通知</p><img/src=x/onerror=alert(1)>', /图片地址“x\/onerror=alert\(1\)”/],
    ['img with an event handler', '<img src=x onerror=alert(document.cookie)>', /<img> 的 onerror 属性/],
    ['svg with onload', '<svg/onload=alert(1)>', /<svg> 元素及其中的内容/],
    ['hex-entity javascript: link', '<a href="jav&#x61;script:alert(1)">点此查看</a>', /链接地址“javascript:alert\(1\)”/],
    ['decimal-entity javascript: link', '<a href="&#106;avascript:alert(1)">x</a>', /链接地址“javascript:alert\(1\)”/],
    ['named-entity colon', '<a href="javascript&colon;alert(1)">x</a>', /链接地址“javascript:alert\(1\)”/],
    ['tab inside the scheme', '<a href="java&#x09;script:alert(1)">x</a>', /链接地址“java\\u0009script:alert\(1\)”/],
    ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', /链接地址“data:text\/html/],
    ['meta refresh', '<meta http-equiv=refresh content="0;url=https://evil.example/">', /<meta> 标签/],
    ['base', '<base href="https://evil.example/"><a href="https://www.gov.cn/">x</a>', /<base> 标签/],
    ['form', '<form action="https://evil.example/"><input name="pwd"><button>登录</button></form>', /<form> 标签；<input> 标签；<button> 标签/],
    ['iframe', '<iframe src="https://evil.example/"></iframe>', /<iframe> 元素及其中的内容/],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf">', /<object> 元素及其中的内容；<embed> 标签/],
    ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">', /<link> 标签/],
    ['math with a link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', /<math> 元素及其中的内容/],
    ['style and class attributes', '<p style="background:url(javascript:alert(1))" class="x">正文</p>', /<p> 的 style 属性；<p> 的 class 属性/],
  ];

  it.each(attacks)('%s', (_name, payload, named) => {
    const { html, removed } = reviewNoticeHtml(payload);
    expectInert(html);
    expect(cleanNoticeHtml(payload)).toBe(html);
    expect(describeRemovals(removed)).toMatch(named);
  });

  // Markup that parsers read differently (sanitize-html advisories on raw-text elements and foreign content).
  it.each([
    '<svg><textarea><img src=x onerror=alert(1)></textarea></svg>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<textarea></textarea/><img src=x onerror=alert(1)>',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<iframe><img src=x onerror=alert(1)></iframe>',
    '<option><script>alert(1)</script></option>',
    '<p><svg><style><img src=x onerror=alert(1)></style></svg></p>',
  ])('leaves nothing live of %s', (payload) => {
    const { html, removed } = reviewNoticeHtml(payload);
    expectInert(html);
    expect(html).not.toMatch(/<img/i);
    expect(removed.length).toBeGreaterThan(0);
  });

  it('drops the text of script and style instead of showing it', () => {
    const { html, removed } = reviewNoticeHtml('<script>alert("已被攻击")</script><style>p{display:none}</style><p>正文</p>');
    expect(html).toBe('<p>正文</p>');
    expect(describeRemovals(removed)).toBe('<script> 元素及其中的内容；<style> 元素及其中的内容');
  });

  it('keeps only absolute http, https and mailto links', () => {
    expect(reviewNoticeHtml('<a href="mailto:gongkai@example.gov.cn">来信</a>').removed).toEqual([]);
    for (const href of ['/relative', '//evil.example/', '#anchor', 'ftp://x.example/', 'tel:12345']) {
      const { html, removed } = reviewNoticeHtml(`<a href="${href}">x</a>`);
      expect(html).toBe('<a rel="noopener noreferrer">x</a>');
      expect(removed).toEqual([{ kind: 'link', href }]);
    }
  });

  it('lets a link open a new window but never its parent', () => {
    expect(cleanNoticeHtml('<a href="https://www.gov.cn/" target="_blank">x</a>')).toBe(
      '<a href="https://www.gov.cn/" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(describeRemovals(reviewNoticeHtml('<a href="https://www.gov.cn/" target="_top">x</a>').removed)).toBe('<a> 的 target=“_top” 属性');
  });
});

describe('images', () => {
  it('shows an attachment of the item by its digest, in lower case', () => {
    const review = reviewNoticeHtml(`<img src="attachment:${PHOTO.sha256.toUpperCase()}" alt="示意图" width="600">`, [PHOTO]);
    expect(review).toEqual({ html: `<img src="attachment:${PHOTO.sha256}" alt="示意图" width="600" />`, removed: [] });
  });

  it('removes an image that is not one of the item’s attachments, whole', () => {
    const other = 'b4'.repeat(32);
    for (const src of [`attachment:${other}`, 'https://tracker.example/pixel.gif', 'attachments/x.png', 'data:image/png;base64,AAAA']) {
      const { html, removed } = reviewNoticeHtml(`<p>图<img src="${src}" alt="x"></p>`, [PHOTO]);
      expect(html).toBe('<p>图</p>');
      expect(removed).toEqual([{ kind: 'image', src }]);
    }
    expect(reviewNoticeHtml('<img alt="无地址">', [PHOTO]).removed).toEqual([{ kind: 'image', src: '' }]);
  });
});

describe('a realistic notice', () => {
  const notice = [
    '<h1>关于做好2026年义务教育招生工作的通知</h1>',
    '<p>各区教育局、各直属学校：</p>',
    '<p>为做好2026年义务教育招生工作，现将有关事项<strong>通知如下</strong>。</p>',
    '<h2>一、招生时间</h2>',
    '<table><caption>招生日程</caption><colgroup><col span="2"></colgroup>',
    '<thead><tr><th>阶段</th><th>时间</th></tr></thead>',
    '<tbody><tr><td>网上报名</td><td>5月10日至5月20日</td></tr><tr><td colspan="2">具体安排另行通知</td></tr></tbody></table>',
    '<h2>二、招生范围</h2>',
    `<p><img src="attachment:${PHOTO.sha256}" alt="招生范围示意图" width="600" height="400"></p>`,
    '<ul><li>小学：<em>划片</em>入学</li><li>初中：对口直升</li></ul>',
    '<p>详见<a href="https://jyj.example.gov.cn/zsxx/2026.html">市教育局网站</a>，咨询邮箱 <a href="mailto:zs@example.gov.cn">zs@example.gov.cn</a>。</p>',
    '<blockquote>联系电话：010-12345678</blockquote><hr><p>示范市教育局<br>2026年3月2日</p>',
  ].join('\n');

  it('comes through with nothing removed and only links gaining rel', () => {
    const { html, removed } = reviewNoticeHtml(notice, [PHOTO]);
    expect(removed).toEqual([]);
    const expected = notice
      .replace('<col span="2">', '<col span="2" />')
      .replace(/(width="600" height="400")>/, '$1 />')
      .replace(/<(hr|br)>/g, '<$1 />')
      .replace(/(<a href="[^"]+")>/g, '$1 rel="noopener noreferrer">');
    expect(html).toBe(expected);
    expect(cleanNoticeHtml(html, [PHOTO])).toBe(html);
  });

  it('does not count the spelling of the markup as a removal', () => {
    const { html, removed } = reviewNoticeHtml('<P>甲 &amp; 乙<!-- 编辑器注释 --><BR><TD COLSPAN=2>丙</TD></P>');
    expect(removed).toEqual([]);
    expect(html).toBe('<p>甲 &amp; 乙<br /><td colspan="2">丙</td></p>');
  });
});

describe('describeRemovals', () => {
  it('names each construct once and says how many there are beyond the limit', () => {
    const { removed } = reviewNoticeHtml('<p onclick="a">1</p><p onclick="b">2</p><span id="x" title="y" lang="zh">3</span>');
    expect(describeRemovals(removed)).toBe('<p> 的 onclick 属性；<span> 的 id 属性；<span> 的 title 属性；<span> 的 lang 属性');
    expect(describeRemovals(removed, 2)).toBe('<p> 的 onclick 属性；<span> 的 id 属性；等共 4 项');
  });
});
