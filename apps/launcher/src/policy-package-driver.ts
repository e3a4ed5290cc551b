/**
 * Drives a policy package (政策解读) through the public HTTP API the way its
 * people would: the lead creates it, each owner saves and readies their
 * interpretation, the lead submits, and each step of the policy's review route
 * is approved by the user the step is assigned to. The launcher's demo content
 * and bench/policy-package.ts both use it, so neither knows more about the
 * workflow than an outside client does.
 */

export interface PlannedInterpretation {
  form: string;
  ownerId: string;
  title?: string;
}

export interface InterpretationView {
  id: string;
  form: string;
  ownerId: string;
  status: string;
  version: number;
  indexNumber?: string;
  publishedAt?: string;
}

export interface PackageView {
  id: string;
  policyId: string;
  status: string;
  policyVersion: number;
  interpretations: InterpretationView[];
  indexNumber?: string;
  publishedAt?: string;
}

export interface PolicyView {
  id: string;
  status: string;
  version: number;
  stage: { level: number; assignee: string } | null;
  route: { level: number }[];
  indexNumber: string | null;
  publishedAt: string | null;
}

export interface Answer<T> {
  status: number;
  body: T;
  /** The round trip, from sending the request to the whole answer read. */
  ms: number;
}

/** The confidentiality review every level-1 reviewer records (保密审查). */
export const NOT_SECRET = { conclusion: 'not_secret', note: '经审查，不涉及国家秘密和工作秘密' } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PolicyPackageDriver {
  constructor(
    private readonly baseUrl: string,
    /** The bearer token of a user (the demo users' tokens, or signed ones in a bench). */
    private readonly tokenOf: (username: string) => string,
    private readonly requestTimeoutMs = 60_000,
    /** Aborted when the launcher stops: a driver half-way through its demo must not hold the shutdown. */
    private readonly stopped?: AbortSignal,
  ) {}

  async call<T>(as: string, method: string, urlPath: string, body?: unknown): Promise<Answer<T>> {
    const t0 = performance.now();
    const res = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${this.tokenOf(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.stopped ? AbortSignal.any([AbortSignal.timeout(this.requestTimeoutMs), this.stopped]) : AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, ms };
  }

  /** `call`, refusing any status but `expected` with the API's own message. */
  async must<T>(as: string, method: string, urlPath: string, body: unknown, expected: number): Promise<Answer<T>> {
    const res = await this.call<T>(as, method, urlPath, body);
    if (res.status !== expected) {
      throw new Error(`${method} ${urlPath}（${as}）：应为 ${expected}，实际 ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return res;
  }

  /** POST /policies as the lead. */
  async create(lead: string, draft: Record<string, unknown> & { interpretations: PlannedInterpretation[] }): Promise<PackageView> {
    return (await this.must<PackageView>(lead, 'POST', '/policies', draft, 201)).body;
  }

  /** Saves a new version of an interpretation as its owner; answers the new version number. */
  async save(pkg: PackageView, interpretation: InterpretationView, text: { title?: string; body: string }, version = interpretation.version): Promise<number> {
    const res = await this.must<InterpretationView>(
      interpretation.ownerId,
      'PUT',
      `/policies/${pkg.id}/interpretations/${interpretation.id}`,
      { ...text, version },
      200,
    );
    return res.body.version;
  }

  /** The owner marks the interpretation ready at `version`. */
  async ready(pkg: PackageView, interpretation: InterpretationView, version: number): Promise<PackageView> {
    return (await this.must<PackageView>(interpretation.ownerId, 'POST', `/policies/${pkg.id}/interpretations/${interpretation.id}/ready`, { version }, 200)).body;
  }

  /** Saves and readies every interpretation, each as its owner. */
  async draftAll(pkg: PackageView, texts: (i: InterpretationView) => { title?: string; body: string }): Promise<void> {
    for (const i of pkg.interpretations) await this.ready(pkg, i, await this.save(pkg, i, texts(i)));
  }

  /** The lead submits the bundle; answers once the policy's review has assigned its first step. */
  async submit(lead: string, pkg: PackageView): Promise<PolicyView> {
    await this.must(lead, 'POST', `/policies/${pkg.id}/submit`, { version: pkg.policyVersion }, 200);
    return this.waitForPolicy(lead, pkg.policyId, (p) => p.status === 'in_review' && !!p.stage);
  }

  /** Approves the policy's current step as its assignee (the 保密审查 conclusion at level 1). */
  approveCurrent(policy: PolicyView, comment = '同意'): Promise<Answer<PolicyView>> {
    const stage = policy.stage;
    if (!stage) throw new Error(`政策 ${policy.id} 当前没有待审核的步骤（状态 ${policy.status}）`);
    const body = stage.level === 1 ? { version: policy.version, comment, confidentiality: NOT_SECRET } : { version: policy.version, comment };
    return this.must<PolicyView>(stage.assignee, 'POST', `/publications/${policy.id}/approve`, body, 200);
  }

  /** Approves step after step until only the last step of the route is left; answers the policy at that step. */
  async approveAllButLast(as: string, policy: PolicyView): Promise<PolicyView> {
    let current = policy;
    while (current.stage && current.stage.level < current.route.length) {
      const approved = await this.approveCurrent(current);
      current = approved.body.stage ? approved.body : await this.waitForPolicy(as, policy.id, (p) => !!p.stage || p.status !== 'in_review');
    }
    return current;
  }

  getPackage(as: string, id: string): Promise<Answer<PackageView>> {
    return this.call<PackageView>(as, 'GET', `/policies/${id}`);
  }

  /** Polls GET /policies/:id until `done` (the package follows its policy's review asynchronously). */
  async waitForPackage(as: string, id: string, done: (p: PackageView) => boolean, timeoutMs = 30_000, pollMs = 50): Promise<PackageView> {
    const deadline = Date.now() + timeoutMs;
    let last: Answer<PackageView> | undefined;
    while (Date.now() < deadline) {
      last = await this.getPackage(as, id);
      if (last.status === 200 && done(last.body)) return last.body;
      await sleep(pollMs);
    }
    throw new Error(`政策解读包 ${id} 未在 ${timeoutMs} ms 内到达预期状态；最后一次：${last?.status} ${JSON.stringify(last?.body).slice(0, 300)}`);
  }

  async waitForPolicy(as: string, id: string, done: (p: PolicyView) => boolean, timeoutMs = 30_000): Promise<PolicyView> {
    const deadline = Date.now() + timeoutMs;
    let last: Answer<PolicyView> | undefined;
    while (Date.now() < deadline) {
      last = await this.call<PolicyView>(as, 'GET', `/publications/${id}`);
      if (last.status === 200 && done(last.body)) return last.body;
      await sleep(50);
    }
    throw new Error(`政策 ${id} 未在 ${timeoutMs} ms 内到达预期状态；最后一次：${last?.status} ${JSON.stringify(last?.body).slice(0, 300)}`);
  }
}

/** The package and every interpretation it planned are published. */
export const publishedWhole = (p: PackageView): boolean => p.status === 'published' && p.interpretations.every((i) => i.status === 'published');
