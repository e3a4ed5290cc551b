/**
 * 征求意见 (issue 12): labels, the countdown, the closing date as the notice prints it, the forms' checks (the
 * API's rules, told before sending), and which controls a user sees (the API decides; the page shows only what can work).
 */
import type { Cluster, Consultation, ConsultationStatus, CreateConsultation, DispositionDecision, Extension, StaffComment } from '../api/types';
import { formatDate } from './format';

/** 重大行政决策程序暂行条例: in general not less than 30 days; a shorter window is explained in the notice. */
export const MIN_DAYS = 30;
export const MAX_COMMENT_LENGTH = 5000;
export const MAX_REASON_LENGTH = 2000;

export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  draft: '草稿',
  in_review: '公告审核中',
  open: '征求意见中',
  closed: '已截止',
  concluded: '已反馈',
  withdrawn: '已撤回',
};

type TagType = 'info' | 'warning' | 'primary' | 'success' | 'danger';
const STATUS_TAGS: Record<string, TagType> = { draft: 'info', in_review: 'primary', open: 'success', closed: 'warning', concluded: 'info', withdrawn: 'info' };

export const statusLabel = (status: string): string => STATUS_LABELS[status as ConsultationStatus] ?? status;
export const statusTag = (status: string): TagType => STATUS_TAGS[status] ?? 'info';

/** The statuses the public sees (a consultation not yet open is not public). */
export const PUBLIC_STATUSES = ['open', 'closed', 'concluded'] as const;

export const DECISION_LABELS: Record<DispositionDecision, string> = {
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不予采纳',
  not_applicable: '不适用',
};
export const decisionLabel = (d: string | undefined): string => (d ? (DECISION_LABELS[d as DispositionDecision] ?? d) : '未处理');

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * "距截止还有 X 天 X 小时" (the last hour in minutes), or "已截止" once the API says so or the moment has passed
 * (the workflow closes the window at that moment; the page may learn of it a little later).
 */
export function countdownText(status: string, closesAt: string | undefined, now: number): string {
  if (status === 'closed' || status === 'concluded') return '已截止';
  if (status !== 'open' || !closesAt) return '';
  const left = Date.parse(closesAt) - now;
  if (Number.isNaN(left)) return '';
  if (left <= 0) return '已截止';
  if (left < HOUR) return `距截止还有 ${Math.max(1, Math.ceil(left / 60_000))} 分钟`;
  return `距截止还有 ${Math.floor(left / DAY)} 天 ${Math.floor((left % DAY) / HOUR)} 小时`;
}

/** The civil date in Asia/Shanghai (the window's days are counted there, whatever the browser's zone). */
export function shanghaiDate(iso: string): { y: number; m: number; d: number } | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const [y, m, d] = new Date(ms + 8 * HOUR).toISOString().slice(0, 10).split('-').map(Number);
  return { y, m, d };
}

/** "2026年1月5日24时", as the notice states the closing (the last day's 23:59:59 Beijing time). */
export function closingText(closesAt: string | undefined): string {
  const c = closesAt ? shanghaiDate(closesAt) : null;
  return c ? `${c.y}年${c.m}月${c.d}日24时` : '';
}

/** An extension as the public notice reads it. */
export function extensionText(e: Pick<Extension, 'days' | 'reason' | 'at' | 'closesAt'>): string {
  return `${formatDate(e.at)} 延长征求意见期 ${e.days} 日，截止时间延至 ${closingText(e.closesAt)}。理由：${e.reason}`;
}

// —— the comment form (public) ——

export interface CommentValues {
  text: string;
  name: string;
  contact: string;
  clause: string;
}

export const emptyComment = (): CommentValues => ({ text: '', name: '', contact: '', clause: '' });

export function validateComment(v: CommentValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.text.trim()) e.text = '请填写意见内容';
  else if (v.text.length > MAX_COMMENT_LENGTH) e.text = `意见内容不能超过 ${MAX_COMMENT_LENGTH} 字（现 ${v.text.length} 字）`;
  if (v.name.length > 50) e.name = '姓名不超过 50 字';
  if (v.contact.length > 100) e.contact = '联系方式不超过 100 字';
  if (v.clause.length > 100) e.clause = '条款不超过 100 字';
  return e;
}

/** `POST /public/consultations/:id/comments`: blank optional fields left out. */
export function commentBody(v: CommentValues): { text: string; name?: string; contact?: string; clause?: string } {
  const body: { text: string; name?: string; contact?: string; clause?: string } = { text: v.text.trim() };
  for (const k of ['name', 'contact', 'clause'] as const) if (v[k].trim()) body[k] = v[k].trim();
  return body;
}

/** A 429's `Retry-After` (whole seconds, or an HTTP date) in seconds; null when absent or unreadable. */
export function retryAfterSeconds(retryAfter: string | null | undefined, now: number): number | null {
  const raw = (retryAfter ?? '').trim();
  if (/^\d+$/.test(raw)) return Math.max(1, Number(raw));
  const at = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}

