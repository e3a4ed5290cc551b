import { formatIndexNumber, IndexNumberError, indexNumberPeriod, type IndexNumberPattern } from './index-number';

describe('index number (索引号) pattern', () => {
  const yearly: IndexNumberPattern = { organisationCode: '000014349', period: 'YYYY', serialWidth: 5 };

  it('formats the common organisation/year-serial form', () => {
    expect(formatIndexNumber(yearly, indexNumberPeriod(yearly, '2018-06-30'), 222)).toBe('000014349/2018-00222');
  });

  it('supports a category code, monthly periods, other widths and separators', () => {
    const monthly: IndexNumberPattern = {
      organisationCode: '11340300MB1234567X',
      categoryCode: 'A01',
      period: 'YYYYMM',
      serialWidth: 3,
      separator: '-',
    };
    expect(formatIndexNumber(monthly, indexNumberPeriod(monthly, '2022-03-09'), 7)).toBe('11340300MB1234567X-A01-202203-007');
  });

  it('refuses serials that do not fit and patterns outside the rules', () => {
    expect(() => formatIndexNumber({ ...yearly, serialWidth: 3 }, '2022', 1000)).toThrow(/超出 3 位/);
    expect(() => formatIndexNumber({ ...yearly, serialWidth: 9 }, '2022', 1)).toThrow(IndexNumberError);
    expect(() => formatIndexNumber({ ...yearly, organisationCode: '合肥' }, '2022', 1)).toThrow(/机构代码/);
  });
});
