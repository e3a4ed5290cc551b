/**
 * 依申请公开: one durable request (workflow id `disclosure-request:<id>`).
 *
 * The statutory clock (libs/domain StatutoryClock) is kept here as a value —
 * its receipt date and events — and read by an activity on the working-day
 * calendar, so a calendar correction reaches an open request (the signal
 * re-reads it) and every change of the due date is explained in `history`.
 * Deadlines are durable timers: the reminder 5 working days before the due
 * day, the overdue escalation at its end, the 补正 reply-by date (no answer →
 * closed as "no clarification"), and each third party's 15 working days (no
 * answer → the department decides and the clock resumes).
 *
 * Updates are validated like the review's: a signed actor, then the rule;
 * an accepted change takes effect at once and the main loop carries it out.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  RefusalType,
  approveReplyUpdate,
  clarifiedUpdate,
  confirmRequestUpdate,
  consultThirdPartyUpdate,
  disclosureRequestStateQuery,
  draftReplyUpdate,
  extendRequestUpdate,
  issueReplyUpdate,
  requestCalendarChangedSignal,
  requestClarificationUpdate,
  returnReplyUpdate,
  thirdPartyAnswerUpdate,
  type Actor,
  type DisclosureRequestInput,
  type DisclosureRequestState,
  type RequestClockSpec,
} from '@gongkai/contracts';
import { ClockEventError, STATUTORY_PERIODS, StatutoryClock, type StatutoryClockSpec } from '@gongkai/domain/clock';
import { actorProofValid } from './actor-proof';
import { disclosureRequestActivities } from './activity-options';

const activities = disclosureRequestActivities();

type Command = { kind: string; actor: Actor; note: string; clockChanged: boolean; after?: () => Promise<void> };
type Deadline = { at: number; kind: 'reminder' | 'overdue' | 'no_clarification' | 'third_party_silent'; thirdPartyId?: string };

const has = (actor: Actor, ...roles: string[]) => actor.roles.some((r: string) => roles.includes(r));

export async function disclosureRequest(input: DisclosureRequestInput): Promise<DisclosureRequestState> {
  const workflowId = workflowInfo().workflowId;
  const actorKey = input.actorKey ?? '';
  const state: DisclosureRequestState = {
    requestId: input.requestId,
    status: input.receivedOn ? 'registered' : 'awaiting_confirmation',
    ...(input.receivedOn
      ? { receivedOn: input.receivedOn, clock: { receivedOn: input.receivedOn, workingDays: STATUTORY_PERIODS.requestReplyWorkingDays, maxExtensionWorkingDays: STATUTORY_PERIODS.requestExtensionMaxWorkingDays, events: [] } }
      : {}),
    extended: false,
    thirdParties: [],
    reminded: false,
    overdue: false,
    history: [],
  };
  const queue: Command[] = [];
  let enqueued = 0;
  let processed = 0;
  let seq = 0;
  let calendarChanged = false;

  const snapshot = (): DisclosureRequestState => JSON.parse(JSON.stringify(state)) as DisclosureRequestState;
  const now = () => new Date().toISOString();
  const refuse = (type: RefusalType, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };
  const requireSignedActor = (message: string, args: { actor: Actor; actorProof?: string }) => {
    if (!actorProofValid(actorKey, workflowId, message, args)) refuse(RefusalType.NotAllowed, '操作人身份未经本系统 API 签名认证，已拒绝');
  };
  const requireOpen = () => {
    if (state.status === 'closed') refuse(RefusalType.WrongStage, '申请已办结');
    if (state.status === 'awaiting_confirmation') refuse(RefusalType.WrongStage, '网上申请尚未确认收到，请先确认');
  };
  /** The clock with one more event, or a refusal naming the clock's rule (dates in order, no double pause …). */
  const withEvent = (event: RequestClockSpec['events'][number]): RequestClockSpec => {
    const next: RequestClockSpec = { ...state.clock!, events: [...state.clock!.events, event] };
    try {
      StatutoryClock.fromSpec(next as StatutoryClockSpec);
    } catch (err) {
      if (err instanceof ClockEventError) refuse(RefusalType.RuleRefused, err.message);
      throw err;
    }
    return next;
  };
  const enqueue = async (command: Command): Promise<DisclosureRequestState> => {
    const ticket = ++enqueued;
    queue.push(command);
    await condition(() => processed >= ticket);
    return snapshot();
  };

  /** Reads the clock and projects, explaining a moved due date. */
  const settle = async (kind: string, note: string, actor?: Actor, clockChanged = true) => {
    if (clockChanged && state.clock) {
      const before = state.reading?.dueOn;
      try {
        state.reading = await activities.readRequestClock({ clock: state.clock });
        state.calendarProblem = undefined;
      } catch (err) {
        // A year without calendar data: never a guess. The request waits (its last reading stands) until a calendar import signals.
        if (!(err instanceof ActivityFailure)) throw err;
        state.calendarProblem = err.cause?.message ?? err.message;
        state.history.push({ at: now(), kind, note: `${note}；期限无法计算：${state.calendarProblem}` });
        await activities.projectRequest({ workflowId, seq: ++seq, kind, at: now(), actorId: actor?.userId, actorName: actor?.name, note, state: snapshot() });
        return;
      }
      const after = state.reading.dueOn;
      if (before !== after) {
        state.history.push({ at: now(), kind, note: `${note}${after ? `；答复期限为 ${after}` : '；期限暂停计算'}`, ...(after ? { dueOn: after } : {}) });
        // A moved due date gets its reminder and overdue timers anew.
        state.reminded = false;
        state.overdue = false;
      } else {
        state.history.push({ at: now(), kind, note });
      }
    } else {
      state.history.push({ at: now(), kind, note });
    }
    await activities.projectRequest({ workflowId, seq: ++seq, kind, at: now(), actorId: actor?.userId, actorName: actor?.name, note, state: snapshot() });
  };

  // ---------------------------------------------------------------- handlers

  setHandler(disclosureRequestStateQuery, snapshot);
  setHandler(requestCalendarChangedSignal, () => {
    calendarChanged = true;
  });

  setHandler(
    confirmRequestUpdate,
    (args) => {
      state.status = 'registered';
      state.receivedOn = args.confirmedOn;
      state.clock = {
        receivedOn: args.confirmedOn,
        workingDays: STATUTORY_PERIODS.requestReplyWorkingDays,
        maxExtensionWorkingDays: STATUTORY_PERIODS.requestExtensionMaxWorkingDays,
        events: [],
      };
      return enqueue({ kind: 'confirmed', actor: args.actor, note: `确认收到网上申请，收到日期为 ${args.confirmedOn}（条例第三十一条）`, clockChanged: true });
    },
    {
      validator: (args) => {
        requireSignedActor(confirmRequestUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以确认收到申请');
        if (state.status !== 'awaiting_confirmation') refuse(RefusalType.WrongStage, '申请已确认收到');
      },
    },
  );

  setHandler(
    requestClarificationUpdate,
    (args) => {
      state.clock = withEvent({ type: 'pause', on: args.sentOn, reason: 'correction_notice' });
      state.status = 'awaiting_clarification';
      state.clarification = { items: args.items, sentOn: args.sentOn, replyBy: args.replyBy, replyByAt: `${args.replyBy}T23:59:59.999+08:00` };
      return enqueue({
        kind: 'clarification_sent',
        actor: args.actor,
        note: `${args.sentOn} 发出补正通知（${args.items.length} 项），请于 ${args.replyBy} 前补正；期限暂停计算（条例第二十九条、第三十条）`,
        clockChanged: true,
      });
    },
    {
      validator: (args) => {
        requireSignedActor(requestClarificationUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以发出补正通知');
        requireOpen();
        if (state.clarification) refuse(RefusalType.WrongStage, '补正通知只能一次性发出，本申请已发出过');
        if (state.status !== 'registered') refuse(RefusalType.WrongStage, '当前状态不能发出补正通知');
        if (args.replyBy < args.sentOn) refuse(RefusalType.RuleRefused, `补正期限（${args.replyBy}）不能早于发出日期（${args.sentOn}）`);
        withEvent({ type: 'pause', on: args.sentOn, reason: 'correction_notice' });
      },
    },
  );

  setHandler(
    clarifiedUpdate,
    (args) => {
      state.clock = withEvent({ type: 'restart', on: args.receivedOn });
      state.status = 'registered';
      state.clarification = { ...state.clarification!, answeredOn: args.receivedOn };
      return enqueue({ kind: 'clarified', actor: args.actor, note: `${args.receivedOn} 收到补正后的申请，期限自次日重新计算`, clockChanged: true });
    },
    {
      validator: (args) => {
        requireSignedActor(clarifiedUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以登记补正');
        if (state.status !== 'awaiting_clarification') refuse(RefusalType.WrongStage, '申请不在等待补正状态');
        if (args.receivedOn > state.clarification!.replyBy) refuse(RefusalType.RuleRefused, `补正期限 ${state.clarification!.replyBy} 已过`);
        withEvent({ type: 'restart', on: args.receivedOn });
      },
    },
  );

  setHandler(
    consultThirdPartyUpdate,
    (args) => {
      const pausing = !state.thirdParties.some((t) => !t.receivedOn && !t.opinion);
      if (pausing) state.clock = withEvent({ type: 'pause', on: args.sentOn, reason: 'third_party_consultation' });
      state.status = 'third_party';
      state.thirdParties.push({ id: args.thirdPartyId, party: args.party, sentOn: args.sentOn, answerBy: '', answerByAt: '' });
      return enqueue({
        kind: 'third_party_consulted',
        actor: args.actor,
        note: `${args.sentOn} 书面征求第三方（${args.party}）意见，第三方 15 个工作日内答复；征求意见期间不计入期限（条例第三十二条）`,
        clockChanged: pausing,
        after: async () => {
          const by = await activities.workingDaysAfter({ from: args.sentOn, workingDays: STATUTORY_PERIODS.thirdPartyReplyWorkingDays });
          const party = state.thirdParties.find((t) => t.id === args.thirdPartyId)!;
          party.answerBy = by.on;
          party.answerByAt = by.endAt;
        },
      });
    },
    {
      validator: (args) => {
        requireSignedActor(consultThirdPartyUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以征求第三方意见');
        requireOpen();
        if (state.status === 'awaiting_clarification') refuse(RefusalType.WrongStage, '申请在等待补正，不能征求第三方意见');
        if (state.status === 'replying') refuse(RefusalType.WrongStage, '答复已在拟办，不能再征求第三方意见');
        if (state.thirdParties.some((t) => t.id === args.thirdPartyId)) refuse(RefusalType.WrongStage, '该第三方征求意见已登记');
        if (!state.thirdParties.some((t) => !t.receivedOn && !t.opinion)) withEvent({ type: 'pause', on: args.sentOn, reason: 'third_party_consultation' });
      },
    },
  );

  setHandler(
    thirdPartyAnswerUpdate,
    (args) => {
      const party = state.thirdParties.find((t) => t.id === args.thirdPartyId)!;
      party.receivedOn = args.receivedOn;
      party.opinion = args.opinion;
      const resuming = !state.thirdParties.some((t) => !t.opinion);
      if (resuming) {
        state.clock = withEvent({ type: 'resume', on: args.receivedOn });
        state.status = 'registered';
      }
      const opinion = { agree: '同意公开', object: '不同意公开', none: '未表态' }[args.opinion];
      return enqueue({ kind: 'third_party_answered', actor: args.actor, note: `${args.receivedOn} 收到第三方（${party.party}）意见：${opinion}${resuming ? '；期限恢复计算' : ''}`, clockChanged: resuming });
    },
    {
      validator: (args) => {
        requireSignedActor(thirdPartyAnswerUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以登记第三方意见');
        const party = state.thirdParties.find((t) => t.id === args.thirdPartyId);
        if (!party) refuse(RefusalType.RuleRefused, `没有编号为 ${args.thirdPartyId} 的第三方征求意见`);
        if (party!.opinion) refuse(RefusalType.WrongStage, '该第三方的意见已登记（或已逾期未答复）');
        if (args.receivedOn < party!.sentOn) refuse(RefusalType.RuleRefused, `收到日期（${args.receivedOn}）不能早于发出日期（${party!.sentOn}）`);
        if (!state.thirdParties.some((t) => t.id !== args.thirdPartyId && !t.opinion)) withEvent({ type: 'resume', on: args.receivedOn });
      },
    },
  );

  setHandler(
    extendRequestUpdate,
    (args) => {
      state.clock = withEvent({ type: 'extend', on: args.on, workingDays: STATUTORY_PERIODS.requestExtensionMaxWorkingDays });
      state.extended = true;
      state.extensionReason = args.reason;
      return enqueue({
        kind: 'extended',
        actor: args.actor,
        note: `经政务公开办负责人同意延长答复期限 ${STATUTORY_PERIODS.requestExtensionMaxWorkingDays} 个工作日（条例第三十三条），理由：${args.reason}；已告知申请人`,
        clockChanged: true,
      });
    },
    {
      validator: (args) => {
        requireSignedActor(extendRequestUpdate.name, args);
        if (!has(args.actor, 'office_head')) refuse(RefusalType.NotAllowed, '延长答复期限须经政务公开办负责人同意');
        requireOpen();
        if (state.extended) refuse(RefusalType.WrongStage, '答复期限只能延长一次，本申请已延长');
        if (!state.reading?.running || !state.reading.dueOn) refuse(RefusalType.WrongStage, '期限暂停计算期间不能延长');
        if (args.on > state.reading!.dueOn!) refuse(RefusalType.RuleRefused, `答复期限 ${state.reading!.dueOn} 已过，不能再延长`);
        if (typeof args.reason !== 'string' || args.reason.trim() === '') refuse(RefusalType.RuleRefused, '延长须说明理由');
      },
    },
  );

  setHandler(
    draftReplyUpdate,
    (args) => {
      state.status = 'replying';
      state.reply = {
        outcome: args.outcome,
        body: args.body,
        ...(args.responsibleAgency ? { responsibleAgency: args.responsibleAgency } : {}),
        draftedBy: args.actor.name,
        status: 'awaiting_approval',
      };
      return enqueue({ kind: 'reply_drafted', actor: args.actor, note: `拟办答复（${args.outcome}），报领导审批`, clockChanged: false });
    },
    {
      validator: (args) => {
        requireSignedActor(draftReplyUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以拟办答复');
        requireOpen();
        if (state.status === 'awaiting_clarification' || state.status === 'third_party') {
          // "No clarification" closes by the timer; an answer waits for the clock to run.
          refuse(RefusalType.WrongStage, state.status === 'third_party' ? '正在征求第三方意见，收到意见或逾期后再拟办答复' : '正在等待补正');
        }
        if (state.reply?.status === 'awaiting_approval' || state.reply?.status === 'approved') refuse(RefusalType.WrongStage, '答复已在审批中或已批准');
      },
    },
  );

  setHandler(
    approveReplyUpdate,
    (args) => {
      state.reply = { ...state.reply!, status: 'approved', approvedBy: args.actor.name, ...(args.comment ? { approvedComment: args.comment } : {}) };
      return enqueue({ kind: 'reply_approved', actor: args.actor, note: `领导审批同意答复${args.comment ? `：${args.comment}` : ''}`, clockChanged: false });
    },
    {
      validator: (args) => {
        requireSignedActor(approveReplyUpdate.name, args);
        if (!has(args.actor, 'leader', 'principal')) refuse(RefusalType.NotAllowed, '答复须由分管领导或主要负责人审批');
        if (state.reply?.status !== 'awaiting_approval') refuse(RefusalType.WrongStage, '没有待审批的答复');
      },
    },
  );

  setHandler(
    returnReplyUpdate,
    (args) => {
      state.reply = { ...state.reply!, status: 'returned', returnedReason: args.reason };
      return enqueue({ kind: 'reply_returned', actor: args.actor, note: `领导退回答复：${args.reason}`, clockChanged: false });
    },
    {
      validator: (args) => {
        requireSignedActor(returnReplyUpdate.name, args);
        if (!has(args.actor, 'leader', 'principal')) refuse(RefusalType.NotAllowed, '答复须由分管领导或主要负责人审批');
        if (state.reply?.status !== 'awaiting_approval') refuse(RefusalType.WrongStage, '没有待审批的答复');
        if (typeof args.reason !== 'string' || args.reason.trim() === '') refuse(RefusalType.RuleRefused, '退回须说明理由');
      },
    },
  );

  setHandler(
    issueReplyUpdate,
    (args) => {
      state.status = 'closed';
      state.outcome = state.reply!.outcome;
      state.issuedOn = args.issuedOn;
      state.deliveredBy = args.deliveredBy;
      state.onTime = state.reading?.dueOn ? args.issuedOn <= state.reading.dueOn : true;
      return enqueue({
        kind: 'issued',
        actor: args.actor,
        note: `${args.issuedOn} 以${args.deliveredBy}方式送达答复，${state.onTime ? '按期' : '逾期'}办结`,
        clockChanged: false,
      });
    },
    {
      validator: (args) => {
        requireSignedActor(issueReplyUpdate.name, args);
        if (!has(args.actor, 'office')) refuse(RefusalType.NotAllowed, '只有政务公开办可以送达答复');
        requireOpen();
        if (state.reply?.status !== 'approved') refuse(RefusalType.WrongStage, '答复须经领导审批同意后才能送达');
        if (state.receivedOn && args.issuedOn < state.receivedOn) refuse(RefusalType.RuleRefused, `送达日期（${args.issuedOn}）不能早于收到日期（${state.receivedOn}）`);
      },
    },
  );

  // ---------------------------------------------------------------- deadlines

  const nextDeadline = (): Deadline | undefined => {
    if (state.status === 'closed') return undefined;
    const candidates: Deadline[] = [];
    if (state.status === 'awaiting_clarification' && state.clarification) {
      candidates.push({ at: Date.parse(state.clarification.replyByAt), kind: 'no_clarification' });
    }
    for (const t of state.thirdParties) {
      if (!t.opinion && t.answerByAt) candidates.push({ at: Date.parse(t.answerByAt), kind: 'third_party_silent', thirdPartyId: t.id });
    }
    const r = state.reading;
    if (r?.running && r.remindAt && r.dueAt) {
      if (!state.reminded) candidates.push({ at: Date.parse(r.remindAt), kind: 'reminder' });
      if (!state.overdue) candidates.push({ at: Date.parse(r.dueAt), kind: 'overdue' });
    }
    return candidates.sort((a, b) => a.at - b.at)[0];
  };

  const onDeadline = async (d: Deadline) => {
    switch (d.kind) {
      case 'reminder':
      case 'overdue': {
        if (d.kind === 'reminder') state.reminded = true;
        else state.overdue = true;
        await activities.notifyRequest({ workflowId, seq: ++seq, requestId: input.requestId, kind: d.kind });
        await settle(d.kind === 'reminder' ? 'reminded' : 'overdue', d.kind === 'reminder' ? '距答复期限还有 5 个工作日，已提醒' : '已超过答复期限，已督办', undefined, false);
        return;
      }
      case 'no_clarification': {
        state.status = 'closed';
        state.outcome = 'other.no_clarification';
        state.issuedOn = state.clarification!.replyBy;
        state.onTime = true;
        await settle('closed_no_clarification', `申请人未在 ${state.clarification!.replyBy} 前补正，视为放弃申请，本申请办结（条例第三十条）`, undefined, false);
        return;
      }
      case 'third_party_silent': {
        const party = state.thirdParties.find((t) => t.id === d.thirdPartyId)!;
        party.opinion = 'none';
        const resuming = !state.thirdParties.some((t) => !t.opinion);
        if (resuming) {
          state.clock = { ...state.clock!, events: [...state.clock!.events, { type: 'resume', on: party.answerBy }] };
          state.status = 'registered';
        }
        await settle('third_party_silent', `第三方（${party.party}）逾期未提出意见，由本机关依法决定${resuming ? '；期限恢复计算' : ''}`, undefined, resuming);
        return;
      }
    }
  };

  // ---------------------------------------------------------------- main loop

  await activities.confirmActorKey({ actorKey });
  await settle(
    state.status === 'registered' ? 'registered' : 'filed_online',
    state.status === 'registered' ? `登记收到申请，收到日期为 ${state.receivedOn}（第 0 日，次日起算 20 个工作日）` : '网上提交申请，待政务公开办确认收到',
  );
  while (state.status !== 'closed' || queue.length > 0) {
    const deadline = nextDeadline();
    const ready = () => queue.length > 0 || calendarChanged;
    const woke = deadline ? await condition(ready, Math.max(0, deadline.at - new Date().getTime())) : await condition(ready).then(() => true);
    if (!woke) {
      await onDeadline(deadline!);
      continue;
    }
    if (calendarChanged) {
      calendarChanged = false;
      if (state.status !== 'closed') await settle('calendar_changed', state.calendarProblem ? '已导入工作日历，计算期限' : '工作日历已更正，重新计算期限');
      continue;
    }
    const command = queue.shift()!;
    try {
      await command.after?.();
      await settle(command.kind, command.note, command.actor, command.clockChanged);
    } finally {
      processed += 1;
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}
