import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('marks kept, removed and added lines in order', () => {
    expect(lineDiff('一\n二\n三', '一\n贰\n三\n四')).toEqual([
      { op: ' ', text: '一' },
      { op: '-', text: '二' },
      { op: '+', text: '贰' },
      { op: ' ', text: '三' },
      { op: '+', text: '四' },
    ]);
  });

  it('reports identical texts as unchanged lines only', () => {
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.op === ' ')).toBe(true);
  });

  it('rebuilds both texts from the diff', () => {
    const before = '第一条\n第二条\n第三条\n附则';
    const after = '第一条\n第二条（修订）\n第三条\n第四条\n附则';
    const diff = lineDiff(before, after);
    expect(diff.filter((l) => l.op !== '+').map((l) => l.text).join('\n')).toBe(before);
    expect(diff.filter((l) => l.op !== '-').map((l) => l.text).join('\n')).toBe(after);
  });
});
