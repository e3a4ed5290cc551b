/** How reviews are configured: routes per category and attribute (`review_routes`) and settings (`review_settings`). */
import { In } from 'typeorm';
import { ReviewSettingRecord, type ReviewRouteRecord } from '../entities/publication.entities';
import type { Db } from './query-rows';

export class ReviewSettingsRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): ReviewSettingsRepository {
    return new ReviewSettingsRepository(m);
  }

  /** The stored values of `keys` (absent keys are absent from the map). */
  async values(keys: readonly string[]): Promise<Map<string, unknown>> {
    const rows = await this.db.getRepository(ReviewSettingRecord).find({ select: { key: true, value: true }, where: { key: In([...keys]) } });
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /**
   * The levels of the most specific route for a category and attribute: the
   * category itself, then its ancestors in the 公开目录, then '*'; an exact
   * attribute before '*'; then the higher priority. Undefined when none matches.
   */
  async routeLevels(category: string, attribute: string): Promise<ReviewRouteRecord['levels'] | undefined> {
    const rows: Pick<ReviewRouteRecord, 'levels'>[] = await this.db.query(
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
    return rows[0]?.levels;
  }
}
