/**
 * One readable line for any thrown value. Node reports a refused connection to
 * a host with several addresses (localhost → ::1, 127.0.0.1) as an
 * AggregateError with an empty message; its inner errors say what happened.
 */
export function errorText(err: unknown): string {
  let text: string;
  if (err instanceof AggregateError && !err.message) {
    text = err.errors.map((inner) => errorText(inner)).join('; ');
  } else if (err instanceof Error) {
    text = err.message || (err as { code?: string }).code || err.name;
  } else {
    text = String(err);
  }
  return text.split('\n')[0].slice(0, 300);
}
