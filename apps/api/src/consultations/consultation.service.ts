import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  CONSULTATION_FEEDBACK_CATEGORY,
  CONSULTATION_MIN_DAYS,
  CONSULTATION_NOTICE_CATEGORY,
  extendWindowUpdate,
  startFeedbackUpdate,
  type ConsultationState,
  type DispositionDecision,
} from '@gongkai/contracts';
import { civilDateInShanghai, commentFingerprint, feedbackReport } from '@gongkai/domain';
import { ConsultationRepository, PublicationRepository, UserRepository, type ConsultationRow } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import type {
  ClusterDto,
  CommentReceiptDto,
  ConsultationDetailDto,
  ConsultationDto,
  ConsultationPageDto,
  CreateConsultationDto,
  DispositionDto,
  ExtendConsultationDto,
  ExtendedDto,
  FeedbackCreatedDto,
  ListConsultationsQueryDto,
  PublicCommentDto,
  PublicConsultationDetailDto,
  PublicConsultationDto,
  PublicConsultationPageDto,
  PublicConsultationQueryDto,
  StaffCommentDto,
} from './consultation.dto';
import { readableCode } from '../common/readable-code';
import { ConsultationWorkflows } from './consultation-workflows';
import { noticeText } from './notice-text';

/** Who reads every consultation (as for publications). */
const READ_ALL = ['leader', 'principal', 'office'];

/**
 * 征求意见 for staff: create (the notice's publication row, the consultation
 * row, the workflow), read, extend, the comments by cluster, dispositions and
 * the generated feedback report. The window's rules are the workflow's and
 * the comment transaction's; this service maps them to HTTP.
 */
@Injectable()
export class ConsultationService {
  constructor(
    private readonly consultations: ConsultationRepository,
    private readonly publications: PublicationRepository,
    private readonly users: UserRepository,
    private readonly workflows: ConsultationWorkflows,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateConsultationDto): Promise<ConsultationDetailDto> {
    if (dto.days < CONSULTATION_MIN_DAYS && !dto.shortReason?.trim()) {
      throw new UnprocessableEntityException(`征求意见期少于 ${CONSULTATION_MIN_DAYS} 日（收到 ${dto.days} 日）须说明理由（shortReason），理由将随公告公开`);
    }
    const department = await this.users.department(user.departmentId);
    if (!department) throw new ForbiddenException(`您所在的部门（${user.departmentId}）不在组织架构中，不能发起征求意见`);
    const id = randomUUID();
    const noticeId = randomUUID();
    const writtenDate = civilDateInShanghai(new Date());
    const shortReason = dto.days < CONSULTATION_MIN_DAYS ? dto.shortReason!.trim() : null;
    await this.consultations.transaction(async (tx, m) => {
      await this.publications.in(m).insertDraft({
        id: noticeId,
        organisationId: department.organisationId,
        departmentId: user.departmentId,
        authorId: user.userId,
        authorName: user.name,
        category: CONSULTATION_NOTICE_CATEGORY,
        attribute: 'proactive',
        attributeReason: null,
        documentNumber: null,
        writtenDate,
        validity: '现行有效',
        title: dto.title.trim(),
        body: noticeText({ title: dto.title.trim(), draftBody: dto.draftBody, explanation: dto.explanation, days: dto.days, shortReason }),
        bodyFormat: 'text',
        attachments: [],
      });
      await tx.insert({
        id,
        noticePublicationId: noticeId,
        organisationId: department.organisationId,
        departmentId: user.departmentId,
        authorId: user.userId,
        authorName: user.name,
        title: dto.title.trim(),
        draftBody: dto.draftBody,
        explanation: dto.explanation,
        days: dto.days,
        shortReason,
        contact: dto.contact?.trim() || null,
      });
    });
    await this.workflows.start({
      consultationId: id,
      noticeId,
      organisationId: department.organisationId,
      departmentId: user.departmentId,
      authorId: user.userId,
      authorName: user.name,
      writtenDate,
      days: dto.days,
      ...(shortReason ? { shortReason } : {}),
    });
    return detailView(await this.existing(id));
  }

  async get(user: AuthenticatedUser, id: string): Promise<ConsultationDetailDto> {
    const row = await this.readable(user, id);
    return detailView(row, await this.workflows.liveState(id));
  }

