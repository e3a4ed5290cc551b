/**
 * 依申请公开 on the pages: labels, the working-days-left tag, which actions the signed-in user has in a request's
 * status (the workflow decides; this only hides what it would refuse), the outcome picker grouped like table 3 of
 * the annual report, the register and public filing forms, and the deadline explanation as a timeline.
 */
import type {
  CreateDisclosureRequest,
  DisclosureRequest,
  DisclosureRequestStatus,
  PublicDisclosureRequest,
  RequestChannel,
  RequestDeadline,
  RequestOutcome,
} from '../api/types';

export const REQUEST_STATUS_LABELS: Record<DisclosureRequestStatus, string> = {
  awaiting_confirmation: '待确认收到',
  registered: '办理中',
  awaiting_clarification: '等待补正',
  third_party: '征求第三方意见',
  replying: '答复拟办审批',
  closed: '已办结',
};

export const REQUEST_STATUS_TAG: Record<DisclosureRequestStatus, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  awaiting_confirmation: 'warning',
  registered: 'primary',
  awaiting_clarification: 'info',
  third_party: 'info',
  replying: 'primary',
  closed: 'success',
};

/** The public's words for the same statuses (the tracking page). */
export const TRACKING_STATUS_LABELS: Record<DisclosureRequestStatus, string> = {
  awaiting_confirmation: '已提交，待受理机关确认收到',
  registered: '已受理，正在办理',
  awaiting_clarification: '需要补正，请按补正通知补正申请',
  third_party: '正在征求第三方意见',
  replying: '正在办理答复',
  closed: '已办结',
};

export const CHANNEL_LABELS: Record<RequestChannel, string> = {
  in_person: '当面提交',
  registered_post: '邮政挂号信',
  ordinary_post: '平信',
  online: '网上申请',
  fax: '传真',
  email: '电子邮件',
};

export const REQUESTER_KIND_LABELS = { natural_person: '自然人', legal_person: '法人或其他组织' } as const;
export type RequesterKind = keyof typeof REQUESTER_KIND_LABELS;

export const CATEGORY_LABELS = {
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_services: '法律服务机构',
  other: '其他',
} as const;
export type RequesterCategory = keyof typeof CATEGORY_LABELS;

export const OPINION_LABELS = { agree: '同意公开', object: '不同意公开', none: '未表态' } as const;
export type Opinion = keyof typeof OPINION_LABELS;

/** The outcome picker: one option per row of table 3, grouped as the table groups them (三（一）…三（六）). */
export interface OutcomeGroup {
  label: string;
  options: { value: RequestOutcome; label: string }[];
}

export const OUTCOME_GROUPS: OutcomeGroup[] = [
  { label: '三（一）予以公开', options: [{ value: 'disclosed', label: '予以公开（含已主动公开的，告知获取方式）' }] },
  { label: '三（二）部分公开', options: [{ value: 'partly_disclosed', label: '部分公开（区分处理）' }] },
  {
    label: '三（三）不予公开',
    options: [
      { value: 'refused.state_secret', label: '1．属于国家秘密' },
      { value: 'refused.prohibited_by_law', label: '2．其他法律行政法规禁止公开' },
      { value: 'refused.three_safeties', label: '3．危及“三安全一稳定”' },
      { value: 'refused.third_party_rights', label: '4．保护第三方合法权益' },
      { value: 'refused.internal_affairs', label: '5．属于三类内部事务信息' },
      { value: 'refused.process_information', label: '6．属于四类过程性信息' },
      { value: 'refused.enforcement_file', label: '7．属于行政执法案卷' },
      { value: 'refused.administrative_query', label: '8．属于行政查询事项' },
    ],
  },
  {
    label: '三（四）无法提供',
    options: [
      { value: 'unavailable.not_held', label: '1．本机关不掌握相关政府信息' },
      { value: 'unavailable.needs_creation', label: '2．没有现成信息需要另行制作' },
      { value: 'unavailable.unclear_after_clarification', label: '3．补正后申请内容仍不明确' },
    ],
  },
  {
    label: '三（五）不予处理',
    options: [
      { value: 'not_processed.petition', label: '1．信访举报投诉类申请' },
      { value: 'not_processed.repeat', label: '2．重复申请' },
      { value: 'not_processed.publication', label: '3．要求提供公开出版物' },
      { value: 'not_processed.excessive', label: '4．无正当理由大量反复申请' },
      { value: 'not_processed.confirmation', label: '5．要求行政机关确认或重新出具已获取信息' },
    ],
  },
  {
    label: '三（六）其他处理',
    options: [
      { value: 'other.no_clarification', label: '1．申请人无正当理由逾期不补正' },
      { value: 'other.unpaid_fee', label: '2．申请人逾期未按收费通知缴纳费用' },
      { value: 'other.other', label: '3．其他' },
    ],
  },
];

