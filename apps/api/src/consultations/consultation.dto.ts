/** The HTTP shapes of 征求意见 (issue 12): staff endpoints, public views and public comments. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DISPOSITION_DECISIONS, type DispositionDecision } from '@gongkai/contracts';
import { MAX_PAGE } from '../publications/publication.dto';
import { OptionalVisibleTextField, VisibleTextField } from '../publications/visible-text.validators';

export const CONSULTATION_STATUSES = ['draft', 'in_review', 'open', 'closed', 'concluded', 'withdrawn'] as const;
/** The longest comment a member of the public may send. */
export const MAX_COMMENT_LENGTH = 5000;

export class CreateConsultationDto {
  @ApiProperty({ example: '关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告', maxLength: 200 })
  @VisibleTextField('标题', 200)
  title!: string;

  @ApiProperty({ description: '征求意见稿全文', maxLength: 200_000 })
  @VisibleTextField('征求意见稿', 200_000)
  draftBody!: string;

  @ApiProperty({ description: '起草说明', maxLength: 50_000 })
  @VisibleTextField('起草说明', 50_000)
  explanation!: string;

  @ApiProperty({ example: 30, minimum: 1, maximum: 365, description: '征求意见期（日历日，发布当日不计）；少于 30 日须说明理由' })
  @IsInt({ message: 'days 必须是 1–365 的整数' })
  @Min(1, { message: 'days 必须是 1–365 的整数' })
  @Max(365, { message: 'days 必须是 1–365 的整数' })
  days!: number;

  @ApiPropertyOptional({ description: '征求意见期少于 30 日的理由（随公告公开）', maxLength: 500 })
  @OptionalVisibleTextField('缩短征求意见期的理由', 500)
  shortReason?: string;

  @ApiPropertyOptional({ description: '联系方式（仅工作人员可见，不公开）', maxLength: 200 })
  @OptionalVisibleTextField('联系方式', 200)
  contact?: string;
}

export class ExtensionDto {
  @ApiProperty() days!: number;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ description: '延长后的截止时间' }) closesAt!: string;
}

export class ConsultationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '公告的稿件 id（/publications/:noticeId 提交、审核）' }) noticeId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: CONSULTATION_STATUSES }) status!: string;
  @ApiProperty() days!: number;
  @ApiPropertyOptional() shortReason?: string;
  @ApiPropertyOptional({ description: '开始征求意见的时间（公告发布时间）' }) opensAt?: string;
  @ApiPropertyOptional({ description: '截止时间（北京时间最后一日 23:59:59）' }) closesAt?: string;
  @ApiPropertyOptional() closedAt?: string;
  @ApiProperty({ type: [ExtensionDto] }) extensions!: ExtensionDto[];
  @ApiProperty() commentCount!: number;
  @ApiProperty() clusterCount!: number;
  @ApiPropertyOptional() noticeIndexNumber?: string;
  @ApiPropertyOptional({ description: '意见采纳情况反馈的稿件 id' }) feedbackId?: string;
  @ApiPropertyOptional() feedbackIndexNumber?: string;
  @ApiPropertyOptional({ description: '反馈应发布的期限（截止后 N 个工作日）' }) feedbackDueAt?: string;
  @ApiPropertyOptional({ description: '反馈已逾期（由工作流定时器标记）' }) feedbackLate?: boolean;
  @ApiProperty() departmentId!: string;
  @ApiProperty() departmentName!: string;
  @ApiProperty() authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() createdAt!: string;
}

export class ConsultationDetailDto extends ConsultationDto {
  @ApiProperty() draftBody!: string;
  @ApiProperty() explanation!: string;
  @ApiPropertyOptional({ description: '仅工作人员可见' }) contact?: string;
}

export class ConsultationPageDto {
  @ApiProperty({ type: [ConsultationDto] }) items!: ConsultationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page 必须是正整数' })
  @Min(1, { message: 'page 必须是正整数' })
  @Max(MAX_PAGE, { message: `page 不能超过 ${MAX_PAGE}` })
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize 必须是 1–100 的整数' })
  @Min(1, { message: 'pageSize 必须是 1–100 的整数' })
  @Max(100, { message: 'pageSize 必须是 1–100 的整数' })
  pageSize?: number;
}

export class ListConsultationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @IsOptional()
  @IsIn(CONSULTATION_STATUSES, { message: `status 只能是 ${CONSULTATION_STATUSES.join('、')} 之一` })
  status?: (typeof CONSULTATION_STATUSES)[number];

  @ApiPropertyOptional({ description: '起草科室 id' })
  @IsOptional()
  @IsString({ message: 'departmentId 只能出现一次' })
  @MaxLength(100, { message: 'departmentId 不能超过 100 个字符' })
  departmentId?: string;
}

