/**
 * A holiday announced late: the office imports a corrected calendar year and
 * every review waiting on a step recomputes its reminder and escalation
 * instants (条例 deadlines are in working days; the calendar is data).
 */
import { createAndSubmit, startGongkaiApp, waitForItem, type RunningGongkai } from '../support/gongkai-app';

interface CalendarYearBody { year: number; source?: string; holidays: { date: string; name: string }[]; workdays: { date: string; name: string }[] }

describe('calendar corrections move open review deadlines', () => {
  let gk: RunningGongkai;
  beforeAll(async () => {
    gk = await startGongkaiApp();
  }, 120_000);
  afterAll(async () => {
    await gk?.stop();
  });

  const stageOf = async (id: string): Promise<{ remindAt: string; escalateAt: string }> => {
    const [row] = await gk.dataSource.query(`SELECT state->'stage' AS stage FROM publications WHERE id = $1`, [id]);
    return row.stage;
  };

  it('only the office may import a year, and bad data is refused with the problems listed', async () => {
    const year = new Date().getFullYear();
    const byAuthor = await gk.request('PUT', `/calendar/years/${year}`, { as: 'zhangwei', body: { year, holidays: [], workdays: [] } });
    expect(byAuthor.status).toBe(403);
    const bad = await gk.request<{ message: string }>('PUT', `/calendar/years/${year}`, {
      as: 'zhaomin',
      body: { year, holidays: [{ date: `${year}-02-30`, name: '不存在的日子' }], workdays: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('日历数据有误');
  });

  it('a new holiday on the reminder day moves the waiting step\'s reminder later', async () => {
    const item = await createAndSubmit(gk, 'liuyang');
    await waitForItem(gk, item.id, 'liuyang', (i) => i.status === 'in_review');
    const before = await stageOf(item.id);
    // The civil date (Asia/Shanghai) on which the reminder falls.
    const reminderDay = new Date(new Date(before.remindAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const year = Number(reminderDay.slice(0, 4));
    const original = await gk.request<CalendarYearBody>('GET', `/calendar/years/${year}`, { as: 'zhaomin' });
    expect(original.status).toBe(200);
    const corrected: CalendarYearBody = {
      ...original.body,
      holidays: [...original.body.holidays, { date: reminderDay, name: '临时调整假日（测试）' }],
      workdays: original.body.workdays.filter((d) => d.date !== reminderDay),
    };
    try {
      const imported = await gk.request<{ signalled: number }>('PUT', `/calendar/years/${year}`, { as: 'zhaomin', body: corrected });
      expect(imported.status).toBe(200);
      expect(imported.body.signalled).toBeGreaterThanOrEqual(1);
      const deadline = Date.now() + 20_000;
      let after = await stageOf(item.id);
      while (after.remindAt === before.remindAt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        after = await stageOf(item.id);
      }
      expect(new Date(after.remindAt).getTime()).toBeGreaterThan(new Date(before.remindAt).getTime());
      expect(new Date(after.escalateAt).getTime()).toBeGreaterThanOrEqual(new Date(before.escalateAt).getTime());
      const timeline = await gk.request<{ kind: string }[]>('GET', `/publications/${item.id}/timeline`, { as: 'liuyang' });
      expect(timeline.body.map((e) => e.kind)).toContain('deadlines_recomputed');
    } finally {
      await gk.request('PUT', `/calendar/years/${year}`, { as: 'zhaomin', body: original.body });
    }
  }, 60_000);
});
