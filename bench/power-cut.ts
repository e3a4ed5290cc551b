/**
 * Recovery after a power cut (issue 16), on `npm start` as an office runs it:
 * the launcher (API, worker, embedded engine and its PostgreSQL) in a process
 * group of its own on one GONGKAI_HOME. C clients create, submit and approve
 * 工作动态 items (two steps: 李娜 as 科室负责人, then 王强 as 分管领导, which
 * publishes) for --load-seconds; then the whole group is SIGKILLed mid-load and
 * started again on the same home. Prints figures per round and a summary;
 * asserts nothing.
 *
 *   npm run bench:power-cut
 *   npm run bench:power-cut -- --clients 20 --rounds 3 --load-seconds 20
 *   npm run bench:power-cut -- --home /tmp/gk --port 3900      (a given home is never removed)
 *   npm run bench:power-cut -- --keep                          keep the temporary home for a look afterwards
 *
 * What a round counts, once the restart answers /readyz:
 *  - acknowledged: 2xx answers to create, submit and approve during the load.
 *  - frozen: an item whose first GET after the restart is not consistent and
 *    actionable — behind its last acknowledged answer, in review with no step,
 *    in a passing phase (screening, publishing), or not live (the workflow did
 *    not answer the GET's query within the API's 1.5 s). Its freeze runs from
 *    ready to its first consistent GET; after RECOVERY_LIMIT_MS it is listed
 *    as still frozen.
 *  - decisions answered after restart: one decision tried on each of the first
 *    few frozen-looking items while they look frozen, then every unfinished
 *    item driven to publication as its step's assignee.
 *  - lost: an acknowledged answer whose effect is missing afterwards (item 404s;
 *    no `submitted` row; no approve decision or `approved` row for the level;
 *    published without index number or catalogue entry).
 *  - duplicated: a decision level twice, a timeline row twice (created,
 *    submitted, review_started, published; approved and assigned per level),
 *    two open tasks for one item, or an index number twice.
 * The summary repeats the lost/duplicated audit over every item of every round,
 * and checks that index numbers are gap-free per year.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../apps/api/src/auth/tokens';
import { APP_PASSWORD_FILE, APP_ROLE, connectionUrl } from '@gongkai/persistence/embedded-postgres-credentials';
import { freePort } from '@gongkai/persistence/embedded-postgres';
import { readInstallationSecret } from '@gongkai/persistence/installation-secret';
import { DEMO_USERS } from '@gongkai/persistence/seed/demo-organisation';
import { inParallel, percentile, say } from './support/figures';

const REPO_ROOT = path.resolve(__dirname, '..');
/** Every request gives up after this; a 504 from the API comes sooner (its own engine deadline). */
const REQUEST_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 180_000;
/** An item not consistent this long after ready is reported as still frozen. */
const RECOVERY_LIMIT_MS = 120_000;
/** Frozen-looking items that get one decision while they look frozen, per round. */
const PROBES_PER_ROUND = 3;
const READ_CONCURRENCY = 8;
/** After-restart decisions slower than this are listed one by one. */
const SLOW_DECISION_MS = 5_000;
const READER = 'zhaomin'; // 政务公开办: reads every item
const AUTHORS = ['zhangwei', 'liuyang'];
const NOT_SECRET = { conclusion: 'not_secret', note: '经审查，不涉及国家秘密和工作秘密' };

interface Options {
  clients: number;
  rounds: number;
  loadSeconds: number;
  home?: string;
  keep: boolean;
  port?: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { clients: 20, rounds: 3, loadSeconds: 20, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const n = (min: number) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < min) throw new Error(`${argv[i - 1]} needs a number ≥ ${min}`);
      return v;
    };
    switch (argv[i]) {
      case '--clients': o.clients = Math.floor(n(1)); break;
      case '--rounds': o.rounds = Math.floor(n(1)); break;
      case '--load-seconds': o.loadSeconds = n(0.5); break;
      case '--port': o.port = Math.floor(n(1)); break;
      case '--home': o.home = argv[++i]; if (!o.home) throw new Error('--home needs a folder'); break;
      case '--keep': o.keep = true; break;
      default: throw new Error(`unknown option ${argv[i]} (--clients N --rounds N --load-seconds S --home DIR --keep --port N)`);
    }
  }
  return o;
}

