import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RequireRoles } from '../auth/auth.decorators';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { ErrorResponseDto } from '../common/error-response';
import { DashboardDto, DashboardQueryDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequireRoles('leader', 'principal', 'office')
  @ApiOperation({
    summary: '领导看板：在办事项、期限、各部门发布时效（条例第二十六条）与每月发布量',
    description: '数据来自读模型。每个数字都可在 GET /publications 以同样的筛选条件列出（stage、department、overdue、dueWithinWorkingDays、publishedFrom、publishedTo）。',
  })
  @ApiOkResponse({ type: DashboardDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: '未登录' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: '仅分管领导、主要负责人、政务公开办可看' })
  get(@Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.dashboard.figures(query);
  }
}
