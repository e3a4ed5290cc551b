/** 政策解读 (policy packages): labels, the plan form ⇄ `POST /policies`, who may do what, and the bundle a signature covered. */
import type { CreatePolicy, Interpretation, PolicyPackage } from '../api/types';
import { createBody, type DraftValues } from './draft';
import { formatDate, text } from './format';

/** The categories a policy may have (the API answers 422 to others). */
export const POLICY_CATEGORIES = ['规范性文件', '政策文件', '其他政策文件'] as const;

export const FORM_LABELS: Record<string, string> = {
  text: '文字解读',
  qa: '政策问答',
  graphic: '图解',
  video: '视频/动漫',
  expert: '专家解读',
  media: '媒体解读',
};

export const PACKAGE_STATUS_LABELS: Record<string, string> = {
  drafting: '协同起草中',
  in_review: '审核中',
  returned: '已退回',
  published: '已发布',
  withdrawn: '已撤回（未发布）',
  retracted: '已撤回（已发布）',
};

export const INTERPRETATION_STATUS_LABELS: Record<string, string> = {
  drafting: '起草中',
  ready: '已就绪',
  published: '已发布',
  retracted: '已撤回',
};

type TagType = 'info' | 'warning' | 'primary' | 'success' | 'danger';

export const STATUS_TAGS: Record<string, TagType> = {
  drafting: 'info',
  ready: 'primary',
  in_review: 'primary',
  returned: 'warning',
  published: 'success',
  withdrawn: 'info',
  retracted: 'danger',
};

export const formLabel = (form: string): string => FORM_LABELS[form] ?? form;
export const packageStatusLabel = (status: string): string => PACKAGE_STATUS_LABELS[status] ?? status;
export const interpretationStatusLabel = (status: string): string => INTERPRETATION_STATUS_LABELS[status] ?? status;
export const statusTag = (status: string): TagType => STATUS_TAGS[status] ?? 'info';

// —— the plan (起草页) ——

export interface PlanRow {
  form: string;
  ownerId: string;
  title: string;
}

export interface PlanValues {
  rows: PlanRow[];
  deferred: boolean;
  deferralReason: string;
}

export function emptyPlan(ownerId: string): PlanValues {
  return { rows: [{ form: 'text', ownerId, title: '' }], deferred: false, deferralReason: '' };
}

/** What the form can tell before sending, keyed `plan`, `rows.<i>.ownerId`, `rows.<i>.form`, `deferralReason`. */
export function validatePlan(plan: PlanValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (plan.rows.length === 0) e.plan = '解读方案至少包含一项解读';
  else if (!plan.rows.some((r) => r.form === 'text')) e.plan = '解读方案须包含一项文字解读（谁起草、谁解读）';
  else if (plan.rows.length > 10) e.plan = '解读方案不能超过 10 项';
  plan.rows.forEach((r, i) => {
    if (!FORM_LABELS[r.form]) e[`rows.${i}.form`] = '请选择解读形式';
    if (!r.ownerId.trim()) e[`rows.${i}.ownerId`] = '请填写起草人的用户名';
    if (r.title.length > 200) e[`rows.${i}.title`] = '解读标题不超过 200 字';
  });
  if (plan.deferred && !plan.deferralReason.trim()) e.deferralReason = '暂缓解读须说明理由';
  return e;
}

export function createPolicyBody(draft: DraftValues, plan: PlanValues): CreatePolicy {
  const body: CreatePolicy = {
    ...createBody(draft),
    interpretations: plan.rows.map((r) => ({ form: r.form as CreatePolicy['interpretations'][number]['form'], ownerId: r.ownerId.trim(), ...(r.title.trim() ? { title: r.title.trim() } : {}) })),
  };
  if (plan.deferred) body.deferral = { reason: plan.deferralReason.trim() };
  return body;
}

/** The API names plan rows `interpretations.<i>.<field>`; the form shows them on its rows. */
export function planFieldOf(apiField: string): string {
  const m = /^interpretations\.(\d+)\.(\w+)$/.exec(apiField);
  return m ? `rows.${m[1]}.${m[2]}` : apiField === 'interpretations' ? 'plan' : apiField === 'deferral.reason' || apiField === 'deferral' ? 'deferralReason' : apiField;
}

// —— who may do what (the workflow decides; the page shows only the buttons that can work) ——

/** Deferred-interpretation fields (optional: the API adds them with the deferral work). */
type Deferrable = Interpretation & { deferred?: boolean; dueAt?: string; late?: boolean };

export interface InterpretationPowers {
  edit: boolean;
  ready: boolean;
  return: boolean;
  release: boolean;
}