/** 「不属于本机关负责公开」: the reply names the agency that is (Art. 36). */
/**
 * The workflow has taken the request but not yet read its clock (the first moments after registering or
 * confirming): no due date although nothing stops the clock. The page asks again shortly rather than showing
 * a paused clock that is not paused.
 */
export function clockNotYetRead(r: Pick<DisclosureRequest, 'status' | 'dueOn'>, d?: Pick<RequestDeadline, 'dueOn' | 'events'>): boolean {
  // The deadline explanation is read from the workflow a moment apart from the request: it may still be empty
  // when the request already shows its due date.
  const deadlineUnread = d !== undefined && (!d.dueOn || d.events.length === 0);
  return (r.status === 'registered' || r.status === 'replying') && (!r.dueOn || deadlineUnread);
}

export function needsResponsibleAgency(outcome: RequestOutcome | '' | undefined): boolean {
  return outcome === 'unavailable.not_held';
}

export function outcomeLabel(outcome: string | undefined): string {
  for (const g of OUTCOME_GROUPS) {
    const o = g.options.find((x) => x.value === outcome);
    if (o) return g.options.length === 1 ? g.label.replace(/^三（.）/, '') : `${g.label.replace(/^三（.）/, '')}：${o.label.replace(/^\d．/, '')}`;
  }
  return outcome ?? '';
}

// ------------------------------------------------------------------ the clock

export interface DaysLeftTag {
  text: string;
  type: 'danger' | 'warning' | 'primary' | 'info' | 'success';
}

/** The working-days-left tag: from the API's count on the calendar, never a guess here. */
export function daysLeftTag(r: Pick<DisclosureRequest, 'status' | 'clockRunning' | 'dueOn' | 'overdue' | 'workingDaysLeft' | 'onTime'>): DaysLeftTag {
  if (r.status === 'closed') return r.onTime === false ? { text: '逾期办结', type: 'danger' } : { text: '按期办结', type: 'success' };
  if (r.status === 'awaiting_confirmation') return { text: '待确认收到，未起算', type: 'warning' };
  if (!r.clockRunning || !r.dueOn) return { text: '期限暂停', type: 'info' };
  const left = r.workingDaysLeft;
  if (r.overdue || (left !== undefined && left < 0)) return { text: left !== undefined && left < 0 ? `逾期 ${-left} 个工作日` : '已逾期', type: 'danger' };
  if (left === undefined) return { text: `${r.dueOn} 到期`, type: 'primary' };
  if (left === 0) return { text: '今日到期', type: 'danger' };
  return { text: `剩 ${left} 个工作日`, type: left <= 5 ? 'warning' : 'primary' };
}

export interface TimelineItem {
  at: string;
  note: string;
  dueOn?: string;
  type: 'primary' | 'success' | 'warning' | 'danger' | 'info';
}

const EVENT_TYPES: Record<string, TimelineItem['type']> = {
  overdue: 'danger',
  reminded: 'warning',
  clarification_sent: 'warning',
  third_party_consulted: 'warning',
  extended: 'warning',
  issued: 'success',
  closed_no_clarification: 'success',
  reply_returned: 'danger',
};

/** The deadline explanation (GET /requests/:id/deadline) as a timeline, oldest first. */
export function deadlineTimeline(d: Pick<RequestDeadline, 'events'>): TimelineItem[] {
  return d.events.map((e) => ({ at: e.at, note: e.note, ...(e.dueOn ? { dueOn: e.dueOn } : {}), type: EVENT_TYPES[e.kind] ?? 'primary' }));
}

