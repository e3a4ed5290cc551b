/** The left menu: only the pages the user's roles may use. */
export interface MenuItem {
  path: string;
  label: string;
}

/** Roles that read every item and see the 领导看板 (the API answers 403 to the others). */
export const BOARD_ROLES = ['leader', 'principal', 'office'] as const;

export function canSeeBoard(roles: readonly string[]): boolean {
  return roles.some((r) => (BOARD_ROLES as readonly string[]).includes(r));
}

/** Roles that handle or approve disclosure requests (依申请公开): the office registers and handles, leaders approve replies. */
export const REQUEST_DESK_ROLES = ['office', 'office_head', 'leader', 'principal'] as const;

export function canUseRequestDesk(roles: readonly string[]): boolean {
  return roles.some((r) => (REQUEST_DESK_ROLES as readonly string[]).includes(r));
}

export function canDraft(roles: readonly string[]): boolean {
  return roles.includes('author');
}

export function menuFor(roles: readonly string[]): MenuItem[] {
  const items: MenuItem[] = [
    { path: '/todo', label: '我的待办' },
    { path: '/manuscripts', label: '稿件' },
    { path: '/policy-packages', label: '政策解读' },
    { path: '/consultation-admin', label: '征求意见' },
  ];
  if (canUseRequestDesk(roles)) items.push({ path: '/request-desk', label: '依申请公开' });
  if (canDraft(roles)) items.push({ path: '/manuscripts/new', label: '起草' });
  if (canSeeBoard(roles)) items.push({ path: '/board', label: '领导看板' });
  items.push({ path: '/open', label: '公开目录' }, { path: '/system', label: '系统状态' });
  return items;
}

/** Whether a signed-in user may open a route (the router's guard). Unknown paths are left to the router. */
export function mayOpen(path: string, roles: readonly string[]): boolean {
  if (path === '/board') return canSeeBoard(roles);
  if (path === '/request-desk' || path.startsWith('/request-desk/')) return canUseRequestDesk(roles);
  if (path === '/manuscripts/new' || path === '/policy-packages/new' || path === '/consultation-admin/new') return canDraft(roles);
  return true;
}
