import { createBody, emptyDraft, reviseBody, validateDraft } from './draft';

describe('the draft form', () => {
  const filled = { ...emptyDraft('2026-03-02'), title: ' 关于开展春季招生工作的通知 ', body: '正文', category: '通知公告' };

  it('checks what it can before sending', () => {
    expect(validateDraft(emptyDraft('2026-03-02'), 'create')).toEqual({ title: '请填写标题', body: '请填写正文', category: '请选择主题分类' });
    expect(validateDraft({ ...filled, documentNumber: '示教〔2026〕05号' }, 'create').documentNumber).toContain('文号格式');
    expect(validateDraft({ ...filled, documentNumber: '示教〔2026〕5号' }, 'create')).toEqual({});
    expect(validateDraft({ ...filled, attribute: 'not_disclosed' }, 'create').attributeReason).toBeDefined();
  });

  it('builds the create body without empty optional fields', () => {
    expect(createBody(filled)).toEqual({
      title: '关于开展春季招生工作的通知', body: '正文', bodyFormat: 'text', writtenDate: '2026-03-02', validity: '现行有效', category: '通知公告', attribute: 'proactive',
    });
  });

  it('builds the revise body on the current version (category and attribute are not revised)', () => {
    const body = reviseBody({ ...filled, documentNumber: '示教〔2026〕5号' }, 2);
    expect(body).toEqual({ title: '关于开展春季招生工作的通知', body: '正文', bodyFormat: 'text', writtenDate: '2026-03-02', validity: '现行有效', version: 2, documentNumber: '示教〔2026〕5号' });
    expect(body).not.toHaveProperty('category');
  });
});
