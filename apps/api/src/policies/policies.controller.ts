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
  CreateCommentDto,
  CreatePolicyDto,
  InterpretationCommentDto,
  InterpretationTextDto,
  InterpretationVersionDto,
  ListPoliciesQueryDto,
  PolicyPackageDto,
  PolicyPackagePageDto,
  ReleaseInterpretationDto,
  ReleasedInterpretationDto,
  ReturnInterpretationDto,
  SaveInterpretationDto,
  SavedInterpretationDto,
} from './policy.dto';
import { PolicyService } from './policy.service';

const REFUSED = { type: ErrorResponseDto };

@ApiTags('policies')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ ...REFUSED, description: '未登录或令牌无效' })
@ApiNotFoundResponse({ ...REFUSED, description: '政策包或解读不存在' })
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PolicyService) {}

  @Post()
  @RequireRoles('author')
  @ApiOperation({ summary: '起草政策及其解读方案（谁起草、谁解读）', description: '政策作为稿件起草，解读方案须含文字解读；起草人可在其他科室。' })
  @ApiCreatedResponse({ type: PolicyPackageDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是撰稿人' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '方案不含文字解读、起草人不存在、分类不是政策文件' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreatePolicyDto): Promise<PolicyPackageDto> {
    return this.policies.create(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: '政策包列表（最新在前），可按状态、标题、科室、牵头人、解读起草人、分类、创建和发布日期筛选',
    description: '分管领导、主要负责人、政务公开办看全部；其他人看本科室牵头的、自己牵头的和自己起草解读的政策包。日期为北京时间的自然日（含首尾）。',
  })
  @ApiOkResponse({ type: PolicyPackagePageDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListPoliciesQueryDto): Promise<PolicyPackagePageDto> {
    return this.policies.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '政策包：政策、解读及其状态' })
  @ApiOkResponse({ type: PolicyPackageDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<PolicyPackageDto> {
    return this.policies.get(user, id);
  }

  @Put(':id/interpretations/:iid')
  @ApiOperation({ summary: '保存解读新版本（起草人或牵头人）', description: '返回新版本及内容检查提示（缺少要素、照抄原文），提示不阻止保存。' })
  @ApiOkResponse({ type: SavedInterpretationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是该解读的起草人或牵头人' })
  @ApiConflictResponse({ ...REFUSED, description: '版本已过期，或已提交审核（锁定）' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '正文为空' })
  save(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
    @Body() dto: SaveInterpretationDto,
  ): Promise<SavedInterpretationDto> {
    return this.policies.save(user, id, iid, dto);
  }

  @Get(':id/interpretations/:iid')
  @ApiOperation({ summary: '一项解读及其最新正文（协同起草页）' })
  @ApiOkResponse({ type: InterpretationTextDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '无权查看该政策包' })
  interpretation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
  ): Promise<InterpretationTextDto> {
    return this.policies.interpretation(user, id, iid);
  }

  @Post(':id/interpretations/:iid/comments')
  @ApiOperation({ summary: '评论解读（牵头人、起草人、审核人），可引用原文' })
  @ApiCreatedResponse({ type: [InterpretationCommentDto] })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是政策包的参与人' })
  comment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
    @Body() dto: CreateCommentDto,
  ): Promise<InterpretationCommentDto[]> {
    return this.policies.comment(user, id, iid, dto);
  }

  @Get(':id/interpretations/:iid/comments')
  @ApiOperation({ summary: '解读的评论（时间顺序）' })
  @ApiOkResponse({ type: [InterpretationCommentDto] })
  comments(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
  ): Promise<InterpretationCommentDto[]> {
    return this.policies.comments(user, id, iid);
  }

  @Post(':id/interpretations/:iid/ready')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '起草人标记解读就绪' })
  @ApiOkResponse({ type: PolicyPackageDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是该解读的起草人' })
  @ApiConflictResponse({ ...REFUSED, description: '版本已过期、已就绪或已锁定' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '尚未起草' })
  ready(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
    @Body() dto: InterpretationVersionDto,
  ): Promise<PolicyPackageDto> {
    return this.policies.ready(user, id, iid, dto);
  }

  @Post(':id/interpretations/:iid/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '牵头人退回解读（须说明理由）' })
  @ApiOkResponse({ type: PolicyPackageDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是牵头人' })
  @ApiConflictResponse({ ...REFUSED, description: '解读未就绪或已锁定' })
  return(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
    @Body() dto: ReturnInterpretationDto,
  ): Promise<PolicyPackageDto> {
    return this.policies.return(user, id, iid, dto);
  }

  @Post(':id/interpretations/:iid/release')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '牵头人提交暂缓解读的发布审核（政策发布后）',
    description:
      '仅限暂缓解读，且已就绪、政策已发布。解读成为独立稿件（政策解读），由政策审核路径的第一级审核人（可配置）审核，通过后发布并与政策互相关联。',
  })
  @ApiOkResponse({ type: ReleasedInterpretationDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是牵头人' })
  @ApiConflictResponse({ ...REFUSED, description: '不是暂缓解读、未就绪、政策未发布、已提交或版本已过期' })
  release(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Param('iid', PublicationIdPipe) iid: string,
    @Body() dto: ReleaseInterpretationDto,
  ): Promise<ReleasedInterpretationDto> {
    return this.policies.release(user, id, iid, dto);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '牵头人提交政策及其解读审核（同步审签）',
    description: '任一解读未就绪（且未暂缓）时 422 并列出未就绪的解读；提交后解读锁定，政策进入三审（/publications/:policyId/approve 等）。',
  })
  @ApiOkResponse({ type: PolicyPackageDto })
  @ApiForbiddenResponse({ ...REFUSED, description: '不是牵头人' })
  @ApiConflictResponse({ ...REFUSED, description: '已提交，或政策版本已过期' })
  @ApiUnprocessableEntityResponse({ ...REFUSED, description: '有解读未就绪' })
  submit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', PublicationIdPipe) id: string,
    @Body() dto: InterpretationVersionDto,
  ): Promise<PolicyPackageDto> {
    return this.policies.submit(user, id, dto);
  }
}
