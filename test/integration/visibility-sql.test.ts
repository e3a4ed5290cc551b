/**
 * Runs compiled visibility queries against a real PostgreSQL, so the generated
 * SQL is proven to parse, type-check and select the right rows — the unit tests
 * only compare strings. The table lives in a throwaway schema: the real
 * executions table belongs to the engine's migrations, which this must not
 * depend on or disturb.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { compileVisibilityQuery, type SearchAttributeSchema } from '@gongkai/embedded-temporal/visibility';
import { openTestClient } from '../support/database';

const schema: SearchAttributeSchema = {
  custom: {
    GongkaiStage: 'Keyword',
    Priority: 'Int',
    Tags: 'KeywordList',
    Title: 'Text',
    Score: 'Double',
    Urgent: 'Bool',
    DueAt: 'Datetime',
  },
};

interface Row {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  start: string;
  close: string | null;
  history: number;
  parent?: string;
  attrs: Record<string, unknown>;
}

// Priority 9007199254740993 is 2^53 + 1: only an exact (numeric) comparison finds it.
const ROWS: Row[] = [
  { workflowId: 'wf-1', runId: 'run-01', type: 'Invoice', status: 'Running', start: '2024-01-01T00:00:00Z', close: null, history: 10,
    attrs: { GongkaiStage: 'review', Priority: 5, Tags: ['urgent', 'tax'], Title: 'Annual Report 2023', Score: 0.9, Urgent: true, DueAt: '2024-02-01T00:00:00Z' } },
  { workflowId: 'wf-2', runId: 'run-02', type: 'Invoice', status: 'Completed', start: '2024-01-02T00:00:00Z', close: '2024-01-03T00:00:00Z', history: 20,
    attrs: { GongkaiStage: 'done', Priority: 1, Tags: ['tax'], Title: 'Quarterly report', Score: 0.5, Urgent: false, DueAt: '2024-01-15T00:00:00+08:00' } },
  { workflowId: 'order_100%', runId: 'run-03', type: 'Disclosure', status: 'Failed', start: '2024-01-03T00:00:00Z', close: '2024-01-04T00:00:00Z', history: 3,
    attrs: { Priority: 10, Tags: [], Title: '50% off_sale' } },
  { workflowId: 'orderX100', runId: 'run-04', type: 'Disclosure', status: 'Running', start: '2024-01-04T00:00:00Z', close: null, history: 7,
    attrs: {} },
  { workflowId: 'child-1', runId: 'run-05', type: 'Invoice', status: 'Completed', start: '2024-01-05T00:00:00Z', close: '2024-01-06T00:00:00Z', history: 4,
    parent: 'wf-1', attrs: { GongkaiStage: 'review-2', Priority: 9007199254740993n, Tags: ['other'] } },
  { workflowId: "it's-quoted", runId: 'run-06', type: "O'Brien", status: 'Terminated', start: '2024-01-06T00:00:00Z', close: '2024-01-07T00:00:00Z', history: 2,
    attrs: { GongkaiStage: "x' OR 1=1 --" } },
  { workflowId: 'back\\slash', runId: 'run-07', type: 'Disclosure', status: 'TimedOut', start: '2024-01-07T00:00:00Z', close: '2024-01-08T00:00:00Z', history: 1,
    attrs: { Title: 'path C:\\temp' } },
  { workflowId: 'wf-8', runId: 'run-08', type: 'Invoice', status: 'Canceled', start: '2024-01-08T00:00:00Z', close: '2024-01-09T00:00:00Z', history: 6,
    attrs: { Urgent: true, Score: 2.5, Tags: null } },
  { workflowId: 'wf-9', runId: 'run-09', type: 'Invoice', status: 'ContinuedAsNew', start: '2024-01-09T00:00:00Z', close: '2024-01-09T12:00:00Z', history: 8,
    attrs: { Priority: 3, DueAt: '2024-03-01T00:00:00Z' } },
  { workflowId: 'wf-10', runId: 'run-10', type: 'Invoice', status: 'Running', start: '2024-01-10T00:00:00Z', close: null, history: 9,
    attrs: { Tags: ['urgent'] } },
];

const ALL = ROWS.map((r) => r.workflowId);

/** JSON with bigint written as a bare number, so jsonb holds the exact value. */
function toJson(value: Record<string, unknown>): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(/"@@(-?\d+)@@"/g, '$1');
}

