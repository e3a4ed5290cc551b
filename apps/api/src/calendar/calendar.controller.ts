import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '../auth/auth.decorators';
import { IntParamPipe } from '../common/int-param.pipe';
import { CalendarService, type CalendarImportOutcome } from './calendar.service';

const yearPipe = new IntParamPipe({ min: 1, max: 9999, message: '年份必须是 1–9999 的整数，例如 2027' });

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar/years')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: '工作日历已有的年份' })
  years(): Promise<number[]> {
    return this.calendar.years();
  }

  @Get(':year')
  @ApiOperation({ summary: '导出某年的节假日与调休工作日（导入格式，见 docs/calendar.md）' })
  exportYear(@Param('year', yearPipe) year: number) {
    return this.calendar.exportYear(year);
  }

  @Put(':year')
  @RequireRoles('office')
  @ApiOperation({ summary: '导入或更正某年日历（政务公开办）；等待中的审核步骤随之重新计算提醒与督办时间' })
  @ApiBody({ description: '{ "year": 2027, "source": "国务院办公厅通知", "holidays": [{ "date": "2027-01-01", "name": "元旦" }], "workdays": [{ "date": "…", "name": "春节调休" }] }' })
  importYear(@Param('year', yearPipe) year: number, @Body() body: unknown): Promise<CalendarImportOutcome> {
    return this.calendar.importYear(year, body);
  }
}
