import { OVERLAP, processBuffer, type BufferedStart } from './overlap';
import type { ScheduleRecord } from './schedule-record';
import { ScheduleRunner, type ScheduleHost } from './schedule-runner';
import { canonicalSpec } from './spec';

const start = (n: number, overlapPolicy: number = OVERLAP.UNSPECIFIED): BufferedStart => ({ nominal: n, actual: n, overlapPolicy, manual: false, requestId: String(n) });
const as = (policy: number) => (p: number) => p || policy;

describe('overlap policies', () => {
  it('with nothing running, the first start goes and the rest follow the policy', () => {
    const d = processBuffer([start(1), start(2), start(3)], false, as(OVERLAP.SKIP));
    expect(d.nonOverlapping?.nominal).toBe(1);
    expect(d.skipped).toBe(2);
    expect(d.buffer).toEqual([]);
  });

  it('SKIP drops, BUFFER_ONE keeps one, BUFFER_ALL keeps all while one runs', () => {
    expect(processBuffer([start(1), start(2)], true, as(OVERLAP.SKIP))).toMatchObject({ skipped: 2, buffer: [] });
    const one = processBuffer([start(1), start(2)], true, as(OVERLAP.BUFFER_ONE));
    expect(one.buffer.map((s) => s.nominal)).toEqual([1]);
    expect(one.skipped).toBe(1);
    expect(processBuffer([start(1), start(2)], true, as(OVERLAP.BUFFER_ALL)).buffer.map((s) => s.nominal)).toEqual([1, 2]);
  });

  it('CANCEL_OTHER and TERMINATE_OTHER stop the running one and wait for it; ALLOW_ALL starts regardless', () => {
    expect(processBuffer([start(1)], true, as(OVERLAP.CANCEL_OTHER))).toMatchObject({ cancel: true, terminate: false });
    const t = processBuffer([start(1), start(2, OVERLAP.ALLOW_ALL)], true, as(OVERLAP.TERMINATE_OTHER));
    expect(t).toMatchObject({ terminate: true, overlapping: [] });
    expect(t.buffer.map((s) => s.nominal)).toEqual([1]);
    expect(processBuffer([start(1), start(2)], true, as(OVERLAP.ALLOW_ALL)).overlapping.map((s) => s.nominal)).toEqual([1, 2]);
  });
});

describe('taking the times due', () => {
  const HOUR = 3_600_000;
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const runner = new ScheduleRunner({} as ScheduleHost, () => 'ns-id');
  const record = (over: Partial<ScheduleRecord> = {}): ScheduleRecord => ({
    namespace: 'default',
    scheduleId: 's',
    spec: canonicalSpec({ interval: [{ interval: { seconds: 3600 } }] }),
    action: '',
    policies: { overlapPolicy: 0, pauseOnFailure: false, keepOriginalWorkflowId: false },
    state: { notes: '', paused: false, limitedActions: false, remainingActions: 0 },
    info: { actionCount: 0, missedCatchupWindow: 0, overlapSkipped: 0, bufferDropped: 0, runningWorkflows: [], recentActions: [], createTime: t0 },
    lastProcessedTime: t0,
    conflictToken: 1,
    buffer: [],
    manualSeq: 0,
    ...over,
  });

  it('buffers the times in the range and counts those older than the catchup window as missed', () => {
    const r = record({ policies: { overlapPolicy: 0, catchupWindowMs: 90 * 60_000, pauseOnFailure: false, keepOriginalWorkflowId: false } });
    const { next, lastAction } = runner.processTimeRange(r, t0, t0 + 5 * HOUR + 1000, OVERLAP.UNSPECIFIED, false);
    expect(r.buffer.map((s) => s.nominal - t0)).toEqual([4 * HOUR, 5 * HOUR]);
    expect(r.info.missedCatchupWindow).toBe(3);
    expect(lastAction).toBe(t0 + 5 * HOUR);
    expect(next).toBe(t0 + 6 * HOUR);
    // the same time always gets the same request id (a start after a crash is not repeated)
    expect(r.buffer[0].requestId).toBe(`ns-id-s/${t0 + 4 * HOUR}`);
  });

  it('takes nothing while paused and counts nothing as missed; manual starts go regardless', () => {
    const r = record({ state: { notes: '', paused: true, limitedActions: false, remainingActions: 0 } });
    const { lastAction } = runner.processTimeRange(r, t0, t0 + 3 * HOUR, OVERLAP.UNSPECIFIED, false);
    expect(r.buffer).toEqual([]);
    expect(r.info.missedCatchupWindow).toBe(0);
    expect(lastAction).toBe(t0 + 3 * HOUR);
    runner.processTimeRange(r, t0 - 1, t0 + 2 * HOUR, OVERLAP.ALLOW_ALL, true);
    expect(r.buffer.map((s) => s.nominal - t0)).toEqual([0, HOUR, 2 * HOUR]);
  });

  it('limited actions: future times stop at the remaining count', () => {
    const r = record({ state: { notes: '', paused: false, limitedActions: true, remainingActions: 2 } });
    expect(runner.futureActionTimes(r, 10).map((t) => t - t0)).toEqual([HOUR, 2 * HOUR]);
    expect(runner.canTakeScheduledAction(r, false, true)).toBe(true);
    expect(runner.canTakeScheduledAction(r, false, true)).toBe(true);
    expect(runner.canTakeScheduledAction(r, false, true)).toBe(false);
    expect(r.state.remainingActions).toBe(0);
  });
});