// ------------------------------------------------------------------ figures

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function p50max(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return s.length ? `p50 ${duration(percentile(s, 50))} / max ${duration(s[s.length - 1])}` : 'none';
}

/** Counts by key, printed as `409 ×3, no answer ×2`. */
class Tally extends Map<string, number> {
  add(key: string, n = 1): void {
    this.set(key, (this.get(key) ?? 0) + n);
  }
  override toString(): string {
    return this.size ? [...this].map(([k, n]) => `${k} ×${n}`).join(', ') : 'none';
  }
}

// ------------------------------------------------------------------ the launcher, in its own process group

/**
 * `npm start` detached, so one signal to its group reaches API, worker,
 * engine and PostgreSQL alike — a power cut, not a shutdown.
 */
class Launcher {
  private child?: ChildProcess;
  private tail: string[] = [];

  constructor(
    private readonly home: string,
    readonly port: number,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and answers how long until /readyz said 200. */
  async start(): Promise<number> {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-r', './scripts/register.js', 'apps/launcher/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        GONGKAI_HOME: this.home,
        PORT: String(this.port),
        GONGKAI_ENGINE_PORT: '0',
        DATABASE_URL: '',
        TEMPORAL_ADDRESS: '',
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.tail = [];
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 80) this.tail.splice(0, this.tail.length - 80);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const until = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < until) {
      if (!this.running) throw new Error(`the launcher exited before it was ready:\n${this.output()}`);
      const status = await fetch(`http://127.0.0.1:${this.port}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return performance.now() - t0;
      await sleep(100);
    }
    throw new Error(`/readyz not 200 within ${READY_TIMEOUT_MS / 1000} s:\n${this.output()}`);
  }

  /** SIGKILL to the whole group; resolves once nothing of it is left running. */
  async powerCut(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const exited = this.running ? new Promise<void>((r) => child.once('exit', () => r())) : Promise.resolve();
    signalGroup(child.pid, 'SIGKILL');
    await exited;
    await groupGone(child.pid, 15_000);
  }

  /** Ctrl-C, as a person stops it; the group is killed if it has not stopped within a minute. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    if (this.running) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
      if (!stopped) say('the launcher did not stop within 60 s of SIGINT: killing its group');
    }
    signalGroup(child.pid, 'SIGKILL');
    await groupGone(child.pid, 15_000);
  }

  /** For the last-resort exit handler: no waiting possible there. */
  killNow(): void {
    if (this.running) signalGroup(this.child!.pid!, 'SIGKILL');
  }

  output(): string {
    return this.tail.map((l) => `  | ${l}`).join('\n');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Live (non-zombie) members of a process group, from /proc; kill(-pgid, 0) where there is none. */
function groupAlive(pgid: number): boolean {
  if (!fs.existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …" — comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < until) await sleep(50);
  if (groupAlive(pgid)) say(`  note: process group ${pgid} still has live members ${timeoutMs / 1000} s after SIGKILL`);
}

// ------------------------------------------------------------------ HTTP

interface Stage {
  level: number;
  assignee: string;
}

interface ItemView {
  id: string;
  status: string;
  phase: string;
  version: number;
  stage: Stage | null;
  decisions: { kind: string; level: number; actorId: string }[];
  indexNumber: string | null;
  live: boolean;
}

interface TimelineEvent {
  kind: string;
  detail: Record<string, unknown> | null;
}

/** An HTTP answer; status 0 when none came (connection refused or reset, or our own timeout). */
interface Answer<T> {
  status: number;
  body: T;
  ms: number;
  failure?: string;
}

class Api {
  constructor(
    private readonly base: string,
    private readonly tokens: Map<string, string>,
  ) {}

  /** Never throws: a failure is an answer with status 0. */
  async call<T>(as: string, method: string, urlPath: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer<T>> {
    const t0 = performance.now();
    try {
      const res = await fetch(`${this.base}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${this.tokens.get(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed as T, ms: performance.now() - t0 };
    } catch (err) {
      const failure = (err as Error).name === 'TimeoutError' ? 'timeout' : 'no answer';
      return { status: 0, body: undefined as T, ms: performance.now() - t0, failure };
    }
  }
}

const answerKey = (a: Answer<unknown>) => (a.status === 0 ? a.failure! : String(a.status));

async function demoTokens(home: string): Promise<Map<string, string>> {
  const secret = readInstallationSecret(path.join(home, 'auth-secret'));
  if (!secret) throw new Error(`no ${path.join(home, 'auth-secret')} after the first start`);
  const tokens = new Map<string, string>();
  for (const u of DEMO_USERS) {
    tokens.set(u.id, await signToken({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles }, secret, '12h'));
  }
  return tokens;
}

// ------------------------------------------------------------------ what clients did

type Action = 'create' | 'submit' | 'approve';

/** One acknowledged (2xx) answer, with the state it reported. */
interface Ack {
  action: Action;
  /** The step decided (approve). */
  level?: number;
  actor: string;
  progress: number;
  stage: Stage | null;
  version: number;
}

interface TrackedItem {
  id: string;
  author: string;
  acks: Ack[];
  /** Published: nothing left to do. */
  done: boolean;
  /** The request on it that was in flight when the power went, if any. */
  cutDuring?: string;
}

/**
 * How far along an item is, comparable across answers: draft 0, screening 5,
 * in review between steps 10, at step L 10 + L, publishing 50, published 100.
 */
function progress(v: Pick<ItemView, 'status' | 'phase' | 'stage'>): number {
  if (v.status === 'published') return 100;
  if (v.phase === 'publishing') return 50;
  if (v.status === 'in_review') return v.stage ? 10 + v.stage.level : 10;
  if (v.phase === 'screening' || v.phase === 'awaiting_acknowledgement') return 5;
  return 0;
}

function acknowledge(item: TrackedItem, action: Action, actor: string, view: ItemView, level?: number): void {
  item.acks.push({ action, level, actor, progress: progress(view), stage: view.stage, version: view.version });
  if (view.status === 'published') item.done = true;
}

const lastAck = (item: TrackedItem) => item.acks[item.acks.length - 1];

/** Why the item as shown is not consistent and actionable, or undefined when it is. */
function notConsistent(item: TrackedItem, answer: Answer<ItemView>): string | undefined {
  if (answer.status === 404) return 'missing (404)';
  if (answer.status !== 200) return `GET answered ${answerKey(answer)}`;
  const v = answer.body;
  const wanted = Math.max(...item.acks.map((a) => a.progress));
  if (v.status === 'in_review' && !v.stage) return 'in review with no step';
  if (v.phase === 'screening' || v.phase === 'publishing') return `phase ${v.phase}`;
  if (progress(v) < wanted) return `behind its last acknowledged answer (${describe(v)} after ${lastAck(item).action})`;
  if (v.status !== 'published' && !v.live) return 'not live (the workflow did not answer the query in time)';
  return undefined;
}

function describe(v: Pick<ItemView, 'status' | 'phase' | 'stage'>): string {
  return v.stage ? `${v.status} at step ${v.stage.level}` : v.status === v.phase ? v.status : `${v.status}/${v.phase}`;
}

interface Step {
  as: string;
  action: Action;
  urlPath: string;
  body: unknown;
  level?: number;
}

const stepName = (step: Step) => `${step.action}${step.level ? ` step ${step.level}` : ''}`;

/** The next step on an item as `view` shows it: who does what, or undefined when none is left. */
function nextStep(item: TrackedItem, view: Pick<ItemView, 'status' | 'phase' | 'stage' | 'version'>): Step | undefined {
  if (view.status === 'draft' && view.phase === 'draft') {
    return { as: item.author, action: 'submit', urlPath: `/publications/${item.id}/submit`, body: { version: view.version } };
  }
  if (view.status === 'in_review' && view.stage && DEMO_USERS.some((u) => u.id === view.stage!.assignee)) {
    const level = view.stage.level;
    return {
      as: view.stage.assignee,
      action: 'approve',
      level,
      urlPath: `/publications/${item.id}/approve`,
      body: { version: view.version, level, comment: '同意', ...(level === 1 ? { confidentiality: NOT_SECRET } : {}) },
    };
  }
  return undefined;
}

// ------------------------------------------------------------------ one round

interface RoundFigures {
  round: number;
  acknowledged: Tally;
  /** Non-2xx answers during the load, by status; `cut` = requests in flight when the power went. */
  loadAnswers: Tally;
  readyMs: number;
  items: number;
  /** Items with a request in flight at the cut: which. */
  cutDuring: Map<string, string>;
  frozen: { id: string; reason: string; freezeMs: number }[];
  stillFrozen: { id: string; reason: string }[];
  probes: { reason: string; action: string; answer: string; ms: number }[];
  afterRestartMs: number[];
  afterRestartAnswers: Tally;
  /** After-restart decisions slower than SLOW_DECISION_MS: which, and when they were sent. */
  slowDecisions: { id: string; action: string; answer: string; ms: number; sentAfterReadyMs: number; cutDuring?: string }[];
  gateway504: number;
  audit: Audit;
}

class Bench {
  readonly items: TrackedItem[] = [];
  private api!: Api;

