/**
 * Personal data that must not be published (个人隐私): resident ID numbers,
 * mobile and landline numbers, bank cards and e-mail addresses.
 *
 * Each detector starts from a loose pattern and then proves the candidate:
 * check digits for IDs and cards, valid area codes for landlines, digit runs
 * that do not continue into a longer number or code. That is what keeps a 文号,
 * an index number (索引号) or a statistics figure from being flagged.
 */
import type { Match } from './finding';
import { isPlausibleResidentId15, isValidResidentId18, isValidSocialCreditCode, passesLuhn } from './checksums';
import { maskBankCard, maskEmail, maskIdNumber, maskPhoneNumber } from './masking';

// A number must stand alone: not part of a longer run of digits, letters, or an
// index number like 000014349/2018-00222.
const ALONE_BEFORE = '(?<![0-9A-Za-z/\\-_.])';
const ALONE_AFTER = '(?![0-9A-Za-z_]|[/\\-]\\d)';

const ID_NUMBER = new RegExp(`${ALONE_BEFORE}(\\d{17}[\\dXx]|\\d{15})${ALONE_AFTER}`, 'g');
const BANK_CARD = new RegExp(`${ALONE_BEFORE}(\\d{4}(?:[ -]\\d{4}){3}(?:[ -]\\d{1,3})?|\\d{16,19})${ALONE_AFTER}`, 'g');
const MOBILE = new RegExp(`${ALONE_BEFORE}((?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2})${ALONE_AFTER}`, 'g');
// Area codes: 010, 02x, or 0 + [3-9] + two digits; local numbers start 2–9.
const LANDLINE = new RegExp(
  `${ALONE_BEFORE}((?:[（(]0(?:10|2\\d|[3-9]\\d{2})[)）]\\s?|0(?:10|2\\d|[3-9]\\d{2})[- ])[2-9]\\d{6,7}(?:(?:-|转)\\d{1,6})?)${ALONE_AFTER}`,
  'g',
);
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Labels under which an agency publishes its own contact details (咨询电话：0551-…). */
const PUBLIC_CONTACT_LABEL = /(咨询|联系|监督|举报|投诉|办公|值班|服务|热线|受理|传真)(电话|热线|号码|方式)?\s*[:：]?\s*$/;

export function findPersonalData(text: string): Match[] {
  const found: Match[] = [];
  const claimed: [number, number][] = [];
  const free = (start: number, end: number) => claimed.every(([s, e]) => end <= s || start >= e);
  const add = (m: Match) => {
    found.push(m);
    claimed.push([m.start, m.end]);
  };

  for (const m of text.matchAll(ID_NUMBER)) {
    const id = m[1];
    const valid = id.length === 18 ? isValidResidentId18(id) : isPlausibleResidentId15(id);
    if (!valid) continue;
    add({
      kind: 'id_card',
      severity: 'block',
      start: m.index,
      end: m.index + id.length,
      suggestion: `删除身份证号码，或脱敏为 ${maskIdNumber(id)}`,
    });
  }

  for (const m of text.matchAll(BANK_CARD)) {
    const digits = m[1].replace(/\D/g, '');
    const start = m.index;
    const end = start + m[1].length;
    if (digits.length < 16 || digits.length > 19 || !free(start, end)) continue;
    // Issuer prefixes of cards used in China: 62 UnionPay, 4 Visa, 5 Mastercard, 3 JCB/AmEx, 9 domestic debit.
    if (!/^(62|[3459])/.test(digits) || !passesLuhn(digits)) continue;
    if (digits.length === 18 && isValidSocialCreditCode(digits)) continue;
    add({ kind: 'bank_card', severity: 'block', start, end, suggestion: `删除银行卡号，或脱敏为 ${maskBankCard(digits)}` });
  }

  for (const m of text.matchAll(MOBILE)) {
    const start = m.index;
    const end = start + m[1].length;
    if (!free(start, end)) continue;
    add({
      kind: 'mobile_phone',
      severity: 'block',
      start,
      end,
      suggestion: `删除个人手机号码，或脱敏为 ${maskPhoneNumber(m[1])}`,
    });
  }

  for (const m of text.matchAll(LANDLINE)) {
    const start = m.index;
    const end = start + m[1].length;
    if (!free(start, end)) continue;
    const published = PUBLIC_CONTACT_LABEL.test(text.slice(Math.max(0, start - 10), start));
    add({
      kind: 'landline_phone',
      severity: published ? 'warn' : 'block',
      start,
      end,
      suggestion: published
        ? '请确认这是机关对外公开的联系电话，而不是个人电话'
        : `删除个人固定电话号码，或脱敏为 ${maskPhoneNumber(m[1])}；如为机关对外电话，请标明“咨询电话”等`,
    });
  }

  for (const m of text.matchAll(EMAIL)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    // An agency mailbox on a government domain is published on purpose.
    const official = /\.gov\.cn$/i.test(m[0]);
    add({
      kind: 'email',
      severity: official ? 'warn' : 'block',
      start,
      end,
      suggestion: official ? '请确认这是机关公务邮箱' : `删除个人电子邮箱，或脱敏为 ${maskEmail(m[0])}`,
    });
  }
  return found;
}