/** The 429's message, with the wait added when the API's words do not already say it. */
export function tooManyText(message: string, seconds: number | null): string {
  if (seconds === null || /\d+\s*(秒|分钟)/.test(message)) return message;
  return `${message}（请 ${seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`}后再试）`;
}

/** The submit button while a 429's wait runs: "请 N 秒后再提交". */
export function waitLabel(untilMs: number, now: number): string {
  const left = Math.ceil((untilMs - now) / 1000);
  return left > 0 ? `请 ${left} 秒后再提交` : '';
}

// —— the create form (staff) ——

export interface ConsultationValues {
  title: string;
  draftBody: string;
  explanation: string;
  days: number | null;
  shortReason: string;
  contact: string;
}

export const emptyConsultation = (): ConsultationValues => ({ title: '', draftBody: '', explanation: '', days: MIN_DAYS, shortReason: '', contact: '' });

export const isShortWindow = (days: number | null | undefined): boolean => typeof days === 'number' && days >= 1 && days < MIN_DAYS;

export function validateConsultation(v: ConsultationValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = '请填写标题';
  else if (v.title.length > 200) e.title = '标题不超过 200 字';
  if (!v.draftBody.trim()) e.draftBody = '请填写征求意见稿';
  if (!v.explanation.trim()) e.explanation = '请填写起草说明';
  if (typeof v.days !== 'number' || !Number.isInteger(v.days) || v.days < 1 || v.days > 365) e.days = '征求意见期须为 1–365 的整数（日历日）';
  else if (isShortWindow(v.days) && !v.shortReason.trim()) e.shortReason = `征求意见期少于 ${MIN_DAYS} 日须说明理由（随公告公开）`;
  if (v.shortReason.length > 500) e.shortReason = '理由不超过 500 字';
  if (v.contact.length > 200) e.contact = '联系方式不超过 200 字';
  return e;
}

export function createConsultationBody(v: ConsultationValues): CreateConsultation {
  return {
    title: v.title.trim(),
    draftBody: v.draftBody,
    explanation: v.explanation,
    days: v.days ?? MIN_DAYS,
    ...(isShortWindow(v.days) && v.shortReason.trim() ? { shortReason: v.shortReason.trim() } : {}),
    ...(v.contact.trim() ? { contact: v.contact.trim() } : {}),
  };
}

// —— dispositions ——

/** A reason for everything but 采纳 (it is written into the feedback report). */
export function validateDisposition(decision: string, reason: string): string {
  if (!decision || !(decision in DECISION_LABELS)) return '请选择处理结果';
  if (decision !== 'adopted' && !reason.trim()) return `“${decisionLabel(decision)}”须说明理由（将写入意见采纳情况反馈）`;
  if (reason.length > MAX_REASON_LENGTH) return `理由不超过 ${MAX_REASON_LENGTH} 字`;
  return '';
}

export function dispositionBody(decision: DispositionDecision, reason: string): { decision: DispositionDecision; reason?: string } {
  return reason.trim() ? { decision, reason: reason.trim() } : { decision };
}

export interface ClusterView {
  cluster: Cluster;
  comments: StaffComment[];
}

/** Each cluster (largest first, as the API orders them) with its comments in the order received. */
export function groupByCluster(clusters: readonly Cluster[], comments: readonly StaffComment[]): ClusterView[] {
  return clusters.map((cluster) => ({ cluster, comments: comments.filter((c) => c.clusterId === cluster.id) }));
}

export const undecided = (clusters: readonly Cluster[]): Cluster[] => clusters.filter((c) => !c.decision);

// —— who sees which control ——

export interface ConsultationUser {
  id: string;
  roles: readonly string[];
  department: string;
}

export interface ConsultationPowers {
  /** 延长: leaders and the principal, while open. */
  extend: boolean;
  /** The comments with names and contacts: the author, their section head, leaders, the principal, the office. */
  readComments: boolean;
  /** Dispositions: the author or the department's section head, after closing and before the report is generated. */
  decide: boolean;
  /** 生成意见采纳情况反馈: the author, after closing, once. */
  feedback: boolean;
}

const READ_ALL = ['leader', 'principal', 'office'];

export function powersOf(c: Pick<Consultation, 'status' | 'authorId' | 'departmentId' | 'feedbackId'>, user: ConsultationUser | null | undefined): ConsultationPowers {
  if (!user) return { extend: false, readComments: false, decide: false, feedback: false };
  const author = c.authorId === user.id;
  const sectionHead = user.roles.includes('section_head') && user.department === c.departmentId;
  const closedNoReport = c.status === 'closed' && !c.feedbackId;
  return {
    extend: c.status === 'open' && user.roles.some((r) => r === 'leader' || r === 'principal'),
    readComments: author || sectionHead || user.roles.some((r) => READ_ALL.includes(r)),
    decide: closedNoReport && (author || sectionHead),
    feedback: closedNoReport && author,
  };
}

/** Extension form: days 1–365, a reason (published with the extension notice). */
export function validateExtension(days: number | null | undefined, reason: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) e.days = '延长天数须为 1–365 的整数';
  if (!reason.trim()) e.reason = '请说明延长理由（随延期公告公开）';
  else if (reason.length > 500) e.reason = '理由不超过 500 字';
  return e;
}

// —— the notice's and the feedback's manuscript pages ——

const MANUSCRIPT_NOTES: Record<string, string> = {
  征求意见: '本稿件是征求意见公告：经审核发布后开始征求意见，截止时间写入公告。',
  意见反馈: '本稿件是意见采纳情况反馈：由各项意见的处理结果生成，可修改后提交审核；发布后征求意见办结，并与公告互相关联。',
};

/** The note a 征求意见 or 意见反馈 manuscript shows, and where it leads back to (the consultation when the link named it). */
export function manuscriptNote(category: string, consultationId: unknown): { text: string; href: string } | null {
  const note = MANUSCRIPT_NOTES[category];
  if (!note) return null;
  const id = typeof consultationId === 'string' && /^[0-9a-f-]{36}$/i.test(consultationId) ? consultationId : '';
  return { text: note, href: id ? `/consultation-admin/${id}` : '/consultation-admin' };
}

/** A manuscript link from a consultation's page, naming the consultation so the manuscript page links back. */
export const manuscriptLink = (publicationId: string, consultationId: string): string =>
  `/manuscripts/${encodeURIComponent(publicationId)}?consultation=${encodeURIComponent(consultationId)}`;
