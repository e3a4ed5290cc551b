import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AttachmentDto, ATTRIBUTES, STATUSES } from './publication.dto';
import { REVIEW_ACTIONS, type ReviewAction } from '@gongkai/domain';

export class PersonDto {
  @ApiProperty({ example: 'wangqiang' })
  userId!: string;

  @ApiProperty({ example: '王强' })
  name!: string;
}

export class StageDto {
  @ApiProperty({ example: 1, description: '审核级别' })
  level!: number;

  @ApiProperty({ example: 'section_head', enum: ['section_head', 'leader', 'principal'] })
  role!: string;

  @ApiProperty({ example: '科室负责人' })
  label!: string;

  @ApiProperty({ example: 'lina', description: '经办人用户名' })
  assignee!: string;

  @ApiProperty({ example: '李娜' })
  assigneeName!: string;

  @ApiPropertyOptional({ type: PersonDto, description: '经办人代为处理时：原持有人' })
  delegateOf?: PersonDto;

  @ApiProperty({ type: [String], description: '可以处理此步骤的用户' })
  deciders!: string[];

  @ApiProperty({ description: '进入此步骤的时间' })
  since!: string;

  @ApiPropertyOptional({ description: '催办时间' })
  remindAt?: string;

  @ApiPropertyOptional({ description: '到期（逾期升级）时间' })
  dueAt?: string;

  @ApiProperty()
  reminded!: boolean;

  @ApiProperty()
  escalated!: boolean;
}

export class RouteLevelDto {
  @ApiProperty() level!: number;
  @ApiProperty() role!: string;
  @ApiProperty() label!: string;
}

export class DecisionBundleVersionDto {
  @ApiProperty({ description: '解读 id' }) id!: string;
  @ApiProperty() version!: number;
}

/** A policy package's review: the versions one signature covered (同步审签). */
export class DecisionBundleDto {
  @ApiProperty() policyVersion!: number;
  @ApiProperty({ type: [DecisionBundleVersionDto] }) interpretations!: DecisionBundleVersionDto[];
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject', 'request_changes'] }) kind!: string;
  @ApiProperty() level!: number;
  @ApiProperty() role!: string;
  @ApiProperty() version!: number;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorName!: string;
  @ApiPropertyOptional() onBehalfOf?: string;
  @ApiPropertyOptional() comment?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ example: { conclusion: 'not_secret', note: '不涉密' } }) confidentiality?: { conclusion: string; note?: string };
  @ApiProperty() at!: string;
  @ApiPropertyOptional({ type: DecisionBundleDto, description: '政策包的审核：该意见涵盖的政策版本和各解读版本' }) bundle?: DecisionBundleDto;
}

export class ScreenedPartDto {
  @ApiProperty({ description: '解读 id' }) interpretationId!: string;
  @ApiProperty({ description: '送审的解读版本' }) version!: number;
  @ApiProperty({ example: 'text' }) form!: string;
  @ApiProperty({ example: '文字解读（张伟）', description: '解读形式及起草人' }) label!: string;
}

export class FindingDto {
  @ApiProperty({ example: 'id_card' }) kind!: string;
  @ApiProperty({ enum: ['block', 'warn'] }) severity!: string;
  @ApiProperty() text!: string;
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty() suggestion!: string;
  @ApiPropertyOptional({ enum: ['title', 'body'], description: '在标题还是正文中（有 part 时指该解读的标题或正文）' }) field?: string;
  @ApiPropertyOptional({ type: ScreenedPartDto, description: '政策包送审时：发现所在的解读；省略时在政策本身' }) part?: ScreenedPartDto;
}

/** What a list row shows: the projection only. */
export class PublicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'jichu' }) departmentId!: string;
  @ApiProperty({ example: '基础教育科' }) departmentName!: string;
  @ApiProperty() authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: ATTRIBUTES }) attribute!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ description: '更细的阶段：screening、awaiting_acknowledgement、publishing…' }) phase!: string;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ type: StageDto, nullable: true, description: '审核中时的当前步骤' }) stage!: StageDto | null;
  @ApiPropertyOptional({ nullable: true, example: '003012345/2026-00001' }) indexNumber!: string | null;
  @ApiPropertyOptional({ nullable: true }) publishedAt!: string | null;
  @ApiProperty({ description: '成文后超过 20 个工作日才发布（条例第二十六条）' }) overdue!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class PublicationPageDto {
  @ApiProperty({ type: [PublicationSummaryDto] }) items!: PublicationSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** One item: the record, its current draft and the live review state. */
export class PublicationDto extends PublicationSummaryDto {
  @ApiPropertyOptional({ nullable: true }) attributeReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) documentNumber!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '2026-03-02' }) writtenDate!: string | null;
  @ApiProperty({ enum: ['现行有效', '已废止'] }) validity!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: ['text', 'html'] }) bodyFormat!: string;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @ApiProperty({ type: [RouteLevelDto] }) route!: RouteLevelDto[];
  @ApiProperty({ type: [DecisionDto] }) decisions!: DecisionDto[];
  @ApiProperty({ type: [FindingDto], description: '自动检查的发现（block 须修改后重新提交；warn 须确认）' }) findings!: FindingDto[];
  @ApiProperty() warningsAcknowledged!: boolean;
  @ApiPropertyOptional({ nullable: true, description: '退回 / 撤回的原因' }) closingReason!: string | null;
  @ApiProperty({ description: 'true：状态来自工作流实时查询；false：来自读模型（工作流繁忙或已结束）' }) live!: boolean;
  @ApiProperty({
    type: [String],
    enum: REVIEW_ACTIONS,
    description:
      '当前用户此刻可对该稿件执行的操作（与工作流校验同一套规则）：submit 提交、acknowledge-warnings 确认检查提示、approve 通过、reject 退回、request-changes 要求修改、revise 修订、withdraw 撤回（未发布）、retract 撤回已发布信息（主要负责人）。客户端据此显示按钮，无须自行判断；版本号、理由等参数仍在提交时校验',
  })
  allowedActions!: ReviewAction[];
}

