/**
 * A deliberately changed consultation workflow, for the negative replay test
 * (consultation-replay.test.ts): a copy of workflows/consultation.ts with one
 * careless-looking edit in the closing (CHANGED): the feedback schedule asked
 * before the window is closed. Harmless-looking, but a consultation that was
 * open when this shipped would, at its closing, replay a different activity
 * than its history recorded: the recorded history must fail with a
 * DeterminismViolationError.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CONSULTATION_FEEDBACK_CATEGORY,
  CONSULTATION_NOTICE_CATEGORY,
  GONGKAI_TASK_QUEUE,
  RefusalType,
  consultationStateQuery,
  extendWindowUpdate,
  publicationWorkflowId,
  startFeedbackUpdate,
  type Actor,
  type ConsultationInput,
  type ConsultationState,
  type PublicationReviewState,
} from '@gongkai/contracts';
import { extendedClosesAt, windowClosesAt } from '@gongkai/domain/consultation';
import { actorProofValid } from '../../../workflows/actor-proof';
import { consultationActivities } from '../../../workflows/activity-options';
import { publicationReview } from '../../../workflows/publication-review';

const activities = consultationActivities();

/** Who may extend a window: 分管领导 and 主要负责人. */
const EXTENDING_ROLES: readonly string[] = ['leader', 'principal'];
const MAX_EXTENSION_DAYS = 365;

type Command =
  | { kind: 'extend'; actor: Actor; days: number; reason: string }
  | { kind: 'feedback'; actor: Actor; feedbackId: string };

type Deadline = { at: number; kind: 'close' | 'feedback_reminder' | 'feedback_late' };

