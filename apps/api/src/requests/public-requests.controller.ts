import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public, PublicComment } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { AgencyDto, PublicRequestDto, TrackingDto } from './request.dto';
import { RequestService } from './request.service';

/** 依申请公开 for the public: file online, follow with the tracking code (status and due date only). */
@ApiTags('public-requests')
@ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: '请求过于频繁，请按 Retry-After 稍后再试' })
@Public()
@Controller('public/requests')
export class PublicRequestsController {
  constructor(private readonly requests: RequestService) {}

  @Post()
  // A public write: limited per address like a consultation comment.
  @PublicComment()
  @ApiOperation({ summary: '网上提交政府信息公开申请（无需登录），返回查询码；政务公开办确认之日为收到日期' })
  @ApiCreatedResponse({ schema: { properties: { trackingCode: { type: 'string', example: 'SQ-2026-7K3M9QX2' } } } })
  file(@Body() dto: PublicRequestDto): Promise<{ trackingCode: string }> {
    return this.requests.file(dto);
  }

  @Get('agencies')
  @ApiOperation({ summary: '受理申请的机关（一个系统受理多个机关时，网上申请须在 organisation 中写明其 id）' })
  @ApiOkResponse({ type: [AgencyDto] })
  agencies(): Promise<AgencyDto[]> {
    return this.requests.agencies();
  }

  @Get(':trackingCode')
  @ApiOperation({ summary: '凭查询码查看办理状态和答复期限（不含申请人信息和申请内容）' })
  @ApiOkResponse({ type: TrackingDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  track(@Param('trackingCode') trackingCode: string): Promise<TrackingDto> {
    return this.requests.tracking(trackingCode);
  }
}
