import type { Actor } from '../../../../libs/contracts/src/publication';

export { isRole, ROLE_LABELS, ROLES } from '../../../../libs/contracts/src/roles';

/** The authenticated caller, as the workflow's messages carry it. */
export type AuthenticatedUser = Actor;
