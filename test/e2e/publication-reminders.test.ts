/**
 * Reminders and escalation of a waiting review step, on the engine's virtual
 * clock: a step left alone gets a reminder after N working days and moves to
 * the next level's holder after M working days (defaults 2 and 5), counted on
 * the working-day calendar — the whole week passes in seconds.
 */
import { Connection } from '@temporalio/client';
import Long from 'long';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { createAndSubmit, NOT_SECRET, startGongkaiApp, waitForItem, type RunningGongkai } from '../support/gongkai-app';

interface TimelineRow { kind: string; actorId: string | null; detail: Record<string, unknown> | null; at: string }

describe('publication review: reminders and escalation under time skipping', () => {
  let gk: RunningGongkai;
  let connection: Connection;

  beforeAll(async () => {
    gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: false });
    const options: InternalConnectionOptions = {
      address: gk.temporal.address,
      apiKey: gk.temporal.apiKey,
      tls: gk.temporal.tls,
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    };
    connection = await Connection.connect(options);
  }, 120_000);

  afterAll(async () => {
    await connection?.close();
    await gk?.stop();
  });

  it('reminds the assignee, then escalates to the leader, who can then decide', async () => {
    const testService = connection.testService;
    if (!gk.temporal.timeSkipping || !testService) return;
    await testService.lockTimeSkipping({});
    const item = await createAndSubmit(gk, 'zhangwei');
    expect(item.stage?.assignee).toBe('lina');
    const before = await testService.getCurrentTime({});

    // Nobody acts for ten calendar days: more than five working days, whatever the weekday.
    await testService.unlockTimeSkippingWithSleep({ duration: { seconds: Long.fromNumber(10 * 24 * 3600) } });
    const after = await testService.getCurrentTime({});
    expect(Number(after.time!.seconds) - Number(before.time!.seconds)).toBeGreaterThanOrEqual(10 * 24 * 3600);

    const escalated = await waitForItem(gk, item.id, 'zhangwei', (i) => i.stage?.assignee === 'wangqiang');
    expect(escalated.stage?.level).toBe(1);

    const timeline = await gk.request<TimelineRow[]>('GET', `/publications/${item.id}/timeline`, { as: 'zhangwei' });
    const kinds = timeline.body.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'reminded')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'escalated')).toHaveLength(1);
    expect(kinds.indexOf('escalated')).toBeGreaterThan(kinds.indexOf('reminded'));
    const reminded = new Date(timeline.body.find((r) => r.kind === 'reminded')!.at).getTime();
    const escalatedAt = new Date(timeline.body.find((r) => r.kind === 'escalated')!.at).getTime();
    // Escalation comes three working days (at least three calendar days) after the reminder.
    expect(escalatedAt - reminded).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000 - 60_000);

    const inbox = await gk.request<{ items: { publicationId: string }[] } | { publicationId: string }[]>('GET', '/tasks', { as: 'wangqiang' });
    const rows = Array.isArray(inbox.body) ? inbox.body : inbox.body.items;
    expect(rows.some((r) => r.publicationId === item.id)).toBe(true);

    const approved = await gk.request('POST', `/publications/${item.id}/approve`, {
      as: 'wangqiang',
      body: { version: 1, comment: '同意（督办）', confidentiality: NOT_SECRET },
    });
    expect(approved.status).toBe(200);
  }, 120_000);
});