export async function consultation(input: ConsultationInput): Promise<ConsultationState> {
  const workflowId = workflowInfo().workflowId;
  const actorKey = input.actorKey ?? '';
  const state: ConsultationState = {
    consultationId: input.consultationId,
    noticeId: input.noticeId,
    status: 'draft',
    days: input.days,
    extensions: [],
  };
  const queue: Command[] = [];
  let enqueued = 0;
  let processed = 0;
  let seq = 0;
  let notice: { done: boolean; result?: PublicationReviewState } = { done: false };
  let feedback: { done: boolean; result?: PublicationReviewState } | undefined;

  const snapshot = (): ConsultationState => JSON.parse(JSON.stringify(state)) as ConsultationState;
  const now = () => new Date().toISOString();
  const project = (kind: string) => activities.projectConsultation({ workflowId, seq: ++seq, kind, at: now(), state: snapshot() });
  const enqueue = async (command: Command): Promise<ConsultationState> => {
    const ticket = ++enqueued;
    queue.push(command);
    await condition(() => processed >= ticket);
    return snapshot();
  };
  const refuse = (type: RefusalType, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };
  const requireSignedActor = (message: string, args: { actor: Actor; version?: number; actorProof?: string }) => {
    if (!actorProofValid(actorKey, workflowId, message, args)) refuse(RefusalType.NotAllowed, '操作人身份未经本系统 API 签名认证，已拒绝');
  };

  // ---------------------------------------------------------------- handlers

  setHandler(consultationStateQuery, snapshot);

  setHandler(
    extendWindowUpdate,
    (args) => {
      // Takes effect now: comments and a racing extension see the new closing at once; the main loop projects it.
      const closesAt = extendedClosesAt(state.closesAt!, args.days).toISOString();
      state.closesAt = closesAt;
      state.extensions.push({ days: args.days, reason: args.reason.trim(), at: now(), closesAt, by: args.actor.name });
      return enqueue({ kind: 'extend', actor: args.actor, days: args.days, reason: args.reason.trim() });
    },
    {
      validator: (args) => {
        requireSignedActor(extendWindowUpdate.name, args);
        if (!args.actor.roles.some((r: string) => EXTENDING_ROLES.includes(r))) refuse(RefusalType.NotAllowed, '只有分管领导或主要负责人可以延长征求意见期');
        if (state.status !== 'open') {
          refuse(
            RefusalType.WrongStage,
            state.status === 'closed' || state.status === 'concluded'
              ? '征求意见已截止，不能延长或重新开放；如需再次征求意见，请新建征求意见'
              : '征求意见尚未开始（公告未发布），不能延长',
          );
        }
        if (!Number.isInteger(args.days) || args.days < 1 || args.days > MAX_EXTENSION_DAYS) refuse(RefusalType.RuleRefused, `延长天数须为 1–${MAX_EXTENSION_DAYS} 的整数`);
        if (typeof args.reason !== 'string' || args.reason.trim() === '') refuse(RefusalType.RuleRefused, '延长征求意见期须说明理由（理由将随公告公开）');
      },
    },
  );

  setHandler(
    startFeedbackUpdate,
    (args) => {
      state.feedbackId = args.feedbackId;
      return enqueue({ kind: 'feedback', actor: args.actor, feedbackId: args.feedbackId });
    },
    {
      validator: (args) => {
        requireSignedActor(startFeedbackUpdate.name, args);
        if (args.actor.userId !== input.authorId) refuse(RefusalType.NotAllowed, '只有征求意见的起草人可以生成意见采纳情况反馈');
        if (state.status !== 'closed') {
          refuse(RefusalType.WrongStage, state.status === 'open' ? '征求意见尚未截止，不能生成反馈' : '当前状态不能生成意见采纳情况反馈');
        }
        if (state.feedbackId) refuse(RefusalType.WrongStage, '意见采纳情况反馈已生成，请在稿件中修改并提交审核');
      },
    },
  );

  // ---------------------------------------------------------------- the steps

  const review = (publicationId: string, category: string, role: 'notice' | 'feedback') =>
    startChild(publicationReview, {
      workflowId: publicationWorkflowId(publicationId),
      taskQueue: GONGKAI_TASK_QUEUE,
      // The review is the publication's own record: it outlives a consultation that is terminated.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          publicationId,
          organisationId: input.organisationId,
          departmentId: input.departmentId,
          authorId: input.authorId,
          authorName: input.authorName,
          category,
          attribute: 'proactive',
          writtenDate: input.writtenDate,
          version: 1,
          actorKey: input.actorKey,
          consultation: { consultationId: input.consultationId, role, ...(role === 'notice' ? { days: input.days, shortReason: input.shortReason } : {}) },
        },
      ],
    });

  const noticeCompleted = async () => {
    const result = notice.result;
    notice = { done: false, result };
    if (result?.status === 'published' && result.publishedAt) {
      // The publish transaction opened the window with this same rule; the timer below closes it.
      state.status = 'open';
      state.opensAt = result.publishedAt;
      state.closesAt = windowClosesAt(result.publishedAt, input.days).toISOString();
      state.noticeIndexNumber = result.indexNumber;
      await project('opened');
    } else {
      state.status = 'withdrawn';
      await project('withdrawn');
    }
  };

  const close = async () => {
    state.status = 'closed';
    state.closedAt = now();
    const schedule = await activities.feedbackSchedule({ closedAt: state.closedAt }); // CHANGED: asked before the close
    await activities.closeWindow({ consultationId: input.consultationId, at: state.closedAt });
    state.feedbackRemindAt = schedule.remindAt;
    state.feedbackDueAt = schedule.dueAt;
    state.feedbackReminded = false;
    state.feedbackLate = false;
    await project('closed');
  };

  const feedbackCompleted = async () => {
    const result = feedback?.result;
    feedback = undefined;
    if (result?.status === 'published') {
      state.status = 'concluded';
      state.feedbackIndexNumber = result.indexNumber;
      await project('concluded');
    } else {
      // The author withdrew the report: a new one may be generated.
      state.feedbackId = undefined;
      await project('feedback_withdrawn');
    }
  };

  const nextDeadline = (): Deadline | undefined => {
    if (state.status === 'open' && state.closesAt) return { at: Date.parse(state.closesAt), kind: 'close' };
    if (state.status === 'closed' && !state.feedbackLate && state.feedbackDueAt && state.feedbackRemindAt) {
      return state.feedbackReminded
        ? { at: Date.parse(state.feedbackDueAt), kind: 'feedback_late' }
        : { at: Date.parse(state.feedbackRemindAt), kind: 'feedback_reminder' };
    }
    return undefined;
  };

  const onDeadline = async (deadline: Deadline) => {
    if (deadline.kind === 'close') return close();
    if (deadline.kind === 'feedback_reminder') state.feedbackReminded = true;
    else state.feedbackLate = true;
    const kind = deadline.kind === 'feedback_reminder' ? 'reminder' : 'late';
    await activities.notifyFeedback({ workflowId, seq: ++seq, consultationId: input.consultationId, kind });
    await project(deadline.kind === 'feedback_reminder' ? 'feedback_reminded' : 'feedback_late');
  };

  // ---------------------------------------------------------------- main loop

  await activities.confirmActorKey({ actorKey });
  await project('created');
  const noticeReview = await review(input.noticeId, CONSULTATION_NOTICE_CATEGORY, 'notice');
  void noticeReview.result().then(
    (result) => {
      notice = { done: true, result };
    },
    () => {
      notice = { done: true };
    },
  );

  while ((state.status !== 'concluded' && state.status !== 'withdrawn') || queue.length > 0) {
    const deadline = nextDeadline();
    const ready = () => queue.length > 0 || notice.done || feedback?.done === true;
    const woke = deadline ? await condition(ready, Math.max(0, deadline.at - new Date().getTime())) : await condition(ready).then(() => true);
    if (!woke) {
      await onDeadline(deadline!);
      continue;
    }
    if (notice.done) {
      await noticeCompleted();
      continue;
    }
    if (feedback?.done) {
      await feedbackCompleted();
      continue;
    }
    const command = queue.shift()!;
    try {
      if (command.kind === 'extend') {
        await activities.moveClosing({ consultationId: input.consultationId, closesAt: state.closesAt!, extension: state.extensions[state.extensions.length - 1] });
        await project('extended');
      } else {
        const handle = await review(command.feedbackId, CONSULTATION_FEEDBACK_CATEGORY, 'feedback');
        feedback = { done: false };
        const current = feedback;
        void handle.result().then(
          (result) => {
            current.done = true;
            current.result = result;
          },
          () => {
            current.done = true;
          },
        );
        await project('feedback_started');
      }
    } finally {
      processed += 1;
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}

/** The children's workflow, so the bundle has both. */
export { publicationReview };
