import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acknowledgeWarningsUpdate,
  approveUpdate,
  INTERPRETATION_FORM_LABELS,
  type InterpretationForm,
  rejectUpdate,
  requestChangesUpdate,
  RefusalType,
  reviseUpdate,
  submitUpdate,
  withdrawUpdate,
  type DecisionArgs,
  type PublicationReviewState,
} from '@gongkai/contracts';
import { draftOf } from './draft-of';
import type { ReviewAction } from '@gongkai/domain';
import {
  CatalogueRepository,
  PolicyPackageRepository,
  PublicationRepository,
  TimelineRepository,
  UserRepository,
  type DraftVersion,
  type Publication,
} from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import type { ApproveDto, CreatePublicationDto, RetractDto, ReturnDecisionDto, ReviseDto, VersionedActionDto, WithdrawDto } from './publication.dto';
import type { PublicationDto } from './publication-view.dto';
import { PublicationReads } from './publication-reads.service';
import { refusalAnswer } from './publication-refusals';
import { alreadyDone } from './repeated-decision';
import { PublicationWorkflows } from './publication-workflows';
import { requestFingerprint } from './request-fingerprint';

/** The actions a caller takes on an item, as the API names them (recorded with a refusal). */
export type PublicationAction = ReviewAction;

export interface CreatedPublication {
  /** false when an earlier request with the same Idempotency-Key created the item. */
  created: boolean;
  publication: PublicationDto;
}

const ACCEPTABLE_IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const SETTLED_MESSAGES: Record<string, string> = {
  published: '稿件已发布，审核流程已结束（已发布的信息如需撤回，请由主要负责人执行撤回）',
  withdrawn: '稿件已撤回，审核流程已结束',
  retracted: '稿件已撤回（发布后撤回），审核流程已结束',
};

