/**
 * Typed search attributes (registered through OperatorService, set at start
 * and by upsert) and the visibility query language of List/Count, including
 * a bad query answering INVALID_ARGUMENT. Real servers index asynchronously,
 * so every read retries until it sees what it expects.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, ServiceError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { startConformanceEnv, eventually, type ConformanceEnv } from './support/env';
import { annotate, proceedSignal, waitForever } from './support/workflows';
import { uniqueId } from '../support/temporal';

const IndexedValueType = proto.api.enums.v1.IndexedValueType;

/** The gRPC status of an error, whether raw or wrapped in the client's ServiceError. */
function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  const cause = (err as { cause?: unknown })?.cause;
  return isGrpcServiceError(cause) ? cause.code : undefined;
}

const keys = {
  keyword: defineSearchAttributeKey('GkKeyword', SearchAttributeType.KEYWORD),
  text: defineSearchAttributeKey('GkText', SearchAttributeType.TEXT),
  int: defineSearchAttributeKey('GkInt', SearchAttributeType.INT),
  double: defineSearchAttributeKey('GkDouble', SearchAttributeType.DOUBLE),
  bool: defineSearchAttributeKey('GkBool', SearchAttributeType.BOOL),
  datetime: defineSearchAttributeKey('GkDatetime', SearchAttributeType.DATETIME),
  keywordList: defineSearchAttributeKey('GkKeywordList', SearchAttributeType.KEYWORD_LIST),
};

