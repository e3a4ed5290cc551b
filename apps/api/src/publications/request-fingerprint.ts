import { createHash } from 'node:crypto';

/**
 * The request as canonical JSON — object keys sorted, undefined left out — so
 * two equal requests give the same text whatever order their fields came in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What is kept with an Idempotency-Key to tell a retry (same fingerprint) from a different request reusing the key. */
export function requestFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
