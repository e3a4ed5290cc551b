/**
 * The detail page's buttons: only what the API's `allowedActions` offers, each with the form its DTO needs.
 * The API decides who may do what; this maps an allowed action to a button, a dialog and a request body.
 */
import type { Approve, Publication, Retract, ReturnDecision, Withdraw } from '../api/types';

export type Action = Publication['allowedActions'][number];

export interface ActionForm {
  action: Action;
  label: string;
  buttonType: 'primary' | 'success' | 'warning' | 'danger' | 'default';
  /** The dialog's fields. */
  fields: readonly ('confidentiality' | 'confidentialityNote' | 'comment' | 'reason')[];
  reasonRequired: boolean;
  confirm?: string;
  /** revise opens the draft form instead of a dialog */
  opensEditor?: boolean;
}

const FORMS: Record<Action, Omit<ActionForm, 'action' | 'fields'> & { fields?: ActionForm['fields'] }> = {
  submit: { label: '提交审核', buttonType: 'primary', reasonRequired: false, confirm: '提交后先进行自动检查，再进入三审。确定提交？' },
  'acknowledge-warnings': { label: '确认检查提示并提交', buttonType: 'warning', reasonRequired: false },
  approve: { label: '通过', buttonType: 'success', reasonRequired: false },
  reject: { label: '退回', buttonType: 'danger', fields: ['reason', 'comment'], reasonRequired: true },
  'request-changes': { label: '要求修改', buttonType: 'warning', fields: ['reason', 'comment'], reasonRequired: true },
  revise: { label: '修订', buttonType: 'default', reasonRequired: false, opensEditor: true },
  withdraw: { label: '撤回稿件', buttonType: 'default', fields: ['reason'], reasonRequired: false },
  retract: { label: '撤回已发布信息', buttonType: 'danger', fields: ['reason'], reasonRequired: true },
};

/** The approve dialog asks for the 保密审查 conclusion at level 1 (科室审核), where the API requires it. */
export function needsConfidentiality(p: Pick<Publication, 'stage'>): boolean {
  const stage = p.stage as { level?: number } | null | undefined;
  return (stage?.level ?? 1) === 1;
}

const ORDER: readonly Action[] = ['submit', 'acknowledge-warnings', 'approve', 'request-changes', 'reject', 'revise', 'withdraw', 'retract'];

export function actionForms(p: Pick<Publication, 'allowedActions' | 'stage'>): ActionForm[] {
  return ORDER.filter((a) => p.allowedActions.includes(a)).map((action) => {
    const form = FORMS[action];
    const fields: ActionForm['fields'] =
      action === 'approve' ? (needsConfidentiality(p) ? ['confidentiality', 'confidentialityNote', 'comment'] : ['comment']) : (form.fields ?? []);
    return { ...form, action, fields };
  });
}

export interface ActionInput {
  confidentiality?: 'not_secret' | 'secret' | '';
  confidentialityNote?: string;
  comment?: string;
  reason?: string;
}

/** Local checks before sending (the API checks again); field → message. */
export function validateAction(form: ActionForm, input: ActionInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.fields.includes('confidentiality') && !input.confidentiality) errors.confidentiality = '请填写保密审查结论';
  if (form.reasonRequired && !input.reason?.trim()) errors.reason = form.action === 'retract' ? '请填写撤回理由' : '请填写理由';
  return errors;
}

const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export type ActionRequest =
  | { action: 'approve'; body: Approve }
  | { action: 'reject' | 'request-changes'; body: ReturnDecision }
  | { action: 'withdraw'; body: Withdraw }
  | { action: 'retract'; body: Retract }
  | { action: 'submit' | 'acknowledge-warnings' | 'revise'; body: { version: number } };

/** The request of an action on the item as the user saw it (its version and review level). */
export function actionRequest(form: ActionForm, p: Pick<Publication, 'version' | 'stage'>, input: ActionInput): ActionRequest {
  const level = (p.stage as { level?: number } | null | undefined)?.level;
  const comment = trimmed(input.comment);
  switch (form.action) {
    case 'approve': {
      const body: Approve = { version: p.version };
      if (level !== undefined) body.level = level;
      if (comment) body.comment = comment;
      if (form.fields.includes('confidentiality') && input.confidentiality) {
        body.confidentiality = { conclusion: input.confidentiality };
        const note = trimmed(input.confidentialityNote);
        if (note) body.confidentiality.note = note;
      }
      return { action: 'approve', body };
    }
    case 'reject':
    case 'request-changes': {
      const body: ReturnDecision = { version: p.version, reason: input.reason?.trim() ?? '' };
      if (level !== undefined) body.level = level;
      if (comment) body.comment = comment;
      return { action: form.action, body };
    }
    case 'withdraw': {
      const body: Withdraw = { version: p.version };
      const reason = trimmed(input.reason);
      if (reason) body.reason = reason;
      return { action: 'withdraw', body };
    }
    case 'retract':
      return { action: 'retract', body: { reason: input.reason?.trim() ?? '', version: p.version } };
    default:
      return { action: form.action, body: { version: p.version } };
  }
}

/** Field names as the API reports them (`confidentiality.conclusion`) → the dialog's field. */
export function dialogField(apiField: string): string {
  if (apiField === 'confidentiality.note') return 'confidentialityNote';
  if (apiField.startsWith('confidentiality')) return 'confidentiality';
  return apiField;
}