/**
 * What authors and reviewers do to an item: create it (record + workflow),
 * and every later step as a workflow update. The workflow's validators decide;
 * a 403 refusal is also written to the item's timeline.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly publications: PublicationRepository,
    private readonly timeline: TimelineRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly users: UserRepository,
    private readonly workflows: PublicationWorkflows,
    private readonly reads: PublicationReads,
    private readonly policyPackages: PolicyPackageRepository,
  ) {}

  async create(user: AuthenticatedUser, dto: CreatePublicationDto, idempotencyKey?: string): Promise<CreatedPublication> {
    if (idempotencyKey !== undefined && !ACCEPTABLE_IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key 必须是 1–200 个可见 ASCII 字符');
    }
    if (!(await this.catalogue.categoryExists(dto.category))) {
      throw new BadRequestException({
        message: '请求参数无效：category',
        errors: [{ field: 'category', messages: [`主题分类“${dto.category}”不在公开目录中`] }],
      });
    }
    const department = await this.users.department(user.departmentId);
    if (!department) throw new ForbiddenException(`您所在的部门（${user.departmentId}）不在组织架构中，不能起草稿件`);

    const id = randomUUID();
    const earlier = await this.publications.transaction(async (tx) => {
      if (idempotencyKey !== undefined) {
        const existing = await tx.claimIdempotencyKey(user.userId, idempotencyKey, id, requestFingerprint(dto));
        if (existing) return existing;
      }
      await tx.insertDraft({
        id,
        organisationId: department.organisationId,
        departmentId: user.departmentId,
        authorId: user.userId,
        authorName: user.name,
        category: dto.category,
        attribute: dto.attribute,
        attributeReason: dto.attribute === 'proactive' ? (dto.attributeReason ?? null) : dto.attributeReason!,
        ...draftOf(dto),
      });
      return undefined;
    });

    if (earlier && !earlier.sameRequest) {
      throw new UnprocessableEntityException(
        `Idempotency-Key “${idempotencyKey}” 已用于另一个内容不同的起草请求（稿件 ${earlier.publicationId}）；重试请原样提交同一内容，起草新稿件请换一个新的 Idempotency-Key`,
      );
    }
    const row = await this.publications.find(earlier?.publicationId ?? id);
    if (!row) throw new NotFoundException(`稿件不存在：${earlier?.publicationId}`);
    // Also on a repeat: the first request may have stopped between commit and start.
    if (!earlier || row.projectedSeq === 0) await this.startReview(row);
    return { created: !earlier, publication: await this.reads.view(user, row, row.state, false) };
  }

  submit(user: AuthenticatedUser, id: string, dto: VersionedActionDto): Promise<PublicationDto> {
    return this.act(user, id, 'submit', submitUpdate, () => ({ actor: user, version: dto.version }));
  }

  acknowledgeWarnings(user: AuthenticatedUser, id: string, dto: VersionedActionDto): Promise<PublicationDto> {
    return this.act(user, id, 'acknowledge-warnings', acknowledgeWarningsUpdate, () => ({ actor: user, version: dto.version }));
  }

  approve(user: AuthenticatedUser, id: string, dto: ApproveDto): Promise<PublicationDto> {
    return this.act(user, id, 'approve', approveUpdate, (row) => ({
      ...decisionArgs(user, row, dto),
      comment: dto.comment,
      confidentiality: dto.confidentiality && { conclusion: dto.confidentiality.conclusion, note: dto.confidentiality.note },
    }));
  }

  reject(user: AuthenticatedUser, id: string, dto: ReturnDecisionDto): Promise<PublicationDto> {
    return this.act(user, id, 'reject', rejectUpdate, (row) => ({ ...decisionArgs(user, row, dto), reason: dto.reason, comment: dto.comment }));
  }

  requestChanges(user: AuthenticatedUser, id: string, dto: ReturnDecisionDto): Promise<PublicationDto> {
    return this.act(user, id, 'request-changes', requestChangesUpdate, (row) => ({
      ...decisionArgs(user, row, dto),
      reason: dto.reason,
      comment: dto.comment,
    }));
  }

  withdraw(user: AuthenticatedUser, id: string, dto: WithdrawDto): Promise<PublicationDto> {
    return this.act(user, id, 'withdraw', withdrawUpdate, () => ({ actor: user, reason: dto.reason?.trim() ?? '' }));
  }

  /**
   * A new draft version: stored first (so screening reads it), then handed to
   * the workflow, which re-screens and restarts the review from level 1.
   */
  async revise(user: AuthenticatedUser, id: string, dto: ReviseDto): Promise<PublicationDto> {
    const row = await this.existing(id);
    if (row.authorId !== user.userId) {
      return this.refuse(row, user, 'revise', '只有稿件作者可以修订');
    }
    if (dto.version !== row.version) {
      throw new ConflictException(`稿件当前为第 ${row.version} 版，请基于最新版本修订（收到第 ${dto.version} 版）`);
    }
    const next = row.version + 1;
    const draft: DraftVersion = { ...draftOf(dto), attributeReason: dto.attributeReason ?? null };
    await this.publications.dropAbandonedVersions(id, row.version);
    if (!(await this.publications.insertVersion(id, next, draft, user.userId))) {
      throw new ConflictException(`第 ${next} 版正在提交或已存在，请刷新后再修订`);
    }
    let state: PublicationReviewState;
    try {
      state = await this.send(user, row, 'revise', reviseUpdate, { actor: user, version: next });
    } catch (err) {
      // Refused: the workflow never adopted the version, so it must not linger as "the next one".
      if (err instanceof WorkflowUpdateFailedError || err instanceof ConflictException || err instanceof ForbiddenException) {
        await this.publications.deleteVersion(id, next);
      }
      throw err;
    }
    await this.publications.adoptRevision(id, draft);
    return this.reads.view(user, (await this.publications.find(id)) ?? row, state, true);
  }

  /** 撤回 after publication: the main leader only, with a reason; the catalogue entry stays, marked withdrawn. */
  async retract(user: AuthenticatedUser, id: string, dto: RetractDto): Promise<PublicationDto> {
    const row = await this.existing(id);
    if (!user.roles.includes('principal')) {
      return this.refuse(row, user, 'retract', '撤回已发布的信息须由主要负责人批准');
    }
    if (row.status !== 'published' || !row.indexNumber) {
      throw new ConflictException(
        row.status === 'retracted' ? '稿件已撤回' : '只有已发布的稿件才能撤回；未发布的稿件由作者撤回（withdraw）',
      );
    }
    await this.requireRetractableAlone(id);
    const reviewState = row.state ?? (await this.workflows.liveState(id));
    if (!reviewState) throw new ConflictException('稿件的审核状态尚未记录完毕，请稍后再试');
    let state: PublicationReviewState;
    try {
      state = await this.workflows.retract({ publicationId: id, indexNumber: row.indexNumber, actor: user, reason: dto.reason.trim(), reviewState });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ConflictException('稿件已撤回或正在撤回');
      throw err;
    }
    return this.reads.view(user, (await this.publications.find(id)) ?? row, state, false);
  }

  /**
   * 三同步 holds for withdrawal too: an interpretation is withdrawn with its
   * policy, never alone; and a policy waits while a deferred interpretation
   * is in its own review (it would otherwise be published after the policy
   * was withdrawn) — the reviewer returns it first.
   */
  private async requireRetractableAlone(id: string): Promise<void> {
    const policy = await this.policyPackages.policyOfInterpretationPublication(id);
    if (policy) {
      throw new ConflictException(`政策解读随政策一并撤回：请撤回政策《${policy.policyTitle}》（稿件 ${policy.policyId}），其解读将同时撤回`);
    }
    const inReview = await this.policyPackages.releaseInReview(id);
    if (inReview) {
      throw new ConflictException(
        `该政策的暂缓解读（${INTERPRETATION_FORM_LABELS[inReview.form as InterpretationForm] ?? inReview.form}，${inReview.ownerName}）正在发布审核中（稿件 ${inReview.publicationId}）；请审核人先退回或作者撤回该解读，再撤回政策`,
      );
    }
  }

  private async act<Arg extends { actor: AuthenticatedUser; version?: number }>(
    user: AuthenticatedUser,
    id: string,
    action: PublicationAction,
    definition: UpdateDefinition<PublicationReviewState, [Arg]>,
    args: (row: Publication) => Arg,
  ): Promise<PublicationDto> {
    const row = await this.existing(id);
    const state = await this.send(user, row, action, definition, args(row));
    // The update answers once the workflow has projected the change, so the row is current.
    return this.reads.view(user, (await this.publications.find(id)) ?? row, state, true);
  }

  /** Retries an update for a review its parent workflow is about to start (a few seconds at most), else 409. */
  private async whenStartedByParent<Arg extends { actor: AuthenticatedUser; version?: number }>(
    id: string,
    definition: UpdateDefinition<PublicationReviewState, [Arg]>,
    arg: Arg,
  ): Promise<PublicationReviewState> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      try {
        return await this.workflows.update(id, definition, arg);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    throw new ConflictException('该稿件的审核流程正在由征求意见启动，请稍后再试');
  }

  /**
   * One update; refusals stay WorkflowUpdateFailedError (mapped to 403/409/422 in describe-exception),
   * except that 403s become ForbiddenException once recorded, and outsiders get a 403 that names nobody.
   */
  private async send<Arg extends { actor: AuthenticatedUser; version?: number }>(
    user: AuthenticatedUser,
    row: Publication,
    action: PublicationAction,
    definition: UpdateDefinition<PublicationReviewState, [Arg]>,
    arg: Arg,
  ): Promise<PublicationReviewState> {
    try {
      return await this.workflows.update(row.id, definition, arg);
    } catch (err) {
      const repeated = await this.repeatedRequest(err, user, row, action, arg);
      if (repeated) return repeated;
      if (err instanceof WorkflowNotFoundError) {
        if (SETTLED_MESSAGES[row.status]) {
          // An outsider learns nothing of the item's fate: the same 403 as before it settled.
          const settled = { type: RefusalType.WrongStage, message: SETTLED_MESSAGES[row.status] };
          throw (await refusalAnswer(this.refusalRecords(), user, row, action, settled)) ?? new ConflictException(settled.message);
        }
        if (row.projectedSeq === 0 && (await this.publications.reviewedThroughPackage(row.id))) {
          // A policy with its interpretations (政策解读): only the package's submit starts its review (the gate).
          throw new ConflictException('该政策属于政策解读包，须由牵头人通过 POST /policies/:id/submit 与解读一并提交审核');
        }
        if (row.projectedSeq === 0 && (await this.publications.reviewedThroughConsultation(row.id))) {
          // 征求意见: the consultation starts its notice's review as its child a moment after creation; wait for it.
          return this.whenStartedByParent(row.id, definition, arg);
        }
        if (row.projectedSeq === 0) {
          // Created, but the workflow start was lost (Temporal was down): start it now and try once more.
          await this.startReview(row);
          return this.workflows.update(row.id, definition, arg);
        }
      }
      const refusal = refusalOf(err);
      const answer = refusal && (await refusalAnswer(this.refusalRecords(), user, row, action, refusal));
      throw answer ?? err;
    }
  }

  /**
   * A request refused only because it already took effect — a retry after a
   * 504, a double click — answers with the item's state instead of an error.
   */
  private async repeatedRequest(
    err: unknown,
    user: AuthenticatedUser,
    row: Publication,
    action: PublicationAction,
    arg: { version?: number; expectedLevel?: number },
  ): Promise<PublicationReviewState | undefined> {
    const stale = refusalOf(err);
    const settled = err instanceof WorkflowNotFoundError && SETTLED_MESSAGES[row.status] !== undefined;
    if (!settled && stale?.type !== RefusalType.WrongStage && stale?.type !== RefusalType.StaleVersion) return undefined;
    const state = (settled ? undefined : await this.workflows.liveState(row.id)) ?? row.state ?? undefined;
    if (!state) return undefined;
    return alreadyDone(action, user, { version: arg.version, expectedLevel: arg.expectedLevel }, state, row.authorId) ? state : undefined;
  }

  private async refuse(row: Publication, user: AuthenticatedUser, action: PublicationAction, reason: string): Promise<never> {
    throw (await refusalAnswer(this.refusalRecords(), user, row, action, { type: RefusalType.NotAllowed, message: reason })) ?? new ForbiddenException(reason);
  }

  private refusalRecords() {
    return { publications: this.publications, timeline: this.timeline };
  }

  private async existing(id: string): Promise<Publication> {
    const row = await this.publications.find(id);
    if (!row) throw new NotFoundException(`稿件不存在：${id}`);
    return row;
  }

  private startReview(row: Publication): Promise<void> {
    return this.workflows.start({
      publicationId: row.id,
      organisationId: row.organisationId,
      departmentId: row.departmentId,
      authorId: row.authorId,
      authorName: row.authorName,
      category: row.category,
      attribute: row.attribute as CreatePublicationDto['attribute'],
      writtenDate: row.writtenDate ?? '',
      version: 1,
    });
  }
}

/**
 * An HTML body is stored as cleaned. The DTO validator has already refused one
 * that would lose anything, so this only rewrites the markup's spelling; it
 * also keeps the store safe if a body ever arrives by another path.
 */

/**
 * The decision as the workflow takes it. `expectedLevel` is the level the
 * decider saw (the body's `level`, else the projection's current level): when
 * two decisions race, the second no longer matches and is refused with 409.
 */
function decisionArgs(user: AuthenticatedUser, row: Publication, dto: { version: number; level?: number }): DecisionArgs {
  const expectedLevel = dto.level ?? (row.status === 'in_review' ? (row.stageLevel ?? undefined) : undefined);
  return { actor: user, version: dto.version, ...(expectedLevel !== undefined ? { expectedLevel } : {}) };
}

/** The validator's refusal inside a failed update, if that is what `err` is. */
export function refusalOf(err: unknown): { type: string; message: string } | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type) return { type: cause.type, message: cause.message };
  return undefined;
}
