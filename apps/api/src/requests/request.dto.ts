/** The HTTP shapes of 依申请公开 (issue 13). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Transform } from 'class-transformer';
import { LEGAL_PERSON_CATEGORIES, REQUEST_CHANNELS, REQUEST_OUTCOMES, REQUESTER_KINDS } from '@gongkai/contracts';
import { MAX_PAGE } from '../publications/publication.dto';
import { IsCivilDate } from '../publications/publication.validators';
import { BlankAsMissing, OptionalVisibleTextField, VisibleTextField } from '../publications/visible-text.validators';

const civilDate = (label: string): PropertyDecorator => (target, key) =>
  [IsString({ message: `${label}必须是 YYYY-MM-DD 日期` }), IsCivilDate({ message: `${label}必须是有效的 YYYY-MM-DD 日期` })].forEach((d) => d(target, key));

export const REQUEST_STATUSES = ['awaiting_confirmation', 'registered', 'awaiting_clarification', 'third_party', 'replying', 'closed'] as const;

export class RequesterDto {
  @ApiProperty({ enum: REQUESTER_KINDS, description: 'natural_person 自然人；legal_person 法人或其他组织' })
  @IsIn(REQUESTER_KINDS, { message: `申请人类型只能是 ${REQUESTER_KINDS.join('、')}` })
  kind!: (typeof REQUESTER_KINDS)[number];

  @ApiPropertyOptional({ enum: LEGAL_PERSON_CATEGORIES, description: '法人或其他组织的类别（年报表三的列）：商业企业、科研机构、社会公益组织、法律服务机构、其他' })
  @IsOptional()
  @IsIn(LEGAL_PERSON_CATEGORIES, { message: `申请人类别只能是 ${LEGAL_PERSON_CATEGORIES.join('、')}` })
  category?: (typeof LEGAL_PERSON_CATEGORIES)[number];

  @ApiProperty({ description: '姓名或名称（不公开）' })
  @VisibleTextField('申请人姓名或名称', 200)
  name!: string;

  @ApiPropertyOptional({ description: '身份证件号码（不公开）' })
  @OptionalVisibleTextField('证件号码', 50)
  idNumber?: string;

  @ApiProperty({ description: '联系方式（不公开）' })
  @VisibleTextField('联系方式', 200)
  contact!: string;

  @ApiPropertyOptional({ description: '通信地址（不公开）' })
  @OptionalVisibleTextField('通信地址', 500)
  address?: string;
}

export class PublicRequestDto {
  @ApiPropertyOptional({ example: 'demo', description: '受理机关（机关编号）；本系统只有一个机关时可不填' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: 'organisation 必须是机关编号字符串' })
  @MaxLength(100, { message: 'organisation 不能超过 100 个字符' })
  organisation?: string;

  @ApiProperty({ type: RequesterDto })
  @IsObject({ message: 'requester 必须是对象' })
  @ValidateNested()
  @Type(() => RequesterDto)
  requester!: RequesterDto;

  @ApiProperty({ description: '申请公开的政府信息的名称、文号或者便于查询的其他特征性描述' })
  @VisibleTextField('申请内容', 5000)
  content!: string;

  @ApiPropertyOptional({ description: '用途（可不填）' })
  @OptionalVisibleTextField('用途', 1000)
  purpose?: string;
}

export class CreateRequestDto extends PublicRequestDto {
  @ApiProperty({ enum: REQUEST_CHANNELS, description: '收到渠道：当面、挂号信、平信、网上、传真、电子邮件（决定收到日期，条例第三十一条）' })
  @IsIn(REQUEST_CHANNELS, { message: `channel 只能是 ${REQUEST_CHANNELS.join('、')}` })
  channel!: (typeof REQUEST_CHANNELS)[number];

  @ApiProperty({ example: '2026-03-02', description: '收到日期：当面为提交当日；挂号信为签收之日；平信、网上、传真、电子邮件为双方确认之日' })
  @civilDate('receivedOn')
  receivedOn!: string;
}

export class ConfirmRequestDto {
  @ApiProperty({ example: '2026-03-03', description: '确认收到的日期（即收到日期）' })
  @civilDate('confirmedOn')
  confirmedOn!: string;
}

export class ClarificationDto {
  @ApiProperty({ type: [String], description: '一次性告知需要补正的事项' })
  @IsArray({ message: 'items 必须是数组' })
  @ArrayMinSize(1, { message: '至少列出一项需要补正的事项' })
  @ArrayMaxSize(50, { message: '补正事项不能超过 50 项' })
  @IsString({ each: true, message: '补正事项必须是字符串' })
  @IsNotEmpty({ each: true, message: '补正事项不能为空' })
  @MaxLength(1000, { each: true, message: '每项补正事项不能超过 1000 个字符' })
  items!: string[];

  @ApiProperty({ description: '补正通知发出日期（须在收到之日起 7 个工作日内）' })
  @civilDate('sentOn')
  sentOn!: string;

  @ApiProperty({ description: '补正期限' })
  @civilDate('replyBy')
  replyBy!: string;
}

export class ClarifiedDto {
  @ApiProperty({ description: '收到补正后申请的日期（期限自次日重新计算）' })
  @civilDate('receivedOn')
  receivedOn!: string;
}

export class ThirdPartyDto {
  @ApiProperty({ description: '第三方名称' })
  @VisibleTextField('第三方', 200)
  party!: string;

  @ApiProperty({ description: '书面征求意见的日期' })
  @civilDate('sentOn')
  sentOn!: string;
}

export class ThirdPartyAnswerDto {
  @ApiProperty()
  @civilDate('receivedOn')
  receivedOn!: string;

  @ApiProperty({ enum: ['agree', 'object', 'none'], description: '同意公开、不同意公开、未表态' })
  @IsIn(['agree', 'object', 'none'], { message: 'opinion 只能是 agree、object、none' })
  opinion!: 'agree' | 'object' | 'none';
}

export class ExtendRequestDto {
  @ApiProperty({ description: '延长理由（告知申请人）' })
  @VisibleTextField('延长理由', 1000)
  reason!: string;
}

export class DraftReplyDto {
  @ApiProperty({ enum: REQUEST_OUTCOMES, description: '处理结果，对应年报表三的行' })
  @IsIn(REQUEST_OUTCOMES, { message: 'outcome 不是年报表三的处理结果之一' })
  outcome!: (typeof REQUEST_OUTCOMES)[number];

  @ApiProperty({ description: '答复正文' })
  @VisibleTextField('答复正文', 20_000)
  body!: string;

  @ApiPropertyOptional({ description: '“不属于本机关负责公开”时，负责公开的机关' })
  @OptionalVisibleTextField('负责机关', 200)
  responsibleAgency?: string;
}

export class ApproveReplyDto {
  @ApiPropertyOptional()
  @OptionalVisibleTextField('审批意见', 1000)
  comment?: string;
}

export class ReturnReplyDto {
  @ApiProperty()
  @VisibleTextField('退回理由', 1000)
  reason!: string;
}

export class IssueReplyDto {
  @ApiProperty()
  @civilDate('issuedOn')
  issuedOn!: string;

  @ApiProperty({ description: '送达方式，如 邮寄、当面、电子邮件' })
  @VisibleTextField('送达方式', 100)
  deliveredBy!: string;
}

export class ListRequestsQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status 只能是 ${REQUEST_STATUSES.join('、')} 之一` })
  status?: (typeof REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ description: '未办结且在此日期（含）前到期' })
  @IsOptional()
  @civilDate('dueBefore')
  dueBefore?: string;

  @ApiPropertyOptional({ description: 'true：已逾期；false：未逾期' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue 只能是 true 或 false' })
  overdue?: boolean;

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

// ------------------------------------------------------------------ answers

export class RequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() trackingCode!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: string;
  @ApiPropertyOptional() receivedOn?: string;
  @ApiPropertyOptional({ description: '答复期限（期限暂停时不显示）' }) dueOn?: string;
  @ApiProperty() clockRunning!: boolean;
  @ApiProperty() extended!: boolean;
  @ApiPropertyOptional({ enum: REQUEST_OUTCOMES }) outcome?: string;
  @ApiPropertyOptional() issuedOn?: string;
  @ApiPropertyOptional() onTime?: boolean;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ example: 12, description: '未办结且期限在计算时：今天到答复期限的工作日数（按工作日历，逾期为负数）；GET /requests 与 GET /requests/:id 提供' })
  workingDaysLeft?: number;
  @ApiProperty({ enum: REQUEST_CHANNELS }) channel!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ description: '申请人（仅工作人员可见）' }) requester!: RequesterDto;
  @ApiPropertyOptional({ description: '答复（拟办、审批、送达）' }) reply?: Record<string, unknown>;
  @ApiPropertyOptional({ description: '征求第三方意见' }) thirdParties?: Record<string, unknown>[];
  @ApiPropertyOptional({ description: '补正通知' }) clarification?: Record<string, unknown>;
}

export class CreatedRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() trackingCode!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional() receivedOn?: string;
  @ApiPropertyOptional() dueOn?: string;
}

export class RequestPageDto {
  @ApiProperty({ type: [RequestDto] }) items!: RequestDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class DeadlineEventDto {
  @ApiProperty() at!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ description: '事件及其对期限的影响' }) note!: string;
  @ApiPropertyOptional({ description: '事件后的答复期限' }) dueOn?: string;
}

export class DeadlineDto {
  @ApiPropertyOptional() receivedOn?: string;
  @ApiPropertyOptional() dueOn?: string;
  @ApiProperty() clockRunning!: boolean;
  @ApiProperty({ description: '已计算的工作日' }) workingDaysUsed!: number;
  @ApiProperty({ description: '剩余工作日' }) workingDaysLeft!: number;
  @ApiProperty() extended!: boolean;
  @ApiProperty({ type: [DeadlineEventDto] }) events!: DeadlineEventDto[];
}

/** An agency that takes requests (the public filing names it where an installation has several). */
export class AgencyDto {
  @ApiProperty({ example: 'demo' }) id!: string;
  @ApiProperty({ example: '示范市教育局' }) name!: string;
}

export class TrackingDto {
  @ApiProperty() trackingCode!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: string;
  @ApiPropertyOptional() receivedOn?: string;
  @ApiPropertyOptional() dueOn?: string;
  @ApiPropertyOptional() issuedOn?: string;
}

export class ThirdPartyCreatedDto {
  @ApiProperty() thirdPartyId!: string;
}
