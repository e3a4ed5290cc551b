/**
 * The consultation workflow (workflows/consultation.ts) on the engine's virtual
 * clock (issue 12): a window closes at 23:59:59.999 Asia/Shanghai of the day
 * `days` calendar days after its publication day — across month ends, a leap
 * February and holidays (calendar days: 春节 and 劳动节 are counted) — and not a
 * minute before; an extension moves the durable timer; the feedback reminder
 * and lateness fire at the instants the (working-day) schedule gave; and a
 * closing moment that passed while no worker ran closes the window at once
 * when a worker comes back.
 *
 * The real consultation and publicationReview workflows run; every activity is
 * canned (support/consultation-env.ts). The clock is locked and moved by the
 * test, forward only, so the scenarios are ordered by date (from 2027: the
 * engine's clock starts at the real now). What is asserted is what the
 * workflow did at which virtual instant, never how long anything took.
 */
import { consultationWorkflowId } from '@gongkai/contracts';
import { LEADER, eventually, startReviewEnv, type ReviewEnv } from './support/review-env';
import { describeWithTimeSkipping } from '../support/temporal';
import { CannedActivities, ConsultationDriver, VirtualClock, startWorker, type RunningWorker } from './support/consultation-env';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const before = (iso: string) => new Date(Date.parse(iso) - MINUTE).toISOString();
const after = (iso: string) => new Date(Date.parse(iso) + HOUR).toISOString();

