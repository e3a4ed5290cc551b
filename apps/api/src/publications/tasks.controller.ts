import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ErrorResponseDto } from '../common/error-response';
import { PublicationReads } from './publication-reads.service';
import { TaskDto } from './publication-view.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: '未登录或令牌无效' })
@Controller('tasks')
export class TasksController {
  constructor(private readonly reads: PublicationReads) {}

  @Get()
  @ApiOperation({ summary: '我的待办：我的全部待办（目前为审核），按到期时间升序，带剩余工作日与是否逾期' })
  @ApiOkResponse({ type: [TaskDto] })
  tasks(@CurrentUser() user: AuthenticatedUser): Promise<TaskDto[]> {
    return this.reads.tasks(user);
  }
}
