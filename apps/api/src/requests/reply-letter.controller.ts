import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/roles';
import { ErrorResponseDto } from '../common/error-response';
import { contentDisposition } from '../common/content-disposition';
import { PublicationIdPipe } from '../publications/publication-id.pipe';
import { renderReplyLetterPdf } from './reply-letter.pdf';
import { ReplyLetterService } from './reply-letter.service';

const REFUSED = { type: ErrorResponseDto };

/** The reply letter (答复告知书) as a PDF: read by whoever may read the request. */
@ApiTags('requests')
@ApiBearerAuth()
@Controller('requests')
export class ReplyLetterController {
  constructor(private readonly letters: ReplyLetterService) {}

  @Get(':id/reply.pdf')
  @RequireRoles('office', 'leader', 'principal')
  @ApiOperation({
    summary: '答复告知书（PDF）',
    description: '按处理结果写明依据的条例条款和救济途径（60 日内行政复议、6 个月内行政诉讼）；送达前标注“草稿”。',
  })
  @ApiOkResponse({ description: 'A4 PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiUnauthorizedResponse({ ...REFUSED, description: '未登录或令牌无效' })
  @ApiForbiddenResponse({ ...REFUSED, description: '角色不符' })
  @ApiNotFoundResponse({ ...REFUSED, description: '申请不存在' })
  @ApiConflictResponse({ ...REFUSED, description: '尚未拟办答复' })
  async replyPdf(@CurrentUser() user: AuthenticatedUser, @Param('id', PublicationIdPipe) id: string): Promise<StreamableFile> {
    const letter = await this.letters.letter(user, id);
    const pdf = await renderReplyLetterPdf(letter);
    const name = `${letter.draft ? '答复告知书（草稿）' : '答复告知书'}-${letter.fileNumber}.pdf`;
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: contentDisposition('inline', `reply-${letter.fileNumber}${letter.draft ? '-draft' : ''}.pdf`, name),
      length: pdf.length,
    });
  }
}
