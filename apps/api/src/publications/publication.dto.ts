import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { DisclosureAttribute } from '@gongkai/contracts';
import { PG_INTEGER_MAX } from '../common/int-param.pipe';
import { IsCivilDate, IsCleanNoticeHtml, IsDocumentNumber } from './publication.validators';
import { BlankAsMissing, HasNoBidiControls, IsVisibleText } from './visible-text.validators';

export const ATTRIBUTES: readonly DisclosureAttribute[] = ['proactive', 'on_request', 'not_disclosed'];
export const VALIDITIES = ['现行有效', '已废止'] as const;
export const BODY_FORMATS = ['text', 'html'] as const;
export const STATUSES = ['draft', 'returned', 'in_review', 'published', 'withdrawn', 'retracted'] as const;
/** Where an item in flight is: the dashboard's stages (GET /dashboard inFlight[].stage). */
export const IN_FLIGHT_STAGES = ['draft', 'returned', 'screening', 'section_review', 'leader_review', 'principal_review', 'publishing'] as const;
export type InFlightStage = (typeof IN_FLIGHT_STAGES)[number];
/** `stage=` of the list: a review level, or a dashboard stage. */
export const STAGE_FILTERS = ['1', '2', '3', ...IN_FLIGHT_STAGES] as const;

export class AttachmentDto {
  @ApiProperty({ example: '附件1.pdf' })
  @IsString({ message: '附件名必须是字符串' })
  @IsNotEmpty({ message: '附件名不能为空' })
  @MaxLength(255, { message: '附件名不能超过 255 个字符' })
  @IsVisibleText('附件名')
  @HasNoBidiControls('附件名')
  name!: string;

  @ApiProperty({ example: 102400, description: '字节数' })
  @IsInt({ message: '附件大小必须是整数（字节）' })
  @Min(0, { message: '附件大小不能为负数' })
  size!: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 必须是 64 位十六进制摘要' })
  sha256!: string;
}

/** The draft fields an author writes (create and revise share them). */
export class DraftContentDto {
  @ApiProperty({ example: '关于做好2026年义务教育招生工作的通知', maxLength: 200 })
  @IsString({ message: '标题必须是字符串' })
  @IsNotEmpty({ message: '标题不能为空' })
  @MaxLength(200, { message: '标题不能超过 200 个字符' })
  @IsVisibleText('标题')
  @HasNoBidiControls('标题')
  title!: string;

  @ApiProperty({ description: '正文：纯文本，或经过清理的 HTML（bodyFormat=html）' })
  @IsString({ message: '正文必须是字符串' })
  @IsNotEmpty({ message: '正文不能为空' })
  @MaxLength(500_000, { message: '正文不能超过 500000 个字符' })
  @IsCleanNoticeHtml()
  body!: string;

  @ApiPropertyOptional({ enum: BODY_FORMATS, default: 'text' })
  @IsOptional()
  @IsIn(BODY_FORMATS, { message: 'bodyFormat 只能是 text 或 html' })
  bodyFormat?: (typeof BODY_FORMATS)[number];

  @ApiPropertyOptional({ example: '示教〔2026〕5号', description: '文号，GB/T 9704：机关代字〔年份〕序号号' })
  @IsOptional()
  @IsString({ message: '文号必须是字符串' })
  @IsDocumentNumber()
  documentNumber?: string;

  @ApiProperty({ example: '2026-03-02', description: '成文日期 YYYY-MM-DD' })
  @IsCivilDate()
  writtenDate!: string;

