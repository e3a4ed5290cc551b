import type { DataSource } from 'typeorm';

/** An aggregate of `publications` per stage (a figure, not a row of a table). */
export interface InFlightCount {
  stage: string;
  count: number;
  /** In review and written before the overdue cut-off. */
  overdue: number;
  /** In review, not overdue, written before the due-soon cut-off. */
  dueSoon: number;
}

/** An aggregate of published items per department or month and working days to publication. */
export interface PublishedCount {
  /** Set on per-department rows, null on per-month rows. */
  departmentId: string | null;
  month: string | null;
  /** Working days from 成文日期 to 发布日期; null when the item has no written date. */
  workingDays: number | null;
  count: number;
}

/**
 * Every civil day from `first` (YYYY-MM-DD, day number `firstDayNumber` since
 * 1970-01-01): `ordinals[i]` is the count of working days after `first` up to
 * day i (so the working days between two days is the difference), `months[i]`
 * its month as yyyymm.
 */
export interface DayTable {
  first: string;
  firstDayNumber: number;
  ordinals: number[];
  months: number[];
}

/** Working days reported for an item written before the day table starts: longer than any rule cares about. */
export const OLDER_THAN_TABLE = 1_000_000;

export interface DashboardWindow {
  department?: string;
  /** Published at or after this instant… */
  publishedFrom: Date;
  /** …and before this one. */
  publishedUntil: Date;
  /** disclosureCutoffs() for today. */
  overdueBefore: string;
  dueBefore: string;
}

/**
 * The leaders' dashboard over the read model. An item's working days to
 * publication is ordinal(发布日期) − ordinal(成文日期) from a day table the
 * service builds with the working-day calendar (WorkingDayCalendar.workingDaysBetween,
 * as one subtraction). The answer is a histogram per department and month (a few
 * hundred rows), so the median is taken in the service.
 */
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async inFlight(w: DashboardWindow): Promise<InFlightCount[]> {
    const params: unknown[] = [w.overdueBefore, w.dueBefore];
    const dept = w.department ? `AND p.department_id = $${params.push(w.department)}` : '';
    const rows: { stage: string; count: number; overdue: number; due_soon: number }[] = await this.dataSource.query(
      `SELECT CASE
                WHEN p.status = 'draft' THEN 'draft'
                WHEN p.status = 'returned' THEN 'returned'
                WHEN p.phase = 'publishing' THEN 'publishing'
                WHEN p.phase = 'in_review' AND p.stage_role = 'section_head' THEN 'section_review'
                WHEN p.phase = 'in_review' AND p.stage_role = 'leader' THEN 'leader_review'
                WHEN p.phase = 'in_review' AND p.stage_role = 'principal' THEN 'principal_review'
                ELSE 'screening' END AS stage,
              count(*)::int AS count,
              count(*) FILTER (WHERE p.status = 'in_review' AND p.written_date < $1::date)::int AS overdue,
              count(*) FILTER (WHERE p.status = 'in_review' AND p.written_date >= $1::date AND p.written_date < $2::date)::int AS due_soon
       FROM publications p
       WHERE p.status IN ('draft', 'returned', 'in_review') ${dept}
       GROUP BY 1`,
      params,
    );
    return rows.map((r) => ({ stage: r.stage, count: r.count, overdue: r.overdue, dueSoon: r.due_soon }));
  }

  /**
   * Items published in the window, counted by department, working days from
   * 成文日期 to 发布日期 and month of publication. `days` describes every civil
   * day from `days.first` on: its working-day ordinal and its month, so each
   * row costs two array look-ups (no time-zone conversion, no per-row calendar).
   */
  async published(w: DashboardWindow, days: DayTable): Promise<PublishedCount[]> {
    const params: unknown[] = [w.publishedFrom, w.publishedUntil, days.first, days.ordinals, days.months, days.firstDayNumber, OLDER_THAN_TABLE];
    const dept = w.department ? `AND p.department_id = $${params.push(w.department)}` : '';
    const rows: { department_id: string; month: number; wd: number | null; count: number }[] = await this.dataSource.query(
      `WITH items AS (
         SELECT p.department_id, p.written_date,
                -- The civil day in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991), from the table's first day.
                ((extract(epoch FROM p.published_at)::bigint + 28800) / 86400)::int - $6::int AS k
         FROM publications p
         WHERE p.published_at IS NOT NULL AND p.published_at >= $1 AND p.published_at < $2 ${dept}
       )
       SELECT department_id,
              CASE WHEN written_date IS NULL OR written_date - $3::date + 1 > cardinality($4::int[]) THEN NULL
                   WHEN written_date < $3::date THEN $7::int
                   ELSE ($4::int[])[k + 1] - ($4::int[])[written_date - $3::date + 1] END AS wd,
              ($5::int[])[k + 1] AS month,
              count(*)::int AS count
       FROM items
       GROUP BY 1, 2, 3`,
      params,
    );
    return rows.map((r) => ({
      departmentId: r.department_id,
      month: r.month === null ? null : `${Math.floor(r.month / 100)}-${String(r.month % 100).padStart(2, '0')}`,
      workingDays: r.wd,
      count: r.count,
    }));
  }

  /** Departments that publish (sections and offices), or just `department`. */
  async departments(department?: string): Promise<{ id: string; name: string }[]> {
    return department
      ? this.dataSource.query('SELECT id, name FROM departments WHERE id = $1', [department])
      : this.dataSource.query(`SELECT id, name FROM departments WHERE kind IN ('section', 'office') ORDER BY name, id`);
  }
}
