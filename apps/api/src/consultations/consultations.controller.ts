import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
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
  ClusterDto,
  ConsultationDetailDto,
  ConsultationPageDto,
  CreateConsultationDto,
  DispositionDto,
  ExtendConsultationDto,
  ExtendedDto,
  FeedbackCreatedDto,
  ListConsultationsQueryDto,
  PageQueryDto,
  StaffCommentDto,
} from './consultation.dto';
import { ConsultationService } from './consultation.service';

const REFUSED = { type: ErrorResponseDto };

/** 征求意见, staff side: the notice is submitted and decided on /publications/:noticeId like any item. */
@ApiTags('consultations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ ...REFUSED, description: '未登录或令牌无效' })
@ApiNotFoundResponse({ ...REFUSED, description: '征求意见或意见不存在' })
@Controller('consultations')
export class ConsultationsController {
  constructor(private readonly consultations: ConsultationService) {}

  @Post()
  @RequireRoles('author')
  @ApiOperation({
    summary: '起草征求意见（公告经三审发布后开始征求意见）',
    description: '征求意见期为日历日，发布当日不计，截止于最后一日 24 时（北京时间）；少于 30 日须说明理由并随公告公开。公告用 /publications/:noticeId/submit 提交审核。',
  })
  @ApiCreatedResponse({ type: ConsultationDetailDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是撰稿人' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '少于 30 日未说明理由' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateConsultationDto): Promise<ConsultationDetailDto> {
    return this.consultations.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: '征求意见列表（最新在前），可按状态、科室筛选', description: '分管领导、主要负责人、政务公开办看全部；其他人看本科室的和自己起草的。' })
  @ApiOkResponse({ type: ConsultationPageDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListConsultationsQueryDto): Promise<ConsultationPageDto> {
    return this.consultations.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '征求意见详情：状态、征求意见期、延期、意见数、反馈' })
  @ApiOkResponse({ type: ConsultationDetailDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是本科室、起草人或有权查看全部的人员' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<ConsultationDetailDto> {
    return this.consultations.get(user, id);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @RequireRoles('leader', 'principal')
  @ApiOperation({ summary: '延长征求意见期（分管领导或主要负责人，须说明理由，随延期公告公开）', description: '只能延长进行中的征求意见；已截止的不能延长或重新开放。' })
  @ApiOkResponse({ type: ExtendedDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是分管领导或主要负责人' })
  @ApiConflictResponse({ ...REFUSED, description: '未开始或已截止' })
  extend(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ExtendConsultationDto): Promise<ExtendedDto> {
    return this.consultations.extend(user, id, dto);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: '收到的意见（含姓名、联系方式，仅工作人员可见），按收到顺序，附所属意见组及其条数' })
  @ApiOkResponse({ type: [StaffCommentDto] })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是起草人、本科室负责人、分管领导、主要负责人或政务公开办' })
  comments(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Query() page: PageQueryDto): Promise<StaffCommentDto[]> {
    return this.consultations.comments(user, id, page);
  }

  @Get(':id/clusters')
  @ApiOperation({ summary: '意见组：内容相同（去除空格标点后相同）的意见合为一组，条数多的在前，附处理意见' })
  @ApiOkResponse({ type: [ClusterDto] })
  clusters(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<ClusterDto[]> {
    return this.consultations.clusters(user, id);
  }

  @Put(':id/comments/:commentId/disposition')
  @ApiOperation({ summary: '处理意见（起草人或本科室负责人）：一个处理意见适用于该意见所在的整组', description: '采纳、部分采纳、不予采纳、不适用；除采纳外须说明理由。截止前不能处理。' })
  @ApiOkResponse({ type: ClusterDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是起草人或本科室负责人' })
  @ApiConflictResponse({ ...REFUSED, description: '尚未截止，或反馈已生成' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '未说明理由' })
  decide(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('commentId') commentId: string,
    @Body() dto: DispositionDto,
  ): Promise<ClusterDto> {
    return this.consultations.decide(user, id, commentId, dto);
  }

  @Post(':id/feedback')
  @ApiOperation({
    summary: '生成意见采纳情况反馈（起草人）',
    description: '所有意见组都有处理意见后，生成反馈稿件（按处理结果统计、逐组说明理由，不含个人信息）；起草人可修改后用 /publications/:feedbackId/submit 提交审核，发布后征求意见办结，与公告互相关联。',
  })
  @ApiCreatedResponse({ type: FeedbackCreatedDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是起草人' })
  @ApiConflictResponse({ ...REFUSED, description: '尚未截止，或已生成' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '尚有未处理的意见（逐项列出）' })
  feedback(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<FeedbackCreatedDto> {
    return this.consultations.feedback(user, id);
  }
}
