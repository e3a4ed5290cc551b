/**
 * The consultation window's rule on PostgreSQL (ConsultationRepository): the
 * close waits for the comments in flight, and a comment that arrives while
 * the close is waiting waits behind it and is refused — it does not overtake
 * the close. (With the row read FOR SHARE a new comment joined the comments in
 * flight ahead of the waiting close, so a steady stream of comments kept the
 * window open: npm run bench:comments.)
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConsultationRepository, type NewComment } from '@gongkai/persistence';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource } from '../support/database';

let ds: DataSource;
let consultations: ConsultationRepository;

beforeAll(async () => {
  ds = await openTestDataSource();
  await seedDemoOrganisation(ds);
  consultations = new ConsultationRepository(ds);
});
afterAll(async () => {
  await ds?.destroy();
});

/** An open consultation of the demo organisation (its notice a bare publication row), closing in 30 days. */
async function openConsultation(): Promise<string> {
  const id = randomUUID();
  const noticeId = randomUUID();
  await ds.query(
    `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute, written_date, title, workflow_id)
     VALUES ($1, 'demo', 'jichu', 'zhangwei', '张伟', '征求意见', 'proactive', '2026-12-01', '关于征求意见的公告', $2)`,
    [noticeId, `publication:${noticeId}`],
  );
  await consultations.insert({
    id,
    noticePublicationId: noticeId,
    organisationId: 'demo',
    departmentId: 'jichu',
    authorId: 'zhangwei',
    authorName: '张伟',
    title: '关于征求意见的公告',
    draftBody: '第一条 为规范课后服务，制定本办法。',
    explanation: '起草说明',
    days: 30,
    shortReason: null,
    contact: null,
  });
  await consultations.openWindow(id, new Date(), new Date(Date.now() + 30 * 24 * 3600_000), `T-${id.slice(0, 8)}`);
  return id;
}

const comment = (consultationId: string, text: string): NewComment => ({
  consultationId,
  receipt: `ZQ-${randomUUID().slice(0, 12)}`,
  fingerprint: text,
  text,
  name: null,
  contact: null,
  clause: null,
});

/** Backends of this database waiting for a lock on something of the consultations'. */
async function waitingForLocks(): Promise<number> {
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%consultation%'`,
  );
  return n;
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the consultation window on PostgreSQL', () => {
  it('closes after the comments in flight, and refuses a comment that arrives while the close waits', async () => {
    const id = await openConsultation();

    // A comment in flight: taken inside a transaction that has not committed yet.
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let inFlightTaken!: () => void;
    const taken = new Promise<void>((r) => (inFlightTaken = r));
    const inFlight = ds.transaction(async (m) => {
      const result = await consultations.in(m).addComment(comment(id, '在途的意见'));
      inFlightTaken();
      await committed;
      return result;
    });
    await taken;

    // The close waits for it…
    const closing = consultations.closeWindow(id, new Date().toISOString());
    await until('the close waiting for the comment in flight', async () => (await waitingForLocks()) >= 1);

    // …and a comment arriving now waits behind the close (or, were it let through, is taken at once).
    let lateSettled = false;
    const late = consultations.addComment(comment(id, '截止时到达的意见')).finally(() => (lateSettled = true));
    await until('the late comment waiting behind the close, or answered', async () => lateSettled || (await waitingForLocks()) >= 2);

    commit();
    expect(await inFlight).toMatchObject({ receipt: expect.any(String) });
    await closing;
    expect(await late).toEqual({ refused: 'closed' });

    const texts = (await consultations.comments(id, { limit: 10, offset: 0 })).map((c) => c.text);
    expect(texts).toEqual(['在途的意见']);
    expect((await consultations.find(id))?.status).toBe('closed');
  }, 30_000);
});
