import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  approveReplyUpdate,
  clarifiedUpdate,
  confirmRequestUpdate,
  consultThirdPartyUpdate,
  draftReplyUpdate,
  extendRequestUpdate,
  issueReplyUpdate,
  requestClarificationUpdate,
  returnReplyUpdate,
  thirdPartyAnswerUpdate,
  type DisclosureRequestState,
} from '@gongkai/contracts';
import { CalendarYearNotCoveredError, STATUTORY_PERIODS, civilDateInShanghai, type CivilDate } from '@gongkai/domain';

const STATUTORY_REQUEST = {
  replyWorkingDays: STATUTORY_PERIODS.requestReplyWorkingDays,
  clarificationWorkingDays: STATUTORY_PERIODS.correctionNoticeWorkingDays,
};
import { CalendarRepository, DisclosureRequestRepository, UserRepository, type DisclosureRequestRow } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import type {
  AgencyDto,
  ApproveReplyDto,
  ClarificationDto,
  ClarifiedDto,
  ConfirmRequestDto,
  CreatedRequestDto,
  CreateRequestDto,
  DeadlineDto,
  DraftReplyDto,
  ExtendRequestDto,
  IssueReplyDto,
  ListRequestsQueryDto,
  PublicRequestDto,
  RequestDto,
  RequestPageDto,
  ReturnReplyDto,
  ThirdPartyAnswerDto,
  ThirdPartyCreatedDto,
  ThirdPartyDto,
  TrackingDto,
} from './request.dto';
import { readableCode } from '../common/readable-code';
import { RequestWorkflows } from './request-workflows';
import { WorkingDays } from '../calendar/working-days';

/**
 * 依申请公开 for the office: registration (with the receipt date each channel
 * gives), the public's online filing and its confirmation, and every later
 * step as an update of `disclosure-request:<id>`, whose validators decide.
 * Dates the workflow cannot judge without the calendar (the 7-working-day
 * limit of a 补正 notice, the first due date) are checked here, strictly: a
 * year without calendar data is a 422, never a guess.
 */
@Injectable()
export class RequestService {
  constructor(
    private readonly requests: DisclosureRequestRepository,
    private readonly calendars: CalendarRepository,
    private readonly users: UserRepository,
    private readonly workflows: RequestWorkflows,
    private readonly workingDays: WorkingDays,
  ) {}

  async register(user: AuthenticatedUser, dto: CreateRequestDto): Promise<CreatedRequestDto> {
    const today = civilDateInShanghai(new Date());
    if (dto.receivedOn > today) throw new UnprocessableEntityException(`收到日期（${dto.receivedOn}）不能晚于今天（${today}）`);
    const dueOn = await this.strictly((c) => c.addWorkingDays(dto.receivedOn as CivilDate, STATUTORY_REQUEST.replyWorkingDays));
    const organisationId = await this.organisationOf(user);
    const id = await this.insert({ ...dto, organisation: undefined }, organisationId, dto.channel, dto.receivedOn, user.userId);
    await this.workflows.start({ requestId: id, organisationId, receivedOn: dto.receivedOn });
    const row = (await this.requests.find(id))!;
    return { id, trackingCode: row.trackingCode, status: 'registered', receivedOn: dto.receivedOn, dueOn };
  }

  /** The agencies a member of the public may file with (names only: nothing of their staff). */
  agencies(): Promise<AgencyDto[]> {
    return this.users.organisations();
  }

  /** Filed online by the public: received on the day the office confirms it (Art. 31). */
  async file(dto: PublicRequestDto): Promise<{ trackingCode: string }> {
    const organisationId = dto.organisation ?? (await this.users.soleOrganisation());
    if (!organisationId) throw new UnprocessableEntityException('本系统受理多个机关的申请，请在 organisation 中写明向哪个机关申请');
    if (!(await this.users.organisationExists(organisationId))) throw new UnprocessableEntityException(`没有编号为 ${organisationId} 的机关`);
    const id = await this.insert(dto, organisationId, 'online', null, null);
    await this.workflows.start({ requestId: id, organisationId });
    return { trackingCode: (await this.requests.find(id))!.trackingCode };
  }

