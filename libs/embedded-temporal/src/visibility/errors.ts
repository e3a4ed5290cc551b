/**
 * The one error a user's visibility query can cause. It is always the caller's
 * fault (bad syntax, unknown attribute, wrong value type), so the gRPC layer maps
 * it to INVALID_ARGUMENT; anything else thrown from this module is a server bug.
 */
export class VisibilityQueryError extends Error {
  override readonly name = 'VisibilityQueryError';

  /**
   * @param problem what is wrong, without location (e.g. `unknown search attribute "Foo"`)
   * @param position 0-based character offset into the query (like JSON.parse), when known
   * @param detail what was expected instead, or a hint; follows the position
   */
  constructor(
    readonly problem: string,
    readonly position?: number,
    readonly detail?: string,
  ) {
    super(`${problem}${position === undefined ? '' : ` at position ${position}`}${detail ? `: ${detail}` : ''}`);
  }
}
