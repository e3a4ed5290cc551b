import { findingContext, judgeElement } from './safe-html';

describe('the body allowlist', () => {
  it('keeps allowed markup and drops attributes it does not allow', () => {
    expect(judgeElement('P', { class: 'x', style: 'color:red', onclick: 'alert(1)' })).toEqual({ keep: true, attrs: {} });
    expect(judgeElement('td', { colspan: '2', rowspan: 'x' })).toEqual({ keep: true, attrs: { colspan: '2' } });
  });

  it('drops scripts, styles and frames with their content; unknown tags keep their text', () => {
    expect(judgeElement('script', {})).toEqual({ keep: false, children: false });
    expect(judgeElement('iframe', { src: 'https://x' })).toEqual({ keep: false, children: false });
    expect(judgeElement('font', { color: 'red' })).toEqual({ keep: false, children: true });
  });

  it('links: only http(s) and mailto, always rel=noopener', () => {
    expect(judgeElement('a', { href: 'https://www.gov.cn', target: '_blank' })).toEqual({
      keep: true, attrs: { href: 'https://www.gov.cn', target: '_blank', rel: 'noopener noreferrer' },
    });
    expect(judgeElement('a', { href: 'java\nscript:alert(1)' })).toEqual({ keep: true, attrs: { rel: 'noopener noreferrer' } });
    expect(judgeElement('a', { href: ' javascript:alert(1)' })).toEqual({ keep: true, attrs: { rel: 'noopener noreferrer' } });
    expect(judgeElement('a', { href: '/relative', target: '_top' })).toEqual({ keep: true, attrs: { rel: 'noopener noreferrer' } });
  });

  it('images only from the draft’s own attachments', () => {
    const digest = 'a'.repeat(64);
    expect(judgeElement('img', { src: 'https://evil/x.png' })).toEqual({ keep: false, children: false });
    expect(judgeElement('img', { src: `attachment:${digest}`, alt: '图' }, (d) => `/files/${d}`)).toEqual({
      keep: true, attrs: { src: `/files/${digest}`, alt: '图' },
    });
  });

  it('shows a finding in its context', () => {
    expect(findingContext('联系电话13800138000请拨打', 4, 15, 4)).toEqual({ before: '联系电话', match: '13800138000', after: '请拨打' });
    expect(findingContext('短', 5, 9)).toEqual({ before: '短', match: '', after: '' });
  });
});