  async confirm(user: AuthenticatedUser, id: string, dto: ConfirmRequestDto): Promise<RequestDto> {
    const today = civilDateInShanghai(new Date());
    if (dto.confirmedOn > today) throw new UnprocessableEntityException(`确认日期（${dto.confirmedOn}）不能晚于今天（${today}）`);
    await this.strictly((c) => c.addWorkingDays(dto.confirmedOn as CivilDate, STATUTORY_REQUEST.replyWorkingDays));
    return this.act(user, id, confirmRequestUpdate, { confirmedOn: dto.confirmedOn });
  }

  async get(user: AuthenticatedUser, id: string): Promise<RequestDto> {
    const row = await this.existing(user, id);
    return this.withDaysLeft([requestView(row, await this.workflows.liveState(id))]).then(([view]) => view);
  }

  /** Working days left on the calendar (as /tasks counts them) for open requests whose clock runs. */
  private async withDaysLeft(views: RequestDto[]): Promise<RequestDto[]> {
    if (!views.some((v) => v.status !== 'closed' && v.clockRunning && v.dueOn)) return views;
    const [calendar, today] = [await this.workingDays.calendar(), this.workingDays.today()];
    return views.map((v) => (v.status !== 'closed' && v.clockRunning && v.dueOn ? { ...v, workingDaysLeft: calendar.workingDaysBetween(today, v.dueOn) } : v));
  }

