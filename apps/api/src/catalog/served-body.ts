import { cleanNoticeHtml } from '@gongkai/domain/html';
import type { AttachmentDto } from '../publications/publication.dto';

/**
 * An HTML body is cleaned again on the way out, not only when stored: a
 * catalogue row written before the allowlist existed, or by any other path,
 * is still served with nothing but the allowed tags and attributes.
 */
export function servedBody(body: string, bodyFormat: string, attachments: AttachmentDto[]): string {
  return bodyFormat === 'html' ? cleanNoticeHtml(body, attachments) : body;
}
