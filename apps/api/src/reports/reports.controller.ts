import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ReportsService } from './reports.service';

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
  requests(@CurrentUser() user: AuthenticatedUser, @Param('year', new ParseIntPipe({ errorHttpStatusCode: 400 })) year: number): Promise<Table3Dto> {
    return this.reports.requestTable(user, year);
  }
}
