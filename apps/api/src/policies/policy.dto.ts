import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INTERPRETATION_FORMS, type InterpretationForm } from '@gongkai/contracts';
import { PG_INTEGER_MAX } from '../common/int-param.pipe';
import { CreatePublicationDto, MAX_PAGE } from '../publications/publication.dto';
import { IsCivilDate, IsNotBefore } from '../publications/publication.validators';
import { FindingDto } from '../publications/publication-view.dto';
import { BlankAsMissing, HasNoBidiControls, IsVisibleText } from '../publications/visible-text.validators';

/** The categories a policy (the package's publication) may have. */
export const POLICY_CATEGORIES = ['规范性文件', '政策文件', '其他政策文件'];

export const PACKAGE_STATUSES = ['drafting', 'in_review', 'returned', 'published', 'withdrawn', 'retracted'] as const;

export class PlannedInterpretationDto {
  @ApiProperty({ enum: INTERPRETATION_FORMS, description: '解读形式：text 文字解读、qa 政策问答、graphic 图解、video 视频/动漫、expert 专家解读、media 媒体解读' })
  @IsIn(INTERPRETATION_FORMS, { message: `解读形式只能是 ${INTERPRETATION_FORMS.join('、')}` })
  form!: InterpretationForm;

  @ApiProperty({ example: 'u-author-2', description: '起草人（可为其他科室的用户）' })
  @IsString({ message: '起草人必须是用户 id 字符串' })
  @IsNotEmpty({ message: '起草人不能为空' })
  @MaxLength(100, { message: '起草人 id 不能超过 100 个字符' })
  ownerId!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: '解读标题必须是字符串' })
  @MaxLength(200, { message: '解读标题不能超过 200 个字符' })
  @IsVisibleText('解读标题')
  @HasNoBidiControls('解读标题')
  title?: string;
}

export class DeferralDto {
  @ApiProperty({ description: '解读暂缓（政策发布后补充）的理由' })
  @IsString({ message: '暂缓理由必须是字符串' })
  @IsNotEmpty({ message: '暂缓须说明理由' })
  @MaxLength(500, { message: '暂缓理由不能超过 500 个字符' })
  @IsVisibleText('暂缓理由')
  @HasNoBidiControls('暂缓理由')
  reason!: string;
}

export class CreatePolicyDto extends CreatePublicationDto {
  @ApiProperty({ type: [PlannedInterpretationDto], description: '解读方案：至少一项，且须包含文字解读' })
  @IsArray({ message: '解读方案必须是数组' })
  @ArrayMinSize(1, { message: '解读方案至少包含一项解读' })
  @ArrayMaxSize(10, { message: '解读方案不能超过 10 项' })
  @IsObject({ each: true, message: '每项解读必须是对象 {form, ownerId, title?}' })
  @ValidateNested({ each: true })
  @Type(() => PlannedInterpretationDto)
  interpretations!: PlannedInterpretationDto[];

  @ApiPropertyOptional({ type: DeferralDto, description: '解读暂缓：政策可先行提交，解读在发布后补充' })
  @IsOptional()
  @IsObject({ message: 'deferral 必须是对象 {reason}' })
  @ValidateNested()
  @Type(() => DeferralDto)
  deferral?: DeferralDto;
}

export class SaveInterpretationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: '解读标题必须是字符串' })
  @MaxLength(200, { message: '解读标题不能超过 200 个字符' })
  @IsVisibleText('解读标题')
  @HasNoBidiControls('解读标题')
  title?: string;

  @ApiProperty({ description: '解读正文（纯文本）' })
  @IsString({ message: '解读正文必须是字符串' })
  @IsNotEmpty({ message: '解读正文不能为空' })
  @MaxLength(200_000, { message: '解读正文不能超过 200000 个字符' })
  body!: string;

  @ApiProperty({ example: 0, description: '解读的当前版本（首次保存为 0）' })
  @IsInt({ message: 'version 必须是非负整数' })
  @Min(0, { message: 'version 必须是非负整数' })
  @Max(PG_INTEGER_MAX, { message: 'version 过大' })
  version!: number;
}

export class InterpretationVersionDto {
  @ApiProperty({ example: 1, description: '解读的当前版本' })
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  @Max(PG_INTEGER_MAX, { message: 'version 过大' })
  version!: number;
}

