/** Labels and formats the pages share. The API's nullable fields arrive typed loosely; `text` reads them safely. */
import type { PublicationStatus } from '../api/types';

/** A nullable API value (string, number or null) as display text; '' when absent. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A nullable API number (typed loosely by the schema generator); null when absent or not a number. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export const STATUS_LABELS: Record<PublicationStatus, string> = {
  draft: '草稿',
  returned: '已退回',
  in_review: '审核中',
  published: '已发布',
  withdrawn: '已撤回（未发布）',
  retracted: '已撤回（已发布）',
};

export const STATUS_TAG: Record<PublicationStatus, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  draft: 'info',
  returned: 'warning',
  in_review: 'primary',
  published: 'success',
  withdrawn: 'info',
  retracted: 'danger',
};

export const ATTRIBUTE_LABELS: Record<string, string> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  not_disclosed: '不予公开',
};

export const ROLE_LABELS: Record<string, string> = {
  author: '撰稿人',
  section_head: '科室负责人',
  leader: '分管领导',
  principal: '主要负责人',
  office: '政务公开办',
};

export const STAGE_LABELS: Record<string, string> = { 1: '科室审核', 2: '分管领导审核', 3: '主要负责人审核' };

/** The list's `stage` filter: a review level, or one of the dashboard's stage names. */
export const STAGE_FILTER_LABELS: Record<string, string> = {
  draft: '起草中',
  returned: '退回修改',
  screening: '自动检查',
  section_review: '科室审核',
  leader_review: '分管领导审核',
  principal_review: '主要负责人审核',
  publishing: '发布中',
};

export const FINDING_KIND_LABELS: Record<string, string> = {
  id_card: '身份证号',
  mobile_phone: '手机号码',
  landline_phone: '固定电话',
  bank_card: '银行卡号',
  email: '电子邮箱',
  classification_mark: '密级标识',
  typo: '错别字',
  sensitive_word: '敏感词',
  leader_title: '领导姓名职务',
  document_number: '文号格式',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO timestamp as local `YYYY-MM-DD HH:mm`; a date-only string stays as it is. */
export function formatDateTime(value: unknown): string {
  const s = text(value);
  if (!s) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(value: unknown): string {
  return formatDateTime(value).slice(0, 10);
}

/** `YYYY-MM-DD` of a Date in local time. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return `${Math.round(share * 1000) / 10}%`;
}

export function workingDays(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${Math.round(value * 10) / 10} 个工作日`;
}

/** 索引号 in a URL path: its `/` is written `%2F` (the API's one-segment form). */
export function catalogPath(indexNumber: string): string {
  return `/open/${encodeURIComponent(indexNumber)}`;
}

const TIMELINE_LABELS: Record<string, string> = {
  created: '起草',
  submitted: '提交',
  screening_warned: '自动检查提示',
  screening_blocked: '自动检查未通过',
  awaiting_acknowledgement: '待确认检查提示',
  assigned: '分派审核人',
  deadlines_recomputed: '期限重算（节假日调整）',
  confidentiality_stopped: '保密审查：停止发布',
  portal_failed: '推送门户失败',
  warnings_acknowledged: '确认检查提示',
  review_started: '开始审核',
  approved: '通过',
  rejected: '退回',
  changes_requested: '要求修改',
  revised: '修订',
  reminded: '催办',
  escalated: '逾期升级',
  published: '发布',
  withdrawn: '撤回',
  retracted: '撤回已发布信息',
  refused: '被拒绝的操作',
};

export function timelineLabel(kind: string): string {
  return TIMELINE_LABELS[kind] ?? kind;
}
