import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public, PublicComment } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { PublicationIdPipe } from '../publications/publication-id.pipe';
import { CommentReceiptDto, PublicCommentDto, PublicConsultationDetailDto, PublicConsultationPageDto, PublicConsultationQueryDto } from './consultation.dto';
import { ConsultationService } from './consultation.service';

const REFUSED = { type: ErrorResponseDto };

/** 征求意见 for the public: no token; rate-limited per address (429 with Retry-After); never a name, contact or comment text. */
@ApiTags('public-consultations')
@ApiTooManyRequestsResponse({ ...REFUSED, description: '请求过于频繁（PUBLIC_RATE_LIMIT_PER_MINUTE；提交意见另有 PUBLIC_COMMENT_LIMIT_PER_MINUTE），请按 Retry-After 稍后再试' })
@Public()
@Controller('public/consultations')
export class PublicConsultationsController {
  constructor(private readonly consultations: ConsultationService) {}

  @Get()
  @ApiOperation({ summary: '公开征求意见列表（进行中、已截止、已反馈），最新在前' })
  @ApiOkResponse({ type: PublicConsultationPageDto })
  list(@Query() query: PublicConsultationQueryDto): Promise<PublicConsultationPageDto> {
    return this.consultations.publicList(query);
  }

  @Get(':id')
  @ApiOperation({ summary: '征求意见稿、起草说明、征求意见期（截止时间、延期公告）、意见条数、公告和反馈的索引号' })
  @ApiOkResponse({ type: PublicConsultationDetailDto })
  @ApiNotFoundResponse({ ...REFUSED, description: '不存在或尚未公开' })
  get(@Param('id', PublicationIdPipe) id: string): Promise<PublicConsultationDetailDto> {
    return this.consultations.publicGet(id);
  }

  @Post(':id/comments')
  @PublicComment()
  @ApiOperation({ summary: '提交意见（无需登录）：姓名、联系方式可不填，不公开；返回回执号' })
  @ApiCreatedResponse({ type: CommentReceiptDto })
  @ApiBadRequestResponse({ ...REFUSED, description: '内容为空、超过 5000 字或字段无效' })
  @ApiNotFoundResponse({ ...REFUSED, description: '征求意见不存在' })
  @ApiConflictResponse({ ...REFUSED, description: '尚未开始或已截止' })
  comment(@Param('id', PublicationIdPipe) id: string, @Body() dto: PublicCommentDto): Promise<CommentReceiptDto> {
    return this.consultations.comment(id, dto);
  }
}