  async list(user: AuthenticatedUser, q: ListConsultationsQueryDto): Promise<ConsultationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.consultations.list(user, { status: q.status, departmentId: q.departmentId, page, pageSize });
    return { items: rows.map((r) => consultationView(r)), total, page, pageSize };
  }

  /** A leader extends an open window; the workflow moves its timer and the row the comments check. */
  async extend(user: AuthenticatedUser, id: string, dto: ExtendConsultationDto): Promise<ExtendedDto> {
    const row = await this.readable(user, id);
    const state = await this.send(row, extendWindowUpdate, { actor: user, days: dto.days, reason: dto.reason });
    return { closesAt: state.closesAt!, extensions: state.extensions.map(({ days, reason, at, closesAt }) => ({ days, reason, at, closesAt })) };
  }

  async comments(user: AuthenticatedUser, id: string, page: { page?: number; pageSize?: number }): Promise<StaffCommentDto[]> {
    const row = await this.handling(user, id, 'read');
    const size = page.pageSize ?? 100;
    const rows = await this.consultations.comments(row.id, { limit: size, offset: ((page.page ?? 1) - 1) * size });
    return rows.map((c) => ({ ...c, receivedAt: new Date(c.receivedAt).toISOString() }));
  }

  async clusters(user: AuthenticatedUser, id: string): Promise<ClusterDto[]> {
    const row = await this.handling(user, id, 'read');
    return (await this.consultations.clusters(row.id)).map((c) => ({
      id: c.id,
      size: c.size,
      text: c.sampleText,
      ...(c.decision ? { decision: c.decision } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.decidedBy ? { decidedBy: c.decidedBy } : {}),
      ...(c.decidedAt ? { decidedAt: new Date(c.decidedAt).toISOString() } : {}),
    }));
  }

  /** One disposition answers the comment's whole cluster (the duplicates). */
  async decide(user: AuthenticatedUser, id: string, commentId: string, dto: DispositionDto): Promise<ClusterDto> {
    const row = await this.handling(user, id, 'decide');
    if (!/^\d{1,18}$/.test(commentId)) throw new NotFoundException(`意见不存在：${commentId}`);
    const clusterId = await this.consultations.clusterOfComment(row.id, commentId);
    if (!clusterId) throw new NotFoundException(`意见不存在：${commentId}`);
    const reason = dto.reason?.trim() || null;
    if (dto.decision !== 'adopted' && !reason) {
      throw new UnprocessableEntityException('除“采纳”外，处理意见须说明理由（将写入意见采纳情况反馈）');
    }
    const result = await this.consultations.decide(row.id, clusterId, { decision: dto.decision, reason, actorId: user.userId, actorName: user.name });
    if ('refused' in result) {
      throw new ConflictException(
        result.refused === 'not_closed'
          ? '征求意见尚未截止，截止后才能逐条处理意见'
          : result.refused === 'concluded'
            ? '意见采纳情况反馈已发布，处理意见不能再修改'
            : '意见采纳情况反馈已生成，处理意见不能再修改；如需修改，请先撤回反馈稿件',
      );
    }
    return (await this.clusters(user, id)).find((c) => c.id === clusterId)!;
  }

  /** The feedback report, generated from the dispositions, as a publication draft the author edits and submits. */
  async feedback(user: AuthenticatedUser, id: string): Promise<FeedbackCreatedDto> {
    const row = await this.readable(user, id);
    if (user.userId !== row.authorId) throw new ForbiddenException('只有征求意见的起草人可以生成意见采纳情况反馈');
    const live = (await this.workflows.liveState(id)) ?? row.state ?? undefined;
    const status = live?.status ?? row.status;
    if (status !== 'closed') {
      throw new ConflictException(status === 'open' ? '征求意见尚未截止，不能生成反馈' : `当前状态（${status}）不能生成意见采纳情况反馈`);
    }
    if (live?.feedbackId) throw new ConflictException(`意见采纳情况反馈已生成（稿件 ${live.feedbackId}），请在稿件中修改并提交审核`);
    const clusters = await this.consultations.clusters(row.id);
    const undecided = clusters.filter((c) => !c.decision);
    if (undecided.length > 0) {
      const names = undecided.slice(0, 10).map((c) => `“${c.sampleText.slice(0, 20)}${c.sampleText.length > 20 ? '…' : ''}”（${c.size} 条）`);
      throw new UnprocessableEntityException(`还有 ${undecided.length} 项意见未处理：${names.join('、')}${undecided.length > 10 ? ' 等' : ''}`);
    }
    const report = feedbackReport({
      title: row.title,
      opensAt: row.opensAt!,
      closesAt: row.closesAt!,
      commentCount: row.commentCount,
      clusters: clusters.map((c) => ({ size: c.size, text: c.sampleText, decision: c.decision as DispositionDecision, reason: c.reason })),
    });
    const feedbackId = randomUUID();
    await this.publications.insertDraft({
      id: feedbackId,
      organisationId: row.organisationId,
      departmentId: row.departmentId,
      authorId: row.authorId,
      authorName: row.authorName,
      category: CONSULTATION_FEEDBACK_CATEGORY,
      attribute: 'proactive',
      attributeReason: null,
      documentNumber: null,
      writtenDate: civilDateInShanghai(new Date()),
      validity: '现行有效',
      title: report.title,
      body: report.body,
      bodyFormat: 'text',
      attachments: [],
    });
    await this.send(row, startFeedbackUpdate, { actor: user, feedbackId });
    return { feedbackId };
  }

  // ------------------------------------------------------------ public views and comments

  async publicList(q: PublicConsultationQueryDto): Promise<PublicConsultationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.consultations.listPublic({ status: q.status, page, pageSize });
    return { items: rows.map(publicView), total, page, pageSize };
  }

  /** What the law makes public: never a contact, a name or a comment's words; a consultation not yet open is not there. */
  async publicGet(id: string): Promise<PublicConsultationDetailDto> {
    const row = await this.consultations.find(id);
    if (!row || !['open', 'closed', 'concluded'].includes(row.status)) throw new NotFoundException(`没有编号为 ${id} 的公开征求意见`);
    return { ...publicView(row), draftBody: row.draftBody, explanation: row.explanation };
  }

  async comment(id: string, dto: PublicCommentDto): Promise<CommentReceiptDto> {
    const result = await this.consultations.addComment({
      consultationId: id,
      receipt: receiptCode(),
      fingerprint: commentFingerprint(dto.text),
      text: dto.text.trim(),
      name: dto.name?.trim() || null,
      contact: dto.contact?.trim() || null,
      clause: dto.clause?.trim() || null,
    });
    if ('refused' in result) {
      if (result.refused === 'not_found') throw new NotFoundException(`征求意见不存在：${id}`);
      const row = await this.consultations.find(id);
      if (result.refused === 'not_open' || !row?.closesAt) throw new ConflictException('该征求意见尚未开始，暂不受理意见');
      throw new ConflictException(`征求意见已于 ${civilDateInShanghai(new Date(row.closesAt))} 24时截止，不再受理意见`);
    }
    return { receipt: result.receipt, receivedAt: new Date(result.receivedAt).toISOString() };
  }

  // ------------------------------------------------------------ helpers

  private async send<Arg extends { actor: AuthenticatedUser }>(
    row: ConsultationRow,
    definition: Parameters<ConsultationWorkflows['update']>[1],
    arg: Arg,
  ): Promise<ConsultationState> {
    try {
      return await this.workflows.update(row.id, definition as never, arg as never);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && row.projectedSeq > 0) throw new ConflictException('征求意见已结束，不能再操作');
      throw err;
    }
  }

  private async existing(id: string): Promise<ConsultationRow> {
    const row = await this.consultations.find(id);
    if (!row) throw new NotFoundException(`征求意见不存在：${id}`);
    return row;
  }

  /** Staff who may read it: its department, its author, and leaders, principals, the office. */
  private async readable(user: AuthenticatedUser, id: string): Promise<ConsultationRow> {
    const row = await this.existing(id);
    if (row.departmentId !== user.departmentId && row.authorId !== user.userId && !user.roles.some((r) => READ_ALL.includes(r))) {
      throw new ForbiddenException('无权查看该征求意见：仅本科室、分管领导、主要负责人和政务公开办可以查看');
    }
    return row;
  }

  /**
   * The comments (names, contacts) are read by the author, their section head,
   * leaders and the office; dispositions are recorded by the author or their section head.
   */
  private async handling(user: AuthenticatedUser, id: string, what: 'read' | 'decide'): Promise<ConsultationRow> {
    const row = await this.existing(id);
    const author = row.authorId === user.userId;
    const sectionHead = user.roles.includes('section_head') && user.departmentId === row.departmentId;
    const allowed = what === 'read' ? author || sectionHead || user.roles.some((r) => READ_ALL.includes(r)) : author || sectionHead;
    if (!allowed) {
      throw new ForbiddenException(
        what === 'read' ? '只有起草人、本科室负责人、分管领导、主要负责人和政务公开办可以查看意见（含联系方式）' : '只有起草人或本科室负责人可以处理意见',
      );
    }
    return row;
  }
}

