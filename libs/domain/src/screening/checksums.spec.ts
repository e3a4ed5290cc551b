import fc from 'fast-check';
import { isPlausibleResidentId15, isValidResidentId18, isValidSocialCreditCode, passesLuhn } from './checksums';
import { maskBankCard, maskEmail, maskIdNumber, maskPhoneNumber } from './masking';

describe('GB 11643 resident ID numbers', () => {
  it('accepts numbers whose check character matches, including X', () => {
    expect(isValidResidentId18('340104199003071235')).toBe(true);
    expect(isValidResidentId18('11010519491231002X')).toBe(true);
    expect(isValidResidentId18('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check digit, an unknown region or an impossible birth date', () => {
    expect(isValidResidentId18('340104199003071234')).toBe(false);
    expect(isValidResidentId18('990104199003071235')).toBe(false);
    expect(isValidResidentId18('340104199002301235')).toBe(false);
  });

  it('detects any single changed digit (property)', () => {
    const valid = '340104199003071235';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const changed = valid.slice(0, pos) + ((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        return !isValidResidentId18(changed);
      }),
    );
  });

  it('judges legacy 15-digit numbers by region and 19YYMMDD birth date', () => {
    expect(isPlausibleResidentId15('340104900307123')).toBe(true);
    expect(isPlausibleResidentId15('340104901307123')).toBe(false);
  });
});

describe('Luhn and credit codes', () => {
  it('checks bank card numbers with Luhn', () => {
    expect(passesLuhn('6222021234567890128')).toBe(true);
    expect(passesLuhn('6222021234567890123')).toBe(false);
  });

  it('checks GB 32100 unified social credit codes', () => {
    expect(isValidSocialCreditCode('91340100MA2N12345G')).toBe(true);
    expect(isValidSocialCreditCode('91340100MA2N12345H')).toBe(false);
  });
});

describe('masking for display', () => {
  it('keeps just enough to recognise the value', () => {
    expect(maskIdNumber('340104199003071234')).toBe('3401**********1234');
    expect(maskPhoneNumber('+86 139-0551-2468')).toBe('139****2468');
    expect(maskPhoneNumber('139 0551 2468')).toBe('139****2468');
    expect(maskBankCard('6222 0212 3456 7890 128')).toBe('6222***********0128');
    expect(maskEmail('liumou1988@163.com')).toBe('l*********@163.com');
  });
});
