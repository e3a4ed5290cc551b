import {
  DocumentNumberError,
  formatDocumentNumber,
  normaliseDocumentNumber,
  parseDocumentNumber,
  validateDocumentNumber,
} from './document-number';

describe('DocumentNumber (GB/T 9704 文号)', () => {
  it('parses and formats the standard form', () => {
    expect(parseDocumentNumber('国办函〔2020〕109号')).toEqual({ agencyCode: '国办函', year: 2020, serial: 109 });
    expect(formatDocumentNumber({ agencyCode: '皖政办', year: 2022, serial: 5 })).toBe('皖政办〔2022〕5号');
  });

  it('names each problem of a malformed number', () => {
    expect(validateDocumentNumber('皖政办[22]05号')).toEqual([
      '年份应使用六角括号“〔〕”，不能使用“[]”',
      '年份应标全称（四位数字），不能写作“22”',
      '发文顺序号不编虚位，“05”应写作“5”',
    ]);
    expect(validateDocumentNumber('国发〔2019〕第7号')).toEqual(['发文顺序号前不加“第”字']);
    expect(validateDocumentNumber('第5号')).toHaveLength(1);
    expect(() => parseDocumentNumber('合政（2023）12号')).toThrow(DocumentNumberError);
  });

  it('suggests the corrected form', () => {
    expect(normaliseDocumentNumber('皖政办[22]05号')).toBe('皖政办〔2022〕5号');
    expect(normaliseDocumentNumber('随便写写')).toBeUndefined();
  });
});
