/**
 * resolveRoute: the review levels for a category and attribute, from the
 * review_routes table. The most specific row wins: the category itself, then
 * its parent in the 公开目录, then '*'; an exact attribute before '*'; then
 * the higher priority.
 */
import type { PublicationActivities, RouteLevel } from '../../libs/contracts/src/publication';
import { ROLE_LABELS } from '../../libs/contracts/src/roles';
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
    const rows: { levels: string[] }[] = await ctx.ds.query(
      `WITH RECURSIVE ancestors (code, depth) AS (
         SELECT $1::text, 0
         UNION ALL
         SELECT c.parent_code, a.depth + 1 FROM ancestors a
           JOIN catalog_categories c ON c.code = a.code
          WHERE c.parent_code IS NOT NULL AND a.depth < 10
       )
       SELECT r.levels FROM review_routes r
         LEFT JOIN ancestors a ON a.code = r.category
        WHERE (r.category = '*' OR a.code IS NOT NULL) AND r.attribute IN ('*', $2)
        ORDER BY CASE WHEN r.category = '*' THEN 0 ELSE 100 - a.depth END DESC,
                 (r.attribute <> '*') DESC, r.priority DESC, r.id
        LIMIT 1`,
      [category, attribute],
    );
    if (rows.length === 0) {
      ctx.logger.warn(`审核路由表中没有适用于“${category}”/${attribute} 的规则（也没有 '*' 兜底），按三级审核处理`);
      return toRouteLevels(FALLBACK);
    }
    return toRouteLevels(rows[0].levels);
  };
}