const LOCKED = ['in_review', 'published', 'withdrawn', 'retracted'];

export function powersOf(pkg: PolicyPackage, i: Interpretation, userId: string | undefined): InterpretationPowers {
  const lead = userId !== undefined && pkg.leadId === userId;
  const owner = userId !== undefined && i.ownerId === userId;
  const d = i as Deferrable;
  const open = !LOCKED.includes(pkg.status) && i.status !== 'published' && i.status !== 'retracted';
  // A deferred interpretation stays editable after the policy's submission (it is not in the bundle).
  const deferredOpen = d.deferred === true && i.status !== 'published' && i.status !== 'retracted' && pkg.status !== 'withdrawn' && pkg.status !== 'retracted';
  const editable = open || deferredOpen;
  return {
    edit: editable && (owner || lead),
    ready: editable && owner && i.status === 'drafting' && i.version > 0,
    return: editable && lead && i.status === 'ready',
    release: lead && d.deferred === true && i.status === 'ready' && pkg.status === 'published',
  };
}

export function canSubmitPackage(pkg: PolicyPackage, userId: string | undefined): boolean {
  return userId !== undefined && pkg.leadId === userId && (pkg.status === 'drafting' || pkg.status === 'returned');
}

/** Due date and lateness of a deferred interpretation, when the API gives them. */
export function dueOf(i: Interpretation): { text: string; late: boolean } | null {
  const d = i as Deferrable;
  const due = text(d.dueAt);
  if (!due && !d.late) return null;
  return { text: due ? `${formatDate(due)} 前完成` : '', late: d.late === true };
}

// —— one signature over the bundle (同步审签) ——

export interface BundleVersions {
  policyVersion: number;
  interpretations: { id: string; version: number }[];
}

/** "审核意见涵盖：政策第2版；文字解读第3版、政策问答第1版" */
export function bundleCoverage(bundle: BundleVersions, interpretations: readonly Pick<Interpretation, 'id' | 'form'>[]): string {
  const parts = bundle.interpretations.map((b, n) => {
    const known = interpretations.find((i) => i.id === b.id);
    return `${known ? formLabel(known.form) : `解读${n + 1}`}第${b.version}版`;
  });
  return `审核意见涵盖：政策第${bundle.policyVersion}版${parts.length ? `；${parts.join('、')}` : ''}`;
}

/** A decision's bundle when it has a well-formed one. */
export function bundleOf(decision: unknown): BundleVersions | null {
  const b = (decision as { bundle?: unknown } | null)?.bundle as Partial<BundleVersions> | undefined;
  if (!b || typeof b.policyVersion !== 'number' || !Array.isArray(b.interpretations)) return null;
  return { policyVersion: b.policyVersion, interpretations: b.interpretations.filter((x) => x && typeof x.id === 'string' && typeof x.version === 'number') };
}

// —— comments beside the text ——

export const QUOTE_MAX = 2000;

/**
 * The passage a comment quotes: the selected text, trimmed, when it lies within the interpretation's body
 * (a selection across the page's other parts quotes nothing). Whitespace runs are compared loosely, since the
 * browser's selection of a pre-wrapped text may differ in line breaks.
 */
export function quoteFrom(selection: string, body: string): string {
  const picked = selection.trim();
  if (!picked) return '';
  const loose = (s: string) => s.replace(/\s+/g, ' ');
  if (!loose(body).includes(loose(picked))) return '';
  return picked.length > QUOTE_MAX ? picked.slice(0, QUOTE_MAX) : picked;
}

/** The gate's 422 ("以下解读尚未就绪：文字解读（张伟）、…") as one line per interpretation when it lists several. */
export function gateLines(message: string): string[] {
  const m = /[:：]\s*(.+)$/.exec(message);
  if (!m) return [];
  return m[1].split(/[、；;]/).map((s) => s.trim().replace(/[。.]$/, '')).filter(Boolean);
}

/** A catalogue entry's related entry: 【解读 · 政策问答】 for a policy's interpretations, 【所解读的政策】 for the policy. */
export function relatedLabel(r: { relation?: string; form?: string }): string {
  if (r.relation === 'interpreted_by') return r.form ? `解读 · ${formLabel(r.form)}` : '解读';
  if (r.relation === 'interprets') return '所解读的政策';
  // 征求意见 (issue 12): a notice and its 意见采纳情况反馈 link each other.
  if (r.relation === 'feedback') return '意见采纳情况反馈';
  if (r.relation === 'feedback_on') return '征求意见公告';
  return '相关';
}
