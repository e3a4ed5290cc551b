/** An API failure as the pages show it: one message, and the per-field messages next to their fields. */
import type { ErrorResponse } from '../api/types';

export interface ApiFailure {
  status: number;
  /** The API's machine-readable reason (contract: `LOGIN_FAILED`, `ACCOUNT_LOCKED`, `CSRF_REJECTED`, …). */
  code?: string;
  message: string;
  /** field → its messages joined; nested fields keep the API's dotted name (`confidentiality.conclusion`). */
  fields: Record<string, string>;
  requestId?: string;
}

const BY_STATUS: Record<number, string> = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '您没有权限执行此操作',
  404: '内容不存在或已被删除',
  409: '稿件状态已变化，请刷新后重试',
  413: '提交的内容过大',
  422: '不符合业务规则，请检查后重试',
  423: '账号已锁定，请稍后再试',
  429: '操作过于频繁，请稍后再试',
  503: '服务暂不可用，请稍后再试',
  504: '服务响应超时：操作可能已生效，请刷新后查看',
};

function isErrorBody(body: unknown): body is Partial<ErrorResponse> {
  return typeof body === 'object' && body !== null;
}

export function toFailure(status: number, body: unknown): ApiFailure {
  const fields: Record<string, string> = {};
  let message = BY_STATUS[status] ?? (status >= 500 ? '服务器出错，请稍后再试' : `请求失败（${status}）`);
  let code: string | undefined;
  let requestId: string | undefined;
  if (isErrorBody(body)) {
    if (typeof body.message === 'string' && body.message.trim()) message = body.message;
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.requestId === 'string') requestId = body.requestId;
    for (const e of Array.isArray(body.errors) ? body.errors : []) {
      if (!e || typeof e.field !== 'string') continue;
      const messages = Array.isArray(e.messages) ? e.messages.filter((m) => typeof m === 'string') : [];
      fields[e.field] = [fields[e.field], ...messages].filter(Boolean).join('；');
    }
  }
  return { status, code, message, fields, requestId };
}

/** A failure that reached no server (offline, DNS, aborted). */
export function networkFailure(): ApiFailure {
  return { status: 0, message: '无法连接服务器，请检查网络后重试', fields: {} };
}

/** The message of a field, also when the API names a nested part of it (`confidentiality.conclusion` for `confidentiality`). */
export function fieldMessage(failure: ApiFailure | null | undefined, field: string): string {
  if (!failure) return '';
  const own = failure.fields[field];
  const nested = Object.entries(failure.fields)
    .filter(([k]) => k.startsWith(`${field}.`))
    .map(([, v]) => v);
  return [own, ...nested].filter(Boolean).join('；');
}

/** Messages of fields the form does not show, so nothing the API said is lost. */
export function otherFieldMessages(failure: ApiFailure | null | undefined, shown: readonly string[]): string[] {
  if (!failure) return [];
  return Object.entries(failure.fields)
    .filter(([k]) => !shown.some((f) => k === f || k.startsWith(`${f}.`)))
    .map(([k, v]) => `${k}：${v}`);
}

/** The sign-in page's message: the API's for 401 / 423, never one that tells whether the user exists. */
export function signInMessage(failure: ApiFailure): string {
  if (failure.status === 401) return '用户名或密码错误';
  if (failure.status === 423) return failure.message || '连续登录失败次数过多，账号已锁定，请稍后再试';
  return failure.message;
}