  constructor(
    readonly options: Options,
    readonly home: string,
    readonly launcher: Launcher,
  ) {}

  async connect(): Promise<void> {
    this.api = new Api(`http://127.0.0.1:${this.launcher.port}`, await demoTokens(this.home));
  }

  async round(round: number): Promise<RoundFigures> {
    const acknowledged = new Tally();
    const loadAnswers = new Tally();
    const ownItems: TrackedItem[] = [];
    let cut = false;

    // ---------------------------------------------------------- load, then the power cut
    const client = async (n: number) => {
      const author = AUTHORS[n % AUTHORS.length];
      const answered = (a: Answer<unknown>): boolean => {
        if (a.status >= 200 && a.status < 300) return true;
        loadAnswers.add(a.status === 0 && cut ? 'cut' : answerKey(a));
        return false;
      };
      for (let k = 1; !cut; k++) {
        const created = await this.api.call<ItemView>(author, 'POST', '/publications', draft(round, n, k));
        if (!answered(created)) {
          await sleep(200);
          continue;
        }
        const item: TrackedItem = { id: created.body.id, author, acks: [], done: false };
        this.items.push(item);
        ownItems.push(item);
        acknowledge(item, 'create', author, created.body);
        acknowledged.add('create');
        let view = created.body;
        for (let step = nextStep(item, view); step && !cut; step = nextStep(item, view)) {
          const a = await this.api.call<ItemView>(step.as, 'POST', step.urlPath, step.body);
          if (!answered(a)) {
            if (cut && a.status === 0) item.cutDuring = stepName(step);
            break; // left for after the restart
          }
          acknowledge(item, step.action, step.as, a.body, step.level);
          acknowledged.add(step.action);
          view = a.body;
        }
      }
    };
    const clients = Array.from({ length: this.options.clients }, (_, n) => client(n));
    await sleep(this.options.loadSeconds * 1000);
    cut = true;
    await this.launcher.powerCut();
    await Promise.all(clients); // every request in flight has failed by now, or times out

    // ---------------------------------------------------------- restart on the same home
    const readyMs = await this.launcher.start();
    const ready = performance.now();

    // ---------------------------------------------------------- consistent and actionable again?
    const frozen: RoundFigures['frozen'] = [];
    const firstLook = new Map<string, string | undefined>();
    const lastReason = new Map<string, string>();
    const probes: Promise<RoundFigures['probes'][number] | undefined>[] = [];
    const afterRestartMs: number[] = [];
    const afterRestartAnswers = new Tally();
    const slowDecisions: RoundFigures['slowDecisions'] = [];
    const decide = async (item: TrackedItem, view: Pick<ItemView, 'status' | 'phase' | 'stage' | 'version'>) => {
      const step = nextStep(item, view);
      if (!step) return undefined;
      const sentAfterReadyMs = performance.now() - ready;
      const a = await this.api.call<ItemView>(step.as, 'POST', step.urlPath, step.body);
      if (a.status !== 0) afterRestartMs.push(a.ms);
      afterRestartAnswers.add(answerKey(a));
      if (a.ms > SLOW_DECISION_MS) {
        slowDecisions.push({ id: item.id, action: stepName(step), answer: answerKey(a), ms: a.ms, sentAfterReadyMs, cutDuring: item.cutDuring });
      }
      if (a.status >= 200 && a.status < 300) acknowledge(item, step.action, step.as, a.body, step.level);
      return { step, answer: a };
    };
    /** One decision on an item that looks frozen, as its client last saw it (the acknowledged state). */
    const probe = async (item: TrackedItem, reason: string) => {
      const seen = lastAck(item);
      const status = seen.stage ? 'in_review' : 'draft';
      const tried = await decide(item, { status, phase: status, stage: seen.stage, version: seen.version });
      return tried && { reason, action: stepName(tried.step), answer: answerKey(tried.answer), ms: tried.answer.ms };
    };

    let pending = [...ownItems];
    while (pending.length && performance.now() - ready < RECOVERY_LIMIT_MS) {
      await inParallel(pending, READ_CONCURRENCY, async (item) => {
        const shown = await this.api.call<ItemView>(READER, 'GET', `/publications/${item.id}`, undefined, 10_000);
        const reason = notConsistent(item, shown);
        const first = !firstLook.has(item.id);
        if (first) firstLook.set(item.id, reason);
        if (reason) {
          lastReason.set(item.id, reason);
          const seen = lastAck(item);
          const decidable = seen.stage !== null || seen.progress === 0;
          if (first && decidable && probes.length < PROBES_PER_ROUND) probes.push(probe(item, reason));
          return;
        }
        lastReason.delete(item.id);
        if (firstLook.get(item.id)) frozen.push({ id: item.id, reason: firstLook.get(item.id)!, freezeMs: performance.now() - ready });
      });
      pending = pending.filter((item) => lastReason.has(item.id) || !firstLook.has(item.id));
      if (pending.length) await sleep(250);
    }
    const stillFrozen = pending.map((item) => ({ id: item.id, reason: lastReason.get(item.id) ?? 'never read' }));
    const probed = (await Promise.all(probes)).filter((p): p is RoundFigures['probes'][number] => p !== undefined);

    // ---------------------------------------------------------- every unfinished item (any round) to publication
    const unfinished = this.items.filter((item) => !item.done && !stillFrozen.some((f) => f.id === item.id));
    await inParallel(unfinished, this.options.clients, async (item) => {
      for (let guard = 0; guard < 4 && !item.done; guard++) {
        const shown = await this.api.call<ItemView>(READER, 'GET', `/publications/${item.id}`);
        if (shown.status !== 200) return;
        const tried = await decide(item, shown.body);
        if (!tried || tried.answer.status < 200 || tried.answer.status >= 300) return;
      }
    });

    const gateway504 = (loadAnswers.get('504') ?? 0) + (afterRestartAnswers.get('504') ?? 0);
    return {
      round,
      acknowledged,
      loadAnswers,
      readyMs,
      items: ownItems.length,
      cutDuring: new Map(ownItems.filter((i) => i.cutDuring).map((i) => [i.id, i.cutDuring!])),
      frozen,
      stillFrozen,
      probes: probed,
      afterRestartMs,
      afterRestartAnswers,
      slowDecisions,
      gateway504,
      audit: await this.audit(ownItems),
    };
  }

