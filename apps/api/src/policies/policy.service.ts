import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  commentInterpretationUpdate,
  markInterpretationReadyUpdate,
  releaseInterpretationUpdate,
  returnInterpretationUpdate,
  saveInterpretationUpdate,
  submitPackageUpdate,
  type InterpretationForm,
  type PolicyPackageState,
} from '@gongkai/contracts';
import { addDays, ContentScreening, interpretationWarnings, startOfDayInShanghai } from '@gongkai/domain';
import {
  CatalogueRepository,
  PolicyPackageRepository,
  PublicationRepository,
  UserRepository,
  type NewPolicyPackage,
  type PolicyInterpretationRow,
  type PolicyPackageRow,
} from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import { API_CONFIG, type ApiConfig } from '../config';
import type {
  CreateCommentDto,
  CreatePolicyDto,
  InterpretationCommentDto,
  InterpretationDto,
  InterpretationTextDto,
  InterpretationVersionDto,
  ListPoliciesQueryDto,
  PolicyPackageDto,
  PolicyPackagePageDto,
  ReleaseInterpretationDto,
  ReleasedInterpretationDto,
  ReturnInterpretationDto,
  SaveInterpretationDto,
  SavedInterpretationDto,
} from './policy.dto';
import { POLICY_CATEGORIES } from './policy.dto';
import { draftOf } from '../publications/draft-of';
import { PolicyWorkflows } from './policy-workflows';

/**
 * Policy packages (政策解读): create (publication row + package rows +
 * workflow), and every later step as an update of `policy-package:<id>`,
 * whose validators decide (403/409/422 mapped in describe-exception).
 */
@Injectable()
export class PolicyService {
  constructor(
    private readonly packages: PolicyPackageRepository,
    private readonly publications: PublicationRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly users: UserRepository,
    private readonly workflows: PolicyWorkflows,
    private readonly screening: ContentScreening,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async create(user: AuthenticatedUser, dto: CreatePolicyDto): Promise<PolicyPackageDto> {
    if (!POLICY_CATEGORIES.includes(dto.category) || !(await this.catalogue.categoryExists(dto.category))) {
      throw new UnprocessableEntityException(`政策的主题分类须为 ${POLICY_CATEGORIES.join('、')} 之一（收到“${dto.category}”）`);
    }
    if (!dto.interpretations.some((i) => i.form === 'text')) {
      throw new UnprocessableEntityException('解读方案须包含一项文字解读（text）');
    }
    const department = await this.users.department(user.departmentId);
    if (!department) throw new ForbiddenException(`您所在的部门（${user.departmentId}）不在组织架构中，不能起草政策`);
    const owners: NewPolicyPackage['interpretations'] = [];
    for (const planned of dto.interpretations) {
      const owner = await this.users.activeUser(planned.ownerId);
      if (!owner) throw new UnprocessableEntityException(`解读起草人不存在或已停用：${planned.ownerId}`);
      const ownerDepartment = await this.users.department(owner.departmentId);
      if (ownerDepartment?.organisationId !== department.organisationId) {
        throw new UnprocessableEntityException(`解读起草人 ${owner.name} 不在本机关`);
      }
      owners.push({ id: randomUUID(), form: planned.form, ownerId: owner.id, ownerName: owner.name, ownerDepartmentId: owner.departmentId, title: planned.title?.trim() || null });
    }

    const packageId = randomUUID();
    const policyId = randomUUID();
    await this.packages.transaction(async (tx, m) => {
      await this.publications.in(m).insertDraft({
        id: policyId,
        organisationId: department.organisationId,
        departmentId: user.departmentId,
        authorId: user.userId,
        authorName: user.name,
        category: dto.category,
        attribute: dto.attribute,
        attributeReason: dto.attribute === 'proactive' ? (dto.attributeReason ?? null) : dto.attributeReason!,
        ...draftOf(dto),
      });
      await tx.insert({
        id: packageId,
        policyPublicationId: policyId,
        organisationId: department.organisationId,
        departmentId: user.departmentId,
        leadId: user.userId,
        leadName: user.name,
        deferralReason: dto.deferral?.reason.trim() ?? null,
        interpretations: owners,
      });
    });
    await this.workflows.start({
      packageId,
      policyId,
      organisationId: department.organisationId,
      departmentId: user.departmentId,
      leadId: user.userId,
      leadName: user.name,
      category: dto.category,
      attribute: dto.attribute,
      writtenDate: dto.writtenDate,
      policyVersion: 1,
      interpretations: owners.map((o) => ({
        id: o.id,
        form: o.form as InterpretationForm,
        ownerId: o.ownerId,
        ownerName: o.ownerName,
        ownerDepartmentId: o.ownerDepartmentId,
        ...(o.title ? { title: o.title } : {}),
      })),
      ...(dto.deferral ? { deferral: { reason: dto.deferral.reason.trim() } } : {}),
    });
    return this.get(user, packageId);
  }

  async get(user: AuthenticatedUser, id: string): Promise<PolicyPackageDto> {
    const row = await this.readable(user, id);
    return packageView(row, await this.workflows.liveState(id));
  }

  async list(user: AuthenticatedUser, q: ListPoliciesQueryDto): Promise<PolicyPackagePageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.packages.list(user, {
      status: q.status,
      policyId: q.policyId,
      text: q.q,
      departmentId: q.departmentId,
      leadId: q.leadId,
      ownerId: q.ownerId,
      category: q.category,
      // Civil dates are days in Beijing: [from 00:00, the day after `to` 00:00).
      ...(q.createdFrom ? { createdFrom: startOfDayInShanghai(q.createdFrom) } : {}),
      ...(q.createdTo ? { createdUntil: startOfDayInShanghai(addDays(q.createdTo, 1)) } : {}),
      ...(q.publishedFrom ? { publishedFrom: startOfDayInShanghai(q.publishedFrom) } : {}),
      ...(q.publishedTo ? { publishedUntil: startOfDayInShanghai(addDays(q.publishedTo, 1)) } : {}),
      page,
      pageSize,
    });
    return { items: rows.map((r) => packageView(r)), total, page, pageSize };
  }