  @ApiPropertyOptional({ enum: VALIDITIES, default: '现行有效' })
  @IsOptional()
  @IsIn(VALIDITIES, { message: '有效性只能是 现行有效 或 已废止' })
  validity?: (typeof VALIDITIES)[number];

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray({ message: '附件必须是数组' })
  @ArrayMaxSize(50, { message: '附件不能超过 50 个' })
  // ValidateNested alone passes an array inside the array unchecked (then a 500 reading its sha256).
  @IsObject({ each: true, message: '每个附件必须是对象 {name, size, sha256}' })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class CreatePublicationDto extends DraftContentDto {
  @ApiProperty({ example: '规范性文件', description: '主题分类（公开目录中的分类代码）' })
  @IsString({ message: '主题分类必须是字符串' })
  @IsNotEmpty({ message: '主题分类不能为空' })
  category!: string;

  @ApiProperty({ enum: ATTRIBUTES, description: '公开属性：主动公开 / 依申请公开 / 不予公开' })
  @IsIn(ATTRIBUTES, { message: '公开属性只能是 proactive、on_request 或 not_disclosed' })
  attribute!: DisclosureAttribute;

  @ApiPropertyOptional({ description: '依申请公开、不予公开时必填：法定理由' })
  @ValidateIf((dto: CreatePublicationDto) => dto.attribute !== 'proactive' || dto.attributeReason !== undefined)
  @IsString({ message: '公开属性理由必须是字符串' })
  @IsNotEmpty({ message: '依申请公开或不予公开必须说明法定理由' })
  @MaxLength(500, { message: '公开属性理由不能超过 500 个字符' })
  @IsVisibleText('公开属性理由')
  @HasNoBidiControls('公开属性理由')
  attributeReason?: string;
}

export class VersionedActionDto {
  @ApiProperty({ example: 1, description: '操作所针对的稿件版本（GET 返回的 version）' })
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  version!: number;
}

export class ConfidentialityDto {
  @ApiProperty({ enum: ['not_secret', 'secret'], description: '保密审查结论；secret 将停止发布' })
  @IsIn(['not_secret', 'secret'], { message: '保密审查结论只能是 not_secret 或 secret' })
  conclusion!: 'not_secret' | 'secret';

  @ApiPropertyOptional({ example: '经审查不涉及国家秘密' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: '保密审查说明必须是字符串' })
  @MaxLength(1000, { message: '保密审查说明不能超过 1000 个字符' })
  @HasNoBidiControls('保密审查说明')
  note?: string;
}

class DecisionBaseDto extends VersionedActionDto {
  @ApiPropertyOptional({ example: 1, description: '审核人看到的当前级别；省略时取读模型中的当前级别（用于识别并发决定）' })
  @IsOptional()
  @IsInt({ message: 'level 必须是正整数' })
  @Min(1, { message: 'level 必须是正整数' })
  level?: number;
}

export class ApproveDto extends DecisionBaseDto {
  @ApiPropertyOptional({ example: '同意发布' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: '审核意见必须是字符串' })
  @MaxLength(2000, { message: '审核意见不能超过 2000 个字符' })
  @HasNoBidiControls('审核意见')
  comment?: string;

  @ApiPropertyOptional({ type: ConfidentialityDto, description: '第一级（科室负责人）必填' })
  @IsOptional()
  @IsObject({ message: '保密审查结论必须是对象 {conclusion, note}' })
  @ValidateNested()
  @Type(() => ConfidentialityDto)
  confidentiality?: ConfidentialityDto;
}

/** Reject and request changes: the reason is required (the workflow refuses an empty one with 422). */
export class ReturnDecisionDto extends DecisionBaseDto {
  @ApiPropertyOptional({ example: '数据口径需与统计公报一致', description: '必填；缺少时工作流拒绝（422）' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: '理由必须是字符串' })
  @MaxLength(2000, { message: '理由不能超过 2000 个字符' })
  @HasNoBidiControls('理由')
  reason?: string;

  @ApiPropertyOptional()
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: '审核意见必须是字符串' })
  @MaxLength(2000, { message: '审核意见不能超过 2000 个字符' })
  @HasNoBidiControls('审核意见')
  comment?: string;
}

export class ReviseDto extends DraftContentDto {
  @ApiProperty({ example: 1, description: '被修订的版本（当前版本）；新版本号为 version + 1' })
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  version!: number;

  @ApiPropertyOptional({ description: '公开属性理由（依申请公开、不予公开时可更新）' })
  @IsOptional()
  @IsString({ message: '公开属性理由必须是字符串' })
  @IsNotEmpty({ message: '公开属性理由不能为空' })
  @MaxLength(500, { message: '公开属性理由不能超过 500 个字符' })
  @IsVisibleText('公开属性理由')
  @HasNoBidiControls('公开属性理由')
  attributeReason?: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ example: '内容已合并到另一稿件' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: '理由必须是字符串' })
  @MaxLength(2000, { message: '理由不能超过 2000 个字符' })
  @HasNoBidiControls('理由')
  reason?: string;

  @ApiPropertyOptional({ description: '可选，仅作记录' })
  @IsOptional()
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  version?: number;
}