describe('conformance: visibility — typed search attributes and List/Count', () => {
  let env: ConformanceEnv;
  const tag = uniqueId('tag');
  const handles: WorkflowHandleWithFirstExecutionRunId<typeof annotate>[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    env = await startConformanceEnv('visibility');
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace,
        searchAttributes: {
          GkKeyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          GkText: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
          GkInt: IndexedValueType.INDEXED_VALUE_TYPE_INT,
          GkDouble: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
          GkBool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
          GkDatetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
          GkKeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
        },
      });
    } catch (err) {
      // A shared real server may have them from an earlier run.
      if (!(isGrpcServiceError(err) && err.code === GrpcStatus.ALREADY_EXISTS)) throw err;
    }
    const starts: SearchAttributePair[][] = [
      [
        { key: keys.keyword, value: tag },
        { key: keys.text, value: 'disclosure request for planning documents' },
        { key: keys.int, value: 1 },
        { key: keys.double, value: 1.5 },
        { key: keys.bool, value: true },
        { key: keys.datetime, value: new Date('2024-03-01T08:00:00Z') },
        { key: keys.keywordList, value: ['a', 'b'] },
      ],
      [
        { key: keys.keyword, value: tag },
        { key: keys.int, value: 2 },
        { key: keys.double, value: 0.5 },
        { key: keys.bool, value: false },
        { key: keys.datetime, value: new Date('2026-03-01T08:00:00Z') },
        { key: keys.keywordList, value: ['b'] },
      ],
      [
        { key: keys.keyword, value: tag },
        { key: keys.int, value: 3 },
      ],
    ];
    for (const [i, attrs] of starts.entries()) {
      const workflowId = uniqueId(`vis${i + 1}`);
      ids.push(workflowId);
      // the third run upserts: GkInt 3 → 30, and a keyword list
      const upserts = i === 2 ? [{ name: 'GkInt', type: SearchAttributeType.INT, value: 30 }, { name: 'GkKeywordList', type: SearchAttributeType.KEYWORD_LIST, value: ['c'] }] : [];
      handles.push(await env.client.workflow.start(annotate, {
        taskQueue: env.taskQueue,
        workflowId,
        args: [{}, upserts],
        typedSearchAttributes: attrs,
        memo: { index: i + 1 },
      }));
    }
    await eventually(async () => {
      const { typedSearchAttributes } = await handles[2].describe();
      if (typedSearchAttributes.get(keys.int) !== 30) throw new Error('upsert not applied yet');
    });
  });

  afterAll(async () => {
    for (const h of handles) await h.terminate().catch(() => undefined);
    await env?.stop();
  });

  async function listIds(query: string, pageSize?: number): Promise<string[]> {
    const out: string[] = [];
    for await (const info of env.client.workflow.list({ query, pageSize })) out.push(info.workflowId);
    return out;
  }

  /** The ids matching `GkKeyword = tag AND (filter)`, as a sorted list of run numbers (1, 2, 3). */
  async function matching(filter: string): Promise<number[]> {
    const found = await listIds(`GkKeyword = "${tag}" AND (${filter})`);
    return found.map((id) => ids.indexOf(id) + 1).sort();
  }

  it('lists registered attributes through OperatorService', async () => {
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: env.namespace });
    expect(customAttributes?.GkKeyword).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    expect(customAttributes?.GkKeywordList).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
  });

  it('describes typed search attributes set at start and by upsert, and the memo', async () => {
    const first = await handles[0].describe();
    expect(first.typedSearchAttributes.get(keys.keyword)).toBe(tag);
    expect(first.typedSearchAttributes.get(keys.double)).toBe(1.5);
    expect(first.typedSearchAttributes.get(keys.bool)).toBe(true);
    expect(first.typedSearchAttributes.get(keys.datetime)?.toISOString()).toBe('2024-03-01T08:00:00.000Z');
    expect(first.typedSearchAttributes.get(keys.keywordList)).toEqual(['a', 'b']);
    expect(first.memo).toEqual({ index: 1 });
    const third = await handles[2].describe();
    expect(third.typedSearchAttributes.get(keys.int)).toBe(30);
    expect(third.typedSearchAttributes.get(keys.keywordList)).toEqual(['c']);
  });

  it('filters with comparison operators on every type', async () => {
    await eventually(async () => expect(await matching('GkInt >= 2')).toEqual([2, 3]));
    expect(await matching('GkInt < 2')).toEqual([1]);
    expect(await matching('GkInt != 2')).toEqual([1, 3]);
    expect(await matching('GkDouble > 1.0')).toEqual([1]);
    expect(await matching('GkBool = true')).toEqual([1]);
    expect(await matching('GkBool = false')).toEqual([2]);
    expect(await matching('GkDatetime < "2025-01-01T00:00:00Z"')).toEqual([1]);
    expect(await matching('GkText = "planning"')).toEqual([1]);
    expect(await matching('GkKeywordList = "b"')).toEqual([1, 2]);
  });

  it('filters with IN, BETWEEN, STARTS_WITH, IS NULL, AND/OR and parentheses', async () => {
    await eventually(async () => expect(await matching('GkInt IN (1, 30)')).toEqual([1, 3]));
    expect(await matching('GkInt BETWEEN 1 AND 2')).toEqual([1, 2]);
    expect(await matching(`WorkflowId STARTS_WITH "${ids[1].slice(0, 5)}"`)).toEqual([2]);
    expect(await matching('GkBool IS NULL')).toEqual([3]);
    expect(await matching('GkBool = true OR GkInt = 30')).toEqual([1, 3]);
    expect(await matching('(GkBool = true OR GkBool = false) AND GkInt > 1')).toEqual([2]);
    expect(await matching('GkKeywordList IN ("a", "c")')).toEqual([1, 3]);
  });

  it('filters on built-in fields: WorkflowType, ExecutionStatus, StartTime, TaskQueue', async () => {
    expect(await matching('WorkflowType = "annotate"')).toEqual([1, 2, 3]);
    expect(await matching(`TaskQueue = "${env.taskQueue}"`)).toEqual([1, 2, 3]);
    expect(await matching(`RunId = "${handles[1].firstExecutionRunId}"`)).toEqual([2]);
    expect(await matching(`StartTime > "${new Date(Date.now() - 3_600_000).toISOString()}"`)).toEqual([1, 2, 3]);
    await handles[0].signal(proceedSignal);
    await handles[0].result();
    await eventually(async () => expect(await matching('ExecutionStatus = "Completed"')).toEqual([1]));
    expect(await matching('ExecutionStatus = "Running"')).toEqual([2, 3]);
    expect(await matching('CloseTime IS NULL')).toEqual([2, 3]);
  });

  it('orders with ORDER BY and pages through results', async () => {
    const ordered = await listIds(`GkKeyword = "${tag}" ORDER BY GkInt DESC`);
    expect(ordered).toEqual([ids[2], ids[1], ids[0]]);
    const paged = await listIds(`GkKeyword = "${tag}" ORDER BY GkInt ASC`, 1);
    expect(paged).toEqual([ids[0], ids[1], ids[2]]);
  });

  it('pages in the default order without repeating or skipping runs while others start', async () => {
    const taskQueue = uniqueId('paging-queue'); // nobody polls it: the runs stay open
    const started: string[] = [];
    const start = async () => {
      const h = await env.client.workflow.start(waitForever, { taskQueue, workflowId: uniqueId('paging') });
      started.push(h.workflowId);
    };
    for (let i = 0; i < 5; i++) await start();
    const original = [...started];
    const query = `TaskQueue = "${taskQueue}"`;
    await eventually(async () => expect((await env.client.workflow.count(query)).count).toBe(5));
    const seen: string[] = [];
    let nextPageToken: Uint8Array | undefined;
    let pages = 0;
    do {
      const page = await env.connection.workflowService.listWorkflowExecutions({ namespace: env.namespace, query, pageSize: 2, nextPageToken });
      seen.push(...page.executions.map((e) => e.execution!.workflowId!));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      // newer runs sort first: with offset paging they would push rows already seen onto the next page
      if (pages++ === 0) {
        await start();
        await start();
      }
    } while (nextPageToken && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(original.every((id) => seen.includes(id))).toBe(true);
    for (const id of started) await env.client.workflow.getHandle(id).terminate('paging test over');

    const bad = await env.connection.workflowService
      .listWorkflowExecutions({ namespace: env.namespace, query, pageSize: 2, nextPageToken: Buffer.from('not a token') })
      .catch((e: unknown) => e);
    expect(grpcCode(bad)).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('counts with a query', async () => {
    await eventually(async () => expect((await env.client.workflow.count(`GkKeyword = "${tag}"`)).count).toBe(3));
    expect((await env.client.workflow.count(`GkKeyword = "${tag}" AND GkInt > 1`)).count).toBe(2);
  });

  it('counts grouped by ExecutionStatus, one group per status present', async () => {
    const groupTag = uniqueId('grouped');
    const started = [];
    for (let i = 0; i < 4; i++) {
      started.push(await env.client.workflow.start(annotate, {
        taskQueue: env.taskQueue,
        workflowId: uniqueId(`grouped${i}`),
        args: [{}, []],
        typedSearchAttributes: [{ key: keys.keyword, value: groupTag }],
      }));
    }
    handles.push(...started);
    await started[0].signal(proceedSignal);
    await started[0].result();
    await started[1].terminate('grouped count');
    const query = `GkKeyword = "${groupTag}" GROUP BY ExecutionStatus`;
    // The SDK decodes each group value as a (Keyword) search attribute: a one-element list. Statuses come in enum order.
    await eventually(async () => expect(await env.client.workflow.count(query)).toEqual({
      count: 4,
      groups: [
        { count: 2, groupValues: [['Running']] },
        { count: 1, groupValues: [['Completed']] },
        { count: 1, groupValues: [['Terminated']] },
      ],
    }));
    expect(await env.client.workflow.count(`GkKeyword = "${groupTag}"`)).toEqual({ count: 4, groups: [] });
    // Only ExecutionStatus can be grouped by, and only in a count (as in Temporal).
    const otherAttribute = await env.client.workflow.count(`GkKeyword = "${groupTag}" GROUP BY WorkflowType`).catch((e: unknown) => e);
    expect(grpcCode(otherAttribute)).toBe(GrpcStatus.INVALID_ARGUMENT);
    const inList = await listIds(query).catch((e: unknown) => e);
    expect(grpcCode(inList)).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('answers a bad query with INVALID_ARGUMENT', async () => {
    for (const query of ['GkInt >>> 3', 'NoSuchAttribute = 1', 'GkInt = "not a number"', 'GkKeyword = "unterminated']) {
      const listErr = await listIds(query).catch((e: unknown) => e);
      expect(listErr).toBeInstanceOf(ServiceError);
      expect(grpcCode(listErr)).toBe(GrpcStatus.INVALID_ARGUMENT);
    }
    const countErr = await env.client.workflow.count('GkInt >>> 3').catch((e: unknown) => e);
    expect(grpcCode(countErr)).toBe(GrpcStatus.INVALID_ARGUMENT);
  });
});
