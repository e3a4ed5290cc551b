/**
 * The review's reminder and escalation timers, on an engine with time skipping:
 * when nothing else is running the engine moves its clock to the next timer, so
 * the stub calendar's two days (reminder) and five days (escalation) pass at
 * once. Asserted is what the workflow does when they fire, not when.
 */
import { approveUpdate, reviewStateQuery, submitUpdate } from '@gongkai/contracts/publication';
import { describeWithTimeSkipping } from '../support/temporal';
import { AUTHOR, LEADER, SECTION_HEAD, eventually, startReviewEnv, stubActivities, transitionKinds, type ReviewEnv } from './support/review-env';

describeWithTimeSkipping('publication review workflow: reminder and escalation (time skipping)', () => {
  let env: ReviewEnv | undefined;

  beforeAll(async () => {
    env = await startReviewEnv({ timeSkipping: true, timeSkippingLocked: false });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('a waiting step is reminded once, then escalated to the next level’s holder, who may then decide it', async () => {
    if (!env) throw new Error('the time-skipping environment did not start');
    const stubs = stubActivities(env.signer.publicKey);
    await env.withWorker(stubs.activities, async (review) => {
      const { handle, input } = await review.start();
      await review.send(handle, submitUpdate, { actor: AUTHOR, version: 1 });

      // once escalated, the step has no further deadline: the state stays put
      const state = await eventually(async () => {
        const s = await handle.query(reviewStateQuery);
        return s.stage?.escalated ? s : undefined;
      }, 'the level-1 step to be escalated');

      expect(stubs.calls.sendReminder).toEqual([
        { workflowId: handle.workflowId, publicationId: input.publicationId, seq: expect.any(Number), assigneeId: SECTION_HEAD.userId, level: 1 },
      ]);
      expect(stubs.calls.escalationTarget).toEqual([expect.objectContaining({ publicationId: input.publicationId, level: expect.objectContaining({ level: 1 }) })]);
      expect(state.stage).toMatchObject({ level: 1, reminded: true, escalated: true, assigneeId: LEADER.userId });
      // the original holder keeps the right to decide; the escalation target gains it
      expect([...state.stage!.deciders].sort()).toEqual([LEADER.userId, SECTION_HEAD.userId].sort());
      expect(transitionKinds(stubs.calls)).toEqual(['created', 'submitted', 'review_started', 'reminded', 'escalated']);
      // the reminder's timeline row and the notification share one sequence number (written once)
      const reminded = stubs.calls.recordTransition.find((r) => r.kind === 'reminded')!;
      expect(reminded.seq).toBe(stubs.calls.sendReminder[0].seq);
      expect(stubs.calls.publish).toEqual([]);

      const next = await review.send(handle, approveUpdate, { actor: LEADER, version: 1, expectedLevel: 1, confidentiality: { conclusion: 'not_secret' } });
      expect(next.decisions).toEqual([expect.objectContaining({ kind: 'approve', level: 1, actorId: LEADER.userId })]);
      expect(next.stage).toMatchObject({ level: 2, escalated: false });
    });
  });
});
