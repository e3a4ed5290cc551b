import { Controller, Get, Param, ParseIntPipe, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { contentDisposition } from '../common/content-disposition';
import { ReportsService } from './reports.service';
import { renderRequestTableXlsx } from './request-table.xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const yearPipe = new ParseIntPipe({ errorHttpStatusCode: 400 });

class Table3RowDto {
  @ApiProperty({ example: 'new', description: 'new 本年新收、carried_in 上年结转、各处理结果、handled_total 三（七）总计、carried_out 结转下年度' }) code!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'natural_person、commercial、research、public_interest、legal_services、other、total' }) values!: Record<string, number>;
}

class CrossCheckDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() detail!: string;
}

export class Table3Dto {
  @ApiProperty() year!: number;
  @ApiProperty({ type: [Table3RowDto] }) rows!: Table3RowDto[];
  @ApiProperty({ type: CrossCheckDto, description: '一 + 二 = 三（七）+ 四' }) crossCheck!: CrossCheckDto;
}

/** The statutory annual report (政府信息公开工作年度报告): its tables, computed from what gongkai recorded. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/annual')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':year/requests')
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({ summary: '年度报告表三：收到和处理政府信息公开申请情况（国办公开办函〔2021〕30号）', description: '含交叉校验：一 + 二 = 三（七）+ 四。' })
  @ApiOkResponse({ type: Table3Dto })
  requests(@CurrentUser() user: AuthenticatedUser, @Param('year', yearPipe) year: number): Promise<Table3Dto> {
    return this.reports.requestTable(user, year);
  }

  @Get(':year/requests.xlsx')
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({ summary: '年度报告表三（Excel），按国办公开办函〔2021〕30号的表样排版', description: '数字与 JSON 接口相同。' })
  @ApiOkResponse({ description: 'Excel 工作簿', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async requestsXlsx(@CurrentUser() user: AuthenticatedUser, @Param('year', yearPipe) year: number): Promise<StreamableFile> {
    const workbook = await renderRequestTableXlsx(await this.reports.requestTable(user, year));
    return new StreamableFile(workbook, {
      type: XLSX,
      disposition: contentDisposition('attachment', `annual-report-${year}-table3-requests.xlsx`, `${year}年度政府信息公开工作年度报告-表三.xlsx`),
      length: workbook.length,
    });
  }
}
