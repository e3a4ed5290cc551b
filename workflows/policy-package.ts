/**
 * 政策解读 (谁起草谁解读, 三同步): one durable package per policy (workflow id
 * `policy-package:<id>`). It holds the interpretation plan and each
 * interpretation's drafting (versions, ready / returned, comments); the gate
 * refuses submitting the policy while an interpretation is not ready (unless
 * the plan carries a deferral). On submit it locks the interpretations and
 * starts the policy's one 三审 review as its child (`publication:<policyId>`),
 * which records the bundle's versions on every decision and, on the last
 * approval, publishes the policy and the ready interpretations in one
 * transaction. Updates are validated like the review's: signed actors, then
 * the rules; accepted changes take effect at once and are projected by the
 * main loop, one command at a time.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import {
  GONGKAI_TASK_QUEUE,
  INTERPRETATION_CATEGORY,
  INTERPRETATION_FORM_LABELS,
  RefusalType,
  commentInterpretationUpdate,
  markInterpretationReadyUpdate,
  packageResubmittedSignal,
  packageRetractedSignal,
  packageReviewReturnedSignal,
  releaseInterpretationUpdate,
  policyPackageStateQuery,
  publicationWorkflowId,
  returnInterpretationUpdate,
  saveInterpretationUpdate,
  submitPackageUpdate,
  type Actor,
  type InterpretationState,
  type PackageTransition,
  type PolicyPackageInput,
  type PolicyPackageState,
  type PublicationReviewState,
  type RouteLevel,
} from '@gongkai/contracts';
import { actorProofValid } from './actor-proof';
import { policyPackageActivities } from './activity-options';
import { publicationReview } from './publication-review';

const activities = policyPackageActivities();

/** Who may comment beside the lead and the owners: the policy's reviewers (its 科室负责人, and the roles that review every item). */
const ORGANISATION_REVIEWER_ROLES: readonly string[] = ['leader', 'principal', 'office'];

type Command =
  | { kind: 'save'; actor: Actor; interpretationId: string; version: number; title?: string; body: string }
  | { kind: 'comment'; actor: Actor; interpretationId: string; text: string; quote?: string }
  | { kind: 'ready'; actor: Actor; interpretationId: string }
  | { kind: 'return'; actor: Actor; interpretationId: string; reason: string }
  | { kind: 'submit'; actor: Actor; version: number; actorProof?: string }
  | { kind: 'release'; actor: Actor; interpretationId: string; version: number; actorProof?: string };

