/**
 * The consultation workflow (征求意见) on the embedded engine's virtual clock,
 * with canned activities: the notice's review is the real publicationReview
 * child (its activities the review stubs, `publish` answering the publication
 * instant a test chose), the consultation's own activities plain functions
 * recording their calls. The clock is locked from the engine's start, so it
 * moves only when a test sleeps it to an instant (Temporal's TestService
 * SleepUntil), firing every timer due on the way, in order — a window's
 * closing can be looked at a minute before and an hour after.
 */
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { Worker } from '@temporalio/worker';
import Long from 'long';
import {
  GONGKAI_TASK_QUEUE,
  approveUpdate,
  consultationWorkflowId,
  publicationWorkflowId,
  submitUpdate,
  type Actor,
  type ConsultationActivities,
  type ConsultationInput,
  type ConsultationState,
  type RouteLevel,
} from '@gongkai/contracts';
import type { consultation } from '../../../workflows/consultation';
import type { publicationReview } from '../../../workflows/publication-review';
import { uniqueId, workflowBundlePath } from '../../support/temporal';
import { AUTHOR, LEADER, SECTION_HEAD, ReviewDriver, eventually, stubActivities, type ReviewEnv, type StubActivities } from './review-env';

/** The 征求意见 notice's route: section head → leader. */
export const NOTICE_ROUTE: RouteLevel[] = [
  { level: 1, role: 'section_head', label: '科室负责人' },
  { level: 2, role: 'leader', label: '分管领导' },
];

export type ConsultationCalls = { [K in keyof ConsultationActivities]: Parameters<ConsultationActivities[K]>[0][] };

/**
 * Canned activities for the whole bundle: the review stubs, `publish` answering
 * `publishedAt[publicationId]`, and the consultation's activities; the feedback
 * schedule is `schedules[consultationId]` (what the working-day calendar would
 * have answered), a far-off default otherwise.
 */
export class CannedActivities {
  readonly publishedAt = new Map<string, string>();
  readonly schedules = new Map<string, { remindAt: string; dueAt: string }>();
  readonly review: StubActivities;
  readonly calls: ConsultationCalls = { projectConsultation: [], closeWindow: [], moveClosing: [], feedbackSchedule: [], notifyFeedback: [] };
  private readonly scheduleOf = new Map<string, string>();

  constructor(actorKey: string) {
    this.review = stubActivities(actorKey, {
      resolveRoute: async () => NOTICE_ROUTE,
      publish: async ({ publicationId }) => {
        const at = this.publishedAt.get(publicationId);
        if (!at) throw new Error(`no publication instant chosen for ${publicationId}`);
        return { indexNumber: `11330000002482365C/2027-${publicationId.slice(-5)}`, publishedAt: at, overdue: false };
      },
    });
  }

  /** Every activity the gongkai bundle's consultation and review workflows call. */
  all(): Record<string, (input: never) => Promise<unknown>> {
    const consultationActivities: ConsultationActivities = {
      projectConsultation: async (t) => void this.calls.projectConsultation.push(t),
      closeWindow: async (input) => {
        this.calls.closeWindow.push(input);
        this.scheduleOf.set(input.at, input.consultationId);
      },
      moveClosing: async (input) => void this.calls.moveClosing.push(input),
      feedbackSchedule: async (input) => {
        this.calls.feedbackSchedule.push(input);
        const id = this.scheduleOf.get(input.closedAt);
        return (id && this.schedules.get(id)) || { remindAt: '2099-01-01T01:00:00.000Z', dueAt: '2099-02-01T15:59:59.999Z' };
      },
      notifyFeedback: async (input) => void this.calls.notifyFeedback.push(input),
    };
    return { ...this.review.activities, ...consultationActivities } as unknown as Record<string, (input: never) => Promise<unknown>>;
  }

  // A loaded machine can time an activity out after it ran and retry it; the real activities are idempotent
  // (by workflow id and sequence number, or by state), so the calls are counted as the database would keep them.

  /** The transitions projected for one consultation, in order, each sequence number once. */
  kinds(consultationId: string): string[] {
    return once(this.calls.projectConsultation.filter((t) => t.state.consultationId === consultationId), (t) => t.seq).map((t) => t.kind);
  }

  /** The window's close transactions (a repeat finds the row closed and changes nothing). */
  closings(consultationId: string) {
    return once(this.calls.closeWindow.filter((c) => c.consultationId === consultationId), (c) => c.at);
  }

  notices(consultationId: string) {
    return once(this.calls.notifyFeedback.filter((c) => c.consultationId === consultationId), (c) => c.seq).map((c) => c.kind);
  }
}

