import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AttachmentDto, PageQueryDto } from '../publications/publication.dto';

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['published', 'withdrawn'], description: '默认两者都列出（已撤回的条目标注为已撤回）' })
  @IsOptional()
  @IsIn(['published', 'withdrawn'], { message: 'status 只能是 published 或 withdrawn' })
  status?: 'published' | 'withdrawn';
}

/** A published item as the public sees it, with the metadata the rules require. */
export class CatalogEntryDto {
  @ApiProperty({ example: '003012345/2026-00001', description: '索引号' }) indexNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '示范市教育局', description: '发布机构' }) organisationName!: string;
  @ApiProperty({ example: '基础教育科' }) departmentName!: string;
  @ApiProperty({ example: '规范性文件', description: '主题分类（代码）' }) category!: string;
  @ApiProperty({ example: '规范性文件' }) categoryName!: string;
  @ApiPropertyOptional({ nullable: true, example: '政策文件', description: '上级主题分类' }) parentCategoryName!: string | null;
  @ApiPropertyOptional({ nullable: true, description: '文号' }) documentNumber!: string | null;
  @ApiPropertyOptional({ nullable: true, description: '成文日期' }) writtenDate!: string | null;
  @ApiProperty({ description: '发布日期' }) publishedAt!: string;
  @ApiProperty({ example: '现行有效', description: '有效性' }) validity!: string;
  @ApiProperty({ example: '主动公开', description: '公开方式' }) disclosureMethod!: string;
  @ApiProperty({ example: '面向社会', description: '公开范围' }) scope!: string;
  @ApiProperty({ enum: ['published', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ nullable: true }) withdrawnAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) withdrawnReason!: string | null;
  @ApiProperty({ description: '发布的稿件版本' }) version!: number;
}

/**
 * A linked entry: a policy's interpretation (interpreted_by) or an
 * interpretation's policy (interprets); a consultation notice's feedback
 * report (feedback) or the report's notice (feedback_on).
 */
export class CatalogRelatedEntryDto {
  @ApiProperty({ enum: ['interpreted_by', 'interprets', 'feedback', 'feedback_on'] })
  relation!: 'interpreted_by' | 'interprets' | 'feedback' | 'feedback_on';
  @ApiProperty({ description: '索引号' }) indexNumber!: string;
  @ApiPropertyOptional({ description: '解读形式（interpreted_by）' }) form?: string;
  @ApiProperty() title!: string;
}

/** Under a published interpretation: who interpreted it and where to ask (解读机关、解读人、咨询电话). */
export class InterpretationCreditsDto {
  @ApiProperty({ example: '示范市教育局政策法规科', description: '解读机关（起草科室）' }) interpretingBody!: string;
  @ApiProperty({ example: '孙丽', description: '解读人' }) interpreter!: string;
  @ApiProperty({ example: '咨询电话：0000-12345602', description: '咨询方式（科室的对外咨询电话，不含个人联系方式）' }) contact!: string;
}

export class CatalogEntryDetailDto extends CatalogEntryDto {
  @ApiProperty({ type: [CatalogRelatedEntryDto], description: '关联条目：政策的解读、解读所解读的政策（同步发布）' })
  related!: CatalogRelatedEntryDto[];
  @ApiPropertyOptional({ type: InterpretationCreditsDto, description: '政策解读条目：解读机关、解读人和咨询方式' })
  interpretation?: InterpretationCreditsDto;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '正文；已撤回的条目为 null（只保留目录信息和撤回的事实、日期），HTML 正文按白名单清理后提供',
  })
  body!: string | null;
  @ApiProperty({ enum: ['text', 'html'] }) bodyFormat!: string;
  @ApiProperty({ type: [AttachmentDto], description: '附件；已撤回的条目为空' }) attachments!: AttachmentDto[];
}

/** A staff-only register row: any disclosure attribute, metadata only — never the body. */
export class CatalogRegisterEntryDto extends CatalogEntryDto {
  @ApiProperty({ enum: ['proactive', 'on_request', 'not_disclosed'], description: '公开属性' }) attribute!: string;
  @ApiPropertyOptional({ nullable: true, description: '依申请公开 / 不予公开的理由（法律依据）' }) attributeReason!: string | null;
  @ApiProperty({ description: '稿件 ID（工作台中查看全文须有该稿件的阅读权限）' }) publicationId!: string;
}

export class CatalogRegisterQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ enum: ['proactive', 'on_request', 'not_disclosed'], description: '按公开属性筛选；默认全部' })
  @IsOptional()
  @IsIn(['proactive', 'on_request', 'not_disclosed'], { message: 'attribute 只能是 proactive、on_request 或 not_disclosed' })
  attribute?: 'proactive' | 'on_request' | 'not_disclosed';
}

export class CatalogRegisterPageDto {
  @ApiProperty({ type: [CatalogRegisterEntryDto] }) items!: CatalogRegisterEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class CatalogPageDto {
  @ApiProperty({ type: [CatalogEntryDto] }) items!: CatalogEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class CatalogCategoryDto {
  @ApiProperty({ example: '规范性文件' }) code!: string;
  @ApiProperty({ example: '规范性文件' }) name!: string;
  @ApiPropertyOptional({ nullable: true, example: '政策文件' }) parentCode!: string | null;
}
