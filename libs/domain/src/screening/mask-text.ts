/**
 * A text with every personal datum the screening finds (ID numbers, phone
 * numbers, bank cards, e-mail addresses) masked in place: what any public
 * view of a member of the public's words shows (a consultation's feedback report).
 */
import { maskPersonalData } from './masking';
import { findPersonalData } from './personal-data';

export function maskPersonalDataIn(text: string): string {
  const matches = findPersonalData(text).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const m of matches) {
    if (m.start < at) continue;
    out += text.slice(at, m.start) + maskPersonalData(m.kind, text.slice(m.start, m.end));
    at = m.end;
  }
  return out + text.slice(at);
}
