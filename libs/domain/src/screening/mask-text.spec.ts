import { maskPersonalDataIn } from './mask-text';

describe('maskPersonalDataIn', () => {
  it('masks ID numbers and mobile numbers inside ordinary text, keeping the rest', () => {
    const masked = maskPersonalDataIn('我是家长，身份证110101199003071233，电话13812345678，建议延长托管时间。');
    expect(masked).not.toContain('110101199003071233');
    expect(masked).not.toContain('13812345678');
    expect(masked).toContain('建议延长托管时间');
    expect(masked.startsWith('我是家长，身份证')).toBe(true);
  });

  it('leaves a text without personal data unchanged', () => {
    expect(maskPersonalDataIn('建议第五条增加寒暑假托管的规定。')).toBe('建议第五条增加寒暑假托管的规定。');
  });
});
