/**
 * Runs gongkai's workflows with stub activities, the way Temporal's samples test
 * workflows: a TestWorkflowEnvironment on a server, a Worker per test whose
 * activities are plain functions returning canned values and recording their
 * calls. The server is the embedded engine on the run's PostgreSQL
 * (`createTimeSkipping()` / `createLocal()` would download a server binary);
 * the workflows are the bundle global-setup.ts builds once per run.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { ActorSigner } from '@gongkai/persistence';
import {
  publicationWorkflowId,
  type Actor,
  type Assignment,
  type PublicationActivities,
  type PublicationReviewInput,
  type PublicationReviewState,
  type RouteLevel,
} from '@gongkai/contracts/publication';
import type { publicationReview } from '../../../workflows/publication-review';
import { startTestTemporal, uniqueId, workflowBundlePath, type TestTemporal } from '../../support/temporal';

const DAY_MS = 24 * 3600 * 1000;

// ------------------------------------------------------------------ people and route

export const AUTHOR: Actor = { userId: 'zhangwei', name: '张伟', departmentId: 'dept-edu', roles: ['author'] };
export const SECTION_HEAD: Actor = { userId: 'lina', name: '李娜', departmentId: 'dept-edu', roles: ['section_head'] };
export const LEADER: Actor = { userId: 'wangqiang', name: '王强', departmentId: 'dept-edu', roles: ['leader'] };
export const PRINCIPAL: Actor = { userId: 'chenjun', name: '陈军', departmentId: 'dept-edu', roles: ['principal'] };

export const ROUTE: RouteLevel[] = [
  { level: 1, role: 'section_head', label: '科室负责人' },
  { level: 2, role: 'leader', label: '分管领导' },
  { level: 3, role: 'principal', label: '主要负责人' },
];
/** Who holds each level, and so whom a waiting level escalates to (the next one's holder). */
const HOLDERS: Record<number, Actor> = { 1: SECTION_HEAD, 2: LEADER, 3: PRINCIPAL };

/** A step waits two days before a reminder and five before escalation (the stub's calendar). */
export const REMIND_AFTER_MS = 2 * DAY_MS;
export const ESCALATE_AFTER_MS = 5 * DAY_MS;

export const INDEX_NUMBER = '11330000002482365C/2026-00042';

// ------------------------------------------------------------------ stub activities

export type ActivityName = keyof PublicationActivities;
export type Calls = { [K in ActivityName]: Parameters<PublicationActivities[K]>[0][] };

export interface StubActivities {
  activities: PublicationActivities;
  calls: Calls;
}

const holderAssignment = (holder: Actor, since: string, remindAfterMs = REMIND_AFTER_MS): Assignment => ({
  assigneeId: holder.userId,
  assigneeName: holder.name,
  deciders: [holder.userId],
  remindAt: new Date(Date.parse(since) + remindAfterMs).toISOString(),
  escalateAt: new Date(Date.parse(since) + ESCALATE_AFTER_MS).toISOString(),
});

/**
 * Every publication activity as a plain function with a canned answer; each
 * call's input is recorded in `calls`. `actorKey` is the "installation's" key
 * (confirmActorKey refuses any other); `overrides` replace single activities.
 */
export function stubActivities(actorKey: string, overrides: Partial<PublicationActivities> = {}): StubActivities {
  const calls = {
    confirmActorKey: [],
    screenDraft: [],
    resolveRoute: [],
    assignStage: [],
    escalationTarget: [],
    stageDeadlines: [],
    recordTransition: [],
    sendReminder: [],
    publish: [],
    notifyPortal: [],
    retractFromCatalog: [],
  } as unknown as Calls;
  const canned: PublicationActivities = {
    async confirmActorKey({ actorKey: given }) {
      if (given !== actorKey) throw ApplicationFailure.nonRetryable('not this installation’s actor key', 'ActorKeyRefused');
    },
    screenDraft: async () => ({ findings: [] }),
    resolveRoute: async () => ROUTE,
    assignStage: async ({ level, since }) => holderAssignment(HOLDERS[level.level], since),
    escalationTarget: async ({ level, since }) => holderAssignment(HOLDERS[level.level + 1] ?? HOLDERS[level.level], since),
    stageDeadlines: async ({ since }) => {
      const { remindAt, escalateAt } = holderAssignment(AUTHOR, since);
      return { remindAt, escalateAt };
    },
    recordTransition: async () => undefined,
    sendReminder: async () => undefined,
    publish: async () => ({ indexNumber: INDEX_NUMBER, publishedAt: '2026-03-02T02:00:00.000Z', overdue: false }),
    notifyPortal: async () => undefined,
    retractFromCatalog: async () => ({}),
  };
  const activities = {} as Record<ActivityName, (input: never) => Promise<unknown>>;
  for (const name of Object.keys(canned) as ActivityName[]) {
    const impl = (overrides[name] ?? canned[name]) as (input: never) => Promise<unknown>;
    activities[name] = (input: never) => {
      (calls[name] as unknown[]).push(input);
      return impl(input);
    };
  }
  return { activities: activities as unknown as PublicationActivities, calls };
}

