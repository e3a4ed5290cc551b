/** Masks personal data for display in findings, logs and review screens: enough to recognise, not to use. */
import type { FindingKind } from './finding';

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** `340104199003071234` → `3401**********1234`. */
export function maskIdNumber(id: string): string {
  return keepEnds(id, 4, 4);
}

/** `13800138000` → `138****8000`; separators and the +86 country code are dropped. */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(?:00)?86(?=1\d{10}$)/, '');
  return digits.length === 11 ? keepEnds(digits, 3, 4) : keepEnds(digits, 4, 2);
}

/** `6222021234567890123` → `6222***********0123`. */
export function maskBankCard(card: string): string {
  return keepEnds(card.replace(/\D/g, ''), 4, 4);
}

/** `zhangsan@example.com` → `z*******@example.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? keepEnds(email, 1, 0) : keepEnds(email.slice(0, at), 1, 0) + email.slice(at);
}

export function maskPersonalData(kind: FindingKind, text: string): string {
  switch (kind) {
    case 'id_card':
      return maskIdNumber(text);
    case 'mobile_phone':
    case 'landline_phone':
      return maskPhoneNumber(text);
    case 'bank_card':
      return maskBankCard(text);
    case 'email':
      return maskEmail(text);
    default:
      return text;
  }
}
