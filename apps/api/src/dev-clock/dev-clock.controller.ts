import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ErrorResponseDto } from '../common/error-response';
import { AdvanceClockDto, ClockAdvancedDto, DrillClockDto } from './dev-clock.dto';
import { DevClockService } from './dev-clock.service';

/**
 * The drill clock (演练时钟, docs/drill-clock.md): mounted only with GONGKAI_DEV_CLOCK, so without it these
 * paths answer 404 like any unknown one. For training drills, demos and black-box tests of long windows.
 * Only 政务公开办 may move it: it moves every deadline of the installation at once.
 */
@ApiTags('dev-clock（仅演练模式）')
@ApiBearerAuth()
@Controller('dev/clock')
@RequireRoles('office')
export class DevClockController {
  constructor(private readonly clock: DevClockService) {}

  @Get()
  @ApiOperation({ summary: '仅演练模式（GONGKAI_DEV_CLOCK）：引擎的当前虚拟时间（政务公开办）' })
  @ApiOkResponse({ type: DrillClockDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async current(): Promise<DrillClockDto> {
    return { now: (await this.clock.now()).toISOString(), drill: true };
  }

  @Post('advance')
  @HttpCode(200)
  @ApiOperation({
    summary: '仅演练模式（GONGKAI_DEV_CLOCK）：把引擎的虚拟时钟向前推进若干天，期间到期的计时器（提醒、督办、截止）依次触发（政务公开办）',
  })
  @ApiOkResponse({ type: ClockAdvancedDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'days 不是 1–366 的整数' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '另一次推进正在进行' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: '引擎不可用或没有虚拟时钟' })
  advance(@Body() dto: AdvanceClockDto, @CurrentUser() user: AuthenticatedUser): Promise<ClockAdvancedDto> {
    return this.clock.advance(dto.days, user);
  }
}
