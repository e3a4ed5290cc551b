/** The 起草 / 修订 form ⇄ the create and revise DTOs. */
import type { CreatePublication, Publication, Revise } from '../api/types';
import { text } from './format';

export interface DraftValues {
  title: string;
  body: string;
  bodyFormat: 'text' | 'html';
  documentNumber: string;
  writtenDate: string;
  validity: '现行有效' | '已废止';
  category: string;
  attribute: 'proactive' | 'on_request' | 'not_disclosed';
  attributeReason: string;
}

export const DRAFT_FIELDS = ['title', 'body', 'bodyFormat', 'documentNumber', 'writtenDate', 'validity', 'category', 'attribute', 'attributeReason'] as const;

export function emptyDraft(today: string): DraftValues {
  return {
    title: '',
    body: '',
    bodyFormat: 'text',
    documentNumber: '',
    writtenDate: today,
    validity: '现行有效',
    category: '',
    attribute: 'proactive',
    attributeReason: '',
  };
}

export function draftOf(p: Publication): DraftValues {
  return {
    title: p.title,
    body: p.body,
    bodyFormat: p.bodyFormat,
    documentNumber: text(p.documentNumber),
    writtenDate: text(p.writtenDate),
    validity: p.validity,
    category: p.category,
    attribute: p.attribute,
    attributeReason: text(p.attributeReason),
  };
}

/** GB/T 9704: 机关代字〔YYYY〕序号号, no leading zeros. */
const DOCUMENT_NUMBER = /^[^〔〕\s]+〔\d{4}〕[1-9]\d*号$/;

/** What the form can tell before sending (the API checks it all again and answers field by field). */
export function validateDraft(v: DraftValues, mode: 'create' | 'revise'): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = '请填写标题';
  else if (v.title.length > 200) e.title = '标题不超过 200 字';
  if (!v.body.trim()) e.body = '请填写正文';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.writtenDate)) e.writtenDate = '请选择成文日期';
  if (v.documentNumber.trim() && !DOCUMENT_NUMBER.test(v.documentNumber.trim())) e.documentNumber = '文号格式应为 机关代字〔年份〕序号号，如 示教〔2026〕5号';
  if (mode === 'create') {
    if (!v.category) e.category = '请选择主题分类';
    if (v.attribute !== 'proactive' && !v.attributeReason.trim()) e.attributeReason = '依申请公开、不予公开须填写法定理由';
  }
  return e;
}

const optional = (s: string) => (s.trim() ? s.trim() : undefined);

export function createBody(v: DraftValues): CreatePublication {
  const body: CreatePublication = {
    title: v.title.trim(),
    body: v.body,
    bodyFormat: v.bodyFormat,
    writtenDate: v.writtenDate,
    validity: v.validity,
    category: v.category,
    attribute: v.attribute,
  };
  const documentNumber = optional(v.documentNumber);
  if (documentNumber) body.documentNumber = documentNumber;
  const reason = optional(v.attributeReason);
  if (reason) body.attributeReason = reason;
  return body;
}

export function reviseBody(v: DraftValues, version: number): Revise {
  const body: Revise = { title: v.title.trim(), body: v.body, bodyFormat: v.bodyFormat, writtenDate: v.writtenDate, validity: v.validity, version };
  const documentNumber = optional(v.documentNumber);
  if (documentNumber) body.documentNumber = documentNumber;
  const reason = optional(v.attributeReason);
  if (reason && v.attribute !== 'proactive') body.attributeReason = reason;
  return body;
}
