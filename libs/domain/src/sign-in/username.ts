/**
 * The one spelling of a username that sign-in, lockout counting and the password tool compare: full-width
 * letters and compatibility forms folded (NFKC), spaces trimmed, lower case. `Lina`, `ｌｉｎａ` and ` lina `
 * are the same account, so a lock cannot be sidestepped by spelling the name differently.
 */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}