  async save(user: AuthenticatedUser, id: string, iid: string, dto: SaveInterpretationDto): Promise<SavedInterpretationDto> {
    const row = await this.existing(id);
    const planned = interpretationOf(row, iid);
    const state = await this.send(row, saveInterpretationUpdate, {
      actor: user,
      interpretationId: iid,
      version: dto.version,
      ...(dto.title !== undefined ? { title: dto.title.trim() } : {}),
      body: dto.body,
    });
    const saved = state.interpretations.find((i) => i.id === iid)!;
    const policy = await this.publications.version(row.policyPublicationId, row.policyVersion);
    const warnings = interpretationWarnings(planned.form, dto.body, policy?.body ?? '', this.config.interpretationChecks);
    // The screening the policy's review runs on the bundle (activities/publication/screen-draft.ts), shown while drafting.
    const findings = this.screening.screenDraft({ title: saved.title ?? '', body: dto.body, format: 'text' });
    return { ...interpretationView(saved), warnings, findings };
  }

  async comment(user: AuthenticatedUser, id: string, iid: string, dto: CreateCommentDto): Promise<InterpretationCommentDto[]> {
    const row = await this.existing(id);
    interpretationOf(row, iid);
    await this.send(row, commentInterpretationUpdate, {
      actor: user,
      interpretationId: iid,
      text: dto.text,
      ...(dto.quote !== undefined ? { quote: dto.quote } : {}),
    });
    // The workflow admitted the commenter (lead, owners, reviewers): they see the thread.
    return this.thread(iid);
  }

  /** One interpretation with its newest saved text (the co-drafting view). */
  async interpretation(user: AuthenticatedUser, id: string, iid: string): Promise<InterpretationTextDto> {
    const row = await this.readable(user, id);
    interpretationOf(row, iid);
    const view = packageView(row, await this.workflows.liveState(id)).interpretations.find((i) => i.id === iid)!;
    const text = await this.packages.latestVersion(iid);
    return { ...view, body: text?.body ?? '', bodyVersion: text?.version ?? 0 };
  }

