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
  @ApiOperation({ summary: '我的待办：等待我审核的稿件，最早的在前，带到期时间' })
  @ApiOkResponse({ type: [TaskDto] })
  tasks(@CurrentUser() user: AuthenticatedUser): Promise<TaskDto[]> {
    return this.reads.tasks(user);
  }
}