  async list(user: AuthenticatedUser, q: ListRequestsQueryDto): Promise<RequestPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const organisationId = await this.organisationOf(user);
    const { rows, total } = await this.requests.list({ organisationId, status: q.status, dueBefore: q.dueBefore, overdue: q.overdue, page, pageSize });
    return { items: await this.withDaysLeft(rows.map((r) => requestView(r))), total, page, pageSize };
  }

  /** The deadline explained: each event, its effect, the working days used and left. */
  async deadline(user: AuthenticatedUser, id: string): Promise<DeadlineDto> {
    const row = await this.existing(user, id);
    const state = (await this.workflows.liveState(id)) ?? row.state ?? undefined;
    return {
      ...(state?.receivedOn ? { receivedOn: state.receivedOn } : {}),
      ...(state?.reading?.dueOn ? { dueOn: state.reading.dueOn } : {}),
      clockRunning: state?.reading?.running ?? false,
      workingDaysUsed: state?.reading?.counted ?? 0,
      workingDaysLeft: state?.reading?.remaining ?? STATUTORY_REQUEST.replyWorkingDays,
      extended: state?.extended ?? false,
      events: (state?.history ?? []).map((h) => ({ at: h.at, kind: h.kind, note: h.note, ...(h.dueOn ? { dueOn: h.dueOn } : {}) })),
    };
  }

  async clarification(user: AuthenticatedUser, id: string, dto: ClarificationDto): Promise<RequestDto> {
    const row = await this.existing(user, id);
    if (row.receivedOn) {
      // Art. 30: one consolidated notice within 7 working days of receipt.
      const lastDay = await this.strictly((c) => c.addWorkingDays(row.receivedOn as CivilDate, STATUTORY_REQUEST.clarificationWorkingDays));
      if (dto.sentOn > lastDay) {
        throw new UnprocessableEntityException(`补正通知须在收到申请之日起 ${STATUTORY_REQUEST.clarificationWorkingDays} 个工作日内发出，最晚 ${lastDay}（收到 ${dto.sentOn}）`);
      }
    }
    return this.act(user, id, requestClarificationUpdate, { items: dto.items.map((i) => i.trim()), sentOn: dto.sentOn, replyBy: dto.replyBy });
  }

  clarified(user: AuthenticatedUser, id: string, dto: ClarifiedDto): Promise<RequestDto> {
    return this.act(user, id, clarifiedUpdate, { receivedOn: dto.receivedOn });
  }

  async thirdParty(user: AuthenticatedUser, id: string, dto: ThirdPartyDto): Promise<ThirdPartyCreatedDto> {
    const thirdPartyId: string = randomUUID();
    await this.act(user, id, consultThirdPartyUpdate, { thirdPartyId, party: dto.party.trim(), sentOn: dto.sentOn });
    return { thirdPartyId };
  }

  thirdPartyAnswer(user: AuthenticatedUser, id: string, thirdPartyId: string, dto: ThirdPartyAnswerDto): Promise<RequestDto> {
    return this.act(user, id, thirdPartyAnswerUpdate, { thirdPartyId, receivedOn: dto.receivedOn, opinion: dto.opinion });
  }

  async extend(user: AuthenticatedUser, id: string, dto: ExtendRequestDto): Promise<RequestDto> {
    const row = await this.existing(user, id);
    const dueOn = ((await this.workflows.liveState(id)) ?? row.state ?? undefined)?.reading?.dueOn;
    // The extended due date must be computable on the calendar (never a guess): refuse before the workflow accepts it.
    if (dueOn && user.roles.includes('office_head')) await this.strictly((c) => c.addWorkingDays(dueOn as CivilDate, STATUTORY_PERIODS.requestExtensionMaxWorkingDays));
    return this.act(user, id, extendRequestUpdate, { reason: dto.reason.trim(), on: civilDateInShanghai(new Date()) });
  }

  reply(user: AuthenticatedUser, id: string, dto: DraftReplyDto): Promise<RequestDto> {
    return this.act(user, id, draftReplyUpdate, {
      outcome: dto.outcome,
      body: dto.body,
      ...(dto.responsibleAgency ? { responsibleAgency: dto.responsibleAgency.trim() } : {}),
    });
  }

  approve(user: AuthenticatedUser, id: string, dto: ApproveReplyDto): Promise<RequestDto> {
    return this.act(user, id, approveReplyUpdate, { ...(dto.comment ? { comment: dto.comment.trim() } : {}) });
  }

  return(user: AuthenticatedUser, id: string, dto: ReturnReplyDto): Promise<RequestDto> {
    return this.act(user, id, returnReplyUpdate, { reason: dto.reason.trim() });
  }

  issue(user: AuthenticatedUser, id: string, dto: IssueReplyDto): Promise<RequestDto> {
    return this.act(user, id, issueReplyUpdate, { issuedOn: dto.issuedOn, deliveredBy: dto.deliveredBy.trim() });
  }

  /** The public's view: status and due date, nothing of the requester or the content. */
  async tracking(trackingCode: string): Promise<TrackingDto> {
    const row = /^SQ-\d{4}-[2-9A-Z]{8}$/.test(trackingCode) ? await this.requests.tracking(trackingCode) : undefined;
    if (!row) throw new NotFoundException(`没有查询码为 ${trackingCode} 的申请`);
    return {
      trackingCode,
      status: row.status,
      ...(row.receivedOn ? { receivedOn: row.receivedOn } : {}),
      ...(row.dueOn ? { dueOn: row.dueOn } : {}),
      ...(row.issuedOn ? { issuedOn: row.issuedOn } : {}),
    };
  }

  // ------------------------------------------------------------ helpers

  private async act<Arg extends object>(
    user: AuthenticatedUser,
    id: string,
    definition: UpdateDefinition<DisclosureRequestState, [Arg & { actor: AuthenticatedUser }]>,
    arg: Arg,
  ): Promise<RequestDto> {
    const row = await this.existing(user, id);
    const state = await this.workflows.update(id, definition, { ...arg, actor: user });
    return requestView((await this.requests.find(id)) ?? row, state);
  }

  /**
   * The request, if it was made to the caller's own agency: staff of another
   * organisation get the same 404 as for an unknown id (the requester's
   * personal data, and even that the request exists, are that agency's).
   */
  async existing(user: AuthenticatedUser, id: string): Promise<DisclosureRequestRow> {
    const row = await this.requests.find(id);
    if (!row || row.organisationId !== (await this.organisationOf(user))) throw new NotFoundException(`申请不存在：${id}`);
    return row;
  }

  private async organisationOf(user: AuthenticatedUser): Promise<string> {
    const department = await this.users.department(user.departmentId);
    if (!department) throw new UnprocessableEntityException(`您所在的部门（${user.departmentId}）不在组织架构中`);
    return department.organisationId;
  }

  private async insert(dto: PublicRequestDto, organisationId: string, channel: CreateRequestDto['channel'], receivedOn: string | null, by: string | null): Promise<string> {
    if (dto.requester.kind === 'natural_person' && dto.requester.category) {
      throw new UnprocessableEntityException('自然人申请不填写类别（category 仅用于法人或其他组织）');
    }
    const id = randomUUID();
    await this.requests.insert({
      id,
      trackingCode: trackingCode(),
      organisationId,
      status: receivedOn ? 'registered' : 'awaiting_confirmation',
      requesterKind: dto.requester.kind,
      requesterCategory: dto.requester.kind === 'legal_person' ? (dto.requester.category ?? 'other') : null,
      requesterName: dto.requester.name.trim(),
      requesterIdNumber: dto.requester.idNumber?.trim() || null,
      requesterContact: dto.requester.contact.trim(),
      requesterAddress: dto.requester.address?.trim() || null,
      content: dto.content.trim(),
      purpose: dto.purpose?.trim() || null,
      channel,
      receivedOn,
      registeredBy: by,
    });
    return id;
  }

  private async strictly<T>(work: (calendar: Awaited<ReturnType<CalendarRepository['loadCalendar']>>) => T): Promise<T> {
    const calendar = await this.calendars.loadCalendar({ weekdayOnlyFallback: false });
    try {
      return work(calendar);
    } catch (err) {
      if (err instanceof CalendarYearNotCoveredError) {
        throw new UnprocessableEntityException(`${err.message}；依申请公开的期限不作推定，请政务公开办先导入该年工作日历`);
      }
      throw err;
    }
  }
}

