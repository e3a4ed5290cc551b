import type { Actor } from '@gongkai/contracts';

export { isRole, ROLE_LABELS, ROLES } from '@gongkai/contracts';

/** The authenticated caller, as the workflow's messages carry it. */
export type AuthenticatedUser = Actor;
