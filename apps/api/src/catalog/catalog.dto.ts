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

export class CatalogEntryDetailDto extends CatalogEntryDto {
  @ApiProperty() body!: string;
  @ApiProperty({ enum: ['text', 'html'] }) bodyFormat!: string;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
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
