/**
 * 三审: one durable review per publication (workflow id `publication:<id>`).
 *
 * Every decision is an update whose validator refuses before anything
 * changes; an accepted decision takes effect synchronously in its handler (so
 * a second decision on the same step, racing the first, is refused as stale)
 * and is then carried out by the main loop, one command at a time. Every side
 * effect — screening, assignment, projection, publishing — is an activity
 * (the short database steps local ones: activity-options.ts says why).
 * The workflow completes when the item is published or withdrawn, returning
 * its final state, so other reviews (policy + interpretation, consultation
 * feedback) can run it as a child workflow.
 */
import { ApplicationFailure, condition, getExternalWorkflowHandle, patched, setHandler, workflowInfo, allHandlersFinished } from '@temporalio/workflow';
import {
  ACTOR_PROOF_PATCH,
  calendarChangedSignal,
  acknowledgeWarningsUpdate,
  approveUpdate,
  rejectUpdate,
  requestChangesUpdate,
  reviewStateQuery,
  reviseUpdate,
  submitUpdate,
  withdrawUpdate,
  RefusalType,
  type Actor,
  type DecisionArgs,
  type DecisionKind,
  type PublicationReviewInput,
  type PublicationReviewState,
  type RouteLevel,
  type StageState,
  packageResubmittedSignal,
  packageReviewReturnedSignal,
  releaseInterpretationUpdate,
  submitPackageUpdate,
  type BundleVersions,
} from '@gongkai/contracts';
import { actorProofValid } from './actor-proof';
import { LOCAL_REVIEW_STEPS_PATCH, portalActivities, publicationActivities, publicationLocalSteps } from './activity-options';
import { reviewActionRefusal, type ReviewAction, type ReviewCommand } from '@gongkai/domain/review';

const activities = publicationActivities();
const portal = portalActivities();
const localSteps = publicationLocalSteps();

type Command =
  | { kind: 'submit'; actor: Actor }
  | { kind: 'acknowledge'; actor: Actor }
  | { kind: 'decision'; decision: DecisionKind; args: DecisionArgs; stage: StageState }
  | { kind: 'revise'; actor: Actor }
  | { kind: 'adopt'; actor: Actor }
  | { kind: 'withdraw'; actor: Actor; reason: string };

