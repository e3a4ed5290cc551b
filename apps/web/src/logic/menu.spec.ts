import { mayOpen, menuFor } from './menu';

describe('the left menu by role', () => {
  it('authors draft; leaders, the principal and the office see the 领导看板', () => {
    expect(menuFor(['author']).map((i) => i.label)).toEqual(['我的待办', '稿件', '政策解读', '征求意见', '起草', '公开目录', '系统状态']);
    expect(menuFor(['section_head']).map((i) => i.label)).toEqual(['我的待办', '稿件', '政策解读', '征求意见', '公开目录', '系统状态']);
    for (const role of ['leader', 'principal', 'office']) expect(menuFor([role]).map((i) => i.label)).toContain('领导看板');
    for (const role of ['leader', 'principal', 'office']) expect(menuFor([role]).map((i) => i.label)).toContain('依申请公开');
    expect(menuFor(['author', 'section_head']).map((i) => i.label)).not.toContain('依申请公开');
  });

  it('guards the routes the menu hides', () => {
    expect(mayOpen('/board', ['author'])).toBe(false);
    expect(mayOpen('/board', ['office'])).toBe(true);
    expect(mayOpen('/manuscripts/new', ['leader'])).toBe(false);
    expect(mayOpen('/manuscripts/123', ['leader'])).toBe(true);
    expect(mayOpen('/policy-packages/new', ['section_head'])).toBe(false);
    expect(mayOpen('/policy-packages/new', ['author'])).toBe(true);
    expect(mayOpen('/policy-packages/123', ['section_head'])).toBe(true);
    expect(mayOpen('/consultation-admin/new', ['leader'])).toBe(false);
    expect(mayOpen('/consultation-admin/new', ['author'])).toBe(true);
    expect(mayOpen('/consultation-admin/123', ['leader'])).toBe(true);
    expect(mayOpen('/request-desk', ['author'])).toBe(false);
    expect(mayOpen('/request-desk/123', ['section_head'])).toBe(false);
    expect(mayOpen('/request-desk/123', ['office'])).toBe(true);
    expect(mayOpen('/request-desk', ['leader'])).toBe(true);
  });
});