// ------------------------------------------------------------------ actions

export type RequestAction = 'confirm' | 'clarification' | 'clarified' | 'thirdParty' | 'thirdPartyAnswer' | 'extend' | 'reply' | 'approve' | 'return' | 'issue';

export const ACTION_LABELS: Record<RequestAction, string> = {
  confirm: '确认收到',
  clarification: '发出补正通知',
  clarified: '登记补正',
  thirdParty: '征求第三方意见',
  thirdPartyAnswer: '登记第三方意见',
  extend: '延长答复期限',
  reply: '拟办答复',
  approve: '审批同意',
  return: '退回答复',
  issue: '送达答复',
};

export interface RequestReplyView {
  outcome: RequestOutcome;
  body: string;
  responsibleAgency?: string;
  draftedBy: string;
  status: 'awaiting_approval' | 'approved' | 'returned';
  returnedReason?: string;
  approvedBy?: string;
  approvedComment?: string;
}

export interface ThirdPartyView {
  id: string;
  party: string;
  sentOn: string;
  answerBy: string;
  receivedOn?: string;
  opinion?: Opinion;
}

export interface ClarificationView {
  items: string[];
  sentOn: string;
  replyBy: string;
  answeredOn?: string;
}

/** The request's loosely typed parts (the schema says only "object"), read as the workflow writes them. */
export function replyOf(r: Pick<DisclosureRequest, 'reply'>): RequestReplyView | undefined {
  return r.reply as unknown as RequestReplyView | undefined;
}
export function thirdPartiesOf(r: Pick<DisclosureRequest, 'thirdParties'>): ThirdPartyView[] {
  return (r.thirdParties as unknown as ThirdPartyView[] | undefined) ?? [];
}
export function clarificationOf(r: Pick<DisclosureRequest, 'clarification'>): ClarificationView | undefined {
  return r.clarification as unknown as ClarificationView | undefined;
}

/** What the signed-in user may do in the request's status, as the workflow would allow it. */
export function allowedActions(r: DisclosureRequest, roles: readonly string[]): RequestAction[] {
  const office = roles.includes('office');
  const head = roles.includes('office_head');
  const approver = roles.includes('leader') || roles.includes('principal');
  const reply = replyOf(r);
  const out: RequestAction[] = [];
  switch (r.status) {
    case 'awaiting_confirmation':
      if (office) out.push('confirm');
      break;
    case 'registered':
      if (office) {
        if (!clarificationOf(r)) out.push('clarification');
        out.push('thirdParty', 'reply');
      }
      break;
    case 'awaiting_clarification':
      if (office) out.push('clarified');
      break;
    case 'third_party':
      if (office) out.push('thirdParty', 'thirdPartyAnswer');
      break;
    case 'replying':
      if (reply?.status === 'awaiting_approval' && approver) out.push('approve', 'return');
      if (reply?.status === 'returned' && office) out.push('reply');
      if (reply?.status === 'approved' && office) out.push('issue');
      break;
    default:
      break;
  }
  if (head && r.status !== 'closed' && r.clockRunning && r.dueOn && !r.extended && !r.overdue) out.push('extend');
  return out;
}

/** The reply letter (告知书) as a PDF, once a reply has been drafted. */
export function replyPdfHref(r: Pick<DisclosureRequest, 'id' | 'reply'>): string | null {
  return r.reply ? `/requests/${encodeURIComponent(r.id)}/reply.pdf` : null;
}

// ------------------------------------------------------------------ forms

export interface RequesterForm {
  kind: RequesterKind;
  category: RequesterCategory | '';
  name: string;
  idNumber: string;
  contact: string;
  address: string;
}

export interface RegisterForm {
  requester: RequesterForm;
  content: string;
  purpose: string;
  channel: RequestChannel;
  receivedOn: string;
}

export function emptyRequester(): RequesterForm {
  return { kind: 'natural_person', category: '', name: '', idNumber: '', contact: '', address: '' };
}