describe('visibility queries on PostgreSQL', () => {
  let client: Client;
  const pgSchema = `vis_test_${randomBytes(6).toString('hex')}`;
  const table = `${pgSchema}.executions`;

  beforeAll(async () => {
    client = await openTestClient();
    await client.query(`CREATE SCHEMA ${pgSchema}`);
    // The test cluster runs in the C locale, where byte order is the default
    // anyway; a linguistic collation on workflow_id (when ICU is available)
    // shows that Keyword ordering really is byte-wise ("orderX100" < "order_100%").
    const icu = await client.query(`SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'`);
    const workflowIdCollation = icu.rowCount ? 'COLLATE "und-x-icu"' : '';
    await client.query(`
      CREATE TABLE ${table} (
        namespace_id       text        NOT NULL,
        workflow_id        text        ${workflowIdCollation} NOT NULL,
        run_id             text        PRIMARY KEY,
        workflow_type      text        NOT NULL,
        status             text        NOT NULL,
        start_time         timestamptz NOT NULL,
        close_time         timestamptz,
        execution_time     timestamptz NOT NULL,
        task_queue         text        NOT NULL,
        history_length     bigint      NOT NULL,
        parent_workflow_id text,
        parent_run_id      text,
        root_workflow_id   text,
        root_run_id        text,
        search_attributes  jsonb       NOT NULL DEFAULT '{}'
      )`);
    for (const r of ROWS) {
      await client.query(
        `INSERT INTO ${table} (namespace_id, workflow_id, run_id, workflow_type, status, start_time, close_time, execution_time,
           task_queue, history_length, parent_workflow_id, root_workflow_id, search_attributes)
         VALUES ('ns', $1, $2, $3, $4, $5, $6, $5, 'gongkai', $7, $8, $9, $10::jsonb)`,
        [r.workflowId, r.runId, r.type, r.status, r.start, r.close, r.history, r.parent ?? null, r.parent ?? r.workflowId, toJson(r.attrs)],
      );
    }
    // A row in another namespace proves the compiled WHERE composes with the
    // caller's own conditions and parameters instead of escaping them.
    await client.query(
      `INSERT INTO ${table} (namespace_id, workflow_id, run_id, workflow_type, status, start_time, execution_time, task_queue, history_length)
       VALUES ('other-ns', 'wf-1', 'run-99', 'Invoice', 'Running', now(), now(), 'q', 1)`,
    );
  });

  afterAll(async () => {
    if (!client) return;
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await client.end();
  });

  /** Workflow ids selected by `query`, in the compiled order, the way the engine will run it. */
  async function select(query: string): Promise<string[]> {
    const compiled = compileVisibilityQuery(query, schema, { paramOffset: 1 });
    const { rows } = await client.query<{ workflow_id: string }>(
      `SELECT e.workflow_id FROM ${table} e WHERE e.namespace_id = $1 AND ${compiled.where} ORDER BY ${compiled.orderBy}`,
      ['ns', ...compiled.params],
    );
    return rows.map((r) => r.workflow_id);
  }

  async function count(query: string): Promise<number> {
    const compiled = compileVisibilityQuery(query, schema, { paramOffset: 1 });
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} e WHERE e.namespace_id = $1 AND ${compiled.where}`,
      ['ns', ...compiled.params],
    );
    return Number(rows[0].n);
  }

  const sorted = (ids: string[]) => [...ids].sort();

  it.each<[string, string[]]>([
    ['', ALL],
    ["ExecutionStatus = 'Running'", ['wf-1', 'orderX100', 'wf-10']],
    ['ExecutionStatus = 1', ['wf-1', 'orderX100', 'wf-10']],
    ["ExecutionStatus IN (2, 'Failed')", ['wf-2', 'child-1', 'order_100%']],
    ["NOT (ExecutionStatus = 'Running')", ALL.filter((id) => !['wf-1', 'orderX100', 'wf-10'].includes(id))],
    // Precedence: AND binds tighter than OR; parentheses change the answer.
    ["WorkflowType = 'Invoice' AND (ExecutionStatus = 'Completed' OR Priority > 3)", ['wf-1', 'wf-2', 'child-1']],
    ["WorkflowType = 'Invoice' AND ExecutionStatus = 'Completed' OR Priority > 3", ['wf-2', 'child-1', 'wf-1', 'order_100%']],
    // A top-level OR must stay inside the caller's namespace condition (other-ns has a wf-1 too).
    ["WorkflowId = 'wf-1' OR WorkflowId = 'wf-2'", ['wf-1', 'wf-2']],
    // STARTS_WITH treats % _ \ literally: "order_" must not match "orderX100".
    ["WorkflowId STARTS_WITH 'order_'", ['order_100%']],
    ["WorkflowId STARTS_WITH 'order_100%'", ['order_100%']],
    ["WorkflowId STARTS_WITH 'back\\\\'", ['back\\slash']],
    ["WorkflowId STARTS_WITH 'order'", ['order_100%', 'orderX100']],
    ["WorkflowId NOT STARTS_WITH 'wf-'", ['order_100%', 'orderX100', 'child-1', "it's-quoted", 'back\\slash']],
    // Keyword ranges compare byte-wise: '1' < '5' so wf-10 sorts before wf-5.
    ["WorkflowId > 'wf-5'", ['wf-8', 'wf-9']],
    ["WorkflowId BETWEEN 'wf-1' AND 'wf-2'", ['wf-1', 'wf-10', 'wf-2']],
    ["WorkflowType = \"O'Brien\"", ["it's-quoted"]],
    ["WorkflowType = 'O\\'Brien'", ["it's-quoted"]],
    ["GongkaiStage = 'x'' OR 1=1 --'", ["it's-quoted"]],
    ["WorkflowId = 'x'' OR 1=1 --'", []],
    ["GongkaiStage IN ('review', 'done')", ['wf-1', 'wf-2']],
    ["GongkaiStage STARTS_WITH 'review'", ['wf-1', 'child-1']],
    ["GongkaiStage != 'review'", ['wf-2', 'child-1', "it's-quoted"]],
    ['GongkaiStage IS NULL', ['order_100%', 'orderX100', 'back\\slash', 'wf-8', 'wf-9', 'wf-10']],
    ["ParentWorkflowId = 'wf-1'", ['child-1']],
    ["RootWorkflowId = 'wf-1'", ['wf-1', 'child-1']],
    ['ParentWorkflowId IS NOT NULL', ['child-1']],
    // Int / Double
    ['Priority >= 5', ['wf-1', 'order_100%', 'child-1']],
    ['Priority BETWEEN 1 AND 5', ['wf-1', 'wf-2', 'wf-9']],
    ['Priority NOT BETWEEN 1 AND 5', ['order_100%', 'child-1']],
    ['Priority IN (1, 3)', ['wf-2', 'wf-9']],
    ['Priority NOT IN (1, 3)', ['wf-1', 'order_100%', 'child-1']],
    ['Priority = 9007199254740993', ['child-1']],
    ['Priority = 9007199254740992', []],
    ['Priority > 4.5', ['wf-1', 'order_100%', 'child-1']],
    ['Score > 0.75', ['wf-1', 'wf-8']],
    ['Score <= 0.5', ['wf-2']],
    ['HistoryLength > 8', ['wf-1', 'wf-2', 'wf-10']],
    // Bool
    ['Urgent = true', ['wf-1', 'wf-8']],
    ['Urgent = false', ['wf-2']],
    ['Urgent != true', ['wf-2']],
    ['Urgent IS NULL', ['order_100%', 'orderX100', 'child-1', "it's-quoted", 'back\\slash', 'wf-9', 'wf-10']],
    // Datetime (stored with different offsets; compared as instants)
    ["DueAt < '2024-01-20T00:00:00Z'", ['wf-2']],
    ["DueAt BETWEEN '2024-01-14T16:00:00Z' AND '2024-02-01T08:00:00+08:00'", ['wf-1', 'wf-2']],
    ["DueAt > '2024-02-01T00:00:00.000001Z'", ['wf-9']],
    ["StartTime >= '2024-01-05T00:00:00Z' AND CloseTime IS NOT NULL", ['child-1', "it's-quoted", 'back\\slash', 'wf-8', 'wf-9']],
    ['StartTime > 1704758400000000000', ['wf-10']],
    ["ExecutionTime < '2024-01-02T00:00:00Z'", ['wf-1']],
    ['CloseTime IS NULL', ['wf-1', 'orderX100', 'wf-10']],
    ["CloseTime < '2024-01-05T00:00:00Z'", ['wf-2', 'order_100%']],
    // KeywordList
    ["Tags = 'tax'", ['wf-1', 'wf-2']],
    ["Tags IN ('urgent', 'other')", ['wf-1', 'child-1', 'wf-10']],
    ["Tags != 'tax'", ['order_100%', 'child-1', 'wf-10']],
    ["Tags NOT IN ('urgent', 'tax')", ['order_100%', 'child-1']],
    ['Tags IS NULL', ['order_100%', 'orderX100', "it's-quoted", 'back\\slash', 'wf-8', 'wf-9']],
    ['Tags IS NOT NULL', ['wf-1', 'wf-2', 'child-1', 'wf-10']],
    // NOT never selects rows that lack the attribute (SQL NULL semantics), for lists as for scalars.
    ["NOT Tags = 'tax'", ['order_100%', 'child-1', 'wf-10']],
    ["NOT GongkaiStage = 'review'", ['wf-2', 'child-1', "it's-quoted"]],
    ["NOT (Tags = 'tax' OR GongkaiStage IS NULL)", ['child-1']],
    // Text: case-insensitive contains, wildcards literal
    ["Title = 'report'", ['wf-1', 'wf-2']],
    ["Title = 'REPORT 2023'", ['wf-1']],
    ["Title = '_'", ['order_100%']],
    ["Title = '%'", ['order_100%']],
    ["Title = 'c:\\\\temp'", ['back\\slash']],
    ["Title != 'report'", ['order_100%', 'back\\slash']],
    // Everything at once
    [
      "(WorkflowType = 'Invoice' OR WorkflowType = 'Disclosure') AND NOT Tags IN ('tax') AND StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-31T00:00:00Z' AND (Priority > 0 OR Urgent = true OR ExecutionStatus = 'Running')",
      ['order_100%', 'child-1', 'wf-10'],
    ],
  ])('%s', async (query, expected) => {
    expect(sorted(await select(query))).toEqual(sorted(expected));
    expect(await count(query)).toBe(expected.length);
  });

  it('also runs as a named prepared statement, where PostgreSQL must type every parameter up front', async () => {
    const compiled = compileVisibilityQuery(
      "WorkflowId IN ('wf-1', 'wf-2') AND Tags = 'tax' AND Priority BETWEEN 0 AND 10 AND Urgent IN (true, false) AND DueAt > '2024-01-01T00:00:00Z' AND Title = 'report' AND GongkaiStage STARTS_WITH 'd'",
      schema,
    );
    const { rows } = await client.query<{ workflow_id: string }>({
      name: `vis-prepared-${pgSchema}`,
      text: `SELECT e.workflow_id FROM ${table} e WHERE ${compiled.where} ORDER BY ${compiled.orderBy}`,
      values: compiled.params,
    });
    expect(rows.map((r) => r.workflow_id)).toEqual(['wf-2']);
  });

  describe('ordering', () => {
    it('defaults to running first, then by close time and start time, newest first', async () => {
      expect(await select('')).toEqual([
        'wf-10', 'orderX100', 'wf-1', // still running, newest start first
        'wf-9', 'wf-8', 'back\\slash', "it's-quoted", 'child-1', 'order_100%', 'wf-2',
      ]);
    });

    it('orders numerically with missing values last, ties broken by run id', async () => {
      expect(await select('ORDER BY Priority DESC')).toEqual([
        'child-1', 'order_100%', 'wf-1', 'wf-9', 'wf-2',
        'orderX100', "it's-quoted", 'back\\slash', 'wf-8', 'wf-10', // no Priority: run-04, 06, 07, 08, 10
      ]);
      expect(await select("Priority IS NOT NULL ORDER BY Priority")).toEqual(['wf-2', 'wf-9', 'wf-1', 'order_100%', 'child-1']);
    });

    it('orders keywords byte-wise, whatever the database collation', async () => {
      expect(await select('ORDER BY WorkflowId')).toEqual([
        'back\\slash', 'child-1', "it's-quoted", 'orderX100', 'order_100%', 'wf-1', 'wf-10', 'wf-2', 'wf-8', 'wf-9',
      ]);
    });

    it('orders by several keys', async () => {
      expect(await select("WorkflowType = 'Invoice' ORDER BY ExecutionStatus ASC, StartTime DESC")).toEqual([
        'wf-8', 'child-1', 'wf-2', 'wf-9', 'wf-10', 'wf-1',
      ]);
    });

    it('orders by datetimes and booleans', async () => {
      expect(await select('DueAt IS NOT NULL ORDER BY DueAt DESC')).toEqual(['wf-9', 'wf-1', 'wf-2']);
      expect(await select('Urgent IS NOT NULL ORDER BY Urgent DESC, Score')).toEqual(['wf-1', 'wf-8', 'wf-2']);
    });
  });
});
