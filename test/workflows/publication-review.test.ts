/**
 * The 三审 review workflow (workflows/publication-review.ts) on its own: the
 * real workflow code in the real engine, every activity a stub. What is
 * asserted is what the workflow decides — which activities it calls with what,
 * what its updates answer, what it returns — never how long anything took.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  acknowledgeWarningsUpdate,
  approveUpdate,
  calendarChangedSignal,
  rejectUpdate,
  requestChangesUpdate,
  reviewStateQuery,
  reviseUpdate,
  submitUpdate,
  withdrawUpdate,
  RefusalType,
  type PublicationReviewState,
} from '@gongkai/contracts/publication';
import {
  AUTHOR,
  INDEX_NUMBER,
  LEADER,
  PRINCIPAL,
  SECTION_HEAD,
  eventually,
  refusalOf,
  startReviewEnv,
  stubActivities,
  transitionKinds,
  type ReviewDriver,
  type ReviewEnv,
} from './support/review-env';

const NOT_SECRET = { conclusion: 'not_secret' } as const;

describe('publication review workflow (stub activities)', () => {
  let env: ReviewEnv;

  beforeAll(async () => {
    env = await startReviewEnv();
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** Submits version 1 as the author; the stub screening finds nothing, so level 1 is waiting. */
  const submitted = async (review: ReviewDriver) => {
    const started = await review.start();
    const state = await review.send(started.handle, submitUpdate, { actor: AUTHOR, version: 1 });
    expect(state).toMatchObject({ status: 'in_review', stage: { level: 1, assigneeId: SECTION_HEAD.userId } });
    return started;
  };

  it('submit, three approvals: publishes once with the item, its version and 成文日期', async () => {
    const stubs = stubActivities(env.signer.publicKey);
    await env.withWorker(stubs.activities, async (review) => {
      const { handle, input } = await submitted(review);
      const afterFirst = await review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, expectedLevel: 1, confidentiality: NOT_SECRET });
      expect(afterFirst.stage).toMatchObject({ level: 2, assigneeId: LEADER.userId });
      await review.send(handle, approveUpdate, { actor: LEADER, version: 1, expectedLevel: 2, comment: '同意' });
      const last = await review.send(handle, approveUpdate, { actor: PRINCIPAL, version: 1, expectedLevel: 3 });
      expect(last).toMatchObject({ status: 'published', phase: 'published', indexNumber: INDEX_NUMBER });

      const result = await handle.result();
      expect(result).toMatchObject({ status: 'published', indexNumber: INDEX_NUMBER, version: 1 });
      expect(result.decisions.map((d) => [d.kind, d.level, d.actorId])).toEqual([
        ['approve', 1, SECTION_HEAD.userId],
        ['approve', 2, LEADER.userId],
        ['approve', 3, PRINCIPAL.userId],
      ]);
      expect(result.decisions[0].confidentiality).toEqual(NOT_SECRET);

      expect(stubs.calls.confirmActorKey).toEqual([{ actorKey: env.signer.publicKey }]);
      expect(stubs.calls.screenDraft).toEqual([{ publicationId: input.publicationId, version: 1 }]);
      expect(stubs.calls.assignStage.map((a) => a.level.level)).toEqual([1, 2, 3]);
      expect(stubs.calls.publish).toEqual([
        // Dated by the workflow's clock: a local activity has no engine-scheduled instant to read.
        { workflowId: handle.workflowId, publicationId: input.publicationId, version: 1, writtenDate: input.writtenDate, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      ]);
      expect(stubs.calls.notifyPortal).toEqual([{ publicationId: input.publicationId, indexNumber: INDEX_NUMBER, event: 'published' }]);
      expect(transitionKinds(stubs.calls)).toEqual([
        'created',
        'submitted',
        'review_started',
        'approved',
        'assigned',
        'approved',
        'assigned',
        'approved',
        'published',
      ]);
      // every projection is keyed by a sequence number of its own (the read model's idempotency key)
      const seqs = stubs.calls.recordTransition.map((r) => r.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    });
  });

  it('a portal that keeps failing is recorded; the item stays published', async () => {
    const stubs = stubActivities(env.signer.publicKey, {
      notifyPortal: async () => {
        throw ApplicationFailure.nonRetryable('portal answered 410', 'PortalGone');
      },
    });
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await submitted(review);
      await review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET });
      await review.send(handle, approveUpdate, { actor: LEADER, version: 1 });
      await review.send(handle, approveUpdate, { actor: PRINCIPAL, version: 1 });
      expect(await handle.result()).toMatchObject({ status: 'published', indexNumber: INDEX_NUMBER });
      expect(stubs.calls.publish).toHaveLength(1);
      expect(transitionKinds(stubs.calls).slice(-2)).toEqual(['published', 'portal_failed']);
    });
  });

  it('reject with a reason returns the item to the author; nothing is published', async () => {
    const stubs = stubActivities(env.signer.publicKey);
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await submitted(review);
      // a reason is required
      expect(await refusalOf(review.send(handle, rejectUpdate, { actor: SECTION_HEAD, version: 1, reason: '  ' }))).toBe(RefusalType.RuleRefused);

      const state = await review.send(handle, rejectUpdate, { actor: SECTION_HEAD, version: 1, reason: '政策依据不足' });
      expect(state).toMatchObject({ status: 'returned', phase: 'returned', closingReason: '政策依据不足' });
      expect(state.stage).toBeUndefined();
      expect(state.decisions).toEqual([expect.objectContaining({ kind: 'reject', level: 1, actorId: SECTION_HEAD.userId, reason: '政策依据不足' })]);
      expect(transitionKinds(stubs.calls).at(-1)).toBe('rejected');
      expect(stubs.calls.recordTransition.at(-1)).toMatchObject({ actorId: SECTION_HEAD.userId, detail: { level: 1, reason: '政策依据不足' } });
      // no one may decide a returned item
      expect(await refusalOf(review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET }))).toBe(RefusalType.WrongStage);
      expect(stubs.calls.publish).toEqual([]);
      expect(await handle.query(reviewStateQuery)).toMatchObject({ status: 'returned' });
    });
  });

  it('request changes, revise, resubmit: the revised version is screened, reviewed from level 1 and published', async () => {
    const stubs = stubActivities(env.signer.publicKey);
    await env.withWorker(stubs.activities, async (review) => {
      const { handle, input } = await submitted(review);
      await review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET });
      const returned = await review.send(handle, requestChangesUpdate, { actor: LEADER, version: 1, expectedLevel: 2, reason: '请补充实施日期' });
      expect(returned).toMatchObject({ status: 'returned', closingReason: '请补充实施日期' });

      // only the author revises, and only to the next version
      expect(await refusalOf(review.send(handle, reviseUpdate, { actor: LEADER, version: 2 }))).toBe(RefusalType.NotAllowed);
      expect(await refusalOf(review.send(handle, reviseUpdate, { actor: AUTHOR, version: 3 }))).toBe(RefusalType.StaleVersion);
      const revised = await review.send(handle, reviseUpdate, { actor: AUTHOR, version: 2 });
      expect(revised).toMatchObject({ status: 'in_review', version: 2, stage: { level: 1, assigneeId: SECTION_HEAD.userId } });
      expect(revised.closingReason).toBeUndefined();

      // a decision about the old draft is refused
      expect(await refusalOf(review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET }))).toBe(
        RefusalType.StaleVersion,
      );
      await review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 2, confidentiality: NOT_SECRET });
      await review.send(handle, approveUpdate, { actor: LEADER, version: 2 });
      await review.send(handle, approveUpdate, { actor: PRINCIPAL, version: 2 });
      const result = await handle.result();

      expect(result).toMatchObject({ status: 'published', version: 2 });
      expect(result.decisions.map((d) => [d.kind, d.level, d.version])).toEqual([
        ['approve', 1, 1],
        ['request_changes', 2, 1],
        ['approve', 1, 2],
        ['approve', 2, 2],
        ['approve', 3, 2],
      ]);
      expect(stubs.calls.screenDraft.map((s) => s.version)).toEqual([1, 2]);
      // the route is looked up again for the revised draft
      expect(stubs.calls.resolveRoute).toHaveLength(2);
      expect(stubs.calls.publish).toEqual([expect.objectContaining({ publicationId: input.publicationId, version: 2 })]);
      expect(transitionKinds(stubs.calls)).toContain('changes_requested');
      expect(transitionKinds(stubs.calls)).toContain('revised');
    });
  });

  it('withdraw by the author ends the review with the reason; nothing is published', async () => {
    const stubs = stubActivities(env.signer.publicKey);
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await submitted(review);
      expect(await refusalOf(review.send(handle, withdrawUpdate, { actor: SECTION_HEAD, reason: '不需要了' }))).toBe(RefusalType.NotAllowed);

      const state = await review.send(handle, withdrawUpdate, { actor: AUTHOR, reason: '内容已合并到另一份通知' });
      expect(state).toMatchObject({ status: 'withdrawn', phase: 'withdrawn', closingReason: '内容已合并到另一份通知' });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'withdrawn', closingReason: '内容已合并到另一份通知' });
      expect(result.stage).toBeUndefined();
      expect(stubs.calls.publish).toEqual([]);
      expect(stubs.calls.recordTransition.at(-1)).toMatchObject({ kind: 'withdrawn', actorId: AUTHOR.userId, detail: { reason: '内容已合并到另一份通知' } });
    });
  });

  it('screening that finds a blocking problem returns the draft without starting the review', async () => {
    const finding = { kind: 'id_card', severity: 'block' as const, text: '110101199003071234', start: 10, end: 28, suggestion: '删除身份证号' };
    const stubs = stubActivities(env.signer.publicKey, { screenDraft: async () => ({ findings: [finding] }) });
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await review.start();
      const state = await review.send(handle, submitUpdate, { actor: AUTHOR, version: 1 });
      expect(state).toMatchObject({ status: 'returned', findings: [finding] });
      expect(stubs.calls.assignStage).toEqual([]);
      expect(transitionKinds(stubs.calls)).toEqual(['created', 'submitted', 'screening_blocked']);
    });
  });

  it('a calendar change moves the waiting step’s reminder and escalation instants', async () => {
    // the new calendar: a day later each (a holiday announced late), counted from when the step began waiting
    const later = (since: string, days: number) => new Date(Date.parse(since) + days * 24 * 3600 * 1000).toISOString();
    const stubs = stubActivities(env.signer.publicKey, {
      stageDeadlines: async ({ since }) => ({ remindAt: later(since, 3), escalateAt: later(since, 6) }),
    });
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await submitted(review);
      const before = (await handle.query(reviewStateQuery)).stage!;
      const moved = { remindAt: later(before.since, 3), escalateAt: later(before.since, 6) };
      await handle.signal(calendarChangedSignal, { years: [2026] });
      const after = await eventually(async () => {
        const stage = (await handle.query(reviewStateQuery)).stage!;
        return stage.remindAt === moved.remindAt ? stage : undefined;
      }, 'the deadlines to move');

      expect(after).toMatchObject({ ...moved, level: 1, since: before.since, reminded: false, escalated: false });
      expect(stubs.calls.stageDeadlines).toEqual([{ since: before.since }]);
      expect(stubs.calls.recordTransition.at(-1)).toMatchObject({
        kind: 'deadlines_recomputed',
        detail: { level: 1, before: { remindAt: before.remindAt, escalateAt: before.escalateAt }, after: moved },
      });
    });
  });

  it('screening warnings wait for the author’s acknowledgement before the review starts', async () => {
    const warning = { kind: 'phone', severity: 'warn' as const, text: '13800138000', start: 3, end: 14, suggestion: '确认可以公开' };
    const stubs = stubActivities(env.signer.publicKey, { screenDraft: async () => ({ findings: [warning] }) });
    await env.withWorker(stubs.activities, async (review) => {
      const { handle } = await review.start();
      const waiting = await review.send(handle, submitUpdate, { actor: AUTHOR, version: 1 });
      expect(waiting).toMatchObject({ status: 'draft', phase: 'awaiting_acknowledgement', findings: [warning] });
      expect(stubs.calls.assignStage).toEqual([]);
      expect(await refusalOf(review.send(handle, acknowledgeWarningsUpdate, { actor: SECTION_HEAD, version: 1 }))).toBe(RefusalType.NotAllowed);

      const started = await review.send(handle, acknowledgeWarningsUpdate, { actor: AUTHOR, version: 1 });
      expect(started).toMatchObject({ status: 'in_review', warningsAcknowledged: true, stage: { level: 1 } });
      expect(transitionKinds(stubs.calls)).toEqual(['created', 'submitted', 'screening_warned', 'warnings_acknowledged', 'review_started']);
    });
  });

  describe('update validators refuse before anything changes', () => {
    /** Sends each refused command and checks neither the state nor the projections moved. */
    const refusedWithoutEffect = async (
      review: ReviewDriver,
      stubs: ReturnType<typeof stubActivities>,
      handle: Awaited<ReturnType<ReviewDriver['start']>>['handle'],
      attempt: () => Promise<PublicationReviewState>,
    ) => {
      const before = await handle.query(reviewStateQuery);
      const projections = stubs.calls.recordTransition.length;
      const refusal = await refusalOf(attempt());
      expect(await handle.query(reviewStateQuery)).toEqual(before);
      expect(stubs.calls.recordTransition).toHaveLength(projections);
      return refusal;
    };

    it('a wrong actor, the author, a wrong step, a forged or reused signature', async () => {
      const stubs = stubActivities(env.signer.publicKey);
      await env.withWorker(stubs.activities, async (review) => {
        const { handle } = await submitted(review);
        const refused = (attempt: () => Promise<PublicationReviewState>) => refusedWithoutEffect(review, stubs, handle, attempt);

        // level 1 is the section head's: the leader may not decide it, nor the author approve their own item
        expect(await refused(() => review.send(handle, approveUpdate, { actor: LEADER, version: 1, confidentiality: NOT_SECRET }))).toBe(RefusalType.NotAllowed);
        expect(await refused(() => review.send(handle, approveUpdate, { actor: AUTHOR, version: 1, confidentiality: NOT_SECRET }))).toBe(RefusalType.NotAllowed);
        // the decider saw another step as current
        expect(await refused(() => review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, expectedLevel: 2 }))).toBe(RefusalType.WrongStage);
        // the first level needs the 保密审查 conclusion
        expect(await refused(() => review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1 }))).toBe(RefusalType.RuleRefused);
        // submitted already
        expect(await refused(() => review.send(handle, submitUpdate, { actor: AUTHOR, version: 1 }))).toBe(RefusalType.WrongStage);
        // a proof signed for another message, or by a key other than the one the review was started with
        expect(
          await refused(() => review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET }, rejectUpdate.name)),
        ).toBe(RefusalType.NotAllowed);
        expect(
          await refused(() =>
            handle.executeUpdate(approveUpdate, { args: [{ actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET, actorProof: 'ab'.repeat(64) }] }),
          ),
        ).toBe(RefusalType.NotAllowed);
        // a proof covers the one person it was signed for, not someone else named with it
        const proof = env.signer.sign(handle.workflowId, approveUpdate.name, LEADER, 1);
        expect(
          await refused(() =>
            handle.executeUpdate(approveUpdate, { args: [{ actor: { ...LEADER, userId: SECTION_HEAD.userId }, version: 1, confidentiality: NOT_SECRET, actorProof: proof }] }),
          ),
        ).toBe(RefusalType.NotAllowed);

        // the rightful decision still goes through afterwards
        const state = await review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, confidentiality: NOT_SECRET });
        expect(state.stage).toMatchObject({ level: 2 });
        // and the same step cannot be decided twice
        expect(await refused(() => review.send(handle, approveUpdate, { actor: SECTION_HEAD, version: 1, expectedLevel: 1, confidentiality: NOT_SECRET }))).toBe(
          RefusalType.WrongStage,
        );
      });
    });

    it('a review started with a key that is not the installation’s does nothing and fails', async () => {
      const stubs = stubActivities(env.signer.publicKey);
      await env.withWorker(stubs.activities, async (review) => {
        const { handle } = await review.start('cd'.repeat(32));
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
        expect(stubs.calls.confirmActorKey).toEqual([{ actorKey: 'cd'.repeat(32) }]);
        expect(stubs.calls.recordTransition).toEqual([]);
      });
    });
  });
});