  async comments(user: AuthenticatedUser, id: string, iid: string): Promise<InterpretationCommentDto[]> {
    const row = await this.readable(user, id);
    interpretationOf(row, iid);
    return this.thread(iid);
  }

  private async thread(iid: string): Promise<InterpretationCommentDto[]> {
    return (await this.packages.comments(iid)).map((c) => ({
      id: c.id,
      text: c.text,
      ...(c.quote ? { quote: c.quote } : {}),
      authorId: c.authorId,
      authorName: c.authorName,
      at: new Date(c.at).toISOString(),
    }));
  }

  async ready(user: AuthenticatedUser, id: string, iid: string, dto: InterpretationVersionDto): Promise<PolicyPackageDto> {
    return this.act(user, id, iid, markInterpretationReadyUpdate, { actor: user, interpretationId: iid, version: dto.version });
  }

  async return(user: AuthenticatedUser, id: string, iid: string, dto: ReturnInterpretationDto): Promise<PolicyPackageDto> {
    return this.act(user, id, iid, returnInterpretationUpdate, { actor: user, interpretationId: iid, reason: dto.reason.trim() });
  }

  /** A ready deferred interpretation, after the policy's publication, goes to its own one-level review. */
  async release(user: AuthenticatedUser, id: string, iid: string, dto: ReleaseInterpretationDto): Promise<ReleasedInterpretationDto> {
    const row = await this.existing(id);
    const planned = interpretationOf(row, iid);
    const version = dto.version ?? (await this.workflows.liveState(id))?.interpretations.find((i) => i.id === iid)?.version ?? planned.version;
    const state = await this.send(row, releaseInterpretationUpdate, { actor: user, interpretationId: iid, version });
    const released = state.interpretations.find((i) => i.id === iid);
    if (!released?.publicationId) throw new ConflictException('解读未能提交发布审核，请刷新后重试');
    return { publicationId: released.publicationId };
  }

  async submit(user: AuthenticatedUser, id: string, dto: InterpretationVersionDto): Promise<PolicyPackageDto> {
    const row = await this.existing(id);
    if (row.leadId === user.userId && dto.version !== row.policyVersion) {
      throw new ConflictException(`政策当前为第 ${row.policyVersion} 版，请基于最新版本提交（收到第 ${dto.version} 版）`);
    }
    return this.act(user, id, undefined, submitPackageUpdate, { actor: user, version: dto.version });
  }

  private async act<Arg extends { actor: AuthenticatedUser; version?: number }>(
    user: AuthenticatedUser,
    id: string,
    iid: string | undefined,
    definition: UpdateDefinition<PolicyPackageState, [Arg]>,
    arg: Arg,
  ): Promise<PolicyPackageDto> {
    const row = await this.existing(id);
    if (iid !== undefined) interpretationOf(row, iid);
    const state = await this.send(row, definition, arg);
    return packageView((await this.packages.find(id)) ?? row, state);
  }

  /** One update; a package whose workflow has completed (published, withdrawn) is settled: 409, its parts locked. */
  private async send<Arg extends { actor: AuthenticatedUser; version?: number }>(
    row: PolicyPackageRow,
    definition: UpdateDefinition<PolicyPackageState, [Arg]>,
    arg: Arg,
  ): Promise<PolicyPackageState> {
    try {
      return await this.workflows.update(row.id, definition, arg);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && row.projectedSeq > 0) {
        throw new ConflictException(
          row.status === 'published' || row.policyStatus === 'published'
            ? '政策及其解读已发布，解读已锁定；如需更正，请撤回后重新起草'
            : '政策包已结束（已撤回），不能再修改',
        );
      }
      throw err;
    }
  }

  private async existing(id: string): Promise<PolicyPackageRow> {
    const row = await this.packages.find(id);
    if (!row) throw new NotFoundException(`政策包不存在：${id}`);
    return row;
  }

  /** The package if the caller may read it (the policy's readers, the lead and the owners); otherwise 403, as for the policy. */
  private async readable(user: AuthenticatedUser, id: string): Promise<PolicyPackageRow> {
    const row = await this.existing(id);
    const participant = row.leadId === user.userId || row.interpretations.some((i) => i.ownerId === user.userId);
    if (!participant && !(await this.publications.canRead(user, row.policyPublicationId))) {
      throw new ForbiddenException('您无权查看该政策包：只有牵头人、解读起草人和可查看该政策的人员可以查看');
    }
    return row;
  }
}

