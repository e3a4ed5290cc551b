/**
 * resolveRoute: the review levels for a category and attribute, from the
 * review_routes table. The most specific row wins: the category itself, then
 * its parent in the 公开目录, then '*'; an exact attribute before '*'; then
 * the higher priority.
 */
import { type PublicationActivities, type RouteLevel, ROLE_LABELS } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

/** Used only when the table has no matching row (not even '*'/'*'): the strictest route. */
const FALLBACK: RouteLevel['role'][] = ['section_head', 'leader', 'principal'];

export function toRouteLevels(roles: readonly string[]): RouteLevel[] {
  return roles.map((role, i) => {
    const r = role as RouteLevel['role'];
    return { level: i + 1, role: r, label: ROLE_LABELS[r] ?? role };
  });
}

export function resolveRouteActivity(ctx: PublicationContext): PublicationActivities['resolveRoute'] {
  return async ({ category, attribute }) => {
    const levels = await ctx.repositories.reviewSettings.routeLevels(category, attribute);
    if (!levels) {
      ctx.logger.warn(`审核路由表中没有适用于“${category}”/${attribute} 的规则（也没有 '*' 兜底），按三级审核处理`);
      return toRouteLevels(FALLBACK);
    }
    return toRouteLevels(levels);
  };
}
