import { AhoCorasick, withoutOverlaps } from './aho-corasick';

describe('AhoCorasick', () => {
  it('finds every occurrence of every pattern in one pass, overlapping ones included', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers'].map((p) => ({ pattern: p, value: p })));
    expect(ac.findAll('ushers').map((m) => [m.value, m.start, m.end])).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
  });

  it('matches Chinese terms that share prefixes and suffixes', () => {
    const terms = ['政府信息', '信息公开', '政府信息公开条例', '公开'];
    const ac = new AhoCorasick(terms.map((p) => ({ pattern: p, value: p })));
    const found = ac.findAll('依据政府信息公开条例办理').map((m) => m.value);
    expect(found.sort()).toEqual(['信息公开', '公开', '政府信息', '政府信息公开条例'].sort());
    expect(withoutOverlaps(ac.findAll('依据政府信息公开条例办理')).map((m) => m.value)).toEqual(['政府信息公开条例']);
  });

  it('finds nothing when nothing matches, and ignores empty patterns', () => {
    const ac = new AhoCorasick([{ pattern: '', value: 0 }, { pattern: '布署', value: 1 }]);
    expect(ac.size).toBe(1);
    expect(ac.findAll('认真部署')).toEqual([]);
  });
});
