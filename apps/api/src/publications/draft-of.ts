import type { DraftVersion } from '@gongkai/persistence';
import { cleanNoticeHtml } from '@gongkai/domain/html';
import type { CreatePublicationDto } from './publication.dto';

/** The draft fields every item's form carries: a notice, a revision, a policy. */
export type DraftFields = Pick<CreatePublicationDto, 'title' | 'body' | 'bodyFormat' | 'attachments' | 'documentNumber' | 'writtenDate' | 'validity'>;

/** A draft version as stored: text trimmed, an HTML body cleaned against its attachments, the defaults filled in. */
export function draftOf(dto: DraftFields): Omit<DraftVersion, 'attributeReason'> {
  const bodyFormat = dto.bodyFormat ?? 'text';
  const attachments = (dto.attachments ?? []).map((a) => ({ name: a.name, size: a.size, sha256: a.sha256.toLowerCase() }));
  return {
    documentNumber: dto.documentNumber?.trim() || null,
    writtenDate: dto.writtenDate,
    validity: dto.validity ?? '现行有效',
    title: dto.title.trim(),
    body: bodyFormat === 'html' ? cleanNoticeHtml(dto.body, attachments) : dto.body,
    bodyFormat,
    attachments,
  };
}