/** The lead releases a ready deferred interpretation for its one-level review; the version defaults to the current one. */
export class ReleaseInterpretationDto {
  @ApiPropertyOptional({ example: 2, description: '解读的当前版本（不填则为当前版本）' })
  @IsOptional()
  @IsInt({ message: 'version 必须是正整数' })
  @Min(1, { message: 'version 必须是正整数' })
  @Max(PG_INTEGER_MAX, { message: 'version 过大' })
  version?: number;
}

export class ReleasedInterpretationDto {
  @ApiProperty({ description: '解读的稿件 id：由政策的第一级审核人通过 /publications/:publicationId/approve 审核' })
  publicationId!: string;
}

export class ReturnInterpretationDto {
  @ApiProperty({ description: '退回理由' })
  @IsString({ message: '退回理由必须是字符串' })
  @IsNotEmpty({ message: '退回须说明理由' })
  @MaxLength(1000, { message: '退回理由不能超过 1000 个字符' })
  @IsVisibleText('退回理由')
  @HasNoBidiControls('退回理由')
  reason!: string;
}

export class CreateCommentDto {
  @ApiProperty({ description: '评论' })
  @IsString({ message: '评论必须是字符串' })
  @IsNotEmpty({ message: '评论不能为空' })
  @MaxLength(2000, { message: '评论不能超过 2000 个字符' })
  @IsVisibleText('评论')
  @HasNoBidiControls('评论')
  text!: string;

  @ApiPropertyOptional({ description: '引用的原文片段' })
  @IsOptional()
  @IsString({ message: '引用必须是字符串' })
  @MaxLength(2000, { message: '引用不能超过 2000 个字符' })
  @HasNoBidiControls('引用')
  quote?: string;
}

/** An id in a query (department, user): one value, of the length ids have; blank (an empty form field) is no filter. */
const QueryId = (name: string, description: string, example: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example }),
    BlankAsMissing(),
    IsOptional(),
    IsString({ message: `${name} 只能出现一次` }),
    MaxLength(100, { message: `${name} 不能超过 100 个字符` }),
  );

/** A civil date of the query, `YYYY-MM-DD`; with `from`, never before that one. */
const QueryDate = (name: string, description: string, example: string, from?: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example, format: 'date' }),
    BlankAsMissing(),
    IsOptional(),
    IsCivilDate({ message: `${name} 必须是 YYYY-MM-DD 格式的有效日期` }),
    ...(from ? [IsNotBefore(from)] : []),
  );

/** GET /policies: the filters of GET /publications that make sense for a package, and its participants. */
export class ListPoliciesQueryDto {
  @ApiPropertyOptional({
    enum: PACKAGE_STATUSES,
    description: '政策包状态（与详情中的 status 一致）：drafting 起草中、in_review 审核中、returned 已退回、published 已发布、withdrawn 已撤回、retracted 已撤销发布',
  })
  @IsOptional()
  @IsIn(PACKAGE_STATUSES, { message: `status 只能是 ${PACKAGE_STATUSES.join('、')} 之一` })
  status?: (typeof PACKAGE_STATUSES)[number];

  @ApiPropertyOptional({ description: '政策标题包含的文字（不区分大小写，最多 100 个字符）', example: '校外培训' })
  @BlankAsMissing()
  @IsOptional()
  @IsString({ message: 'q 只能出现一次' })
  @MaxLength(100, { message: 'q 不能超过 100 个字符' })
  q?: string;

  @QueryId('departmentId', '牵头科室（政策起草人所在部门）id', 'jichu')
  departmentId?: string;

  @QueryId('leadId', '牵头人（政策起草人）的用户 id', 'zhangwei')
  leadId?: string;

  @QueryId('ownerId', '解读起草人的用户 id：该用户起草至少一项解读的政策包', 'sunli')
  ownerId?: string;

  @ApiPropertyOptional({ description: '政策的主题分类', enum: POLICY_CATEGORIES })
  @IsOptional()
  @IsIn(POLICY_CATEGORIES, { message: `category 只能是 ${POLICY_CATEGORIES.join('、')} 之一` })
  category?: string;

