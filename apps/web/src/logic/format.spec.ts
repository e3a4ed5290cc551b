import { catalogPath, formatDate, percent, text, workingDays } from './format';

describe('formats', () => {
  it('reads the API’s loosely typed nullable fields', () => {
    expect([text(null), text(undefined), text('x'), text(3), text({})]).toEqual(['', '', 'x', '3', '']);
  });
  it('dates, shares and working days', () => {
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDate('not a date')).toBe('not a date');
    expect(percent(0.925)).toBe('92.5%');
    expect(percent(null)).toBe('—');
    expect(workingDays(6.54)).toBe('6.5 个工作日');
  });
  it('writes the 索引号’s slash as %2F in the URL', () => {
    expect(catalogPath('003012345/2026-00001')).toBe('/open/003012345%2F2026-00001');
  });
});