function interpretationOf(row: PolicyPackageRow, iid: string): PolicyInterpretationRow {
  const found = row.interpretations.find((i) => i.id === iid);
  if (!found) throw new NotFoundException(`解读不存在：${iid}`);
  return found;
}

function iso(value: Date | string | null | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

type InterpretationSource = Pick<PolicyInterpretationRow, 'id' | 'form' | 'ownerId' | 'ownerName' | 'status' | 'version'> & {
  deferred?: boolean;
  dueAt?: Date | string | null;
  late?: boolean;
  title?: string | null;
  returnedReason?: string;
  indexNumber?: string | null;
  publishedAt?: Date | string | null;
  publicationId?: string | null;
};

function interpretationView(i: InterpretationSource): InterpretationDto {
  return {
    id: i.id,
    form: i.form,
    ownerId: i.ownerId,
    ownerName: i.ownerName,
    status: i.status,
    version: i.version,
    ...(i.title ? { title: i.title } : {}),
    ...(i.returnedReason ? { returnedReason: i.returnedReason } : {}),
    ...(i.deferred ? { deferred: true } : {}),
    ...(i.dueAt ? { dueAt: iso(i.dueAt) } : {}),
    ...(i.dueAt ? { late: i.late === true } : {}),
    ...(i.indexNumber ? { indexNumber: i.indexNumber } : {}),
    ...(i.publishedAt ? { publishedAt: iso(i.publishedAt) } : {}),
    ...(i.publicationId ? { publicationId: i.publicationId } : {}),
  };
}

/**
 * The package as the live workflow holds it when it answers, else as last
 * projected; index numbers come from the rows (the publish transaction writes
 * them). A package in review whose policy was sent back reads `returned`.
 */
export function packageView(row: PolicyPackageRow, live?: PolicyPackageState): PolicyPackageDto {
  const state = live ?? row.state ?? undefined;
  const interpretations = row.interpretations.map((r) => {
    const s = state?.interpretations.find((i) => i.id === r.id);
    return interpretationView({
      ...r,
      ...(s
        ? {
            // The retraction's transaction writes the rows; a finished package's last state does not know of it.
            status: r.status === 'retracted' ? 'retracted' : r.indexNumber && s.status !== 'retracted' ? 'published' : s.status,
            version: s.version,
            title: s.title ?? r.title,
            returnedReason: s.returnedReason,
            deferred: s.deferred,
            dueAt: s.dueAt ?? r.dueAt,
            late: s.late ?? r.late,
            publicationId: r.publicationId ?? s.publicationId,
          }
        : {}),
    });
  });
  const status = row.status === 'retracted' ? 'retracted' : (state?.status ?? row.status);
  const policyPublished = row.policyStatus === 'published';
  return {
    id: row.id,
    policyId: row.policyPublicationId,
    title: row.policyTitle,
    leadId: row.leadId,
    leadName: row.leadName,
    status: status === 'in_review' && row.policyStatus === 'returned' ? 'returned' : status === 'in_review' && policyPublished ? 'published' : status,
    policyVersion: row.policyVersion,
    interpretations,
    ...(row.deferralReason ? { deferral: { reason: row.deferralReason } } : {}),
    ...(state?.bundle ? { bundle: state.bundle } : {}),
    // The publish transaction writes these on the policy's row; the package learns them after.
    ...(row.policyIndexNumber ? { indexNumber: row.policyIndexNumber } : {}),
    ...(row.policyPublishedAt ? { publishedAt: iso(row.policyPublishedAt) } : {}),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

