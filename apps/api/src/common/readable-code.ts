import { randomBytes } from 'node:crypto';

/** Letters and digits a person reads back over the phone without confusion (no 0/O, 1/I). */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `length` random characters from that alphabet: the body of a receipt or tracking code. */
export function readableCode(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