  @QueryDate('createdFrom', '创建日期起（含），YYYY-MM-DD（北京时间）', '2026-01-01')
  createdFrom?: string;

  @QueryDate('createdTo', '创建日期止（含），YYYY-MM-DD；不早于 createdFrom', '2026-12-31', 'createdFrom')
  createdTo?: string;

  @QueryDate('publishedFrom', '政策发布日期起（含），YYYY-MM-DD（北京时间）', '2026-01-01')
  publishedFrom?: string;

  @QueryDate('publishedTo', '政策发布日期止（含），YYYY-MM-DD；不早于 publishedFrom', '2026-12-31', 'publishedFrom')
  publishedTo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '政策稿件 id：只列出该政策所在的政策包（稿件详情页据此找到政策包）' })
  @IsOptional()
  @IsUUID('all', { message: 'policyId 必须是稿件 id（UUID）' })
  policyId?: string;

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
}

// ------------------------------------------------------------------ answers

export class InterpretationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INTERPRETATION_FORMS }) form!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() ownerName!: string;
  @ApiProperty({ enum: ['drafting', 'ready', 'published', 'retracted'] }) status!: string;
  @ApiProperty({ description: '当前版本（未起草为 0）' }) version!: number;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ description: '牵头人退回的理由' }) returnedReason?: string;
  @ApiPropertyOptional({ description: '暂缓解读：政策提交审核时未就绪，按暂缓理由在政策发布后起草并单独审核发布' }) deferred?: boolean;
  @ApiPropertyOptional({ description: '暂缓解读的发布期限（政策发布之日起第 N 个工作日 23:59:59，北京时间）' }) dueAt?: string;
  @ApiPropertyOptional({ description: '暂缓解读已逾期未发布（由工作流的定时器标记）' }) late?: boolean;
  @ApiPropertyOptional() indexNumber?: string;
  @ApiPropertyOptional() publishedAt?: string;
  @ApiPropertyOptional({ description: '发布后作为独立稿件的 id' }) publicationId?: string;
}

export class InterpretationTextDto extends InterpretationDto {
  @ApiProperty({ description: '解读正文（已保存的最新版本；未起草为空）' }) body!: string;
  @ApiProperty({ description: '正文所属的版本（刚保存时可能略晚于 version）' }) bodyVersion!: number;
}

export class InterpretationWarningDto {
  @ApiProperty({ enum: ['missing_elements', 'copied_from_policy'] }) kind!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [String] }) missing?: string[];
  @ApiPropertyOptional() share?: number;
}

export class SavedInterpretationDto extends InterpretationDto {
  @ApiProperty({ type: [InterpretationWarningDto], description: '内容检查提示（不阻止保存）' })
  warnings!: InterpretationWarningDto[];

  @ApiProperty({
    type: [FindingDto],
    description: '自动检查（个人信息、密级标志等）对本版标题和正文的发现；不阻止保存，但 block 级发现会使提交后的政策包被退回，请在提交前修改',
  })
  findings!: FindingDto[];
}

export class BundleVersionDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
}

export class BundleDto {
  @ApiProperty() policyVersion!: number;
  @ApiProperty({ type: [BundleVersionDto] }) interpretations!: BundleVersionDto[];
}

export class PolicyPackageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '政策文件的稿件 id（/publications/:policyId）' }) policyId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() leadId!: string;
  @ApiProperty() leadName!: string;
  @ApiProperty({ enum: PACKAGE_STATUSES }) status!: string;
  @ApiProperty({ description: '政策稿件的当前版本' }) policyVersion!: number;
  @ApiProperty({ type: [InterpretationDto] }) interpretations!: InterpretationDto[];
  @ApiPropertyOptional({ type: DeferralDto }) deferral?: DeferralDto;
  @ApiPropertyOptional({ type: BundleDto, description: '提交审核的版本组合（一次签批覆盖政策与全部解读）' }) bundle?: BundleDto;
  @ApiPropertyOptional() indexNumber?: string;
  @ApiPropertyOptional() publishedAt?: string;
  @ApiProperty() createdAt!: string;
}

export class PolicyPackagePageDto {
  @ApiProperty({ type: [PolicyPackageDto] }) items!: PolicyPackageDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class InterpretationCommentDto {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional() quote?: string;
  @ApiProperty() authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() at!: string;
}
