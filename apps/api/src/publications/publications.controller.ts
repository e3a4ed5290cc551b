import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ErrorResponseDto } from '../common/error-response';
import {
  ApproveDto,
  CreatePublicationDto,
  DiffQueryDto,
  ListPublicationsQueryDto,
  RetractDto,
  ReturnDecisionDto,
  ReviseDto,
  VersionedActionDto,
  WithdrawDto,
} from './publication.dto';
import { PublicationIdPipe, versionNumberPipe } from './publication-id.pipe';
import { PublicationReads } from './publication-reads.service';
import {
  PublicationDto,
  PublicationPageDto,
  TimelineEventDto,
  VersionDiffDto,
  VersionDto,
  VersionSummaryDto,
} from './publication-view.dto';
import { PublicationService } from './publication.service';

const REFUSED = { type: ErrorResponseDto };

@ApiTags('publications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ ...REFUSED, description: '未登录或令牌无效' })
@ApiNotFoundResponse({ ...REFUSED, description: '稿件不存在' })
@Controller('publications')
export class PublicationsController {
  constructor(
    private readonly publications: PublicationService,
    private readonly reads: PublicationReads,
  ) {}

  @Post()
  @RequireRoles('author')
  @ApiOperation({ summary: '起草稿件并启动审核工作流', description: '同一用户重复使用同一 Idempotency-Key 时返回同一稿件（200）。' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键：1–200 个可见 ASCII 字符' })
  @ApiCreatedResponse({ type: PublicationDto, description: '已创建' })
  @ApiOkResponse({ type: PublicationDto, description: '此前用同一幂等键创建的稿件' })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是撰稿人' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: '该 Idempotency-Key 已用于内容不同的另一请求' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreatePublicationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicationDto> {
    const result = await this.publications.create(user, dto, idempotencyKey);
    void reply.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    return result.publication;
  }

  @Get()
  @ApiOperation({ summary: '稿件列表（读模型，最新在前）', description: '撰稿人、科室负责人看本科室及经办的稿件；分管领导、主要负责人、政务公开办看全部。' })
  @ApiOkResponse({ type: PublicationPageDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListPublicationsQueryDto): Promise<PublicationPageDto> {
    return this.reads.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '稿件详情与实时审核状态' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '无权查看' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<PublicationDto> {
    return this.reads.get(user, id);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '提交审核（先自动检查：个人信息、密级标志退回；其他提示需确认）' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是作者（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '状态不对或版本过旧' })
  submit(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: VersionedActionDto): Promise<PublicationDto> {
    return this.publications.submit(user, id, dto);
  }

  @Post(':id/acknowledge-warnings')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '确认自动检查的提示，进入审核' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是作者（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '没有待确认的提示或版本过旧' })
  acknowledgeWarnings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Body() dto: VersionedActionDto,
  ): Promise<PublicationDto> {
    return this.publications.acknowledgeWarnings(user, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '审核通过（第一级须填保密审查结论）' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是当前经办人，或作者审核自己的稿件（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '步骤已被处理或版本过旧' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '缺少保密审查结论' })
  approve(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ApproveDto): Promise<PublicationDto> {
    return this.publications.approve(user, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回（须填理由）' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是当前经办人（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '步骤已被处理或版本过旧' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '缺少理由' })
  reject(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ReturnDecisionDto): Promise<PublicationDto> {
    return this.publications.reject(user, id, dto);
  }

  @Post(':id/request-changes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '要求修改（须填理由）' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是当前经办人（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '步骤已被处理或版本过旧' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '缺少理由' })
  requestChanges(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Body() dto: ReturnDecisionDto,
  ): Promise<PublicationDto> {
    return this.publications.requestChanges(user, id, dto);
  }

  @Post(':id/revise')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '提交修订稿（新版本），重新检查并从第一级重新审核' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是作者（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '版本过旧或状态不能修订' })
  revise(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: ReviseDto): Promise<PublicationDto> {
    return this.publications.revise(user, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '作者在发布前撤回' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是作者（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '已发布或已撤回' })
  withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: WithdrawDto): Promise<PublicationDto> {
    return this.publications.withdraw(user, id, dto);
  }

  @Post(':id/retract')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '发布后撤回（主要负责人，须填理由）；目录条目标记为已撤回，不删除' })
  @ApiOkResponse({ type: PublicationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是主要负责人（已记入时间线）' })
  @ApiConflictResponse({ ...REFUSED, description: '未发布或已撤回' })
  retract(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string, @Body() dto: RetractDto): Promise<PublicationDto> {
    return this.publications.retract(user, id, dto);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: '时间线：每个事件（谁、何时、做了什么、针对哪一版），含被拒绝的操作' })
  @ApiOkResponse({ type: [TimelineEventDto] })
  timeline(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<TimelineEventDto[]> {
    return this.reads.timeline(user, id);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: '各版本' })
  @ApiOkResponse({ type: [VersionSummaryDto] })
  versions(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<VersionSummaryDto[]> {
    return this.reads.versions(user, id);
  }

  @Get(':id/versions/:n')
  @ApiOperation({ summary: '某一版本的全文' })
  @ApiOkResponse({ type: VersionDto })
  version(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('n', versionNumberPipe) n: number,
  ): Promise<VersionDto> {
    return this.reads.version(user, id, n);
  }

  @Get(':id/versions/:n/diff')
  @ApiOperation({ summary: '两个版本的逐行差异（默认与上一版比较）' })
  @ApiOkResponse({ type: VersionDiffDto })
  diff(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('n', versionNumberPipe) n: number,
    @Query() query: DiffQueryDto,
  ): Promise<VersionDiffDto> {
    return this.reads.diff(user, id, n, query);
  }
}