export async function publicationReview(input: PublicationReviewInput): Promise<PublicationReviewState> {
  const workflowId = workflowInfo().workflowId;
  // Reviews started before signed actors existed keep running without them; every newer one requires them.
  const actorKey = patched(ACTOR_PROOF_PATCH) ? (input.actorKey ?? '') : undefined;
  // The short database steps run as local activities inside the workflow task (one round trip per decision).
  const lean = patched(LOCAL_REVIEW_STEPS_PATCH);
  const steps = lean ? localSteps : activities;
  const state: PublicationReviewState = {
    publicationId: input.publicationId,
    status: 'draft',
    phase: 'draft',
    version: input.version,
    route: [],
    decisions: [],
    findings: [],
    warningsAcknowledged: false,
  };
  const queue: Command[] = [];
  /** A policy package's review: the bundle the current round covers (a resubmission replaces it). */
  let bundle: BundleVersions | undefined = input.package?.bundle;
  let enqueued = 0;
  let processed = 0;
  let seq = 0;

  const snapshot = (): PublicationReviewState => JSON.parse(JSON.stringify(state)) as PublicationReviewState;
  const now = () => new Date().toISOString();
  const record = (kind: string, actor?: Actor, detail?: Record<string, unknown>, atSeq = ++seq) =>
    steps.recordTransition({
      workflowId,
      publicationId: input.publicationId,
      seq: atSeq,
      kind,
      actorId: actor?.userId,
      actorName: actor?.name,
      version: state.version,
      at: now(),
      state: snapshot(),
      detail,
    });

  /** Queues a command and resolves with the state once the main loop has carried it out. */
  const enqueue = async (command: Command): Promise<PublicationReviewState> => {
    const ticket = ++enqueued;
    queue.push(command);
    await condition(() => processed >= ticket);
    return snapshot();
  };

  // ---------------------------------------------------------------- validators

  const refuse = (type: RefusalType, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };
  /** The actor must be signed by the API for this workflow, message and version (a forged actor is refused). */
  const requireSignedActor = (message: string, args: { actor: Actor; version?: number; actorProof?: string }) => {
    if (actorKey !== undefined && !actorProofValid(actorKey, workflowId, message, args)) {
      refuse(RefusalType.NotAllowed, '操作人身份未经本系统 API 签名认证，已拒绝');
    }
  };
  /** The shared review rules (libs/domain review-actions), judged on the state as it is now. */
  const requireAllowed = (action: ReviewAction, actor: Actor, command: ReviewCommand) => {
    const refusal = reviewActionRefusal(action, { state, authorId: input.authorId, busy: processed < enqueued }, actor, command);
    if (refusal) refuse(refusal.type, refusal.message);
  };
  const validateDecision = (kind: DecisionKind, message: string) => (args: DecisionArgs) => {
    requireSignedActor(message, args);
    requireAllowed(kind === 'request_changes' ? 'request-changes' : kind, args.actor, args);
  };

  // ---------------------------------------------------------------- handlers

  setHandler(reviewStateQuery, snapshot);

  let calendarChanged = false;
  setHandler(calendarChangedSignal, () => {
    calendarChanged = true;
  });

  setHandler(
    submitUpdate,
    ({ actor }) => {
      state.phase = 'screening';
      return enqueue({ kind: 'submit', actor });
    },
    {
      validator: (args) => {
        requireSignedActor(submitUpdate.name, args);
        requireAllowed('submit', args.actor, args);
      },
    },
  );

  setHandler(
    acknowledgeWarningsUpdate,
    ({ actor }) => {
      state.warningsAcknowledged = true;
      state.phase = 'screening';
      return enqueue({ kind: 'acknowledge', actor });
    },
    {
      validator: (args) => {
        requireSignedActor(acknowledgeWarningsUpdate.name, args);
        requireAllowed('acknowledge-warnings', args.actor, args);
      },
    },
  );

  for (const [definition, kind] of [
    [approveUpdate, 'approve'],
    [rejectUpdate, 'reject'],
    [requestChangesUpdate, 'request_changes'],
  ] as const) {
    setHandler(
      definition,
      (args) => {
        const stage = state.stage!;
        // Takes effect now: a racing decision on the same step is refused by its validator.
        state.stage = undefined;
        state.decisions.push({
          kind,
          level: stage.level,
          role: stage.role,
          version: args.version,
          actorId: args.actor.userId,
          actorName: args.actor.name,
          onBehalfOf: stage.delegateOf && args.actor.userId === stage.assigneeId ? stage.delegateOf.name : undefined,
          comment: args.comment,
          reason: args.reason,
          confidentiality: stage.level === 1 ? args.confidentiality : undefined,
          at: now(),
          ...(bundle ? { bundle: { ...bundle, policyVersion: state.version } } : {}),
        });
        return enqueue({ kind: 'decision', decision: kind, args, stage });
      },
      { validator: validateDecision(kind, definition.name) },
    );
  }

  setHandler(
    reviseUpdate,
    ({ actor, version }) => {
      state.version = version;
      // A package's policy: the new version waits for the package's resubmission, which passes the gate (every
      // interpretation ready again) and carries the bundle; restarting here would review a policy whose interpretations are unlocked.
      if (input.package) return enqueue({ kind: 'adopt', actor });
      state.stage = undefined;
      state.phase = 'screening';
      state.warningsAcknowledged = false;
      return enqueue({ kind: 'revise', actor });
    },
    {
      validator: (args) => {
        requireSignedActor(reviseUpdate.name, args);
        requireAllowed('revise', args.actor, args);
      },
    },
  );

  setHandler(
    withdrawUpdate,
    ({ actor, reason }) => {
      state.stage = undefined;
      state.status = 'withdrawn';
      state.phase = 'withdrawn';
      state.closingReason = reason?.trim() || '作者撤回';
      return enqueue({ kind: 'withdraw', actor, reason: state.closingReason });
    },
    {
      validator: (args) => {
        requireSignedActor(withdrawUpdate.name, args);
        // Withdraw carries a reason but no version: nothing of it is judged.
        requireAllowed('withdraw', args.actor, {});
      },
    },
  );

  // A policy package's review: the package unlocks its interpretations when the policy is returned, and resubmits them.
  const packageReturned = async () => {
    if (input.package) {
      await getExternalWorkflowHandle(input.package.packageWorkflowId).signal(packageReviewReturnedSignal, { reason: state.closingReason });
    }
  };
  if (input.package) {
    const packageWorkflowId = input.package.packageWorkflowId;
    setHandler(packageResubmittedSignal, (submission) => {
      // Only the package, for a returned review, with the lead's signature for its submit.
      if (state.status !== 'returned' || submission.packageWorkflowId !== packageWorkflowId) return;
      if (actorKey !== undefined && !actorProofValid(actorKey, packageWorkflowId, submitPackageUpdate.name, submission)) return;
      bundle = submission.bundle;
      state.stage = undefined;
      state.phase = 'screening';
      state.warningsAcknowledged = false;
      enqueued += 1;
      queue.push({ kind: 'revise', actor: submission.actor });
    });
  }

  // ---------------------------------------------------------------- the steps

  const assign = async (level: RouteLevel, since: string): Promise<StageState> => {
    const assignment = await steps.assignStage({
      publicationId: input.publicationId,
      departmentId: input.departmentId,
      level,
      since,
      authorId: input.authorId,
    });
    return { ...level, ...assignment, since, escalated: false, reminded: false };
  };

  /** A policy package's review: its bundle, for screening and publishing (the policy and every bundled interpretation). */
  const bundleArg = () => (input.package && bundle ? { bundle: { packageId: input.package.packageId, interpretations: bundle.interpretations } } : {});

  const screen = async (actor: Actor, kind: 'submitted' | 'revised') => {
    await record(kind, actor);
    const { findings } = await activities.screenDraft({ publicationId: input.publicationId, version: state.version, ...bundleArg() });
    state.findings = findings;
    if (findings.some((f) => f.severity === 'block')) {
      state.status = 'returned';
      state.phase = 'returned';
      state.closingReason = '自动检查发现必须处理的问题（个人信息或密级标志），已退回作者';
      await record('screening_blocked', undefined, { findings: findings.length });
      await packageReturned();
      return;
    }
    if (findings.length > 0 && !state.warningsAcknowledged) {
      state.status = 'draft';
      state.phase = 'awaiting_acknowledgement';
      await record('screening_warned', undefined, { findings: findings.length });
      return;
    }
    await startReview();
  };

  const startReview = async () => {
    if (state.route.length === 0) {
      // A deferred interpretation is approved by the policy's first level(s), fixed when it was released.
      state.route = input.release ? input.release.route : await steps.resolveRoute({ category: input.category, attribute: input.attribute });
    }
    state.stage = await assign(state.route[0], now());
    state.status = 'in_review';
    state.phase = 'in_review';
    state.closingReason = undefined;
    await record('review_started', undefined, { level: state.stage.level, assignee: state.stage.assigneeId });
  };

  /** Carries out a decision; what it returns is follow-up work done after the decision is answered. */
  const decide = async (command: Extract<Command, { kind: 'decision' }>): Promise<(() => Promise<void>) | undefined> => {
    const { decision, args, stage } = command;
    if (decision !== 'approve' || args.confidentiality?.conclusion === 'secret') {
      state.status = 'returned';
      state.phase = 'returned';
      state.closingReason =
        decision === 'approve' ? `保密审查结论为涉密，不予发布：${args.confidentiality?.note ?? ''}`.trim() : args.reason;
      await record(decision === 'approve' ? 'confidentiality_stopped' : decision === 'reject' ? 'rejected' : 'changes_requested', args.actor, {
        level: stage.level,
        reason: state.closingReason,
      });
      await packageReturned();
      return;
    }
    const approved = record('approved', args.actor, { level: stage.level, comment: args.comment, confidentiality: args.confidentiality });
    // The approval's projection and the next step (assignment or publishing) are independent transactions on
    // different rows (projection columns coalesce): a lean review runs them side by side, one round trip less.
    // Older reviews ran them one after the other, and replay must see the same order.
    if (!lean) await approved;
    const next = state.route.find((l) => l.level === stage.level + 1);
    if (next) {
      [state.stage] = await Promise.all([assign(next, now()), approved]);
      await record('assigned', undefined, { level: next.level, assignee: state.stage.assigneeId });
      return;
    }
    state.phase = 'publishing';
    const [result] = await Promise.all([steps.publish({
      workflowId,
      publicationId: input.publicationId,
      version: state.version,
      writtenDate: input.writtenDate,
      at: now(),
      ...bundleArg(),
      ...(input.release ? { interprets: { packageId: input.release.packageId, interpretationId: input.release.interpretationId } } : {}),
      ...(input.consultation ? { consultation: input.consultation } : {}),
    }), approved]);
    state.status = 'published';
    state.phase = 'published';
    state.indexNumber = result.indexNumber;
    state.publishedAt = result.publishedAt;
    state.overdue = result.overdue;
    await record('published', undefined, { indexNumber: result.indexNumber, overdue: result.overdue });
    const tellPortal = async () => {
      try {
        await portal.notifyPortal({ publicationId: input.publicationId, indexNumber: result.indexNumber, event: 'published' });
      } catch {
        await record('portal_failed', undefined, { indexNumber: result.indexNumber });
      }
    };
    // The decision is done once the item is published: the approval is answered before the portal is told (a
    // portal that is down retries for up to a day, and the leader must not wait for it). Older reviews told the
    // portal first, and replay must keep their order.
    if (lean) return tellPortal;
    await tellPortal();
    return undefined;
  };

  /** The next reminder or escalation instant of the waiting step, if any. */
  const nextDeadline = (): { at: number; kind: 'remind' | 'escalate' } | undefined => {
    const stage = state.stage;
    if (!stage || state.status !== 'in_review' || stage.escalated) return undefined;
    return stage.reminded ? { at: Date.parse(stage.escalateAt), kind: 'escalate' } : { at: Date.parse(stage.remindAt), kind: 'remind' };
  };

  const onDeadline = async (kind: 'remind' | 'escalate') => {
    const stage = state.stage!;
    if (kind === 'remind') {
      stage.reminded = true;
      // One sequence number for both: the reminder's timeline row is written once; the projection learns `reminded`.
      const reminderSeq = ++seq;
      await activities.sendReminder({ workflowId, publicationId: input.publicationId, seq: reminderSeq, assigneeId: stage.assigneeId, level: stage.level });
      await record('reminded', undefined, { level: stage.level, assignee: stage.assigneeId }, reminderSeq);
      return;
    }
    const target = await steps.escalationTarget({
      publicationId: input.publicationId,
      departmentId: input.departmentId,
      level: stage,
      since: now(),
      authorId: input.authorId,
    });
    state.stage = {
      ...stage,
      ...target,
      // The original holder may still decide; the escalation target now may too.
      deciders: [...new Set([...target.deciders, ...stage.deciders])],
      escalated: true,
      since: stage.since,
    };
    await record('escalated', undefined, { level: stage.level, from: stage.assigneeId, to: target.assigneeId });
  };

  /** A late holiday or a correction: the waiting step's instants move with the calendar. */
  const recomputeDeadlines = async () => {
    calendarChanged = false;
    const stage = state.stage;
    if (!stage || state.status !== 'in_review' || stage.escalated) return;
    const { remindAt, escalateAt } = await steps.stageDeadlines({ since: stage.since });
    if (state.stage !== stage || (remindAt === stage.remindAt && escalateAt === stage.escalateAt)) return;
    const before = { remindAt: stage.remindAt, escalateAt: stage.escalateAt };
    stage.remindAt = remindAt;
    stage.escalateAt = escalateAt;
    await record('deadlines_recomputed', undefined, { level: stage.level, before, after: { remindAt, escalateAt } });
  };

  // ---------------------------------------------------------------- main loop

  // Nothing happens — not even the first projection — until the worker has confirmed the key is the installation's:
  // a review started by anyone else with a key of their own fails here.
  if (actorKey !== undefined) await steps.confirmActorKey({ actorKey });
  await record('created', { userId: input.authorId, name: input.authorName, departmentId: input.departmentId, roles: ['author'] });
  // A policy package's review is submitted by the package, on the lead's behalf, signed for the package's submit.
  if (input.package) {
    const submission = input.package;
    if (actorKey !== undefined && !actorProofValid(actorKey, submission.packageWorkflowId, submitPackageUpdate.name, submission)) {
      throw ApplicationFailure.create({ type: RefusalType.NotAllowed, message: '政策包提交人身份未经本系统 API 签名认证', nonRetryable: true });
    }
    state.phase = 'screening';
    enqueued += 1;
    queue.push({ kind: 'submit', actor: submission.actor });
  }
  // A deferred interpretation's review is submitted on the lead's release, signed for the package's releaseInterpretation.
  if (input.release) {
    const release = input.release;
    if (actorKey !== undefined && !actorProofValid(actorKey, release.packageWorkflowId, releaseInterpretationUpdate.name, release)) {
      throw ApplicationFailure.create({ type: RefusalType.NotAllowed, message: '解读发布人身份未经本系统 API 签名认证', nonRetryable: true });
    }
    state.phase = 'screening';
    enqueued += 1;
    queue.push({ kind: 'submit', actor: release.actor });
  }
  // A withdrawal accepted before the loop first ran (right after the start) is still carried out and answered.
  while ((state.status !== 'published' && state.status !== 'withdrawn') || queue.length > 0) {
    const deadline = nextDeadline();
    const waitMs = deadline ? Math.max(0, deadline.at - new Date().getTime()) : undefined;
    const ready = () => queue.length > 0 || calendarChanged;
    const woke = waitMs === undefined ? await condition(ready).then(() => true) : await condition(ready, waitMs);
    if (!woke) {
      await onDeadline(deadline!.kind);
      continue;
    }
    if (calendarChanged) {
      await recomputeDeadlines();
      continue;
    }
    const command = queue.shift()!;
    let afterwards: (() => Promise<void>) | undefined;
    try {
      switch (command.kind) {
        case 'submit':
          await screen(command.actor, 'submitted');
          break;
        case 'revise':
          state.route = [];
          await screen(command.actor, 'revised');
          break;
        case 'adopt':
          await record('revised', command.actor, { awaitingPackage: true });
          break;
        case 'acknowledge':
          await record('warnings_acknowledged', command.actor, { findings: state.findings.length });
          await startReview();
          break;
        case 'decision':
          afterwards = await decide(command);
          break;
        case 'withdraw':
          await record('withdrawn', command.actor, { reason: command.reason });
          break;
      }
    } finally {
      processed += 1;
    }
    if (afterwards) await afterwards();
  }
  await condition(allHandlersFinished);
  return snapshot();
}