export class ExtendConsultationDto {
  @ApiProperty({ example: 10, minimum: 1, maximum: 365, description: '延长的日历日数' })
  @IsInt({ message: 'days 必须是 1–365 的整数' })
  @Min(1, { message: 'days 必须是 1–365 的整数' })
  @Max(365, { message: 'days 必须是 1–365 的整数' })
  days!: number;

  @ApiProperty({ description: '延长理由（随延期公告公开）', maxLength: 500 })
  @VisibleTextField('延长理由', 500)
  reason!: string;
}

export class ExtendedDto {
  @ApiProperty({ description: '新的截止时间' }) closesAt!: string;
  @ApiProperty({ type: [ExtensionDto] }) extensions!: ExtensionDto[];
}

export class StaffCommentDto {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '仅工作人员可见' }) contact!: string | null;
  @ApiProperty({ nullable: true, type: String }) clause!: string | null;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() clusterId!: string;
  @ApiProperty({ description: '同一意见（去除空格标点后相同）的条数' }) clusterSize!: number;
}

export class ClusterDto {
  @ApiProperty() id!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: '代表意见原文（工作人员可见）' }) text!: string;
  @ApiPropertyOptional({ enum: DISPOSITION_DECISIONS }) decision?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() decidedAt?: string;
}

export class DispositionDto {
  @ApiProperty({ enum: DISPOSITION_DECISIONS, description: 'adopted 采纳、partly_adopted 部分采纳、not_adopted 不予采纳、not_applicable 不适用' })
  @IsIn(DISPOSITION_DECISIONS, { message: `decision 只能是 ${DISPOSITION_DECISIONS.join('、')} 之一` })
  decision!: DispositionDecision;

  @ApiPropertyOptional({ description: '理由（除“采纳”外必填，将写入反馈）', maxLength: 2000 })
  @OptionalVisibleTextField('处理理由', 2000)
  reason?: string;
}

export class FeedbackCreatedDto {
  @ApiProperty({ description: '意见采纳情况反馈的稿件 id：可修改后经 /publications/:feedbackId/submit 提交审核' })
  feedbackId!: string;
}

// ------------------------------------------------------------------ public

export class PublicConsultationDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'closed', 'concluded'] }) status!: string;
  @ApiProperty() days!: number;
  @ApiPropertyOptional({ description: '征求意见期少于 30 日的理由' }) shortReason?: string;
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
  @ApiProperty({ type: [ExtensionDto] }) extensions!: ExtensionDto[];
  @ApiProperty() commentCount!: number;
  @ApiProperty() departmentName!: string;
  @ApiPropertyOptional({ description: '公告的索引号' }) noticeIndexNumber?: string;
  @ApiPropertyOptional({ description: '意见采纳情况反馈的索引号（发布后）' }) feedbackIndexNumber?: string;
}

export class PublicConsultationDetailDto extends PublicConsultationDto {
  @ApiProperty({ description: '征求意见稿' }) draftBody!: string;
  @ApiProperty({ description: '起草说明' }) explanation!: string;
}

export class PublicConsultationPageDto {
  @ApiProperty({ type: [PublicConsultationDto] }) items!: PublicConsultationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class PublicConsultationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'concluded'] })
  @IsOptional()
  @IsIn(['open', 'closed', 'concluded'], { message: 'status 只能是 open、closed、concluded 之一' })
  status?: 'open' | 'closed' | 'concluded';
}

export class PublicCommentDto {
  @ApiProperty({ description: `意见内容（1–${MAX_COMMENT_LENGTH} 字）`, maxLength: MAX_COMMENT_LENGTH })
  @VisibleTextField('意见内容', MAX_COMMENT_LENGTH)
  text!: string;

  @ApiPropertyOptional({ description: '姓名（可不填；不公开）', maxLength: 50 })
  @OptionalVisibleTextField('姓名', 50)
  name?: string;

  @ApiPropertyOptional({ description: '联系方式（可不填；仅工作人员可见，不公开）', maxLength: 100 })
  @OptionalVisibleTextField('联系方式', 100)
  contact?: string;

  @ApiPropertyOptional({ description: '针对的条款（如“第五条”）', maxLength: 100 })
  @OptionalVisibleTextField('条款', 100)
  clause?: string;
}

export class CommentReceiptDto {
  @ApiProperty({ example: 'ZQ-7K3M-9QX2-TB4H', description: '回执号：凭此可确认意见已收到' }) receipt!: string;
  @ApiProperty() receivedAt!: string;
}