/** The timeline kinds the workflow projected, in order. */
export const transitionKinds = (calls: Calls) => calls.recordTransition.map((r) => r.kind);

// ------------------------------------------------------------------ environment

let runtimeInstalled = false;

/** Worker logs are noise unless something is wrong. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    });
  } catch {
    // already installed by another file in this jest worker
  }
}

export interface ReviewEnv {
  temporal: TestTemporal;
  testEnv: TestWorkflowEnvironment;
  /** The API's half of signed actors, with a key of its own for this file. */
  signer: ActorSigner;
  /**
   * Runs `scenario` while a worker with `activities` serves a fresh task queue
   * (the samples' `worker.runUntil`), then shuts the worker down.
   */
  withWorker<T>(activities: PublicationActivities, scenario: (review: ReviewDriver) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** The engine as an installation runs it: an API key required, plain gRPC on loopback. */
export async function startReviewEnv(options: { timeSkipping?: boolean; timeSkippingLocked?: boolean } = {}): Promise<ReviewEnv> {
  quietRuntime();
  const temporal = await startTestTemporal({ apiKey: true, timeSkipping: options.timeSkipping, timeSkippingLocked: options.timeSkippingLocked });
  const testEnv = await TestWorkflowEnvironment.createFromExistingServer({
    address: temporal.address,
    namespace: temporal.namespace,
    connectionOptions: { apiKey: temporal.apiKey, tls: temporal.tls },
  });
  const signer = new ActorSigner(randomBytes(32).toString('base64url'));
  return {
    temporal,
    testEnv,
    signer,
    async withWorker(activities, scenario) {
      const taskQueue = uniqueId('review');
      const worker = await Worker.create({
        connection: testEnv.nativeConnection,
        namespace: temporal.namespace,
        taskQueue,
        workflowBundle: { codePath: workflowBundlePath('gongkai') },
        activities,
      });
      return worker.runUntil(scenario(new ReviewDriver(testEnv, signer, taskQueue)));
    },
    async stop() {
      await testEnv.teardown();
      await temporal.stop();
    },
  };
}

// ------------------------------------------------------------------ driving one review

type ReviewHandle = WorkflowHandle<typeof publicationReview>;

/** Starts reviews and sends them signed messages, as the API does. */
export class ReviewDriver {
  constructor(
    private readonly testEnv: TestWorkflowEnvironment,
    private readonly signer: ActorSigner,
    readonly taskQueue: string,
  ) {}

  /** Starts a review of a fresh item (draft version 1), signed-actor key `actorKey` (the signer's by default). */
  async start(actorKey = this.signer.publicKey): Promise<{ handle: ReviewHandle; input: PublicationReviewInput }> {
    const publicationId = uniqueId('pub');
    const input: PublicationReviewInput = {
      publicationId,
      organisationId: 'org-1',
      departmentId: AUTHOR.departmentId,
      authorId: AUTHOR.userId,
      authorName: AUTHOR.name,
      category: 'notice',
      attribute: 'proactive',
      writtenDate: '2026-03-02',
      version: 1,
      actorKey,
    };
    const handle = await this.testEnv.client.workflow.start<typeof publicationReview>('publicationReview', {
      taskQueue: this.taskQueue,
      workflowId: publicationWorkflowId(publicationId),
      args: [input],
    });
    return { handle, input };
  }

  /**
   * Sends update `update` as `actor`, signed for this workflow, message and
   * version (the API's ActorSigner); `signedFor` signs another message name
   * instead, to show a proof cannot be reused.
   */
  send<A extends { actor: Actor; version?: number }>(
    handle: ReviewHandle,
    update: { name: string },
    args: A,
    signedFor: string = update.name,
  ): Promise<PublicationReviewState> {
    const actorProof = this.signer.sign(handle.workflowId, signedFor, args.actor, args.version);
    return handle.executeUpdate<PublicationReviewState, [A & { actorProof: string }]>(update.name, { args: [{ ...args, actorProof }] });
  }
}

/** The refusal type (RefusalType) an update's validator answered with. */
export async function refusalOf(pending: Promise<unknown>): Promise<string | undefined> {
  const err = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowUpdateFailedError)) throw new Error(`expected the update to be refused, got ${String(err ?? 'success')}`);
  return (err.cause as ApplicationFailure | undefined)?.type ?? undefined;
}

/** Polls `probe` until it returns a value (the engine and worker work on their own schedule). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
