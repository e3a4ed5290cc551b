/**
 * A deliberately changed copy of workflows/publication-review.ts, for the
 * negative replay test (publication-replay.test.ts): same name, same inputs,
 * one careless-looking edit — after an approval that moves the item to the
 * next level, the next level is assigned (assignStage) before the approval is
 * recorded (recordTransition), where the original records first. Every
 * recorded review that passes an intermediate level must fail replay against
 * this with a DeterminismViolationError. The change is marked "CHANGED".
 *
 * Not kept in step with the original on purpose: it only has to differ.
 */
import { ApplicationFailure, condition, setHandler, workflowInfo, allHandlersFinished } from '@temporalio/workflow';
import { portalActivities, publicationActivities } from '../../../workflows/activity-options';
import {
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
} from '@gongkai/contracts/publication';

const activities = publicationActivities();
const portal = portalActivities();

type Command =
  | { kind: 'submit'; actor: Actor }
  | { kind: 'acknowledge'; actor: Actor }
  | { kind: 'decision'; decision: DecisionKind; args: DecisionArgs; stage: StageState }
  | { kind: 'revise'; actor: Actor }
  | { kind: 'withdraw'; actor: Actor; reason: string };

export async function publicationReview(input: PublicationReviewInput): Promise<PublicationReviewState> {
  const workflowId = workflowInfo().workflowId;
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
  let enqueued = 0;
  let processed = 0;
  let seq = 0;

  const snapshot = (): PublicationReviewState => JSON.parse(JSON.stringify(state)) as PublicationReviewState;
  const now = () => new Date().toISOString();
  const record = (kind: string, actor?: Actor, detail?: Record<string, unknown>, atSeq = ++seq) =>
    activities.recordTransition({
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
  const requireAuthor = (actor: Actor) => {
    if (actor.userId !== input.authorId) refuse(RefusalType.NotAllowed, '只有稿件作者可以执行此操作');
  };
  const requireIdle = () => {
    if (processed < enqueued) refuse(RefusalType.WrongStage, '稿件正在处理中，请稍后再试');
  };
  const requireVersion = (version: number) => {
    if (version !== state.version) refuse(RefusalType.StaleVersion, `稿件已更新为第 ${state.version} 版，请基于最新版本操作（收到第 ${version} 版）`);
  };
  const validateDecision = (kind: DecisionKind) => (args: DecisionArgs) => {
    const stage = state.stage;
    if (state.status !== 'in_review' || !stage) refuse(RefusalType.WrongStage, '该稿件当前不在待审核状态，或该审核步骤已被处理');
    if (args.expectedLevel !== undefined && args.expectedLevel !== stage!.level) {
      refuse(RefusalType.WrongStage, `审核步骤已变化：当前为第 ${stage!.level} 级（${stage!.label}）`);
    }
    requireVersion(args.version);
    if (args.actor.userId === input.authorId) refuse(RefusalType.NotAllowed, '作者不能审核自己的稿件');
    if (!stage!.deciders.includes(args.actor.userId)) {
      refuse(RefusalType.NotAllowed, `当前步骤由 ${stage!.assigneeName}（${stage!.label}）审核，您无权处理`);
    }
    if (kind !== 'approve' && !args.reason?.trim()) refuse(RefusalType.RuleRefused, kind === 'reject' ? '退回必须填写理由' : '要求修改必须填写理由');
    if (kind === 'approve' && stage!.level === 1 && !args.confidentiality?.conclusion) {
      refuse(RefusalType.RuleRefused, '第一级审核必须填写保密审查结论（confidentiality.conclusion）');
    }
  };

  // ---------------------------------------------------------------- handlers

  setHandler(reviewStateQuery, snapshot);

  setHandler(
    submitUpdate,
    ({ actor }) => {
      state.phase = 'screening';
      return enqueue({ kind: 'submit', actor });
    },
    {
      validator: ({ actor, version }) => {
        requireAuthor(actor);
        if (state.phase !== 'draft' && state.phase !== 'returned') refuse(RefusalType.WrongStage, '稿件已提交，无需重复提交');
        requireVersion(version);
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
      validator: ({ actor, version }) => {
        requireAuthor(actor);
        if (state.phase !== 'awaiting_acknowledgement') refuse(RefusalType.WrongStage, '当前没有需要确认的检查提示');
        requireVersion(version);
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
        });
        return enqueue({ kind: 'decision', decision: kind, args, stage });
      },
      { validator: validateDecision(kind) },
    );
  }

  setHandler(
    reviseUpdate,
    ({ actor, version }) => {
      state.version = version;
      state.stage = undefined;
      state.phase = 'screening';
      state.warningsAcknowledged = false;
      return enqueue({ kind: 'revise', actor });
    },
    {
      validator: ({ actor, version }) => {
        requireAuthor(actor);
        requireIdle();
        if (!['draft', 'returned', 'in_review'].includes(state.status) || state.phase === 'screening' || state.phase === 'publishing') {
          refuse(RefusalType.WrongStage, '稿件当前状态不能修订');
        }
        if (version !== state.version + 1) refuse(RefusalType.StaleVersion, `新版本号应为 ${state.version + 1}`);
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
      validator: ({ actor }) => {
        requireAuthor(actor);
        requireIdle();
        if (state.status === 'published' || state.phase === 'publishing') refuse(RefusalType.WrongStage, '稿件已发布，撤回须经主要负责人批准（retract）');
        if (state.status === 'withdrawn') refuse(RefusalType.WrongStage, '稿件已撤回');
      },
    },
  );

  // ---------------------------------------------------------------- the steps

  const assign = async (level: RouteLevel, since: string): Promise<StageState> => {
    const assignment = await activities.assignStage({
      publicationId: input.publicationId,
      departmentId: input.departmentId,
      level,
      since,
      authorId: input.authorId,
    });
    return { ...level, ...assignment, since, escalated: false, reminded: false };
  };

  const screen = async (actor: Actor, kind: 'submitted' | 'revised') => {
    await record(kind, actor);
    const { findings } = await activities.screenDraft({ publicationId: input.publicationId, version: state.version });
    state.findings = findings;
    if (findings.some((f) => f.severity === 'block')) {
      state.status = 'returned';
      state.phase = 'returned';
      state.closingReason = '自动检查发现必须处理的问题（个人信息或密级标志），已退回作者';
      await record('screening_blocked', undefined, { findings: findings.length });
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
      state.route = await activities.resolveRoute({ category: input.category, attribute: input.attribute });
    }
    state.stage = await assign(state.route[0], now());
    state.status = 'in_review';
    state.phase = 'in_review';
    state.closingReason = undefined;
    await record('review_started', undefined, { level: state.stage.level, assignee: state.stage.assigneeId });
  };

  const decide = async (command: Extract<Command, { kind: 'decision' }>) => {
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
      return;
    }
    const next = state.route.find((l) => l.level === stage.level + 1);
    // CHANGED: the next level is assigned before the approval is recorded (was: record('approved') first).
    if (next) {
      state.stage = await assign(next, now());
      await record('approved', args.actor, { level: stage.level, comment: args.comment, confidentiality: args.confidentiality });
      await record('assigned', undefined, { level: next.level, assignee: state.stage.assigneeId });
      return;
    }
    await record('approved', args.actor, { level: stage.level, comment: args.comment, confidentiality: args.confidentiality });
    state.phase = 'publishing';
    const result = await activities.publish({
      workflowId,
      publicationId: input.publicationId,
      version: state.version,
      writtenDate: input.writtenDate,
    });
    state.status = 'published';
    state.phase = 'published';
    state.indexNumber = result.indexNumber;
    state.publishedAt = result.publishedAt;
    state.overdue = result.overdue;
    await record('published', undefined, { indexNumber: result.indexNumber, overdue: result.overdue });
    try {
      await portal.notifyPortal({ publicationId: input.publicationId, indexNumber: result.indexNumber, event: 'published' });
    } catch {
      await record('portal_failed', undefined, { indexNumber: result.indexNumber });
    }
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
    const target = await activities.escalationTarget({
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

  // ---------------------------------------------------------------- main loop

  await record('created', { userId: input.authorId, name: input.authorName, departmentId: input.departmentId, roles: ['author'] });
  while (state.status !== 'published' && state.status !== 'withdrawn') {
    const deadline = nextDeadline();
    const waitMs = deadline ? Math.max(0, deadline.at - new Date().getTime()) : undefined;
    const woke = waitMs === undefined ? await condition(() => queue.length > 0).then(() => true) : await condition(() => queue.length > 0, waitMs);
    if (!woke) {
      await onDeadline(deadline!.kind);
      continue;
    }
    const command = queue.shift()!;
    try {
      switch (command.kind) {
        case 'submit':
          await screen(command.actor, 'submitted');
          break;
        case 'revise':
          state.route = [];
          await screen(command.actor, 'revised');
          break;
        case 'acknowledge':
          await record('warnings_acknowledged', command.actor, { findings: state.findings.length });
          await startReview();
          break;
        case 'decision':
          await decide(command);
          break;
        case 'withdraw':
          await record('withdrawn', command.actor, { reason: command.reason });
          break;
      }
    } finally {
      processed += 1;
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}