export class RetractDto {
  @ApiProperty({ example: '政策已废止，按规定撤回' })
  @IsString({ message: '撤回理由必须是字符串' })
  @IsNotEmpty({ message: '撤回必须填写理由' })
  @MaxLength(2000, { message: '理由不能超过 2000 个字符' })
  @IsVisibleText('撤回理由', { message: '撤回必须填写理由，不能只填空格或零宽字符' })
  @HasNoBidiControls('撤回理由')
  reason!: string;

  @ApiPropertyOptional({ description: '可选，仅作记录' })
  @IsOptional()
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  version?: number;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

/** Far past any real list (100,000 items are 5,000 pages of 20); page=1e20 made an OFFSET Postgres refused (a 500). */
export const MAX_PAGE = 10_000;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `page 必须是 1–${MAX_PAGE} 的整数` })
  @Min(1, { message: `page 必须是 1–${MAX_PAGE} 的整数` })
  @Max(MAX_PAGE, { message: `page 必须是 1–${MAX_PAGE} 的整数` })
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize 必须是 1–100 的整数' })
  @Min(1, { message: 'pageSize 必须是 1–100 的整数' })
  @Max(100, { message: 'pageSize 必须是 1–100 的整数' })
  pageSize?: number;

  @ApiPropertyOptional({ description: '标题包含的文字' })
  @IsOptional()
  @IsString({ message: 'text 只能出现一次' })
  @MaxLength(100, { message: 'text 不能超过 100 个字符' })
  text?: string;

  @ApiPropertyOptional({ description: '主题分类代码' })
  @IsOptional()
  @IsString({ message: 'category 只能出现一次' })
  category?: string;
}

export class ListPublicationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status 只能是 ${STATUSES.join('、')} 之一` })
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({
    enum: STAGE_FILTERS,
    description:
      '阶段：审核级别 1、2、3，或看板的阶段名 draft 起草中、returned 退回修改、screening 自动检查、section_review 科室审核、leader_review 分管领导审核、principal_review 主要负责人审核、publishing 发布中',
  })
  @IsOptional()
  @IsIn(STAGE_FILTERS, { message: `stage 只能是 ${STAGE_FILTERS.join('、')} 之一` })
  stage?: (typeof STAGE_FILTERS)[number];

  @ApiPropertyOptional({ description: '部门 id' })
  @IsOptional()
  @IsString({ message: 'department 只能出现一次' })
  department?: string;

  @ApiPropertyOptional({
    description: 'true：超过条例第二十六条的 20 个工作日（已发布的：成文后超过 20 个工作日才发布；未发布的：今天已超过成文后 20 个工作日）；false：其余',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue 只能是 true 或 false' })
  overdue?: boolean;

  @ApiPropertyOptional({ example: 3, description: '未发布、尚未超期，且距成文后 20 个工作日的期限不超过这么多个工作日（0–20）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'dueWithinWorkingDays 必须是 0–20 的整数' })
  @Min(0, { message: 'dueWithinWorkingDays 必须是 0–20 的整数' })
  @Max(20, { message: 'dueWithinWorkingDays 必须是 0–20 的整数' })
  dueWithinWorkingDays?: number;

  @ApiPropertyOptional({ example: '2026-01-01', description: '发布日期起（含），YYYY-MM-DD' })
  @IsOptional()
  @IsCivilDate({ message: 'publishedFrom 必须是 YYYY-MM-DD 格式的日期' })
  publishedFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: '发布日期止（含），YYYY-MM-DD' })
  @IsOptional()
  @IsCivilDate({ message: 'publishedTo 必须是 YYYY-MM-DD 格式的日期' })
  publishedTo?: string;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ description: '与哪个版本比较；默认上一版' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'against 必须是版本号' })
  @Min(1, { message: 'against 必须是版本号' })
  @Max(PG_INTEGER_MAX, { message: 'against 必须是版本号' })
  against?: number;
}
