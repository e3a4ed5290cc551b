/**
 * Issue 16: a decision never hangs. While no worker runs (a crash, a restart
 * still under way) a decision answers 504 within TEMPORAL_CALL_TIMEOUT_MS with
 * what to do; once the worker is back, the same request again answers with
 * the item, and the decision is on record exactly once.
 */
import { createAndSubmit, NOT_SECRET, startGongkaiApp, waitForItem, type PublicationBody, type RunningGongkai } from '../support/gongkai-app';

/** Short for the test, long enough for a submit (screening) on a loaded machine. */
const DEADLINE_MS = 5000;

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp({ env: { TEMPORAL_CALL_TIMEOUT_MS: String(DEADLINE_MS) } });
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

it('answers 504 while the worker is down, and the repeated request takes effect once', async () => {
  const item = await createAndSubmit(gk, 'zhangwei');
  expect(item.stage).toMatchObject({ level: 1, assignee: 'lina' });
  const approve = () => gk.request<PublicationBody & { message?: string }>('POST', `/publications/${item.id}/approve`, {
    as: 'lina',
    body: { version: 1, level: 1, confidentiality: NOT_SECRET },
  });

  await gk.stopWorker();
  const late = await approve();
  expect(late.status).toBe(504);
  expect(late.body.message).toContain('操作可能仍会生效');
  expect(late.body.message).toContain('重试是安全的');

  await gk.startWorker();
  // The first request was admitted by the engine and may take effect by itself now; the retry is safe either way.
  // A client retries the same request while it hears 504; the worker is back within a few of its deadlines.
  let retried = await approve();
  for (let i = 0; i < 5 && retried.status === 504; i++) retried = await approve();
  expect(retried.status).toBe(200);
  expect(retried.body.decisions.filter((d) => d.actorId === 'lina')).toHaveLength(1);
  const settled = await waitForItem(gk, item.id, 'zhangwei', (i) => i.stage?.level === 2);
  expect(settled.decisions.filter((d) => d.kind === 'approve' && d.level === 1)).toHaveLength(1);
  const timeline = await gk.request<{ kind: string }[]>('GET', `/publications/${item.id}/timeline`, { as: 'zhangwei' });
  expect(timeline.body.filter((e) => e.kind === 'approved')).toHaveLength(1);
}, 60_000);