describeWithTimeSkipping('consultation workflow: the window on the virtual clock', () => {
  let env: ReviewEnv | undefined;
  let clock: VirtualClock;
  let canned: CannedActivities;
  let driver: ConsultationDriver;
  let worker: RunningWorker | undefined;
  /** Consultations still running at a test's end are terminated, so no timer of theirs fires in a later test. */
  const started: string[] = [];

  beforeAll(async () => {
    env = await startReviewEnv({ timeSkipping: true, timeSkippingLocked: true });
    clock = await VirtualClock.connect(env);
    canned = new CannedActivities(env.signer.publicKey);
    driver = new ConsultationDriver(env, canned);
    worker = await startWorker(env, canned);
  }, 60_000);

  afterEach(async () => {
    for (const id of started.splice(0)) {
      await env!.testEnv.client.workflow
        .getHandle(consultationWorkflowId(id))
        .terminate('test finished')
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await worker?.stop();
    await clock?.close();
    await env?.stop();
  });

  /** Opens a consultation whose notice is published at `publishedAt`, the clock brought just before it. */
  const openAt = async (publishedAt: string, days: number) => {
    await clock.sleepUntil(before(publishedAt));
    const opened = await driver.open(days, publishedAt);
    started.push(opened.input.consultationId);
    return opened;
  };

  /** Waits until the consultation's last projected transition is `kind`. */
  const projected = (consultationId: string, kind: string) =>
    eventually(async () => (canned.kinds(consultationId).at(-1) === kind ? true : undefined), `${kind} to be projected for ${consultationId}`);

  /** Waits for the window's close transaction; returns its `at`. */
  const closedAt = async (consultationId: string) =>
    (await eventually(async () => canned.closings(consultationId)[0], `closeWindow for ${consultationId}`)).at;

  it('closes at the end of the 30th calendar day in Beijing: across 春节, from 31 January, and in a leap February', async () => {
    // Published 00:30 Beijing on 20 January, still the 19th in UTC: the Beijing date counts.
    const pastMidnight = await openAt('2027-01-19T16:30:00.000Z', 30);
    // 2027-01-20 10:00 Beijing; 春节 (6 February 2027) and its holiday fall inside: calendar days count them.
    const spring = await openAt('2027-01-20T02:00:00.000Z', 30);
    expect(spring.state).toMatchObject({ status: 'open', opensAt: '2027-01-20T02:00:00.000Z', closesAt: '2027-02-19T15:59:59.999Z' });
    expect(pastMidnight.state.closesAt).toBe('2027-02-19T15:59:59.999Z');
    // 31 January + 30 days: February 2027 has 28 days, so the 30th day is 2 March.
    const monthEnd = await openAt('2027-01-31T02:00:00.000Z', 30);
    expect(monthEnd.state.closesAt).toBe('2027-03-02T15:59:59.999Z');
    expect(canned.kinds(spring.input.consultationId)).toEqual(['created', 'opened']);

    // A minute before the closing (24:00 Beijing on 19 February) both are open; nothing closed them early.
    await clock.sleepUntil(before('2027-02-19T15:59:59.999Z'));
    expect(canned.calls.closeWindow).toEqual([]);
    expect((await driver.state(spring.handle)).status).toBe('open');

    // An hour after it, both windows opened on 20 January (Beijing) have closed, at or after the closing instant.
    await clock.sleepUntil(after('2027-02-19T15:59:59.999Z'));
    for (const c of [spring, pastMidnight]) {
      const at = await closedAt(c.input.consultationId);
      expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse('2027-02-19T15:59:59.999Z'));
      expect(Date.parse(at)).toBeLessThan(Date.parse(after('2027-02-19T15:59:59.999Z')));
      await projected(c.input.consultationId, 'closed');
      expect(await driver.state(c.handle)).toMatchObject({ status: 'closed', closedAt: at });
      expect(canned.kinds(c.input.consultationId)).toEqual(['created', 'opened', 'closed']);
    }
    // …and the one opened on 31 January has not: not on 28 February nor on 1 March.
    await clock.sleepUntil(before('2027-03-02T15:59:59.999Z'));
    expect(canned.closings(monthEnd.input.consultationId)).toEqual([]);
    expect((await driver.state(monthEnd.handle)).status).toBe('open');
    await clock.sleepUntil(after('2027-03-02T15:59:59.999Z'));
    expect(Date.parse(await closedAt(monthEnd.input.consultationId))).toBeGreaterThanOrEqual(Date.parse('2027-03-02T15:59:59.999Z'));

    // The same rule in 2028: February has 29 days, so 31 January + 30 days is 1 March.
    const leap = await openAt('2028-01-31T02:00:00.000Z', 30);
    expect(leap.state.closesAt).toBe('2028-03-01T15:59:59.999Z');
    await clock.sleepUntil(before('2028-03-01T15:59:59.999Z'));
    expect(canned.closings(leap.input.consultationId)).toEqual([]);
    await clock.sleepUntil(after('2028-03-01T15:59:59.999Z'));
    expect(Date.parse(await closedAt(leap.input.consultationId))).toBeGreaterThanOrEqual(Date.parse('2028-03-01T15:59:59.999Z'));
    expect((await driver.state(leap.handle)).status).toBe('closed');
  }, 180_000);

  it('an extension moves the timer: not closed at the old closing, closed at the new; then the feedback is reminded, then late', async () => {
    // Opened 1 April 2028 for 30 days: the window would close at the end of 1 May (劳动节, counted).
    const { handle, input, state } = await openAt('2028-04-01T02:00:00.000Z', 30);
    expect(state.closesAt).toBe('2028-05-01T15:59:59.999Z');
    await clock.sleepUntil('2028-04-20T02:00:00.000Z');
    const extended = await driver.extend(handle, LEADER, 10, '社会关注度高，意见较多');
    expect(extended.closesAt).toBe('2028-05-11T15:59:59.999Z');
    expect(extended.extensions).toEqual([expect.objectContaining({ days: 10, reason: '社会关注度高，意见较多', closesAt: '2028-05-11T15:59:59.999Z', by: LEADER.name })]);
    // One extension (an activity retried on a loaded machine repeats the same call: the UPDATE is idempotent).
    const moves = canned.calls.moveClosing.filter((m) => m.consultationId === input.consultationId);
    expect(moves.length).toBeGreaterThanOrEqual(1);
    expect(new Set(moves.map((m) => `${m.closesAt}|${m.extension.at}`))).toEqual(new Set([`2028-05-11T15:59:59.999Z|${moves[0].extension.at}`]));
    await projected(input.consultationId, 'extended');

    // The old closing passes: the old timer is gone, the window stays open.
    await clock.sleepUntil(after('2028-05-01T15:59:59.999Z'));
    expect(canned.closings(input.consultationId)).toEqual([]);
    expect((await driver.state(handle)).status).toBe('open');
    await clock.sleepUntil(before('2028-05-11T15:59:59.999Z'));
    expect(canned.closings(input.consultationId)).toEqual([]);

    // The feedback schedule the working-day calendar would give for a closing on 11 May 2028.
    const remindAt = '2028-06-01T01:00:00.000Z';
    const dueAt = '2028-06-08T15:59:59.999Z';
    canned.schedules.set(input.consultationId, { remindAt, dueAt });
    await clock.sleepUntil(after('2028-05-11T15:59:59.999Z'));
    const at = await closedAt(input.consultationId);
    expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse('2028-05-11T15:59:59.999Z'));
    const closed = await eventually(async () => {
      const s = await driver.state(handle);
      return s.status === 'closed' && s.feedbackDueAt ? s : undefined;
    }, 'the closed state with its feedback schedule');
    expect(closed).toMatchObject({ closedAt: at, feedbackRemindAt: remindAt, feedbackDueAt: dueAt, feedbackReminded: false, feedbackLate: false });
    expect(canned.calls.feedbackSchedule.filter((s) => s.closedAt === at).length).toBeGreaterThanOrEqual(1);

    // The reminder fires at its instant, not before; lateness at the due instant, not before; then nothing more.
    await clock.sleepUntil(before(remindAt));
    expect(canned.notices(input.consultationId)).toEqual([]);
    await clock.sleepUntil(after(remindAt));
    await eventually(async () => (canned.notices(input.consultationId).length === 1 ? true : undefined), 'the feedback reminder');
    expect(canned.notices(input.consultationId)).toEqual(['reminder']);
    await clock.sleepUntil(before(dueAt));
    expect(canned.notices(input.consultationId)).toEqual(['reminder']);
    await clock.sleepUntil(after(dueAt));
    await eventually(async () => (canned.notices(input.consultationId).length === 2 ? true : undefined), 'the lateness notice');
    expect(canned.notices(input.consultationId)).toEqual(['reminder', 'late']);
    const late = await eventually(async () => {
      const s = await driver.state(handle);
      return s.feedbackLate ? s : undefined;
    }, 'the late flag');
    expect(late).toMatchObject({ status: 'closed', feedbackReminded: true, feedbackLate: true });
    await clock.sleepUntil('2028-09-01T00:00:00.000Z');
    expect(canned.notices(input.consultationId)).toEqual(['reminder', 'late']);
    await projected(input.consultationId, 'feedback_late');
    expect(canned.kinds(input.consultationId)).toEqual(['created', 'opened', 'extended', 'closed', 'feedback_reminded', 'feedback_late']);
    // The reminder and lateness notices carry distinct sequence numbers (each written once).
    const seqs = canned.calls.notifyFeedback.filter((n) => n.consultationId === input.consultationId).map((n) => n.seq);
    expect(new Set(seqs).size).toBe(2);
  }, 180_000);

  it('a closing moment that passed while no worker ran closes the window as soon as a worker is back', async () => {
    const { handle, input, state } = await openAt('2028-09-03T02:00:00.000Z', 30);
    const closesAt = '2028-10-03T15:59:59.999Z'; // 国庆 (1–7 October) counted: calendar days
    expect(state.closesAt).toBe(closesAt);

    // The system goes down with the window open, once the worker has nothing left in flight.
    await projected(input.consultationId, 'opened');
    await worker!.stop();
    worker = undefined;
    // While it is down the clock passes the closing. The clock is moved explicitly (not left to skip when idle: on a
    // loaded machine another workflow's retried activity, waiting for a worker, keeps the engine from being idle);
    // the engine fires the window's timer on the way and waits a while for the work it makes, which no worker takes.
    await clock.sleepUntil(after(closesAt));
    const downUntil = await clock.now();
    expect(downUntil).toBeGreaterThanOrEqual(Date.parse(closesAt));
    expect(canned.closings(input.consultationId)).toEqual([]);

    // The worker comes back: the fired timer's task is the first thing it runs, and the window closes at once.
    worker = await startWorker(env!, canned);
    const at = await closedAt(input.consultationId);
    expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(closesAt));
    const closed = await eventually(async () => {
      const s = await driver.state(handle);
      return s.status === 'closed' ? s : undefined;
    }, 'the closed state');
    expect(closed.closedAt).toBe(at);
    await projected(input.consultationId, 'closed');
    expect(canned.kinds(input.consultationId)).toEqual(['created', 'opened', 'closed']);
    expect(canned.closings(input.consultationId)).toHaveLength(1);
  }, 180_000);
});
