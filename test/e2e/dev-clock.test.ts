/**
 * The drill clock (GONGKAI_DEV_CLOCK, docs/drill-clock.md) over HTTP: the engine runs on a virtual clock
 * that is locked from its start, as `npm start` runs it in drill mode, so real time passes at its own pace
 * and nothing skips ahead by itself; `POST /dev/clock/advance` (政务公开办 only) moves it, and the durable
 * timers that fall due on the way fire — here a review step's reminder and escalation (2 and 5 working days).
 * The route's absence without the flag is checked in api-health.test.ts.
 */
import { serverHasTimeSkipping } from '../support/temporal';
import { createAndSubmit, startGongkaiApp, waitForItem, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

/** The drill clock needs a server with time skipping; elsewhere jest reports these skipped. */
const itWithTimeSkipping = serverHasTimeSkipping() ? it : it.skip;

interface TimelineRow { kind: string; at: string }
interface Clock { now: string; drill: true }
interface Advanced { advancedDays: number; now: string }

const DAY_MS = 24 * 3600 * 1000;

describe('drill clock: POST /dev/clock/advance', () => {
  let gk: RunningGongkai;

  beforeAll(async () => {
    gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: true, env: { GONGKAI_DEV_CLOCK: '1' } });
  }, 120_000);

  afterAll(async () => {
    await gk?.stop();
  });

  const clockNow = async () => {
    const res = await gk.request<Clock>('GET', '/dev/clock', { as: 'zhaomin' });
    expect(res.status).toBe(200);
    expect(res.body.drill).toBe(true);
    return new Date(res.body.now).getTime();
  };
  const kinds = async (id: string) =>
    (await gk.request<TimelineRow[]>('GET', `/publications/${id}/timeline`, { as: 'zhangwei' })).body.map((r) => r.kind);

  itWithTimeSkipping('is for 政务公开办 only, and takes a whole number of days from 1 to 366', async () => {
    expect((await gk.request('GET', '/dev/clock')).status).toBe(401);
    for (const as of ['zhangwei', 'lina', 'wangqiang', 'chenjun'] as const) {
      const refused = await gk.request<ErrorBody>('POST', '/dev/clock/advance', { as, body: { days: 1 } });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('政务公开办');
      expect((await gk.request('GET', '/dev/clock', { as })).status).toBe(403);
    }
    const before = await clockNow();
    for (const days of [0, -1, 367, 1.5, '3', null, 'ten']) {
      const bad = await gk.request<ErrorBody>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('days');
      expect(JSON.stringify(bad.body.errors)).toContain('1–366 的整数');
    }
    expect((await gk.request<ErrorBody>('POST', '/dev/clock/advance', { as: 'zhaomin', body: {} })).status).toBe(400);
    expect((await gk.request<ErrorBody>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 1, hours: 2 } })).status).toBe(400);
    // None of the refusals moved the clock (at most the real seconds of this test passed).
    expect((await clockNow()) - before).toBeLessThan(DAY_MS);
  }, 60_000);

  itWithTimeSkipping('fires a due review reminder and escalation only when advanced, one advance at a time', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    expect(item.stage?.assignee).toBe('lina');

    // Locked: the engine, idle with the step's timers set, does not skip to them; its clock stays the real one.
    // Watched for a second and more: unlocked, it skips within a few hundred milliseconds of going idle
    // (it looks every 25 ms), and the reminder and escalation are then already in the timeline.
    for (let look = 0; look < 6; look++) {
      expect(Math.abs((await clockNow()) - Date.now())).toBeLessThan(3600 * 1000);
      expect(await kinds(item.id)).not.toContain('reminded');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const start = await clockNow();

    // One day is less than the two working days of the reminder: nothing yet.
    const first = await gk.request<Advanced>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 1 } });
    expect(first.status).toBe(200);
    expect(first.body.advancedDays).toBe(1);
    expect(new Date(first.body.now).getTime() - start).toBeGreaterThanOrEqual(DAY_MS);
    const afterOneDay = await kinds(item.id);
    expect(afterOneDay).not.toContain('reminded');
    expect(afterOneDay).not.toContain('escalated');

    // Two advances at once: the engine moves for one at a time; a second while the first runs is refused (409).
    const [a, b] = await Promise.all([
      gk.request<Advanced & ErrorBody>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 4 } }),
      gk.request<Advanced & ErrorBody>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 5 } }),
    ]);
    const answered = [a, b].filter((r) => r.status === 200);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b].filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('请等其完成后再推进');
    }
    // Whatever the interleaving, the clock moved by exactly what was answered (no lost or doubled advance,
    // no skipping past the target to the next timer): the bound above the sum is the test's real seconds.
    const moved = answered.reduce((sum, r) => sum + r.body.advancedDays, 1);
    const now = await clockNow();
    expect(now - start).toBeGreaterThanOrEqual(moved * DAY_MS);
    expect(now - start).toBeLessThan(moved * DAY_MS + 3600 * 1000);

    // Make it ten calendar days in all (more than five working days, whatever the weekday).
    if (moved < 10) {
      const rest = await gk.request<Advanced>('POST', '/dev/clock/advance', { as: 'zhaomin', body: { days: 10 - moved } });
      expect(rest.status).toBe(200);
    }
    const escalated = await waitForItem(gk, item.id, 'zhangwei', (i) => i.stage?.assignee === 'wangqiang');
    expect(escalated.stage?.level).toBe(1);
    const after = await kinds(item.id);
    expect(after.filter((k) => k === 'reminded')).toHaveLength(1);
    expect(after.filter((k) => k === 'escalated')).toHaveLength(1);
  }, 120_000);
});