export class TimelineEventDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, description: '工作流写入的序号；API 记录的被拒操作为 null' }) seq!: number | null;
  @ApiProperty({ example: 'approved', description: 'created、submitted、review_started、approved、rejected、refused、published…' }) kind!: string;
  @ApiPropertyOptional({ nullable: true }) actorId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true }) version!: number | null;
  @ApiProperty() at!: string;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) detail!: Record<string, unknown> | null;
}

export class VersionSummaryDto {
  @ApiProperty() version!: number;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true }) documentNumber!: string | null;
  @ApiPropertyOptional({ nullable: true }) writtenDate!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class VersionDto extends VersionSummaryDto {
  @ApiProperty() body!: string;
  @ApiProperty({ enum: ['text', 'html'] }) bodyFormat!: string;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
}

export class DiffLineDto {
  @ApiProperty({ enum: [' ', '+', '-'], description: '" " 相同，"+" 新增，"-" 删除' }) op!: ' ' | '+' | '-';
  @ApiProperty() text!: string;
}

export class VersionDiffDto {
  @ApiProperty({ description: '旧版本' }) from!: number;
  @ApiProperty({ description: '新版本' }) to!: number;
  @ApiProperty({ type: [DiffLineDto] }) title!: DiffLineDto[];
  @ApiProperty({ type: [DiffLineDto] }) body!: DiffLineDto[];
  @ApiProperty({ description: '其他变化的字段', type: [String] }) changedFields!: string[];
}

export class TaskDto {
  @ApiProperty() taskId!: string;
  @ApiProperty({ format: 'uuid' }) publicationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty() departmentName!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() category!: string;
  @ApiProperty() level!: number;
  @ApiProperty() role!: string;
  @ApiProperty({ description: '待审的稿件版本' }) version!: number;
  @ApiPropertyOptional({ nullable: true, description: '代为处理时：原持有人用户名' }) delegateOf!: string | null;
  @ApiProperty({ description: '任务产生时间' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) remindAt!: string | null;
  @ApiPropertyOptional({ nullable: true, description: '到期时间' }) dueAt!: string | null;
  @ApiProperty({ description: '已超过到期时间（同 overdue，保留给旧客户端）' }) late!: boolean;
  @ApiProperty({
    enum: ['review', 'interpretation', 'consultation', 'reply', 'request'],
    example: 'review',
    description: '待办类别：review 审核、interpretation 解读起草、request 依申请公开（publicationId 为申请 id）',
  })
  kind!: 'review' | 'interpretation' | 'consultation' | 'reply' | 'request';
  @ApiProperty({ example: '审核', description: '待办类别名称' }) kindLabel!: string;
  @ApiPropertyOptional({
    nullable: true,
    example: 2,
    description: '距到期日还有几个工作日（今天到到期日，按工作日历；逾期为负数）；没有到期时间时为 null',
  })
  workingDaysLeft!: number | null;
  @ApiProperty({ description: '已逾期（超过到期时间）' }) overdue!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: '解读起草（kind=interpretation）：政策包 id（/policies/:packageId）' }) packageId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '解读起草：解读 id' }) interpretationId?: string;
  @ApiPropertyOptional({ description: '解读起草：解读形式' }) form?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '依申请公开（kind=request）：申请 id（GET /requests/:id）' }) requestId?: string;
  @ApiPropertyOptional({ description: '依申请公开：查询码' }) trackingCode?: string;
  @ApiPropertyOptional({
    enum: ['awaiting_confirmation', 'registered', 'awaiting_clarification', 'third_party', 'replying'],
    description: '依申请公开：申请状态',
  })
  requestStatus?: string;
  @ApiPropertyOptional({ description: '依申请公开：期限是否在计算（等待补正、征求第三方意见时暂停，网上申请确认收到前未起算）' }) clockRunning?: boolean;
  @ApiPropertyOptional({ example: '2026-12-18', description: '依申请公开：答复期限（YYYY-MM-DD，期限暂停时没有）' }) dueOn?: string;
  @ApiPropertyOptional({ example: 12, description: '依申请公开：期限暂停时尚余的工作日数（恢复计算后还有几个工作日）' }) workingDaysRemainingWhenStopped?: number;
  @ApiPropertyOptional({ example: '审批答复', description: '依申请公开：下一步要做什么' }) stepLabel?: string;
}
