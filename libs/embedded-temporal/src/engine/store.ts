/**
 * PostgreSQL persistence of the engine, in its own schema. A state change is
 * one statement (history rows + execution row) or one transaction when it
 * spans runs, and the engine acknowledges a request only after it committed.
 */
import { Pool, type PoolClient } from 'pg';
import type { RunState } from './state';

export interface EventRow { eventId: number; data: Buffer }

export interface RunChange {
  state: RunState;
  events: EventRow[];
}

export class EngineStore {
  readonly pool: Pool;
  private readonly s: string;

  constructor(databaseUrl: string, readonly schema: string, poolSize = 16) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid engine schema name: ${schema}`);
    this.s = `"${schema}"`;
    this.pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'gongkai-temporal' });
    // A dropped idle connection must not crash the engine; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async migrate(): Promise<void> {
    const s = this.s;
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`gongkai-temporal:${this.schema}`]);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.namespaces (
          name text PRIMARY KEY,
          id uuid NOT NULL,
          description text NOT NULL DEFAULT '',
          owner_email text NOT NULL DEFAULT '',
          retention_seconds integer NOT NULL DEFAULT 259200,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS ${s}.search_attributes (
          namespace text NOT NULL,
          name text NOT NULL,
          type text NOT NULL,
          PRIMARY KEY (namespace, name)
        );
        CREATE TABLE IF NOT EXISTS ${s}.executions (
          run_id uuid PRIMARY KEY,
          namespace text NOT NULL,
          workflow_id text NOT NULL,
          workflow_type text NOT NULL,
          task_queue text NOT NULL,
          status text NOT NULL,
          start_time timestamptz NOT NULL,
          execution_time timestamptz NOT NULL,
          close_time timestamptz,
          history_length integer NOT NULL,
          search_attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
          parent_workflow_id text,
          parent_run_id text,
          root_workflow_id text,
          root_run_id text,
          state jsonb NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS executions_one_running
          ON ${s}.executions (namespace, workflow_id) WHERE status = 'Running';
        CREATE INDEX IF NOT EXISTS executions_by_workflow ON ${s}.executions (namespace, workflow_id, start_time DESC);
        CREATE INDEX IF NOT EXISTS executions_by_start ON ${s}.executions (namespace, start_time DESC);
        CREATE INDEX IF NOT EXISTS executions_running ON ${s}.executions (status) WHERE status = 'Running';
        CREATE INDEX IF NOT EXISTS executions_search ON ${s}.executions USING gin (search_attributes);
        CREATE TABLE IF NOT EXISTS ${s}.history_events (
          run_id uuid NOT NULL,
          event_id integer NOT NULL,
          data bytea NOT NULL,
          PRIMARY KEY (run_id, event_id)
        );
        INSERT INTO ${s}.namespaces (name, id) VALUES ('default', gen_random_uuid()) ON CONFLICT DO NOTHING;
      `);
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`gongkai-temporal:${this.schema}`]);
    } finally {
      client.release();
    }
  }

  /** Commits one or more run changes atomically. */
  async commit(changes: RunChange[]): Promise<void> {
    if (changes.length === 1) {
      await this.pool.query(this.upsertSql(true), this.upsertParams(changes[0]));
      return;
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const change of changes) await client.query(this.upsertSql(true), this.upsertParams(change));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private upsertSql(withEvents: boolean): string {
    const s = this.s;
    const events = withEvents
      ? `WITH ev AS (INSERT INTO ${s}.history_events (run_id, event_id, data)
           SELECT $1::uuid, unnest($15::int[]), unnest($16::bytea[]))`
      : '';
    return `${events}
      INSERT INTO ${s}.executions AS x (run_id, namespace, workflow_id, workflow_type, task_queue, status,
        start_time, execution_time, close_time, history_length, search_attributes, parent_workflow_id,
        parent_run_id, state)
      VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0),
        to_timestamp($9 / 1000.0), $10, $11, $12, $13, $14)
      ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, close_time = EXCLUDED.close_time,
        history_length = EXCLUDED.history_length, search_attributes = EXCLUDED.search_attributes,
        task_queue = EXCLUDED.task_queue, state = EXCLUDED.state`;
  }

  private upsertParams({ state, events }: RunChange): unknown[] {
    return [
      state.runId,
      state.namespace,
      state.workflowId,
      state.workflowType,
      state.taskQueue,
      state.status,
      state.startTime,
      state.executionTime,
      state.closeTime ?? null,
      state.nextEventId - 1,
      JSON.stringify(state.searchAttributes),
      state.parent?.workflowId ?? null,
      state.parent?.runId ?? null,
      JSON.stringify(state),
      events.map((e) => e.eventId),
      events.map((e) => e.data),
    ];
  }

  async loadRunning(): Promise<RunState[]> {
    const res = await this.pool.query(`SELECT state FROM ${this.s}.executions WHERE status = 'Running'`);
    return res.rows.map((r) => r.state as RunState);
  }

  async loadRun(namespace: string, runId: string): Promise<RunState | undefined> {
    if (!isUuid(runId)) return undefined;
    const res = await this.pool.query(`SELECT state FROM ${this.s}.executions WHERE run_id = $1 AND namespace = $2`, [runId, namespace]);
    return res.rows[0]?.state as RunState | undefined;
  }

  /** The newest run of a workflow id (running or closed). */
  async loadLatestRun(namespace: string, workflowId: string): Promise<RunState | undefined> {
    const res = await this.pool.query(
      `SELECT state FROM ${this.s}.executions WHERE namespace = $1 AND workflow_id = $2
       ORDER BY (status = 'Running') DESC, start_time DESC LIMIT 1`,
      [namespace, workflowId],
    );
    return res.rows[0]?.state as RunState | undefined;
  }

  async readEvents(runId: string, fromEventId: number, limit: number): Promise<EventRow[]> {
    const res = await this.pool.query(
      `SELECT event_id, data FROM ${this.s}.history_events WHERE run_id = $1 AND event_id >= $2 ORDER BY event_id LIMIT $3`,
      [runId, fromEventId, limit],
    );
    return res.rows.map((r) => ({ eventId: r.event_id as number, data: r.data as Buffer }));
  }

  async readEvent(runId: string, eventId: number): Promise<Buffer | undefined> {
    const res = await this.pool.query(`SELECT data FROM ${this.s}.history_events WHERE run_id = $1 AND event_id = $2`, [runId, eventId]);
    return res.rows[0]?.data as Buffer | undefined;
  }

  async listNamespaces(): Promise<NamespaceRow[]> {
    const res = await this.pool.query(`SELECT name, id, description, owner_email, retention_seconds FROM ${this.s}.namespaces ORDER BY name`);
    return res.rows.map(toNamespace);
  }

  async registerNamespace(ns: Omit<NamespaceRow, 'id'>): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO ${this.s}.namespaces (name, id, description, owner_email, retention_seconds)
       VALUES ($1, gen_random_uuid(), $2, $3, $4) ON CONFLICT DO NOTHING`,
      [ns.name, ns.description, ns.ownerEmail, ns.retentionSeconds],
    );
    return res.rowCount === 1;
  }

  async searchAttributes(): Promise<{ namespace: string; name: string; type: string }[]> {
    const res = await this.pool.query(`SELECT namespace, name, type FROM ${this.s}.search_attributes`);
    return res.rows;
  }

  async addSearchAttributes(namespace: string, attrs: Record<string, string>): Promise<void> {
    const names = Object.keys(attrs);
    await this.pool.query(
      `INSERT INTO ${this.s}.search_attributes (namespace, name, type)
       SELECT $1, unnest($2::text[]), unnest($3::text[]) ON CONFLICT (namespace, name) DO NOTHING`,
      [namespace, names, names.map((n) => attrs[n])],
    );
  }

  async removeSearchAttributes(namespace: string, names: string[]): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.search_attributes WHERE namespace = $1 AND name = ANY($2)`, [namespace, names]);
  }

  /** Visibility: runs a compiled filter (parameterised WHERE/ORDER BY over alias e). */
  async listExecutions(namespace: string, where: string, params: unknown[], orderBy: string, limit: number, offset: number): Promise<RunState[]> {
    const res = await this.pool.query(
      `SELECT e.state FROM ${this.s}.executions e WHERE e.namespace = $1 AND (${where || 'TRUE'})
       ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      [namespace, ...params],
    );
    return res.rows.map((r) => r.state as RunState);
  }

  async countExecutions(namespace: string, where: string, params: unknown[]): Promise<number> {
    const res = await this.pool.query(
      `SELECT count(*)::int AS n FROM ${this.s}.executions e WHERE e.namespace = $1 AND (${where || 'TRUE'})`,
      [namespace, ...params],
    );
    return res.rows[0].n as number;
  }

  async withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export interface NamespaceRow {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionSeconds: number;
}

function toNamespace(r: Record<string, unknown>): NamespaceRow {
  return {
    name: r.name as string,
    id: r.id as string,
    description: r.description as string,
    ownerEmail: r.owner_email as string,
    retentionSeconds: r.retention_seconds as number,
  };
}

function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
