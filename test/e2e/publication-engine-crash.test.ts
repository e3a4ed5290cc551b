/**
 * The engine is SIGKILLed in the middle of a review and started again: the
 * review continues where it was, and the item is published exactly once (one
 * catalogue entry, one index number, one `published` timeline event).
 */
import { createAndSubmit, NOT_SECRET, startGongkaiApp, waitForItem, type RunningGongkai } from '../support/gongkai-app';

describe('publication review survives an engine crash', () => {
  let gk: RunningGongkai;

  beforeAll(async () => {
    gk = await startGongkaiApp({ inChildProcess: true });
  }, 120_000);

  afterAll(async () => {
    await gk?.stop();
  });

  /** Retries while the engine is coming back (the API answers 5xx/503 meanwhile). */
  async function untilAccepted(call: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await call();
      if (res.status < 500 || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('continues the review after the engine was killed, and publishes once', async () => {
    const item = await createAndSubmit(gk, 'sunli', { category: '规范性文件', title: '示范市教育局关于规范校外培训机构管理的若干规定' });
    expect(item.stage?.level).toBe(1);
    expect(item.stage?.assignee).toBe('zhoutao');

    const first = await gk.request('POST', `/publications/${item.id}/approve`, {
      as: 'zhoutao',
      body: { version: 1, comment: '同意', confidentiality: NOT_SECRET },
    });
    expect(first.status).toBe(200);

    await gk.temporal.crashAndRestart!();

    const second = await untilAccepted(() =>
      gk.request('POST', `/publications/${item.id}/approve`, { as: 'wangqiang', body: { version: 1, comment: '同意' } }),
    );
    expect(second.status).toBe(200);

    await gk.temporal.crashAndRestart!();

    const third = await untilAccepted(() =>
      gk.request('POST', `/publications/${item.id}/approve`, { as: 'chenjun', body: { version: 1, comment: '同意发布' } }),
    );
    expect(third.status).toBe(200);

    const published = await waitForItem(gk, item.id, 'sunli', (i) => i.status === 'published', 60_000);
    expect(published.indexNumber).toMatch(/^003012345\/\d{4}-\d{5}$/);

    const entries = await gk.dataSource.query('SELECT index_number FROM catalog_entries WHERE publication_id = $1', [item.id]);
    expect(entries).toHaveLength(1);
    const publishedEvents = await gk.dataSource.query(
      `SELECT count(*)::int AS n FROM timeline_events WHERE publication_id = $1 AND kind = 'published'`,
      [item.id],
    );
    expect(publishedEvents[0].n).toBe(1);
    const approvals = await gk.dataSource.query(
      `SELECT count(*)::int AS n FROM timeline_events WHERE publication_id = $1 AND kind = 'approved'`,
      [item.id],
    );
    expect(approvals[0].n).toBe(3);
  }, 180_000);
});
