/**
 * Datetime literals in visibility queries. Temporal accepts RFC3339 strings
 * (Go's time.RFC3339Nano) and integers meaning Unix nanoseconds; both are
 * turned into a string PostgreSQL reads as timestamptz. Validation happens here,
 * not in PostgreSQL, so a bad date is INVALID_ARGUMENT naming the attribute
 * instead of a failed statement.
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Returns the RFC3339 timestamp normalised for PostgreSQL, or null when the
 * string is not a valid RFC3339 date-time. The offset is kept (PostgreSQL
 * applies it); fractions beyond microseconds are truncated, not rounded,
 * because timestamptz stores microseconds and Temporal's SQL stores truncate
 * the same way (rounding could push `< …T00:00:00.9999999Z` into the next second).
 */
export function normalizeRfc3339(input: string): string | null {
  const m = RFC3339.exec(input);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // Year 0 parses in Go but PostgreSQL has no year 0 (1 BC is year 0 in ISO but "0000" is rejected).
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (!z && (Number(oh) > 23 || Number(om) > 59)) return null;
  const fraction = frac ? `.${frac.slice(0, 6)}` : '';
  const offset = z ? 'Z' : `${sign}${oh}:${om}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`;
}

/**
 * Unix nanoseconds (as decimal text, possibly beyond 2^53) to an RFC3339 UTC
 * string with microsecond precision; null if out of JavaScript's date range.
 */
export function unixNanosToRfc3339(text: string): string | null {
  let nanos: bigint;
  try {
    nanos = BigInt(text);
  } catch {
    return null;
  }
  const micros = floorDiv(nanos, 1000n);
  const millis = floorDiv(micros, 1000n);
  const extraMicros = micros - millis * 1000n;
  const date = new Date(Number(millis));
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return null;
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, -1)}${String(extraMicros).padStart(3, '0')}Z`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}
