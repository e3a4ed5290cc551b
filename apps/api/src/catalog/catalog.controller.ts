import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { CatalogCategoryDto, CatalogEntryDetailDto, CatalogPageDto, CatalogQueryDto } from './catalog.dto';
import { CatalogService } from './catalog.service';

/** Public: no token; rate-limited per address (429 with Retry-After). */
@ApiTags('catalog')
@ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: '请求过于频繁：每个地址每分钟的公开访问次数有限（PUBLIC_RATE_LIMIT_PER_MINUTE），请按 Retry-After 稍后再试' })
@Public()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: '政府信息公开目录（公开，无需登录）：只列主动公开的信息，最新发布在前；已撤回的只保留目录信息' })
  @ApiOkResponse({ type: CatalogPageDto })
  list(@Query() query: CatalogQueryDto): Promise<CatalogPageDto> {
    return this.catalog.list(query);
  }

  @Get('categories')
  @ApiOperation({ summary: '公开目录的主题分类（两级）' })
  @ApiOkResponse({ type: [CatalogCategoryDto] })
  categories(): Promise<CatalogCategoryDto[]> {
    return this.catalog.categories();
  }

  @Get(':indexNumber')
  @ApiOperation({ summary: '按索引号查看（索引号中的 “/” 写作 %2F）' })
  @ApiParam({ name: 'indexNumber', example: '003012345%2F2026-00001' })
  @ApiOkResponse({ type: CatalogEntryDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('indexNumber') indexNumber: string): Promise<CatalogEntryDetailDto> {
    return this.catalog.get(indexNumber);
  }

  @Get(':organisationCode/:serial')
  @ApiOperation({ summary: '按索引号查看（索引号原样写在路径中：/catalog/003012345/2026-00001）' })
  @ApiParam({ name: 'organisationCode', example: '003012345' })
  @ApiParam({ name: 'serial', example: '2026-00001' })
  @ApiOkResponse({ type: CatalogEntryDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getByParts(@Param('organisationCode') organisationCode: string, @Param('serial') serial: string): Promise<CatalogEntryDetailDto> {
    return this.catalog.get(`${organisationCode}/${serial}`);
  }
}
