import type { DataSource } from 'typeorm';

export interface InFlightRow {
  stage: string;
  count: number;
  /** In review and written before the overdue cut-off. */
  overdue: number;
  /** In review, not overdue, written before the due-soon cut-off. */
  dueSoon: number;
}

export interface PublishedRow {
  /** Set on per-department rows, null on per-month rows. */
  departmentId: string | null;
  month: string | null;
  /** Working days from 成文日期 to 发布日期; null when the item has no written date. */
  workingDays: number | null;
  count: number;
}

export interface DashboardWindow {
  department?: string;
  /** Published at or after this instant… */
  publishedFrom: Date;
  /** …and before this one. */
  publishedUntil: Date;
  /** The last civil day of the window (the calendar is generated up to it). */
  lastDay: string;
  /** disclosureCutoffs() for today. */
  overdueBefore: string;
  dueBefore: string;
}

/**
 * The leaders' dashboard over the read model. Working days are counted in SQL
 * from `calendar_day` (holidays and make-up workdays; other days by the
 * weekday rule, as WorkingDayCalendar's fallback does): each day's running
 * count of working days (its ordinal) is generated once for the span needed,
 * and an item's working days to publication is ordinal(发布日期) − ordinal(成文日期),
 * which is WorkingDayCalendar.workingDaysBetween. The answer is a histogram per
 * department (a few dozen rows), so the median is taken in the service.
 */
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async inFlight(w: DashboardWindow): Promise<InFlightRow[]> {
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

  async published(w: DashboardWindow): Promise<PublishedRow[]> {
    const params: unknown[] = [w.publishedFrom, w.publishedUntil, w.lastDay];
    const dept = w.department ? `AND p.department_id = $${params.push(w.department)}` : '';
    const inWindow = `p.published_at IS NOT NULL AND p.published_at >= $1 AND p.published_at < $2 ${dept}`;
    const rows: { department_id: string | null; month: string | null; wd: number | null; count: number }[] = await this.dataSource.query(
      `WITH span AS (
         SELECT least(min(p.written_date), $3::date) AS lo FROM publications p WHERE ${inWindow}
       ), days AS (
         SELECT g::date AS d,
                CASE WHEN c.kind = 'holiday' THEN 0 WHEN c.kind = 'makeup_workday' THEN 1
                     WHEN extract(isodow FROM g) < 6 THEN 1 ELSE 0 END AS working
         FROM span, generate_series(span.lo, $3::date, interval '1 day') AS g
         LEFT JOIN calendar_day c ON c.date = g::date
       ), ordinals AS (
         SELECT d, sum(working) OVER (ORDER BY d)::int AS i FROM days
       ), items AS (
         SELECT p.department_id, p.written_date, (p.published_at AT TIME ZONE 'Asia/Shanghai')::date AS published_on
         FROM publications p WHERE ${inWindow}
       )
       SELECT items.department_id,
              to_char(items.published_on, 'YYYY-MM') AS month,
              o2.i - o1.i AS wd,
              count(*)::int AS count
       FROM items
       LEFT JOIN ordinals o1 ON o1.d = items.written_date
       LEFT JOIN ordinals o2 ON o2.d = items.published_on
       GROUP BY GROUPING SETS ((items.department_id, o2.i - o1.i), (to_char(items.published_on, 'YYYY-MM')))`,
      params,
    );
    return rows.map((r) => ({
      departmentId: r.department_id,
      month: r.month,
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
