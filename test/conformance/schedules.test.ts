/**
 * Schedules through the SDK's ScheduleClient: create with calendars,
 * intervals and cron strings in a time zone, describe, list, trigger,
 * pause/unpause, update, backfill, delete; the overlap policies SKIP and
 * ALLOW_ALL; an action that fell due while the engine was down taken on
 * restart; interval fires in virtual time. Runs against any server; the
 * restart and time-skipping cases skip themselves where they cannot run.
 */
import { Client, Connection, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleHandle } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { isGrpcServiceError } from '@temporalio/client';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { startEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { testDatabaseUrl } from '../support/database';
import { describeWithTimeSkipping, itWithEmbeddedEngine, uniqueId } from '../support/temporal';
import { eventually, startConformanceEnv, type ConformanceEnv } from './support/env';
import { cronCount, failing, greet, waitForever } from './support/workflows';

const IndexedValueType = proto.api.enums.v1.IndexedValueType;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

function ms(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(ts?.seconds ?? 0) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
}

describe('conformance: schedules', () => {
  let env: ConformanceEnv;
  const handles: ScheduleHandle[] = [];

  beforeAll(async () => {
    env = await startConformanceEnv('schedules');
  });

  afterAll(async () => {
    for (const h of handles) await h.delete().catch(() => undefined);
    await env?.stop();
  });

  async function create(options: Parameters<ConformanceEnv['client']['schedule']['create']>[0]): Promise<ScheduleHandle> {
    const handle = await env.client.schedule.create(options);
    handles.push(handle);
    return handle;
  }

  it('create and describe: calendars, intervals and cron strings in Asia/Shanghai, memo and search attributes', async () => {
    const scheduleId = uniqueId('sched-spec');
    const handle = await create({
      scheduleId,
      spec: {
        calendars: [{ hour: { start: 2, end: 7, step: 1 }, dayOfWeek: ['MONDAY', 'FRIDAY'], comment: 'mornings' }],
        intervals: [{ every: '1h', offset: '5m' }],
        cronExpressions: ['0 9 * * MON-WED,FRI'],
        skip: [{ month: 'DECEMBER', dayOfMonth: 25 }],
        timezone: 'Asia/Shanghai',
        jitter: '30s',
      },
      action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['定时'], memo: { origin: 'schedule' } },
      memo: { purpose: '年报提醒' },
      state: { paused: true, note: '先停着' },
    });
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.intervals).toEqual([{ every: HOUR, offset: 5 * MINUTE }]);
    expect(d.spec.calendars).toHaveLength(2);
    expect(d.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 2, end: 7, step: 1 }],
      dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }, { start: 'FRIDAY', end: 'FRIDAY', step: 1 }],
      comment: 'mornings',
    });
    // the cron string comes back in the structured form, as Temporal returns it
    expect(d.spec.calendars?.[1]).toMatchObject({
      second: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
      hour: [{ start: 9, end: 9, step: 1 }],
      dayOfWeek: [{ start: 'MONDAY', end: 'WEDNESDAY', step: 1 }, { start: 'FRIDAY', end: 'FRIDAY', step: 1 }],
    });
    expect(d.spec.skip?.[0]).toMatchObject({ month: [{ start: 'DECEMBER', end: 'DECEMBER', step: 1 }], dayOfMonth: [{ start: 25, end: 25, step: 1 }] });
    expect(d.memo).toEqual({ purpose: '年报提醒' });
    expect(d.state).toMatchObject({ paused: true, note: '先停着' });
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'greet', args: ['定时'], memo: { origin: 'schedule' } });
    expect(d.info.numActionsTaken).toBe(0);
    // unset policies come back resolved: SKIP, a catchup window of one year
    expect(d.policies).toEqual({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 365 * DAY, pauseOnFailure: false });
    expect(d.info.nextActionTimes.length).toBe(10);
    for (const t of d.info.nextActionTimes) expect(t.getTime()).toBeGreaterThan(d.info.createdAt.getTime());
  });

  it('ListScheduleMatchingTimes follows the zone: 09:00 in Shanghai is 01:00 UTC', async () => {
    const scheduleId = uniqueId('sched-times');
    await create({
      scheduleId,
      spec: { cronExpressions: ['0 9 * * *'], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['x'] },
      state: { paused: true },
    });
    const start = Date.UTC(2026, 0, 1);
    const res = await env.client.workflowService.listScheduleMatchingTimes({
      namespace: env.namespace,
      scheduleId,
      startTime: msToTs(start),
      endTime: msToTs(start + 3 * DAY),
    });
    expect((res.startTime ?? []).map((t) => new Date(ms(t)).toISOString())).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-02T01:00:00.000Z',
      '2026-01-03T01:00:00.000Z',
    ]);
  });

  it('trigger starts <workflowId>-<time> with the scheduled-by search attributes; list, pause, unpause, update, delete', async () => {
    const scheduleId = uniqueId('sched-trigger');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '365d' }] },
      action: { type: 'startWorkflow', workflowId: `${scheduleId}-wf`, workflowType: greet, taskQueue: env.taskQueue, args: ['触发'], memo: { from: 'action' } },
      memo: { kind: 'reminder' },
      state: { paused: true, note: 'created paused' },
    });
    await expect(env.client.schedule.create({
      scheduleId,
      spec: {},
      action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['x'] },
    })).rejects.toBeInstanceOf(ScheduleAlreadyRunning);
    await handle.trigger();
    const described = await eventually(async () => {
      const d = await handle.describe();
      if (d.info.recentActions.length !== 1) throw new Error('no action yet');
      return d;
    });
    expect(described.info.numActionsTaken).toBe(1);
    const action = described.info.recentActions[0].action;
    expect(action.workflow.workflowId).toMatch(new RegExp(`^${scheduleId}-wf-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
    const wf = env.client.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId);
    expect(await wf.result()).toBe('你好，触发');
    const wd = await wf.describe();
    expect(wd.memo).toEqual({ from: 'action' });
    expect(wd.searchAttributes.TemporalScheduledById).toEqual([scheduleId]);
    const scheduledAt = String((wd.searchAttributes.TemporalScheduledStartTime as unknown[])[0]);
    expect(action.workflow.workflowId.endsWith(new Date(scheduledAt).toISOString().replace('.000Z', 'Z'))).toBe(true);

    // list: the schedule with its memo, paused state and note
    const listed = await eventually(async () => {
      for await (const s of env.client.schedule.list()) if (s.scheduleId === scheduleId) return s;
      throw new Error('not listed');
    });
    expect(listed.memo).toEqual({ kind: 'reminder' });
    expect(listed.state).toEqual({ paused: true, note: 'created paused' });
    expect(listed.action).toEqual({ type: 'startWorkflow', workflowType: 'greet' });
    expect(listed.info.recentActions).toHaveLength(1);

    await handle.unpause('恢复');
    expect((await handle.describe()).state).toMatchObject({ paused: false, note: '恢复' });
    await handle.pause('暂停');
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: '暂停' });

    await handle.update((prev) => ({
      ...prev,
      spec: { calendars: [{ hour: 8, minute: 30 }] },
      action: { type: 'startWorkflow', workflowId: `${scheduleId}-wf`, workflowType: greet, taskQueue: env.taskQueue, args: ['更新'] },
    }));
    const updated = await handle.describe();
    expect(updated.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(updated.spec.intervals).toEqual([]);
    expect(updated.action).toMatchObject({ args: ['更新'] });
    expect(updated.info.lastUpdatedAt).toBeInstanceOf(Date);
    expect(updated.info.numActionsTaken).toBe(1);
    for (const t of updated.info.nextActionTimes) expect(new Date(t).getUTCHours() * 60 + new Date(t).getUTCMinutes()).toBe(8 * 60 + 30);

    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(env.client.schedule.getHandle(uniqueId('nobody')).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('an invalid spec is refused as a TypeError', async () => {
    await expect(create({
      scheduleId: uniqueId('sched-bad'),
      spec: { cronExpressions: ['0 99 * * *'] },
      action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['x'] },
    })).rejects.toBeInstanceOf(TypeError);
  });

  it('backfill takes every time in the range, start inclusive', async () => {
    const scheduleId = uniqueId('sched-backfill');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['补'] },
      state: { paused: true },
    });
    const start = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
    await handle.backfill({ start, end: new Date(start.getTime() + 4.5 * HOUR), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
    const d = await eventually(async () => {
      const x = await handle.describe();
      if (x.info.numActionsTaken < 5) throw new Error('backfill not done');
      return x;
    });
    expect(d.info.numActionsTaken).toBe(5);
    expect(d.info.recentActions.map((a) => a.scheduledAt.toISOString())).toEqual([0, 1, 2, 3, 4].map((h) => new Date(start.getTime() + h * HOUR).toISOString()));
    for (const a of d.info.recentActions) {
      expect(await env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result()).toBe('你好，补');
    }
  });

  it('overlap: SKIP starts one while it runs, ALLOW_ALL starts every one', async () => {
    const scheduleId = uniqueId('sched-overlap');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: env.taskQueue },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { paused: true },
    });
    const start = new Date(Date.UTC(2026, 0, 1));
    await handle.backfill({ start, end: new Date(start.getTime() + 2.5 * HOUR) });
    const skipped = await eventually(async () => {
      const x = await handle.describe();
      if (x.info.numActionsTaken + x.info.numActionsSkippedOverlap < 3) throw new Error('not processed');
      return x;
    });
    expect(skipped.info.numActionsTaken).toBe(1);
    expect(skipped.info.numActionsSkippedOverlap).toBe(2);
    expect(skipped.info.runningActions).toHaveLength(1);

    const later = new Date(Date.UTC(2026, 1, 1));
    await handle.backfill({ start: later, end: new Date(later.getTime() + 2.5 * HOUR), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
    const all = await eventually(async () => {
      const x = await handle.describe();
      if (x.info.numActionsTaken < 4) throw new Error('not processed');
      return x;
    });
    expect(all.info.numActionsTaken).toBe(4);
    expect(all.info.numActionsSkippedOverlap).toBe(2);
    const ids = all.info.recentActions.map((a) => a.action.workflow.workflowId);
    expect(new Set(ids).size).toBe(4);
    for (const a of all.info.recentActions) {
      const wf = env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId);
      expect((await wf.describe()).status.name).toBe('RUNNING');
      await wf.terminate('test over');
    }
  });

  it("the schedule's own search attributes come back typed, and ListSchedules filters by them and by TemporalSchedulePaused", async () => {
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace,
        searchAttributes: { GkSchedKeyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, GkSchedInt: IndexedValueType.INDEXED_VALUE_TYPE_INT },
      });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GrpcStatus.ALREADY_EXISTS)) throw err;
    }
    const group = uniqueId('grp');
    const kw = defineSearchAttributeKey('GkSchedKeyword', SearchAttributeType.KEYWORD);
    const int = defineSearchAttributeKey('GkSchedInt', SearchAttributeType.INT);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const scheduleId = `${group}-${i}`;
      ids.push(scheduleId);
      await create({
        scheduleId,
        spec: { calendars: [{ hour: { start: 2, end: 7, step: 1 } }] },
        action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['x'], searchAttributes: { GkSchedKeyword: ['for-the-run'] } },
        searchAttributes: { GkSchedKeyword: [i < 2 ? group : 'other'] },
        typedSearchAttributes: [{ key: int, value: i }],
        state: { paused: i === 1 },
      });
    }
    const d = await env.client.schedule.getHandle(ids[0]).describe();
    expect(d.typedSearchAttributes.get(kw)).toBe(group);
    expect(d.typedSearchAttributes.get(int)).toBe(0);
    // the action's, given untyped, come back typed too
    const actionAttributes = d.action.type === 'startWorkflow' ? d.action.typedSearchAttributes : undefined;
    expect(actionAttributes instanceof TypedSearchAttributes ? actionAttributes.get(kw) : undefined).toBe('for-the-run');
    const listIds = async (query: string) => {
      const out: string[] = [];
      for await (const s of env.client.schedule.list({ query, pageSize: 1 })) out.push(s.scheduleId);
      return out.sort();
    };
    await eventually(async () => expect(await listIds(`GkSchedKeyword = "${group}"`)).toEqual([ids[0], ids[1]]));
    expect(await listIds(`GkSchedKeyword = "${group}" AND TemporalSchedulePaused = true`)).toEqual([ids[1]]);
    expect(await listIds(`ScheduleId = "${ids[2]}"`)).toEqual([ids[2]]);

    // an update replaces them
    await env.client.schedule.getHandle(ids[0]).update((prev) => ({ ...prev, searchAttributes: {}, typedSearchAttributes: [{ key: int, value: 7 }] }));
    const u = await env.client.schedule.getHandle(ids[0]).describe();
    expect(u.typedSearchAttributes.get(int)).toBe(7);
    expect(u.typedSearchAttributes.get(kw)).toBeUndefined();
  });

  it('pause on failure: a failed run pauses the schedule with a note naming it', async () => {
    const scheduleId = uniqueId('sched-pof');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '365d' }] },
      action: { type: 'startWorkflow', workflowType: failing, taskQueue: env.taskQueue },
      policies: { pauseOnFailure: true },
    });
    // the SDK's trigger() defaults to ALLOW_ALL, whose runs are not followed (as in Temporal): SKIP is
    await handle.trigger(ScheduleOverlapPolicy.SKIP);
    const d = await eventually(async () => {
      const x = await handle.describe();
      if (!x.state.paused) throw new Error('not paused yet');
      return x;
    });
    const id = d.info.recentActions[0].action.workflow.workflowId;
    expect(d.state.note).toBe(`paused due to workflow failure: ${id}: 稿件不合规`);
    expect(d.info.runningActions).toEqual([]);
  });

  it('BUFFER_ALL runs one after the other, each receiving the last result and the failure since', async () => {
    const scheduleId = uniqueId('sched-buffer');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      // run 2 fails; run 3 sees run 1's result and run 2's failure
      action: { type: 'startWorkflow', workflowType: cronCount, taskQueue: env.taskQueue, args: [2] },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL },
      state: { paused: true },
    });
    const t = Date.UTC(2026, 0, 1);
    await handle.backfill({ start: new Date(t), end: new Date(t + 2 * HOUR) });
    const d = await eventually(async () => {
      const x = await handle.describe();
      if (x.info.numActionsTaken < 3 || x.info.runningActions.length) throw new Error('not done');
      return x;
    }, 30_000);
    expect(d.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual([t, t + HOUR, t + 2 * HOUR]);
    const outcomes = [];
    for (const a of d.info.recentActions) {
      outcomes.push(await env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result().catch(() => 'failed'));
    }
    expect(outcomes).toEqual([1, 'failed', 2]);
  });

  it('TERMINATE_OTHER ends the running workflow and then starts the next', async () => {
    const scheduleId = uniqueId('sched-term');
    const handle = await create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: env.taskQueue },
      policies: { overlap: ScheduleOverlapPolicy.TERMINATE_OTHER },
      state: { paused: true },
    });
    const t = Date.UTC(2026, 0, 1);
    await handle.backfill({ start: new Date(t), end: new Date(t) });
    await eventually(async () => expect((await handle.describe()).info.numActionsTaken).toBe(1));
    await handle.backfill({ start: new Date(t + HOUR), end: new Date(t + HOUR) });
    const d = await eventually(async () => {
      const x = await handle.describe();
      if (x.info.numActionsTaken < 2) throw new Error('not yet');
      return x;
    });
    const [first, second] = d.info.recentActions.map((a) => env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId));
    expect((await first.describe()).status.name).toBe('TERMINATED');
    expect((await second.describe()).status.name).toBe('RUNNING');
    expect(d.info.runningActions.map((a) => a.workflow.workflowId)).toEqual([second.workflowId]);
    await second.terminate('test over');
  });

  // Needs an embedded engine to stop and start.
  itWithEmbeddedEngine('an action due while the engine was down is taken when it starts again', async () => {
    // an engine of this test's own on its own schema, stopped and started again on the same tables
    const options = { databaseUrl: testDatabaseUrl(), schema: `temporal_test_${randomBytes(5).toString('hex')}` };
    let engine = await startEmbeddedTemporal(options);
    let connection = await Connection.connect({ address: engine.address });
    try {
      let client = new Client({ connection });
      const scheduleId = uniqueId('sched-restart');
      // one fire time, a few seconds ahead: the engine is stopped before it comes
      const at = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
      await client.schedule.create({
        scheduleId,
        spec: {
          calendars: [{
            second: at.getUTCSeconds(), minute: at.getUTCMinutes(), hour: at.getUTCHours(),
            dayOfMonth: at.getUTCDate(), month: MONTHS[at.getUTCMonth()], year: at.getUTCFullYear(),
          }],
        },
        action: { type: 'startWorkflow', workflowId: scheduleId, workflowType: waitForever, taskQueue: uniqueId('nobody-polls') },
        policies: { catchupWindow: '1h' },
      });
      expect((await client.schedule.getHandle(scheduleId).describe()).info.nextActionTimes.map((t) => t.getTime())).toEqual([at.getTime()]);
      await connection.close();
      await engine.stop();
      // stay down until the fire time has passed
      await new Promise((r) => setTimeout(r, Math.max(0, at.getTime() + 1000 - Date.now())));
      engine = await startEmbeddedTemporal(options);
      connection = await Connection.connect({ address: engine.address });
      client = new Client({ connection });
      const d = await eventually(async () => {
        const x = await client.schedule.getHandle(scheduleId).describe();
        if (x.info.numActionsTaken !== 1) throw new Error('not taken');
        return x;
      });
      expect(d.info.recentActions[0].scheduledAt.getTime()).toBe(at.getTime());
      expect(d.info.recentActions[0].takenAt.getTime()).toBeGreaterThan(at.getTime());
      expect(d.info.recentActions[0].action.workflow.workflowId).toBe(`${scheduleId}-${at.toISOString().replace('.000Z', 'Z')}`);
      expect(d.info.nextActionTimes).toEqual([]);
      await client.workflow.getHandle(d.info.recentActions[0].action.workflow.workflowId).terminate('test over');
    } finally {
      await connection.close().catch(() => undefined);
      await engine.stop();
    }
  });
});

describeWithTimeSkipping('conformance: schedules in virtual time', () => {
  let env: ConformanceEnv | undefined;

  beforeAll(async () => {
    env = await startConformanceEnv('schedules-ts', { timeSkipping: true });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('an hourly interval fires once per virtual hour; a limited one stops after its actions', async () => {
    if (!env) throw new Error('the time-skipping environment did not start');
    const testService = env.connection.testService!;
    await testService.lockTimeSkipping({});
    try {
      const handle = await env.client.schedule.create({
        scheduleId: uniqueId('sched-virtual'),
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['整点'] },
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      });
      // the same interval, limited to two actions
      const limited = await env.client.schedule.create({
        scheduleId: uniqueId('sched-limited'),
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: greet, taskQueue: env.taskQueue, args: ['限次'] },
        state: { remainingActions: 2 },
      });
      expect((await limited.describe()).info.nextActionTimes).toHaveLength(2);
      const first = (await handle.describe()).info.nextActionTimes[0].getTime();
      const now = ms((await testService.getCurrentTime({})).time);
      // to half an hour past the third fire time
      await testService.sleep({ duration: msToTs(first - now + 2 * HOUR + 30 * MINUTE) });
      const d = await eventually(async () => {
        const x = await handle.describe();
        if (x.info.numActionsTaken < 3) throw new Error(`only ${x.info.numActionsTaken}`);
        return x;
      });
      expect(d.info.numActionsTaken).toBe(3);
      expect(d.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual([first, first + HOUR, first + 2 * HOUR]);
      for (const a of d.info.recentActions) {
        expect(await env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result()).toBe('你好，整点');
      }
      const l = await limited.describe();
      expect(l.info.numActionsTaken).toBe(2);
      expect(l.state.remainingActions).toBe(0);
      expect(l.info.nextActionTimes).toEqual([]);
      await handle.delete();
      await limited.delete();
    } finally {
      await testService.unlockTimeSkipping({});
    }
  });
});
