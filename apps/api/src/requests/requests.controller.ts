import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ErrorResponseDto } from '../common/error-response';
import { PublicationIdPipe } from '../publications/publication-id.pipe';
import {
  ApproveReplyDto,
  ClarificationDto,
  ClarifiedDto,
  ConfirmRequestDto,
  CreatedRequestDto,
  CreateRequestDto,
  DeadlineDto,
  DraftReplyDto,
  ExtendRequestDto,
  IssueReplyDto,
  ListRequestsQueryDto,
  RequestDto,
  RequestPageDto,
  ReturnReplyDto,
  ThirdPartyAnswerDto,
  ThirdPartyCreatedDto,
  ThirdPartyDto,
} from './request.dto';
import { RequestService } from './request.service';

const REFUSED = { type: ErrorResponseDto };

/** 依申请公开, staff side: the office registers and handles, its head extends, a leader approves the reply. */
@ApiTags('requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ ...REFUSED, description: '未登录或令牌无效' })
@ApiForbiddenResponse({ ...REFUSED, description: '角色不符' })
@ApiNotFoundResponse({ ...REFUSED, description: '申请不存在' })
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestService) {}

  @Post()
  @RequireRoles('office')
  @ApiOperation({ summary: '登记政府信息公开申请（政务公开办）', description: '收到日期按渠道确定（条例第三十一条）；答复期限为收到之日起 20 个工作日（收到当日为第 0 日）。' })
  @ApiCreatedResponse({ type: CreatedRequestDto })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '收到日期晚于今天，或该年工作日历未导入' })
  register(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateRequestDto): Promise<CreatedRequestDto> {
    return this.requests.register(user, dto);
  }

  @Get()
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({ summary: '申请列表：未办结的按答复期限在前，可按状态、到期日、是否逾期筛选' })
  @ApiOkResponse({ type: RequestPageDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListRequestsQueryDto): Promise<RequestPageDto> {
    return this.requests.list(user, query);
  }

  @Get(':id')
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({ summary: '申请详情（含申请人信息，仅工作人员可见）' })
  @ApiOkResponse({ type: RequestDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<RequestDto> {
    return this.requests.get(user, id);
  }

  @Get(':id/deadline')
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({ summary: '答复期限的说明：每个事件及其对期限的影响、已用和剩余工作日' })
  @ApiOkResponse({ type: DeadlineDto })
  deadline(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<DeadlineDto> {
    return this.requests.deadline(user, id);
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '确认收到网上申请（确认之日为收到日期）' })
  @ApiOkResponse({ type: RequestDto })
  @ApiConflictResponse({ ...REFUSED, description: '已确认' })
  confirm(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ConfirmRequestDto): Promise<RequestDto> {
    return this.requests.confirm(user, id, dto);
  }

  @Post(':id/clarification')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '一次性发出补正通知（收到之日起 7 个工作日内），期限暂停', description: '申请人逾期未补正的，由工作流定时器办结（视为放弃申请）。' })
  @ApiOkResponse({ type: RequestDto })
  @ApiConflictResponse({ ...REFUSED, description: '已发出过补正通知，或状态不符' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '超过 7 个工作日（说明最晚日期）或日期不合理' })
  clarification(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ClarificationDto): Promise<RequestDto> {
    return this.requests.clarification(user, id, dto);
  }

  @Post(':id/clarified')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '登记收到补正后的申请，期限自次日重新计算 20 个工作日' })
  @ApiOkResponse({ type: RequestDto })
  clarified(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ClarifiedDto): Promise<RequestDto> {
    return this.requests.clarified(user, id, dto);
  }

  @Post(':id/third-party')
  @RequireRoles('office')
  @ApiOperation({ summary: '书面征求第三方意见（第三方 15 个工作日内答复），期间不计入期限' })
  @ApiCreatedResponse({ type: ThirdPartyCreatedDto })
  thirdParty(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ThirdPartyDto): Promise<ThirdPartyCreatedDto> {
    return this.requests.thirdParty(user, id, dto);
  }

  @Post(':id/third-party/:thirdPartyId/answer')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '登记第三方意见；全部第三方答复后期限恢复计算' })
  @ApiOkResponse({ type: RequestDto })
  thirdPartyAnswer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('thirdPartyId', PublicationIdPipe) thirdPartyId: string,
    @Body() dto: ThirdPartyAnswerDto,
  ): Promise<RequestDto> {
    return this.requests.thirdPartyAnswer(user, id, thirdPartyId, dto);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office_head')
  @ApiOperation({ summary: '延长答复期限 20 个工作日（政务公开办负责人，只能一次，须在期限届满前）' })
  @ApiOkResponse({ type: RequestDto })
  @ApiConflictResponse({ ...REFUSED, description: '已延长过' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '期限已过' })
  extend(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ExtendRequestDto): Promise<RequestDto> {
    return this.requests.extend(user, id, dto);
  }

  @Post(':id/reply')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '拟办答复（处理结果对应年报表三的行），报领导审批' })
  @ApiOkResponse({ type: RequestDto })
  reply(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: DraftReplyDto): Promise<RequestDto> {
    return this.requests.reply(user, id, dto);
  }

  @Post(':id/reply/approve')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('leader', 'principal')
  @ApiOperation({ summary: '领导审批同意答复' })
  @ApiOkResponse({ type: RequestDto })
  approve(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ApproveReplyDto): Promise<RequestDto> {
    return this.requests.approve(user, id, dto);
  }

  @Post(':id/reply/return')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('leader', 'principal')
  @ApiOperation({ summary: '领导退回答复（须说明理由）' })
  @ApiOkResponse({ type: RequestDto })
  returnReply(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ReturnReplyDto): Promise<RequestDto> {
    return this.requests.return(user, id, dto);
  }

  @Post(':id/issue')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('office')
  @ApiOperation({ summary: '送达答复，申请办结（记录是否按期）' })
  @ApiOkResponse({ type: RequestDto })
  issue(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: IssueReplyDto): Promise<RequestDto> {
    return this.requests.issue(user, id, dto);
  }
}