export async function policyPackage(input: PolicyPackageInput): Promise<PolicyPackageState> {
  const workflowId = workflowInfo().workflowId;
  const actorKey = input.actorKey ?? '';
  const state: PolicyPackageState = {
    packageId: input.packageId,
    policyId: input.policyId,
    leadId: input.leadId,
    status: 'drafting',
    locked: false,
    ...(input.deferral ? { deferral: input.deferral } : {}),
    interpretations: input.interpretations.map((i) => ({ ...i, status: 'drafting', version: 0 })),
  };
  const queue: Command[] = [];
  let enqueued = 0;
  let processed = 0;
  let seq = 0;
  let review: PublicationReviewState | undefined;
  let reviewDone = false;
  let child: ChildWorkflowHandle<typeof publicationReview> | undefined;
  let returnedPending = false;
  /** Set by the retraction's signal until the main loop has projected it. */
  let retracted: { reason: string } | undefined;
  /** The policy's route (from its review's result): a deferred interpretation's approvers are its first level(s). */
  let policyRoute: RouteLevel[] = [];
  let releaseLevels = 1;
  /** Deferred interpretations' reviews that completed, waiting for the main loop. */
  const releasesDone: { interpretationId: string; result?: PublicationReviewState }[] = [];

  const snapshot = (): PolicyPackageState => JSON.parse(JSON.stringify(state)) as PolicyPackageState;
  const now = () => new Date().toISOString();
  const project = (kind: string, extra: Pick<PackageTransition, 'version' | 'comment'> = {}) =>
    activities.projectPackage({ workflowId, seq: ++seq, kind, at: now(), state: snapshot(), ...extra });

  const enqueue = async (command: Command): Promise<PolicyPackageState> => {
    const ticket = ++enqueued;
    queue.push(command);
    await condition(() => processed >= ticket);
    return snapshot();
  };

  // ---------------------------------------------------------------- validators

  const refuse = (type: RefusalType, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };
  const requireSignedActor = (message: string, args: { actor: Actor; version?: number; actorProof?: string }) => {
    if (!actorProofValid(actorKey, workflowId, message, args)) refuse(RefusalType.NotAllowed, '操作人身份未经本系统 API 签名认证，已拒绝');
  };
  const interpretation = (id: string): InterpretationState =>
    state.interpretations.find((i) => i.id === id) ?? refuse(RefusalType.RuleRefused, `解读不存在：${id}`);
  const label = (i: InterpretationState) => `${INTERPRETATION_FORM_LABELS[i.form]}（${i.ownerName}）`;
  /** After the policy's publication a deferred interpretation is drafted on, until it is released for its own review. */
  const draftingDeferred = (i: InterpretationState) =>
    i.deferred === true && state.status === 'published' && !i.publicationId && i.status !== 'published' && i.status !== 'retracted';
  const requireUnlocked = (i: InterpretationState) => {
    if (state.status === 'retracted') refuse(RefusalType.WrongStage, '政策已撤回，其解读不能再修改或发布');
    if (state.locked && !draftingDeferred(i)) {
      refuse(
        RefusalType.WrongStage,
        i.deferred && i.publicationId
          ? `${label(i)}已提交发布审核，已锁定`
          : '政策已提交审核，解读已锁定；如需修改，须由审核退回后重新提交',
      );
    }
  };

  // ---------------------------------------------------------------- handlers

  setHandler(policyPackageStateQuery, snapshot);

  // The policy's review returned it: the package is returned, its interpretations unlocked (a change restarts the review at level 1).
  // The policy was retracted: its interpretations went with it (in the retraction's transaction); deferred work stops.
  setHandler(packageRetractedSignal, ({ reason }) => {
    if (state.status !== 'published') return;
    // Takes effect now: the validators refuse every later change; the main loop projects it.
    state.status = 'retracted';
    retracted = { reason };
  });

  setHandler(packageReviewReturnedSignal, ({ reason }) => {
    if (state.status !== 'in_review') return;
    state.status = 'returned';
    state.locked = false;
    state.reviewReturnedReason = reason;
    returnedPending = true;
  });

  setHandler(
    saveInterpretationUpdate,
    (args) => {
      const i = interpretation(args.interpretationId);
      i.version = args.version + 1;
      i.status = 'drafting';
      i.returnedReason = undefined;
      if (args.title !== undefined) i.title = args.title;
      return enqueue({ kind: 'save', actor: args.actor, interpretationId: i.id, version: i.version, title: i.title, body: args.body });
    },
    {
      validator: (args) => {
        requireSignedActor(saveInterpretationUpdate.name, args);
        const i = interpretation(args.interpretationId);
        if (args.actor.userId !== i.ownerId && args.actor.userId !== state.leadId) {
          refuse(RefusalType.NotAllowed, `只有该解读的起草人（${i.ownerName}）或政策牵头人可以修改`);
        }
        requireUnlocked(i);
        if (args.version !== i.version) refuse(RefusalType.StaleVersion, `解读当前为第 ${i.version} 版，请基于最新版本修改（收到第 ${args.version} 版）`);
        if (typeof args.body !== 'string' || args.body.trim() === '') refuse(RefusalType.RuleRefused, '解读正文不能为空');
      },
    },
  );

  setHandler(
    commentInterpretationUpdate,
    (args) => enqueue({ kind: 'comment', actor: args.actor, interpretationId: args.interpretationId, text: args.text, quote: args.quote }),
    {
      validator: (args) => {
        requireSignedActor(commentInterpretationUpdate.name, args);
        const i = interpretation(args.interpretationId);
        const participant =
          args.actor.userId === state.leadId ||
          state.interpretations.some((o) => o.ownerId === args.actor.userId) ||
          (args.actor.roles.includes('section_head') && args.actor.departmentId === input.departmentId) ||
          args.actor.roles.some((r: string) => ORGANISATION_REVIEWER_ROLES.includes(r));
        if (!participant) refuse(RefusalType.NotAllowed, `只有政策牵头人、解读起草人和审核人可以评论${label(i)}`);
        if (typeof args.text !== 'string' || args.text.trim() === '') refuse(RefusalType.RuleRefused, '评论内容不能为空');
      },
    },
  );

  setHandler(
    markInterpretationReadyUpdate,
    (args) => {
      const i = interpretation(args.interpretationId);
      i.status = 'ready';
      return enqueue({ kind: 'ready', actor: args.actor, interpretationId: i.id });
    },
    {
      validator: (args) => {
        requireSignedActor(markInterpretationReadyUpdate.name, args);
        const i = interpretation(args.interpretationId);
        if (args.actor.userId !== i.ownerId) refuse(RefusalType.NotAllowed, `只有该解读的起草人（${i.ownerName}）可以标记就绪`);
        requireUnlocked(i);
        if (i.version === 0) refuse(RefusalType.RuleRefused, `${label(i)}尚未起草，不能标记就绪`);
        if (args.version !== i.version) refuse(RefusalType.StaleVersion, `解读当前为第 ${i.version} 版（收到第 ${args.version} 版）`);
        if (i.status === 'ready') refuse(RefusalType.WrongStage, `${label(i)}已标记就绪`);
      },
    },
  );

  setHandler(
    returnInterpretationUpdate,
    (args) => {
      const i = interpretation(args.interpretationId);
      i.status = 'drafting';
      i.returnedReason = args.reason.trim();
      return enqueue({ kind: 'return', actor: args.actor, interpretationId: i.id, reason: i.returnedReason });
    },
    {
      validator: (args) => {
        requireSignedActor(returnInterpretationUpdate.name, args);
        const i = interpretation(args.interpretationId);
        if (args.actor.userId !== state.leadId) refuse(RefusalType.NotAllowed, '只有政策牵头人（第一责任人）可以退回解读');
        requireUnlocked(i);
        if (i.status !== 'ready') refuse(RefusalType.WrongStage, `${label(i)}尚未标记就绪，无需退回`);
        if (typeof args.reason !== 'string' || args.reason.trim() === '') refuse(RefusalType.RuleRefused, '退回须说明理由');
      },
    },
  );

  setHandler(
    releaseInterpretationUpdate,
    (args) => {
      const i = interpretation(args.interpretationId);
      // The publication id is chosen now, deterministically, so a racing second release is refused at once.
      i.publicationId = uuid4();
      return enqueue({ kind: 'release', actor: args.actor, interpretationId: i.id, version: args.version, actorProof: args.actorProof });
    },
    {
      validator: (args) => {
        requireSignedActor(releaseInterpretationUpdate.name, args);
        const i = interpretation(args.interpretationId);
        if (args.actor.userId !== state.leadId) refuse(RefusalType.NotAllowed, '只有政策牵头人（第一责任人）可以提交暂缓解读的发布审核');
        if (!i.deferred) refuse(RefusalType.WrongStage, `${label(i)}不是暂缓解读，已随政策一并审核发布`);
        if (state.status === 'retracted') refuse(RefusalType.WrongStage, '政策已撤回，其解读不能再发布');
        if (state.status !== 'published') refuse(RefusalType.WrongStage, '政策发布后，暂缓解读才能提交发布审核');
        if (i.publicationId) refuse(RefusalType.WrongStage, `${label(i)}已提交发布审核`);
        if (i.status !== 'ready') refuse(RefusalType.WrongStage, `${label(i)}尚未标记就绪，不能提交发布审核`);
        if (args.version !== i.version) refuse(RefusalType.StaleVersion, `解读当前为第 ${i.version} 版（收到第 ${args.version} 版）`);
      },
    },
  );

  setHandler(
    submitPackageUpdate,
    (args) => {
      state.locked = true;
      state.status = 'in_review';
      state.reviewReturnedReason = undefined;
      state.bundle = {
        policyVersion: args.version,
        interpretations: state.interpretations.filter((i) => i.status === 'ready').map((i) => ({ id: i.id, version: i.version })),
      };
      // Under the plan's deferral, what is not ready now is drafted after the policy's publication.
      for (const i of state.interpretations) {
        if (i.status === 'ready') delete i.deferred;
        else if (state.deferral) i.deferred = true;
      }
      return enqueue({ kind: 'submit', actor: args.actor, version: args.version, actorProof: args.actorProof });
    },
    {
      validator: (args) => {
        requireSignedActor(submitPackageUpdate.name, args);
        if (args.actor.userId !== state.leadId) refuse(RefusalType.NotAllowed, '只有政策牵头人（第一责任人）可以提交政策及其解读');
        if (state.locked) refuse(RefusalType.WrongStage, '政策及其解读已提交审核');
        // The API checks the version against the policy's current one (the review may have adopted revisions).
        if (!Number.isInteger(args.version) || args.version < input.policyVersion) {
          refuse(RefusalType.StaleVersion, `政策版本无效（收到第 ${args.version} 版）`);
        }
        const notReady = state.interpretations.filter((i) => i.status !== 'ready');
        if (!state.deferral && notReady.length > 0) {
          refuse(RefusalType.RuleRefused, `以下解读尚未就绪，政策不能提交审核（同步起草、同步审签）：${notReady.map(label).join('、')}`);
        }
        if (!state.interpretations.some((i) => i.status === 'ready') && !state.deferral) {
          refuse(RefusalType.RuleRefused, '没有就绪的解读，政策不能提交审核');
        }
      },
    },
  );

  // ---------------------------------------------------------------- the steps

  const submit = async (command: Extract<Command, { kind: 'submit' }>) => {
    await project('submitted');
    const submission = {
      packageId: input.packageId,
      packageWorkflowId: workflowId,
      actor: command.actor,
      version: command.version,
      actorProof: command.actorProof,
      bundle: state.bundle!,
    };
    if (child) {
      // Resubmitted after a return: the same review restarts at level 1 with the new bundle.
      await child.signal(packageResubmittedSignal, submission);
      return;
    }
    child = await startChild(publicationReview, {
      workflowId: publicationWorkflowId(input.policyId),
      taskQueue: GONGKAI_TASK_QUEUE,
      // The review outlives a package that is terminated: it is the policy's own record.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          publicationId: input.policyId,
          organisationId: input.organisationId,
          departmentId: input.departmentId,
          authorId: input.leadId,
          authorName: input.leadName,
          category: input.category,
          attribute: input.attribute,
          writtenDate: input.writtenDate,
          version: input.policyVersion,
          actorKey: input.actorKey,
          package: submission,
        },
      ],
    });
    void child.result().then(
      (result) => {
        review = result;
        reviewDone = true;
      },
      () => {
        reviewDone = true;
      },
    );
  };

  const reviewCompleted = async () => {
    reviewDone = false;
    if (review?.status === 'published') {
      const published = await activities.publishedInterpretations({ packageId: input.packageId });
      for (const p of published) {
        const i = state.interpretations.find((x) => x.id === p.id);
        if (!i) continue;
        i.status = 'published';
        i.indexNumber = p.indexNumber;
        i.publishedAt = p.publishedAt;
        i.publicationId = p.publicationId;
      }
      state.status = 'published';
      state.policyIndexNumber = review.indexNumber;
      state.publishedAt = review.publishedAt;
      policyRoute = review.route;
      const deferred = state.interpretations.filter((i) => i.deferred && i.status !== 'published');
      if (deferred.length > 0) {
        // Due within N working days of the publication date: the clock starts now, on the durable timers below.
        const schedule = await activities.deferredSchedule({ publishedAt: review.publishedAt! });
        releaseLevels = schedule.releaseLevels;
        for (const i of deferred) {
          i.dueAt = schedule.dueAt;
          i.remindAt = schedule.remindAt;
          i.reminded = false;
          i.late = false;
        }
      }
      await project('published');
    } else {
      state.status = 'withdrawn';
      await project('withdrawn');
    }
  };

  /** A released deferred interpretation: its publication row, then its one-level review as the package's child. */
  const release = async (command: Extract<Command, { kind: 'release' }>) => {
    const i = interpretation(command.interpretationId);
    // Retracted between the release and this step: nothing is prepared.
    if (state.status !== 'published' || !i.publicationId) return;
    const publicationId = i.publicationId;
    await activities.prepareRelease({ packageId: input.packageId, interpretationId: i.id, version: command.version, publicationId });
    await project('interpretation_released');
    const handle = await startChild(publicationReview, {
      workflowId: publicationWorkflowId(publicationId),
      taskQueue: GONGKAI_TASK_QUEUE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          publicationId,
          organisationId: input.organisationId,
          // The policy's department: its level-1 reviewer (科室负责人) decides, as the plan's configuration says.
          departmentId: input.departmentId,
          authorId: i.ownerId,
          authorName: i.ownerName,
          category: INTERPRETATION_CATEGORY,
          attribute: 'proactive',
          writtenDate: input.writtenDate,
          version: 1,
          actorKey: input.actorKey,
          release: {
            packageId: input.packageId,
            packageWorkflowId: workflowId,
            interpretationId: i.id,
            actor: command.actor,
            version: command.version,
            actorProof: command.actorProof,
            route: policyRoute.slice(0, Math.max(1, releaseLevels)),
          },
        },
      ],
    });
    void handle.result().then(
      (result) => releasesDone.push({ interpretationId: i.id, result }),
      () => releasesDone.push({ interpretationId: i.id }),
    );
  };

  /** A deferred interpretation's review completed: published (linked by its publish), or withdrawn (drafting again). */
  const releaseCompleted = async (done: { interpretationId: string; result?: PublicationReviewState }) => {
    const i = interpretation(done.interpretationId);
    if (done.result?.status === 'published') {
      i.status = 'published';
      i.indexNumber = done.result.indexNumber;
      i.publishedAt = done.result.publishedAt;
      await project('interpretation_published');
    } else {
      i.status = 'drafting';
      i.publicationId = undefined;
      await project('interpretation_release_withdrawn');
    }
  };

  /** Deferred interpretations still to be published (the package's work after the policy's publication). */
  const pendingDeferred = () => state.interpretations.filter((i) => i.deferred && i.status !== 'published' && i.status !== 'retracted');

  /** The next reminder or lateness instant among the deferred interpretations, from the durable schedule. */
  const nextDeferredDeadline = (): { at: number; interpretationId: string; kind: 'reminder' | 'late' } | undefined => {
    if (state.status !== 'published') return undefined;
    let next: { at: number; interpretationId: string; kind: 'reminder' | 'late' } | undefined;
    for (const i of pendingDeferred()) {
      if (!i.dueAt || !i.remindAt || i.late) continue;
      const candidate = i.reminded
        ? { at: Date.parse(i.dueAt), interpretationId: i.id, kind: 'late' as const }
        : { at: Date.parse(i.remindAt), interpretationId: i.id, kind: 'reminder' as const };
      if (!next || candidate.at < next.at) next = candidate;
    }
    return next;
  };

  const onDeferredDeadline = async (deadline: { interpretationId: string; kind: 'reminder' | 'late' }) => {
    const i = interpretation(deadline.interpretationId);
    if (deadline.kind === 'reminder') i.reminded = true;
    else i.late = true;
    const at = ++seq;
    await activities.notifyDeferred({ workflowId, seq: at, packageId: input.packageId, interpretationId: i.id, kind: deadline.kind });
    await project(deadline.kind === 'reminder' ? 'interpretation_reminded' : 'interpretation_late');
  };

  const retract = async (reason: string) => {
    state.retractedReason = reason;
    for (const i of state.interpretations) {
      if (i.status === 'published' || !i.publicationId) i.status = 'retracted';
    }
    await project('retracted');
  };

  /** Published with nothing deferred left, withdrawn or retracted: the package's work is done. */
  const settled = () =>
    state.status === 'withdrawn' || state.status === 'retracted' || (state.status === 'published' && pendingDeferred().length === 0);

  // ---------------------------------------------------------------- main loop

  await activities.confirmActorKey({ actorKey });
  await project('created');
  while (!settled() || queue.length > 0) {
    const deadline = nextDeferredDeadline();
    const ready = () => queue.length > 0 || reviewDone || returnedPending || releasesDone.length > 0 || retracted !== undefined;
    const woke = deadline ? await condition(ready, Math.max(0, deadline.at - new Date().getTime())) : await condition(ready).then(() => true);
    if (!woke) {
      await onDeferredDeadline(deadline!);
      continue;
    }
    if (retracted) {
      await retract(retracted.reason);
      retracted = undefined;
      continue;
    }
    if (releasesDone.length > 0) {
      await releaseCompleted(releasesDone.shift()!);
      continue;
    }
    if (returnedPending) {
      returnedPending = false;
      await project('review_returned');
      continue;
    }
    if (reviewDone) {
      await reviewCompleted();
      continue;
    }
    const command = queue.shift()!;
    try {
      switch (command.kind) {
        case 'save':
          await project('interpretation_saved', {
            version: { interpretationId: command.interpretationId, version: command.version, title: command.title, body: command.body, authorId: command.actor.userId },
          });
          break;
        case 'comment':
          await project('interpretation_commented', {
            comment: {
              interpretationId: command.interpretationId,
              text: command.text.trim(),
              quote: command.quote?.trim() || undefined,
              authorId: command.actor.userId,
              authorName: command.actor.name,
            },
          });
          break;
        case 'ready':
          await project('interpretation_ready');
          break;
        case 'return':
          await project('interpretation_returned');
          break;
        case 'submit':
          await submit(command);
          break;
        case 'release':
          await release(command);
          break;
      }
    } finally {
      processed += 1;
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}