/** 查询码: SQ-, the year, and 8 characters without look-alikes. */
function trackingCode(): string {
  return `SQ-${civilDateInShanghai(new Date()).slice(0, 4)}-${readableCode(8)}`;
}

export function requestView(row: DisclosureRequestRow, live?: DisclosureRequestState): RequestDto {
  const s = live ?? row.state ?? undefined;
  const receivedOn = s?.receivedOn ?? row.receivedOn ?? undefined;
  const dueOn = s ? s.reading?.dueOn : (row.dueOn ?? undefined);
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    status: s?.status ?? row.status,
    ...(receivedOn ? { receivedOn } : {}),
    ...(dueOn ? { dueOn } : {}),
    clockRunning: s?.reading?.running ?? row.clockRunning,
    extended: s?.extended ?? row.extended,
    ...(s?.outcome || row.outcome ? { outcome: s?.outcome ?? row.outcome! } : {}),
    ...(s?.issuedOn || row.issuedOn ? { issuedOn: s?.issuedOn ?? row.issuedOn! } : {}),
    ...(s?.onTime !== undefined ? { onTime: s.onTime } : row.onTime !== null ? { onTime: row.onTime } : {}),
    overdue: s?.overdue ?? row.overdue,
    channel: row.channel,
    content: row.content,
    requester: {
      kind: row.requesterKind,
      ...(row.requesterCategory ? { category: row.requesterCategory } : {}),
      name: row.requesterName,
      ...(row.requesterIdNumber ? { idNumber: row.requesterIdNumber } : {}),
      contact: row.requesterContact,
      ...(row.requesterAddress ? { address: row.requesterAddress } : {}),
    },
    ...(s?.reply ? { reply: { ...s.reply } } : {}),
    ...(s?.thirdParties?.length ? { thirdParties: s.thirdParties.map((t) => ({ ...t })) } : {}),
    ...(s?.clarification ? { clarification: { ...s.clarification } } : {}),
  };
}
