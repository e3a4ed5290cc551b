import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { CatalogRegisterPageDto, CatalogRegisterQueryDto } from './catalog.dto';
import { CatalogService } from './catalog.service';

/**
 * The internal register: every catalogued item including 依申请公开 and
 * 不予公开 ones, with the attribute and its legal reason, so the disclosure
 * office can account for every 索引号. Metadata only — the text is read in the
 * workbench under the item's own read permissions. Even a title can be
 * sensitive, so only the roles that may read every item see it: 分管领导,
 * 主要负责人 and 政务公开办.
 */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/register')
export class CatalogRegisterController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @RequireRoles('leader', 'principal', 'office')
  @ApiOperation({ summary: '内部登记簿（分管领导、主要负责人、政务公开办）：全部已编索引号的信息，含依申请公开、不予公开，只含目录信息不含正文' })
  @ApiOkResponse({ type: CatalogRegisterPageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  list(@Query() query: CatalogRegisterQueryDto): Promise<CatalogRegisterPageDto> {
    return this.catalog.register(query);
  }
}