export function emptyRegisterForm(today: string): RegisterForm {
  return { requester: emptyRequester(), content: '', purpose: '', channel: 'in_person', receivedOn: today };
}

/** Art. 31: what the receipt date is for each channel (shown under the date field). */
export const RECEIPT_HINTS: Record<RequestChannel, string> = {
  in_person: '当面提交：收到日期为提交当日',
  registered_post: '邮政挂号信：收到日期为签收之日',
  ordinary_post: '平信：收到日期为双方确认之日',
  online: '网上申请：收到日期为双方确认之日',
  fax: '传真：收到日期为双方确认之日',
  email: '电子邮件：收到日期为双方确认之日',
};

function validateRequester(r: RequesterForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!r.name.trim()) errors['requester.name'] = r.kind === 'natural_person' ? '请填写申请人姓名' : '请填写申请单位名称';
  if (!r.contact.trim()) errors['requester.contact'] = '请填写联系方式';
  if (r.kind === 'legal_person' && !r.category) errors['requester.category'] = '请选择法人或其他组织的类别';
  return errors;
}

export function validateRegister(f: RegisterForm, today: string): Record<string, string> {
  const errors = validateRequester(f.requester);
  if (!f.content.trim()) errors.content = '请填写申请公开的政府信息内容';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.receivedOn)) errors.receivedOn = '请选择收到日期';
  else if (f.receivedOn > today) errors.receivedOn = '收到日期不能晚于今天';
  return errors;
}

export function validatePublicFiling(f: Omit<RegisterForm, 'channel' | 'receivedOn'>): Record<string, string> {
  const errors = validateRequester(f.requester);
  if (!f.content.trim()) errors.content = '请填写您申请公开的政府信息（名称、文号或便于查询的特征描述）';
  return errors;
}

function requesterBody(r: RequesterForm): CreateDisclosureRequest['requester'] {
  return {
    kind: r.kind,
    ...(r.kind === 'legal_person' && r.category ? { category: r.category } : {}),
    name: r.name.trim(),
    ...(r.idNumber.trim() ? { idNumber: r.idNumber.trim() } : {}),
    contact: r.contact.trim(),
    ...(r.address.trim() ? { address: r.address.trim() } : {}),
  };
}

export function registerBody(f: RegisterForm): CreateDisclosureRequest {
  return {
    requester: requesterBody(f.requester),
    content: f.content.trim(),
    ...(f.purpose.trim() ? { purpose: f.purpose.trim() } : {}),
    channel: f.channel,
    receivedOn: f.receivedOn,
  };
}

export function publicFilingBody(f: Omit<RegisterForm, 'channel' | 'receivedOn'>): PublicDisclosureRequest {
  return { requester: requesterBody(f.requester), content: f.content.trim(), ...(f.purpose.trim() ? { purpose: f.purpose.trim() } : {}) };
}

/** 补正事项: one a line, blank lines dropped. */
export function clarificationItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A tracking code as typed (spaces, lower case) in the API's form; '' when it cannot be one. */
export function normaliseTrackingCode(input: string): string {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return /^SQ-\d{4}-[2-9A-Z]{8}$/.test(code) ? code : '';
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the date fields' default). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The desk's filters from the address bar, as GET /requests takes them. */
export interface DeskFilters {
  status: DisclosureRequestStatus | '';
  overdue: '' | 'true' | 'false';
  dueBefore: string;
  page: number;
}

export function deskFilters(query: Record<string, unknown>): DeskFilters {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const status = String(one(query.status) ?? '');
  const overdue = String(one(query.overdue) ?? '');
  const dueBefore = String(one(query.dueBefore) ?? '');
  const page = Number(one(query.page) ?? 1);
  return {
    status: status in REQUEST_STATUS_LABELS ? (status as DisclosureRequestStatus) : '',
    overdue: overdue === 'true' || overdue === 'false' ? overdue : '',
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(dueBefore) ? dueBefore : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function deskQuery(f: DeskFilters): Record<string, string> {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.overdue ? { overdue: f.overdue } : {}),
    ...(f.dueBefore ? { dueBefore: f.dueBefore } : {}),
    ...(f.page > 1 ? { page: String(f.page) } : {}),
  };
}