/** 回执号: ZQ- and 12 characters from an alphabet without look-alikes (0/O, 1/I). */
function receiptCode(): string {
  const chars = readableCode(12);
  return `ZQ-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : undefined);

/** The status as people read it: a draft whose notice is in review reads `in_review`. */
function statusOf(row: ConsultationRow, live?: ConsultationState): string {
  const status = live?.status ?? row.status;
  if (row.status === 'concluded' || row.status === 'closed' || row.status === 'open') {
    // The publish/close transactions move the row first; the live state follows a moment later.
    if (status === 'draft' || (status === 'open' && row.status !== 'open')) return row.status;
  }
  if (status === 'draft' && row.noticeStatus === 'in_review') return 'in_review';
  return status;
}

export function consultationView(row: ConsultationRow, live?: ConsultationState): ConsultationDto {
  const state = live ?? row.state ?? undefined;
  const extensions = (state?.extensions ?? row.extensions).map(({ days, reason, at, closesAt }) => ({ days, reason, at, closesAt }));
  return {
    id: row.id,
    noticeId: row.noticePublicationId,
    title: row.title,
    status: statusOf(row, live),
    days: row.days,
    ...(row.shortReason ? { shortReason: row.shortReason } : {}),
    ...(state?.opensAt || row.opensAt ? { opensAt: iso(state?.opensAt ?? row.opensAt) } : {}),
    ...(state?.noticeIndexNumber || row.noticeIndexNumber ? { noticeIndexNumber: state?.noticeIndexNumber ?? row.noticeIndexNumber! } : {}),
    ...(state?.closesAt || row.closesAt ? { closesAt: iso(state?.closesAt ?? row.closesAt) } : {}),
    ...(row.closedAt || state?.closedAt ? { closedAt: iso(state?.closedAt ?? row.closedAt) } : {}),
    extensions,
    commentCount: row.commentCount,
    clusterCount: row.clusterCount,
    ...(state?.feedbackId || row.feedbackPublicationId ? { feedbackId: state?.feedbackId ?? row.feedbackPublicationId! } : {}),
    ...(state?.feedbackIndexNumber || row.feedbackIndexNumber ? { feedbackIndexNumber: state?.feedbackIndexNumber ?? row.feedbackIndexNumber! } : {}),
    ...(state?.feedbackDueAt || row.feedbackDueAt ? { feedbackDueAt: iso(state?.feedbackDueAt ?? row.feedbackDueAt) } : {}),
    ...(state?.feedbackDueAt || row.feedbackDueAt ? { feedbackLate: state?.feedbackLate ?? row.feedbackLate } : {}),
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    authorId: row.authorId,
    authorName: row.authorName,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function publicView(row: ConsultationRow): PublicConsultationDto {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    days: row.days,
    ...(row.shortReason ? { shortReason: row.shortReason } : {}),
    opensAt: iso(row.opensAt)!,
    closesAt: iso(row.closesAt)!,
    extensions: row.extensions.map(({ days, reason, at, closesAt }) => ({ days, reason, at, closesAt })),
    commentCount: row.commentCount,
    departmentName: row.departmentName,
    ...(row.noticeIndexNumber ? { noticeIndexNumber: row.noticeIndexNumber } : {}),
    ...(row.feedbackIndexNumber ? { feedbackIndexNumber: row.feedbackIndexNumber } : {}),
  };
}

function detailView(row: ConsultationRow, live?: ConsultationState): ConsultationDetailDto {
  return {
    ...consultationView(row, live),
    draftBody: row.draftBody,
    explanation: row.explanation,
    ...(row.contact ? { contact: row.contact } : {}),
  };
}
