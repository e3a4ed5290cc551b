/**
 * PostgreSQL persistence of schedules, in the engine's schema: one row per
 * schedule with its whole state as JSON text (only the engine reads it, as
 * with `executions.state`) and its search attributes as jsonb for
 * ListSchedules queries. Every change is committed before the request (or the
 * action) is acknowledged; fire times are derived from the row at start.
 */
import type { Pool } from 'pg';
import type { ScheduleRecord } from './schedule-record';

/** The scheduler's own type, as Temporal's schedules show in visibility. */
export const SCHEDULER_WORKFLOW_TYPE = 'temporal-sys-scheduler-workflow';

export class ScheduleStore {
  private readonly s: string;

  constructor(private readonly pool: Pool, private readonly schema: string) {
    this.s = `"${schema}"`;
  }

  async migrate(): Promise<void> {
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${this.s}.schedules (
        namespace text NOT NULL,
        schedule_id text NOT NULL,
        create_time timestamptz NOT NULL,
        search_attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        state text NOT NULL,
        PRIMARY KEY (namespace, schedule_id)
      )`);
  }

  async loadAll(): Promise<ScheduleRecord[]> {
    const res = await this.pool.query(`SELECT state FROM ${this.s}.schedules`);
    return res.rows.map((r) => JSON.parse(r.state as string) as ScheduleRecord);
  }

  /** Inserts a new schedule; false when the id is taken. */
  async insert(r: ScheduleRecord, searchAttributes: Record<string, unknown>): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO ${this.s}.schedules (namespace, schedule_id, create_time, search_attributes, state)
       VALUES ($1, $2, to_timestamp($3 / 1000.0), $4, $5) ON CONFLICT DO NOTHING`,
      [r.namespace, r.scheduleId, r.info.createTime, JSON.stringify(searchAttributes), JSON.stringify(r)],
    );
    return res.rowCount === 1;
  }

  async save(r: ScheduleRecord, searchAttributes: Record<string, unknown>): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.s}.schedules SET search_attributes = $3, state = $4 WHERE namespace = $1 AND schedule_id = $2`,
      [r.namespace, r.scheduleId, JSON.stringify(searchAttributes), JSON.stringify(r)],
    );
  }

  async delete(namespace: string, scheduleId: string): Promise<boolean> {
    const res = await this.pool.query(`DELETE FROM ${this.s}.schedules WHERE namespace = $1 AND schedule_id = $2`, [namespace, scheduleId]);
    return res.rowCount === 1;
  }

  /**
   * A page of schedules matching a compiled visibility filter (parameterised WHERE over alias e, $1 the
   * namespace), by schedule id. The view gives schedules the columns of the executions table, so the
   * workflow query language applies unchanged (WorkflowId is the schedule id).
   */
  async list(namespace: string, where: string, params: unknown[], limit: number, offset: number): Promise<ScheduleRecord[]> {
    if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset)) throw new TypeError('limit and offset must be integers');
    const res = await this.pool.query(
      `SELECT e.state FROM (SELECT x.schedule_id AS run_id, x.namespace, x.schedule_id AS workflow_id,
         '${SCHEDULER_WORKFLOW_TYPE}'::text AS workflow_type, ''::text AS task_queue, 'Running'::text AS status,
         x.create_time AS start_time, x.create_time AS execution_time, NULL::timestamptz AS close_time,
         0 AS history_length, x.search_attributes, NULL::text AS parent_workflow_id, NULL::text AS parent_run_id,
         x.schedule_id AS root_workflow_id, x.schedule_id AS root_run_id, x.state FROM ${this.s}.schedules x) e
       WHERE e.namespace = $1 AND (${where || 'TRUE'}) ORDER BY e.workflow_id LIMIT ${limit} OFFSET ${offset}`,
      [namespace, ...params],
    );
    return res.rows.map((r) => JSON.parse(r.state as string) as ScheduleRecord);
  }
}