  /** Lost and duplicated effects of the acknowledged answers on `items`, and the database's own view. */
  async audit(items: TrackedItem[]): Promise<Audit> {
    const db = await databaseFacts(this.home);
    const lost: string[] = [];
    const duplicated: string[] = [];
    await inParallel(items, READ_CONCURRENCY, async (item) => {
      const [shown, timeline] = await Promise.all([
        this.api.call<ItemView>(READER, 'GET', `/publications/${item.id}`),
        this.api.call<TimelineEvent[]>(READER, 'GET', `/publications/${item.id}/timeline`),
      ]);
      if (shown.status === 404) {
        lost.push(`${item.id}: acknowledged create, item 404s`);
        return;
      }
      if (shown.status !== 200 || timeline.status !== 200) {
        lost.push(`${item.id}: could not be read (GET ${answerKey(shown)}, timeline ${answerKey(timeline)})`);
        return;
      }
      const v = shown.body;
      const rows = timeline.body;
      const count = (kind: string, level?: number) =>
        rows.filter((e) => e.kind === kind && (level === undefined || Number(e.detail?.level) === level)).length;
      for (const ack of item.acks) {
        if (ack.action === 'submit' && (count('submitted') === 0 || progress(v) < 5)) {
          lost.push(`${item.id}: acknowledged submit, shows ${describe(v)}, ${count('submitted')} submitted rows`);
        }
        if (ack.action === 'approve') {
          const decided = v.decisions.some((d) => d.kind === 'approve' && d.level === ack.level && d.actorId === ack.actor);
          if (!decided || count('approved', ack.level) === 0) {
            const rows = count('approved', ack.level);
            lost.push(`${item.id}: acknowledged approve at step ${ack.level} by ${ack.actor}, decision ${decided ? 'kept' : 'missing'}, ${rows} approved rows`);
          }
        }
        if (ack.progress === 100 && (v.status !== 'published' || !v.indexNumber || !db.catalogued.has(item.id))) {
          const entry = db.catalogued.has(item.id) ? 'a catalogue entry' : 'no catalogue entry';
          lost.push(`${item.id}: acknowledged publication, shows ${describe(v)}, index number ${v.indexNumber ?? 'none'}, ${entry}`);
        }
      }
      const twice: string[] = [];
      for (const level of new Set(v.decisions.map((d) => d.level))) {
        const n = v.decisions.filter((d) => d.level === level).length;
        if (n > 1) twice.push(`step ${level} decided ${n}×`);
      }
      for (const kind of ['created', 'submitted', 'review_started', 'published']) if (count(kind) > 1) twice.push(`${count(kind)} ${kind} rows`);
      for (const kind of ['approved', 'assigned']) {
        for (const level of [1, 2, 3]) if (count(kind, level) > 1) twice.push(`${count(kind, level)} ${kind} rows for step ${level}`);
      }
      if ((db.openTasks.get(item.id) ?? 0) > 1) twice.push(`${db.openTasks.get(item.id)} open tasks`);
      if (twice.length) duplicated.push(`${item.id}: ${twice.join(', ')}`);
    });
    for (const row of db.indexNumberTwice) duplicated.push(`index number ${row}`);
    return { lost, duplicated, db };
  }
}

function draft(round: number, client: number, k: number) {
  return {
    title: `基础教育科工作动态（第${round}轮${client + 1}号第${k}期）`,
    body: '各区教育局、各直属学校：\n本周基础教育科围绕春季开学工作开展督导检查，现将有关情况通报如下。\n一、开学准备总体有序。\n二、校舍安全排查已完成。',
    category: '工作动态',
    attribute: 'proactive',
    writtenDate: new Date().toISOString().slice(0, 10),
  };
}

// ------------------------------------------------------------------ the database, as the launcher left it

interface DatabaseFacts {
  catalogued: Set<string>;
  /** Open review tasks per publication. */
  openTasks: Map<string, number>;
  /** `003012345/2026-00007 ×2 in catalogue` for an index number on more than one catalogue entry or item. */
  indexNumberTwice: string[];
  /** Per year: catalogue entries, highest serial and the counter; gap-free when all three agree. */
  series: { series: string; entries: number; maxSerial: number; counter: number }[];
  published: number;
  /** Published items that still have an open task (a stale inbox row). */
  publishedWithOpenTask: number;
  /** Item rows whose review never started: a create that was not answered. */
  neverStarted: number;
}

interface Audit {
  lost: string[];
  duplicated: string[];
  db: DatabaseFacts;
}

/** The embedded PostgreSQL's port from postmaster.pid (line 4), as the app role. */
async function databaseFacts(home: string): Promise<DatabaseFacts> {
  const port = Number(fs.readFileSync(path.join(home, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const password = readInstallationSecret(path.join(home, APP_PASSWORD_FILE));
  if (!port || !password) throw new Error(`cannot find the embedded PostgreSQL of ${home}`);
  const pg = new Client({ connectionString: connectionUrl(port, APP_ROLE, password, 'gongkai') });
  await pg.connect();
  try {
    const q = async <R>(sql: string) => (await pg.query(sql)).rows as R[];
    const catalogued = await q<{ publication_id: string }>('SELECT publication_id FROM catalog_entries');
    const openTasks = await q<{ publication_id: string; n: number }>(
      `SELECT publication_id, count(*)::int AS n FROM review_tasks WHERE status = 'open' GROUP BY 1`,
    );
    const twice = await q<{ index_number: string; n: number; place: string }>(
      `SELECT index_number, count(*)::int AS n, 'catalogue' AS place FROM catalog_entries GROUP BY 1 HAVING count(*) > 1
       UNION ALL
       SELECT index_number, count(*)::int, 'items' FROM publications WHERE index_number IS NOT NULL GROUP BY 1 HAVING count(*) > 1`,
    );
    const series = await q<{ series: string; entries: number; max_serial: number | null; counter: number }>(
      `SELECT c.organisation_code || ' ' || c.period AS series, c.last_serial AS counter,
              count(e.index_number)::int AS entries, max(substring(e.index_number from '(\\d+)$')::int) AS max_serial
         FROM index_number_counter c
         LEFT JOIN catalog_entries e ON e.index_number LIKE c.organisation_code || '%' || c.period || '-%'
        GROUP BY c.organisation_code, c.period, c.last_serial ORDER BY 1`,
    );
    const [counts] = await q<{ published: number; stale: number; never_started: number }>(
      `SELECT count(*) FILTER (WHERE status = 'published')::int AS published,
              count(*) FILTER (WHERE status = 'published' AND EXISTS (
                SELECT 1 FROM review_tasks t WHERE t.publication_id = p.id AND t.status = 'open'))::int AS stale,
              count(*) FILTER (WHERE projected_seq = 0)::int AS never_started
         FROM publications p`,
    );
    return {
      catalogued: new Set(catalogued.map((r) => r.publication_id)),
      openTasks: new Map(openTasks.map((r) => [r.publication_id, r.n])),
      indexNumberTwice: twice.map((r) => `${r.index_number} ×${r.n} in ${r.place}`),
      series: series.map((r) => ({ series: r.series, entries: r.entries, maxSerial: r.max_serial ?? 0, counter: r.counter })),
      published: counts.published,
      publishedWithOpenTask: counts.stale,
      neverStarted: counts.never_started,
    };
  } finally {
    await pg.end();
  }
}

function gaps(db: DatabaseFacts): string[] {
  return db.series
    .filter((s) => s.entries !== s.maxSerial || s.maxSerial !== s.counter)
    .map((s) => `${s.series}: ${s.entries} entries, highest serial ${s.maxSerial}, counter at ${s.counter}`);
}

// ------------------------------------------------------------------ report

/** The longest freeze, or "> limit" when an item never became consistent. */
function longestFreeze(freezes: number[], stillFrozen: number): string {
  return stillFrozen ? `> ${duration(RECOVERY_LIMIT_MS)}` : duration(freezes.length ? Math.max(...freezes) : 0);
}

function roundLine(f: RoundFigures): string {
  const acknowledged = [...f.acknowledged.values()].reduce((a, b) => a + b, 0);
  return (
    `round ${f.round}: acknowledged ${acknowledged}, lost ${f.audit.lost.length}, duplicated ${f.audit.duplicated.length}, ` +
    `frozen ${f.frozen.length + f.stillFrozen.length}, longest freeze ${longestFreeze(f.frozen.map((x) => x.freezeMs), f.stillFrozen.length)}, ` +
    `time to ready ${duration(f.readyMs)}, decisions answered after restart ${p50max(f.afterRestartMs)}, 504s ${f.gateway504}`
  );
}

function roundDetails(f: RoundFigures): void {
  say(`  load: ${f.items} items; acknowledged ${f.acknowledged}; other answers ${f.loadAnswers}`);
  const db = f.audit.db;
  say(`  after restart: answers ${f.afterRestartAnswers}; ${db.published} published in all, ${db.neverStarted} item rows whose review never started`);
  for (const d of [...f.slowDecisions].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
    const during = d.cutDuring ? `; its ${d.cutDuring} was in flight at the cut` : '';
    say(`  slow decision after restart: ${d.action} on ${d.id} → ${d.answer} in ${duration(d.ms)} (sent ${duration(d.sentAfterReadyMs)} after ready${during})`);
  }
  for (const p of f.probes) say(`  decision on a frozen-looking item (${p.reason}): ${p.action} → ${p.answer} in ${duration(p.ms)}`);
  const worst = [...f.frozen].sort((a, b) => b.freezeMs - a.freezeMs).slice(0, 5);
  const cutDuring = (id: string) => {
    const during = f.cutDuring.get(id);
    return during ? `; its ${during} was in flight at the cut` : '';
  };
  for (const x of worst) say(`  frozen ${duration(x.freezeMs)}: ${x.id} (${x.reason}${cutDuring(x.id)})`);
  for (const x of f.stillFrozen.slice(0, 10)) say(`  STILL FROZEN after ${duration(RECOVERY_LIMIT_MS)}: ${x.id} (${x.reason}${cutDuring(x.id)})`);
  for (const x of f.audit.lost.slice(0, 10)) say(`  LOST ${x}`);
  for (const x of f.audit.duplicated.slice(0, 10)) say(`  DUPLICATED ${x}`);
  if (db.publishedWithOpenTask) say(`  ${db.publishedWithOpenTask} published items still have an open task`);
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const ownHome = !options.home;
  const home = options.home ? path.resolve(options.home) : fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-power-cut-'));
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  // The Postgres service user (when run as root) must reach the data folder inside.
  fs.chmodSync(home, 0o755);
  const launcher = new Launcher(home, options.port ?? (await freePort()));
  const removeHome = () => {
    if (ownHome && !options.keep) fs.rmSync(home, { recursive: true, force: true });
  };
  // Whatever happens to this process, the detached group must not outlive it.
  process.once('exit', () => launcher.killNow());
  process.once('SIGINT', () => {
    launcher.killNow();
    void launcher.powerCut().finally(() => {
      removeHome();
      process.exit(130);
    });
  });

  let failed = true;
  try {
    say(`power-cut bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    say(`${options.clients} clients, ${options.rounds} rounds of ${options.loadSeconds} s load, GONGKAI_HOME ${home}, port ${launcher.port}`);
    const firstReadyMs = await launcher.start();
    say(`first start: ready in ${duration(firstReadyMs)}`);
    const bench = new Bench(options, home, launcher);
    await bench.connect();

    const rounds: RoundFigures[] = [];
    for (let r = 1; r <= options.rounds; r++) {
      const figures = await bench.round(r);
      rounds.push(figures);
      say(roundLine(figures));
      roundDetails(figures);
    }

    const final = await bench.audit(bench.items);
    const all = <T>(pick: (f: RoundFigures) => T[]) => rounds.flatMap(pick);
    const ready = rounds.map((f) => f.readyMs);
    const freezes = all((f) => f.frozen.map((x) => x.freezeMs));
    const stillFrozen = all((f) => f.stillFrozen);
    say();
    say(`summary over ${rounds.length} power cuts:`);
    say(`  acknowledged ${rounds.reduce((n, f) => n + [...f.acknowledged.values()].reduce((a, b) => a + b, 0), 0)} during load, ${bench.items.length} items`);
    say(`  frozen ${freezes.length + stillFrozen.length}, longest freeze ${longestFreeze(freezes, stillFrozen.length)}`);
    say(`  time to ready after a cut ${p50max(ready)} (first start ${duration(firstReadyMs)})`);
    say(`  decisions answered after restart ${p50max(all((f) => f.afterRestartMs))}, 504s ${rounds.reduce((n, f) => n + f.gateway504, 0)}`);
    const db = final.db;
    say(`  final audit of every item: lost ${final.lost.length}, duplicated ${final.duplicated.length}; ${db.published} published, ${db.catalogued.size} catalogue entries`);
    say(`  read model: ${db.publishedWithOpenTask} published items with an open task, ${db.neverStarted} item rows whose review never started`);
    for (const x of final.lost.slice(0, 10)) say(`    LOST ${x}`);
    for (const x of final.duplicated.slice(0, 10)) say(`    DUPLICATED ${x}`);
    const holes = gaps(db);
    const series = db.series.map((s) => `${s.series} 1–${s.maxSerial}`).join(', ') || 'none';
    const twice = db.indexNumberTwice;
    say(`  index numbers: ${series}; ${holes.length ? `NOT gap-free: ${holes.join('; ')}` : 'gap-free'}, ${twice.length ? `TWICE: ${twice.join(', ')}` : 'none twice'}`);
    failed = false;
  } catch (err) {
    say(`power-cut bench stopped: ${(err as Error).stack ?? String(err)}`);
    if (launcher.running) say(`launcher output (last lines):\n${launcher.output()}`);
  } finally {
    if (failed) await launcher.powerCut();
    else await launcher.stop();
    removeHome();
    if (!ownHome || options.keep) say(`GONGKAI_HOME kept: ${home}`);
  }
  if (failed) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