/** The first of each key, in order. */
function once<T>(items: T[], key: (item: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

/** A worker on the gongkai task queue (the children's queue), started and stopped by the test. */
export interface RunningWorker {
  stop(): Promise<void>;
}

export async function startWorker(env: ReviewEnv, canned: CannedActivities): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: env.testEnv.nativeConnection,
    namespace: env.temporal.namespace,
    taskQueue: GONGKAI_TASK_QUEUE,
    workflowBundle: { codePath: workflowBundlePath('gongkai') },
    activities: canned.all(),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/** The engine's virtual clock through the TestService (its own connection: the test env's is made without it). */
export class VirtualClock {
  private constructor(private readonly connection: Connection) {}

  static async connect(env: ReviewEnv): Promise<VirtualClock> {
    const options: InternalConnectionOptions = {
      address: env.temporal.address,
      apiKey: env.temporal.apiKey,
      tls: env.temporal.tls,
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    };
    return new VirtualClock(await Connection.connect(options));
  }

  private get service() {
    return this.connection.testService!;
  }

  async now(): Promise<number> {
    const { time } = await this.service.getCurrentTime({});
    return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  }

  /** Moves the clock to `iso` (forward only), firing every timer due on the way, each one's work settled before the next. */
  async sleepUntil(iso: string): Promise<void> {
    const ms = Date.parse(iso);
    if ((await this.now()) > ms) throw new Error(`the virtual clock is already past ${iso}: order the scenarios by date`);
    await this.service.sleepUntil({ timestamp: { seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 } });
  }

  /** Lets the engine skip by itself (to the next timer whenever nothing is in flight) until `lock()`. */
  unlock = () => this.service.unlockTimeSkipping({});
  lock = () => this.service.lockTimeSkipping({});

  close = () => this.connection.close();
}

type ConsultationHandle = WorkflowHandle<typeof consultation>;

/** Starts consultations and drives them as the API does (signed actors). */
export class ConsultationDriver {
  private readonly review: ReviewDriver;

  constructor(
    private readonly env: ReviewEnv,
    private readonly canned: CannedActivities,
  ) {
    this.review = new ReviewDriver(env.testEnv, env.signer, GONGKAI_TASK_QUEUE);
  }

  /** A consultation of `days` whose notice will be published at `publishedAt`. */
  async start(days: number, publishedAt: string): Promise<{ handle: ConsultationHandle; input: ConsultationInput }> {
    const input: ConsultationInput = {
      consultationId: uniqueId('zq'),
      noticeId: uniqueId('notice'),
      organisationId: 'org-1',
      departmentId: AUTHOR.departmentId,
      authorId: AUTHOR.userId,
      authorName: AUTHOR.name,
      writtenDate: publishedAt.slice(0, 10),
      days,
      ...(days < 30 ? { shortReason: '事项紧急' } : {}),
      actorKey: this.env.signer.publicKey,
    };
    this.canned.publishedAt.set(input.noticeId, publishedAt);
    const handle = await this.env.testEnv.client.workflow.start<typeof consultation>('consultation', {
      taskQueue: GONGKAI_TASK_QUEUE,
      workflowId: consultationWorkflowId(input.consultationId),
      args: [input],
    });
    return { handle, input };
  }

  /** The notice submitted and approved by both levels: published, so the window opens. */
  async publishNotice(input: ConsultationInput): Promise<void> {
    const notice = this.env.testEnv.client.workflow.getHandle<typeof publicationReview>(publicationWorkflowId(input.noticeId));
    await eventually(() => notice.describe().then(() => true, () => undefined), 'the notice review to start');
    await this.review.send(notice, submitUpdate, { actor: AUTHOR, version: 1 });
    await this.review.send(notice, approveUpdate, { actor: SECTION_HEAD, version: 1, expectedLevel: 1, confidentiality: { conclusion: 'not_secret' } });
    await this.review.send(notice, approveUpdate, { actor: LEADER, version: 1, expectedLevel: 2 });
  }

  /** Opens a consultation: started, notice published at `publishedAt`; resolves with the state once open. */
  async open(days: number, publishedAt: string): Promise<{ handle: ConsultationHandle; input: ConsultationInput; state: ConsultationState }> {
    const { handle, input } = await this.start(days, publishedAt);
    await this.publishNotice(input);
    const state = await eventually(async () => {
      const s = await handle.query('consultationState');
      return (s as ConsultationState).status === 'open' ? (s as ConsultationState) : undefined;
    }, 'the window to open');
    return { handle, input, state };
  }

  /** A signed extendWindow update, as POST /consultations/:id/extend sends it. */
  extend(handle: ConsultationHandle, actor: Actor, days: number, reason: string): Promise<ConsultationState> {
    const actorProof = this.env.signer.sign(handle.workflowId, 'extendWindow', actor, undefined);
    return handle.executeUpdate<ConsultationState, [unknown]>('extendWindow', { args: [{ actor, days, reason, actorProof }] });
  }

  state(handle: ConsultationHandle): Promise<ConsultationState> {
    return handle.query<ConsultationState>('consultationState');
  }
}
