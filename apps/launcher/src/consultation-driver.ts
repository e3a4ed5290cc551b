/**
 * Opens a public consultation (征求意见) through the HTTP API the way its
 * people would: the author creates it and submits its notice, each step of the
 * notice's review route is approved by the user it is assigned to, and the
 * window opens when the notice is published; then anyone comments without a
 * token. The launcher's demo content and bench/consultation-comments.ts both
 * use it, so neither knows more about the workflow than an outside client does.
 */
import { NOT_SECRET, type Answer } from './policy-package-driver';

export interface ConsultationDraft {
  title: string;
  draftBody: string;
  explanation: string;
  days: number;
  shortReason?: string;
  contact?: string;
}

export interface ConsultationView {
  id: string;
  noticeId: string;
  status: string;
  days: number;
  opensAt?: string;
  closesAt?: string;
  commentCount: number;
  clusterCount: number;
  noticeIndexNumber?: string;
}

export interface PublicComment {
  text: string;
  name?: string;
  contact?: string;
  clause?: string;
}

interface NoticeView {
  id: string;
  status: string;
  version: number;
  stage: { level: number; assignee: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ConsultationDriver {
  constructor(
    private readonly baseUrl: string,
    /** The bearer token of a staff user (the demo users' tokens, or signed ones in a bench). */
    private readonly tokenOf: (username: string) => string,
    private readonly requestTimeoutMs = 60_000,
    /** Aborted when the launcher stops: a driver half-way through its demo must not hold the shutdown. */
    private readonly stopped?: AbortSignal,
  ) {}

  /** One request; `as` undefined sends no token (the public's way). */
  async call<T>(as: string | undefined, method: string, urlPath: string, body?: unknown): Promise<Answer<T>> {
    const t0 = performance.now();
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (as) headers.authorization = `Bearer ${this.tokenOf(as)}`;
    const res = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.stopped ? AbortSignal.any([AbortSignal.timeout(this.requestTimeoutMs), this.stopped]) : AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, ms: performance.now() - t0 };
  }

  async must<T>(as: string | undefined, method: string, urlPath: string, body: unknown, expected: number): Promise<T> {
    const res = await this.call<T>(as, method, urlPath, body);
    if (res.status !== expected) {
      throw new Error(`${method} ${urlPath}（${as ?? '公众'}）：应为 ${expected}，实际 ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return res.body;
  }

  get(as: string, id: string): Promise<ConsultationView> {
    return this.must<ConsultationView>(as, 'GET', `/consultations/${id}`, undefined, 200);
  }

  /**
   * Creates the consultation as `author`, submits its notice and approves every
   * step of the notice's route; answers once the window is open.
   */
  async open(author: string, draft: ConsultationDraft, timeoutMs = 60_000): Promise<ConsultationView> {
    const created = await this.must<ConsultationView>(author, 'POST', '/consultations', draft, 201);
    await this.must(author, 'POST', `/publications/${created.noticeId}/submit`, { version: 1 }, 200);
    const deadline = Date.now() + timeoutMs;
    let approvedLevel = 0;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`征求意见 ${created.id} 未在 ${timeoutMs} ms 内开始：公告仍在审核中`);
      // The review assigns each next step asynchronously: wait for it, then approve as its assignee.
      const notice = await this.must<NoticeView>(author, 'GET', `/publications/${created.noticeId}`, undefined, 200);
      if (notice.status === 'published') break;
      if (notice.status !== 'in_review' || !notice.stage || notice.stage.level <= approvedLevel) {
        if (notice.status !== 'in_review' && notice.status !== 'draft') throw new Error(`征求意见公告 ${created.noticeId} 未能发布：状态 ${notice.status}`);
        await sleep(50);
        continue;
      }
      const { level, assignee } = notice.stage;
      const body = level === 1 ? { version: notice.version, confidentiality: NOT_SECRET } : { version: notice.version };
      await this.must(assignee, 'POST', `/publications/${created.noticeId}/approve`, body, 200);
      approvedLevel = level;
    }
    for (;;) {
      const c = await this.get(author, created.id);
      if (c.status === 'open' && c.closesAt) return c;
      if (Date.now() > deadline) throw new Error(`征求意见 ${created.id} 的公告已发布，但未在 ${timeoutMs} ms 内开始受理意见（状态 ${c.status}）`);
      await sleep(50);
    }
  }

  /** A public comment, without a token: 201 {receipt} while open, 409 outside the window. */
  comment(id: string, comment: PublicComment): Promise<Answer<{ receipt?: string; receivedAt?: string; message?: string }>> {
    return this.call(undefined, 'POST', `/public/consultations/${id}/comments`, comment);
  }
}
