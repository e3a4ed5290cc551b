/**
 * The engine store's group commit: concurrent commit calls of many runs go out
 * together, each call stays atomic, and one failing call (a second running run
 * of the same workflow id) fails alone without taking the others with it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RunState } from '@gongkai/embedded-temporal/engine/state';
import { EngineStore } from '@gongkai/embedded-temporal/engine/store';
import { testDatabaseUrl } from '../support/database';

function runState(workflowId: string, nextEventId = 3): RunState {
  const runId = randomUUID();
  return {
    namespace: 'default',
    workflowId,
    runId,
    firstRunId: runId,
    workflowType: 'storeTest',
    taskQueue: 'store-test',
    status: 'Running',
    nextEventId,
    startTime: Date.now(),
    executionTime: Date.now(),
    workflowTaskTimeoutMs: 10_000,
    runTimeoutMs: 0,
    executionTimeoutMs: 0,
    runDeadline: 0,
    executionDeadline: 0,
    startRequestId: randomUUID(),
    requestIds: [],
    previousStartedEventId: 0,
    buffered: [],
    activities: {},
    timers: {},
    updates: {},
    children: {},
    externals: {},
    cancelRequested: false,
    searchAttributes: {},
    attempt: 1,
    historySizeBytes: 0,
    stateTransitions: 0,
  } as RunState;
}

const events = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ eventId: from + i, data: Buffer.from(`event ${from + i}`) }));

describe('engine store: group commit', () => {
  let store: EngineStore;

  beforeAll(async () => {
    store = new EngineStore(testDatabaseUrl(), `temporal_store_${randomBytes(4).toString('hex')}`);
    await store.migrate();
  });

  afterAll(async () => {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${store.schema}" CASCADE`);
    await store.close();
  });

  it('commits many concurrent changes, each with its events', async () => {
    const states = Array.from({ length: 120 }, (_, i) => runState(`wf-${i}`));
    await Promise.all(states.map((s) => store.commit([{ state: s, events: events(1, 2) }])));
    // a second change of each run, again all at once
    await Promise.all(states.map((s) => store.commit([{ state: { ...s, nextEventId: 5 }, events: events(3, 4) }])));
    for (const s of states.slice(0, 10)) {
      const rows = await store.readEvents(s.runId, 1, 100);
      expect(rows.map((r) => r.eventId)).toEqual([1, 2, 3, 4]);
      expect(rows[3].data.toString()).toBe('event 4');
      expect((await store.loadRun('default', s.runId))?.nextEventId).toBe(5);
    }
    const count = await store.pool.query(`SELECT count(*)::int AS n FROM "${store.schema}".history_events`);
    expect(count.rows[0].n).toBe(120 * 4);
  });

  it('fails only the call that breaks a constraint when calls were batched', async () => {
    const batches = jest.spyOn(store as unknown as { writeBatch: (c: unknown[]) => Promise<void> }, 'writeBatch');
    const first = runState('same-id');
    await store.commit([{ state: first, events: events(1, 2) }]);
    const others = Array.from({ length: 30 }, (_, i) => runState(`other-${i}`));
    const duplicate = runState('same-id'); // a second running run of the same workflow id
    const results = await Promise.allSettled([
      ...others.slice(0, 15).map((s) => store.commit([{ state: s, events: events(1, 2) }])),
      store.commit([{ state: duplicate, events: events(1, 2) }]),
      ...others.slice(15).map((s) => store.commit([{ state: s, events: events(1, 2) }])),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(batches).toHaveBeenCalled(); // the calls did go out together (and the batch holding the duplicate failed)
    batches.mockRestore();
    expect(rejected).toHaveLength(1);
    expect((rejected[0].reason as { code?: string }).code).toBe('23505');
    expect(await store.readEvents(duplicate.runId, 1, 10)).toEqual([]);
    for (const s of others) expect((await store.readEvents(s.runId, 1, 10)).length).toBe(2);
  });

  it('keeps a multi-run call atomic and in order (continue-as-new closes the old run before starting the new)', async () => {
    const old = runState('chain');
    await store.commit([{ state: old, events: events(1, 2) }]);
    const next = runState('chain');
    const filler = Array.from({ length: 20 }, (_, i) => runState(`filler-${i}`));
    await Promise.all([
      ...filler.map((s) => store.commit([{ state: s, events: events(1, 1) }])),
      store.commit([
        { state: { ...old, status: 'ContinuedAsNew', closeTime: Date.now(), nextEventId: 4 }, events: events(3, 3) },
        { state: next, events: events(1, 2) },
      ]),
    ]);
    expect((await store.loadRun('default', old.runId))?.status).toBe('ContinuedAsNew');
    expect((await store.loadRun('default', next.runId))?.status).toBe('Running');
    expect((await store.readEvents(old.runId, 1, 10)).map((r) => r.eventId)).toEqual([1, 2, 3]);
  });
});

describe('engine store: visibility pages by key', () => {
  let store: EngineStore;

  beforeAll(async () => {
    // A session that prints dates its own way must not change the keys: the page token carries them.
    const url = new URL(testDatabaseUrl());
    url.searchParams.set('options', '-c DateStyle=SQL,DMY -c TimeZone=Asia/Shanghai');
    store = new EngineStore(url.toString(), `temporal_store_${randomBytes(4).toString('hex')}`);
    await store.migrate();
  });

  afterAll(async () => {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${store.schema}" CASCADE`);
    await store.close();
  });

  it('continues after the last key, whatever the session DateStyle, with exact microseconds', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => ({ ...runState(`paged-${i}`), startTime: Date.UTC(2026, 10, 28, 8, 0, i) }));
    // two closed: they sort after the running ones
    runs[1].status = 'Completed';
    runs[1].closeTime = Date.UTC(2026, 10, 28, 9);
    runs[3].status = 'Completed';
    runs[3].closeTime = Date.UTC(2026, 10, 28, 10);
    await Promise.all(runs.map((state) => store.commit([{ state, events: events(1, 2) }])));
    const order = "COALESCE(e.close_time, 'infinity'::timestamptz) DESC, e.start_time DESC, e.run_id ASC";
    const seen: string[] = [];
    let start: Parameters<EngineStore['listExecutions']>[5] = { offset: 0 };
    for (let page = 0; page < 5; page++) {
      const rows = await store.listExecutions('default', "e.workflow_id LIKE 'paged-%'", [], order, 2, start);
      if (!rows.length) break;
      expect(rows[0].key.start).toMatch(/^2026-11-28T08:00:0\d\.000000Z$/);
      seen.push(...rows.map((r) => r.state.workflowId));
      start = { after: rows[rows.length - 1].key };
    }
    // running newest first, then closed by close time, newest first
    expect(seen).toEqual(['paged-4', 'paged-2', 'paged-0', 'paged-3', 'paged-1']);
  });
});
